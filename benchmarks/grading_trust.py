"""Points before and after: plain `nbgrader autograde` against the sandboxed grader on the same
tampering and snooping submissions of chapter 4, and grading time per submission, in one run.

    .venv/bin/python benchmarks/grading_trust.py [--keep DIR]

Builds an nbgrader course as the README says, releases ch04 and hands in one submission per
way of faking a verdict (every answer wrong, plus the lines of ``TAMPER`` in
``tests/integration/test_grading_sandbox.py``), a snooping one, and two controls (all right,
all wrong). Prints each one's points under both graders, whether files of the course changed
while it was graded, and the seconds per submission. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from synthetic_class import CORRECT, run  # noqa: E402
from test_grading_sandbox import (  # noqa: E402
    CH04,
    TAMPER,
    exercise_ids,
    release,
    submission,
    wrong,
)

from course.tools.grading import grade_submission  # noqa: E402

SNOOP_SOURCE = """
import glob
_read = sum(len(open(p).read()) for p in glob.glob('COURSE/submitted/*/ch04/*.ipynb'))
for _p in glob.glob('COURSE/source/*/*.ipynb'):
    try:
        open(_p, 'a').write(' ')
    except OSError:
        pass
try:
    open('COURSE/new.txt', 'w').write(str(_read))
except OSError:
    pass
"""


def tree(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "autograded" not in path.parts and path.name != "gradebook.db" \
                and ".nbgrader" not in path.name:
            digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    top = Path(tempfile.mkdtemp(prefix="trust-"))
    course = top / "grading"
    code, out = run([sys.executable, "-m", "course.tools.nbgrader", "course", "grading"], top)
    code, out = run(["nbgrader", "generate_assignment", "ch04"], course)
    assert code == 0, out
    functions = "NAMES = {'hidden_error_term', 'weight_step_matrix', 'backprop_step'}\n"
    kinds = {kind: (wrong(CH04), functions + text.replace("EX", "ex4.1"))
             for kind, text in TAMPER.items()}
    kinds["snoop"] = (wrong(CH04), SNOOP_SOURCE.replace("COURSE", str(course)))
    kinds["control-right"] = ({g: CORRECT for g in exercise_ids(release(CH04)[1])}, "")
    kinds["control-wrong"] = (wrong(CH04), "")
    staging = top / "staging"
    for kind, (bodies, extra) in kinds.items():
        made = submission(staging / kind, CH04, bodies, extra)
        target = course / "submitted" / kind / "ch04" / made.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(made, target)
    before = tree(course / "source")
    start = time.monotonic()
    code, out = run(["nbgrader", "autograde", "ch04"], course)
    nbgrader_seconds = time.monotonic() - start
    changed_by_nbgrader = tree(course / "source") != before
    from nbgrader.api import Gradebook

    theirs = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for kind in kinds:
            try:
                theirs[kind] = gb.find_submission("ch04", kind).score
            except Exception:  # noqa: BLE001 - not graded at all
                theirs[kind] = None
    # ours, on fresh copies of the same submissions (nbgrader's run may have changed files)
    ours, seconds = {}, []
    for kind in kinds:
        path = next((staging / kind).rglob("*.ipynb"))
        start = time.monotonic()
        ours[kind] = grade_submission(path, "04").points
        seconds.append(time.monotonic() - start)
    print(f"{'submission':20} {'nbgrader':>9} {'ours':>6}")
    for kind in kinds:
        print(f"{kind:20} {theirs[kind]!s:>9} {ours[kind]:>6g}")
    note = course / "new.txt"
    read = note.read_text() if note.exists() else "no"
    print(f"source/ changed while nbgrader graded: {'yes' if changed_by_nbgrader else 'no'}; "
          f"the snooping submission read {read} characters of the others' notebooks")
    n = len(kinds)
    print(f"grading: {n} submissions of ch04: nbgrader {nbgrader_seconds / n:.1f} s each, "
          f"ours {sum(seconds) / n:.1f} s each")
    if args.keep:
        shutil.copytree(top, args.keep)
    shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    main()
