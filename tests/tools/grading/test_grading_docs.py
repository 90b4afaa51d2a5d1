"""docs/grading.md's commands, run exactly as the page writes them, in a temporary clone set up
as the page says (`make lab`), with a synthetic class standing in for the students.

What runs: every fenced ``bash`` block of the page, in page order, each in a fresh shell that
starts in the clone's top folder (as the page says its blocks do), with a teacher's PATH (no
virtual environment active). Nothing else is run, and a command is changed by no rule; the
rules below only set the scene:

- THE CLONE: the course's tracked files, copied as they are in this checkout. Its ``.venv`` is
  this checkout's environment, hard-linked (a test installs nothing: no network, and installing
  is what test_lab.py and CI test); its install stamps are made, so ``make`` runs no installer
  and ``make class-tools`` has nothing to do. ``make lab`` then runs for real with
  ``LAB_ARGS=--version``: its set-up (the student's notebooks copied) and a JupyterLab that
  exits at once instead of serving.
- STUDENTS' WORK: a comment line saying where each student's work goes
  (``# each student's work goes to DIR/submitted/STUDENT/chNN/NAME.ipynb``) is where the
  synthetic class is written (``python -m course.tools.grading synthetic``, 2 students: the
  fewest that make a class, each row, page and booking asserted per student; a third adds only
  its own kernel and sandbox run).
- A NAMED STUDENT: a command that names a submission of a student who has none (``alice``)
  finds the synthetic class's first submission there.
- THE CLUSTER: a line whose command is a cluster scheduler's (``kubectl``, ``sbatch``) is not
  run: there is no cluster here. What it would be handed is checked instead (the Job the
  recipe wrote: one index per submission), and the lines after it run (``gather`` books what
  the cluster's indexes wrote; here the local ``make grade`` wrote it, so nothing is new).
- NOT RUN: commands in the page's prose (inline code): ``make report`` without CH, the
  ``recipe slurm`` variant, the wheel, the one-off checks; ``toml`` blocks are settings, not
  commands. Only fenced ``bash`` blocks are the teacher's path.

Then what each block promised is asserted: the grades nbgrader exports, alice's result, the
gradebook, the class report and the feedback pages, against the synthetic class's expectations.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import skip_unless_installed

skip_unless_installed("nbgrader", "nbgrader comes with the class extra")

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "grading.md"
STUDENTS = 2  # see the module doc
WORK = re.compile(r"^# each student's work goes to (\S*?)submitted/STUDENT/ch(\d\d)/")
NAMED = re.compile(r"(\S*?)submitted/([a-z]+)/(ch\d\d)/(\S+\.ipynb)")
CLUSTER = re.compile(r"^(kubectl|sbatch)\s")
STAMPS = (".course-installed", ".site-installed", ".test-installed", ".class-installed")


def bash_blocks(text: str) -> list[list[str]]:
    """The page's fenced bash blocks, each as its lines (a line continued with a backslash
    joined to the next)."""
    blocks = re.findall(r"^```bash\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    return [block.replace("\\\n", "").splitlines() for block in blocks]


def test_the_page_has_the_teachers_four_blocks_and_every_rule_finds_its_line():
    blocks = bash_blocks(DOC.read_text(encoding="utf-8"))
    assert [block[0].split("#")[0].strip() for block in blocks] == [
        "make class-tools", "source .venv/bin/activate", "make class-tools",
        "source .venv/bin/activate"]
    assert [sum(bool(WORK.match(line)) for line in block) for block in blocks] == [1, 0, 1, 0]
    assert [NAMED.search(line).group(2) for block in blocks for line in block
            if NAMED.search(line)] == ["alice"]
    assert [[line.split()[0] for line in block if CLUSTER.match(line)] for block in blocks] == [
        [], [], [], ["kubectl"]]
    assert any("make grade CH=04" in line for line in blocks[2])


def _clone(top: Path) -> Path:
    clone = top / "clone"
    tracked = subprocess.run(["git", "-c", "safe.directory=*", "ls-files", "-z"], cwd=ROOT,
                             check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    venv, ours = clone / ".venv", ROOT / ".venv"
    venv.mkdir()
    subprocess.run(["cp", "-al", str(ours / "lib"), str(venv / "lib")], check=True)
    for name in ("node", "share", "include"):
        if (ours / name).exists():
            (venv / name).symlink_to(ours / name)
    (venv / "bin").mkdir()
    for item in (ours / "bin").iterdir():
        target = venv / "bin" / item.name
        if item.is_symlink():
            target.symlink_to(os.readlink(item))
            continue
        data = item.read_bytes()
        if str(ours).encode() in data[:4096] or item.name.startswith("activate"):
            target.write_bytes(data.replace(str(ours).encode(), str(venv).encode()))
            shutil.copymode(item, target)
        else:
            os.link(item, target)
    (venv / "pyvenv.cfg").write_text((ours / "pyvenv.cfg").read_text().replace(
        str(ours), str(venv)))
    site = next((venv / "lib").glob("python3*/site-packages"))
    for finder in site.glob("__editable___*_finder.py"):  # course and helpers: the clone's
        text = finder.read_text().replace(f"'{ROOT}/", f"'{clone}/")
        finder.unlink()  # a hard link: never written through
        finder.write_text(text)
    for stamp in STAMPS:
        (venv / stamp).touch()
    return clone


def _teacher_env() -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "CONDA_PREFIX")}
    env["PATH"] = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep)
                                  if ".venv" not in p and "virtualenv" not in p)
    return env


def _scene(line: str, python: Path) -> list[str]:
    """What a line needs in place before it runs (the rules of the module's doc), as shell
    commands run just before it, in the folder the block's shell is in then."""
    work = WORK.match(line)
    if work:
        return [f'{python} -m course.tools.grading synthetic --students {STUDENTS} '
                f'--chapter {work.group(2)} --course "$PWD/{work.group(1)}" >/dev/null']
    named = NAMED.search(line)
    if named and not line.lstrip().startswith("#"):
        course, student, assignment, name = named.groups()
        folder = f'"$PWD/{course}submitted/{student}/{assignment}"'
        first = f'"$PWD/{course}submitted/s001/{assignment}/{name}"'
        return [f"[ -e {folder} ] || {{ mkdir -p {folder} && cp {first} {folder}/; }}"]
    return []


MARKER = "--- the line above exited "


def _run_block(block: list[str], clone: Path, env: dict) -> list[tuple[str, str]]:
    """Run the block's lines one after another in one shell (so ``cd`` and ``source`` carry),
    each line's scene set just before it; stop at the first line that fails. Returns (line,
    output) of each line."""
    script = ["set -o pipefail"]
    for line in block:
        if CLUSTER.match(line):  # not run: no cluster here
            script.append(f'echo "{MARKER}0"')
            continue
        script += [f"{step} || exit 97" for step in _scene(line, clone / ".venv/bin/python")]
        script += [line, f'__rc=$?; echo "{MARKER}$__rc"; [ $__rc -eq 0 ] || exit $__rc']
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", "\n".join(script)], cwd=clone,
                          env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=1800)
    parts = done.stdout.split(MARKER)
    out = []
    for line, text, after in zip(block, parts, parts[1:], strict=False):
        rc = after.split("\n", 1)[0]
        assert rc == "0", f"{line!r} exited {rc}:\n{text}{done.stderr[-3000:]}"
        out.append((line, text.split("\n", 1)[1] if out else text))
    assert done.returncode == 0 and len(out) == len(block), (
        f"stopped after {len(out)} of {len(block)} lines ({done.returncode}):\n"
        f"{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return out


def _expected(course: Path, assignment: str) -> dict[str, float]:
    data = json.loads((course / f"synthetic-{assignment}.json").read_text())
    return {s: sum(o["points"] for o in ex.values()) for s, ex in data.items()}


@pytest.mark.slow
@getattr(pytest.mark, "class")
def test_every_command_of_the_page_runs_as_written_on_a_clone_set_up_with_make_lab(tmp_path):
    clone = _clone(tmp_path)
    env = _teacher_env()
    lab = subprocess.run(["make", "--no-print-directory", "lab", "LAB_ARGS=--version"],
                         cwd=clone, env=env, capture_output=True, text=True, timeout=600)
    assert lab.returncode == 0, lab.stdout + lab.stderr
    assert sorted(p.name for p in (clone / "my-notebooks").glob("0[14]_*.ipynb")) == [
        "01_one_sigmoid_unit.ipynb", "04_backprop_by_hand.ipynb"]

    blocks = bash_blocks(DOC.read_text(encoding="utf-8"))
    ran = [_run_block(block, clone, env) for block in blocks]
    course = clone / "grading"

    # block 1: nbgrader's own path, ch01 (nbgrader validate exits 0 either way: its lines say)
    said = dict(ran[0])
    source, release = (next(line for line in said if line.startswith(f"nbgrader validate {x}"))
                       for x in ("source/", "--invert release/"))
    assert "Success! Your notebook passes all the tests." in said[source], said[source]
    assert "Success! The notebook does not pass any tests." in said[release], said[release]
    with open(course / "grades.csv", newline="") as fh:
        exported = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh)
                    if r["assignment"] == "ch01"}
    assert exported == _expected(course, "ch01")
    # block 2: one submission, alice's (the class's first), in the sandbox or without it
    alice = json.loads((course / "alice-ch01.json").read_text())
    points = _expected(course, "ch01")["s001"]
    assert alice["failure"] is None and sum(g["points"] for g in alice["exercises"]) == points
    printed = ran[1][-1][1].splitlines()
    most = sum(g["max_points"] for g in alice["exercises"])
    assert printed[0] == f"alice 01: {points:g}/{most:g} points"  # then each exercise's line
    assert [re.search(r" (ex[\d.]+) ", line).group(1)
            for line in printed[1:1 + len(alice["exercises"])]] == [
        g["result"]["ex_id"] for g in alice["exercises"]]
    # block 3: the whole class of ch04, its report and its feedback
    grade = next(out for line, out in ran[2] if line.startswith("make grade"))
    assert (f"ch04: {STUDENTS} graded now, 0 unchanged since an earlier run, {STUDENTS} booked "
            f"into the gradebook") in grade
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}",
                   course_id="delta-to-backprop") as gb:
        got = {s.student.id: s.score for s in gb.find_assignment("ch04").submissions}
    assert got == _expected(course, "ch04")
    with open(course / "reports" / "report-ch04.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    assert {r[1] for r in rows[1:]} == {"ex4.1", "ex4.2", "ex4.3"}
    pages = sorted(course.glob("feedback/*/ch04/04_backprop_by_hand.html"))
    assert [p.parts[-3] for p in pages] == [f"s{i:03d}" for i in range(1, STUDENTS + 1)]
    assert not any("Traceback" in p.read_text() for p in pages)
    # block 4: the cluster's Job (not run here), then gather: the local grade booked it all
    job = yaml.safe_load((clone / "grade-ch04.yaml").read_text())
    assert (job["kind"], job["spec"]["completions"]) == ("Job", STUDENTS)
    assert ran[3][-1][1].splitlines() == [
        "gathered: 0 booked, 0 skipped (stale or unknown), 0 could not run"]
