"""The synthetic class of chapter 1, graded for real: the fixtures of the class tests.

The README's commands build the course and nbgrader releases chapter 1 (the course every class
test shares, ``synthetic_class.released_course``), the synthetic generator writes the class
with its expected outcomes, then the class is graded, the run killed once three results are
booked, and graded again. All of that is built once per test run, for test_classrun.py and
test_report_html.py on whichever workers they land (``built_once``, tests/conftest.py); each
test module gets its own copy (``course``: the exports and grades they write stay theirs), what
the killed run left (``graded``) and the class report, made once for both (``reports``). Import
the fixtures by name (a conftest.py here would shadow the ``from conftest import ...`` of other
test files).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "integration"))
from synthetic_class import released_course  # noqa: E402

BIN = Path(sys.executable).parent
ENV = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
# 6 students of seed 9: one right, one blank, two typical mistakes in one exercise, another's
# mistake and an undiagnosed crash beside it, and a section with no table; seed 3 needed 10
# students for less (no right one, no undiagnosed answer), 4 more sandboxes. The run is killed
# at 3 booked with 2 workers, so at most 2 more are in flight: 6 leaves some to grade again.
STUDENTS = 6
SEED = 9


def run(args, cwd, check=True):
    done = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=900)
    assert not check or done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def grading(*args):
    return [sys.executable, "-m", "course.tools.grading", *args]


@pytest.fixture(scope="session")
def graded_class(built_once) -> Path:
    """The folder the class was built and graded in, once per test run (read-only): the
    teacher's folder ``teacher/`` (the course in ``teacher/grading``), the result files as the
    killed run left them (``before/``) and ``regrade.json`` (booked before the second run, its
    output)."""
    return built_once("class-ch01-graded", lambda folder: _build(folder, built_once))


@pytest.fixture(scope="module")
def course(graded_class, tmp_path_factory):
    """The teacher's folder of the graded class (the course in ``grading/``), this module's
    own copy."""
    top = tmp_path_factory.mktemp("class") / "teacher"
    shutil.copytree(graded_class / "teacher", top)
    return top


@pytest.fixture(scope="session")
def graded(graded_class):
    """Grade, kill the run once three results are booked, grade again: (the result files
    before the second run, the students booked before it, its output)."""
    before = {p.name: p.read_bytes() for p in (graded_class / "before").glob("*.json")}
    again = json.loads((graded_class / "regrade.json").read_text())
    return before, again["booked"], again["out"]


@pytest.fixture(scope="session")
def reports(graded_class, built_once) -> Path:
    """The graded class's report, the teacher's and the anonymous copy, each made once per test
    run by `python -m course.tools.grading report [--anonymous]` (both in one interpreter,
    ``BOTH_REPORTS``) in a copy of the teacher's folder, for test_classrun.py (what it
    printed, its CSV) and test_report_html.py (its page in a browser). Read-only:
    ``teacher/`` (the reports in ``teacher/grading/reports/``) and ``STEM.out``, what the
    command printed."""
    def make(folder: Path) -> None:
        shutil.copytree(graded_class / "teacher", folder / "teacher")
        out = run([sys.executable, "-c", BOTH_REPORTS], folder / "teacher")
        for stem, said in zip(("report-ch01", "report-ch01-anonymous"),
                              out.split(f"{REPORTED}\n"), strict=False):
            (folder / f"{stem}.out").write_text(said)
    return built_once("class-ch01-reports", make)


# both report commands in one interpreter: `python -m course.tools.grading ARGS` is main(ARGS),
# and a second process would import nbgrader and matplotlib again (a second and a half of CPU)
REPORTED = "--- the report command returned"
BOTH_REPORTS = f"""
from course.tools.grading.__main__ import main
for flag in ([], ["--anonymous"]):
    assert main(["report", "--chapter", "01", *flag]) == 0
    print({REPORTED!r})
"""


def _build(folder: Path, built_once) -> None:
    top = folder / "teacher"
    released_course(built_once, top)
    out = run(grading("synthetic", "--students", str(STUDENTS), "--chapter", "01",
                      "--seed", str(SEED)), top)
    assert out.startswith(f"{STUDENTS} synthetic submissions of ch01 in grading/submitted")
    results = top / "grading" / "results" / "ch01"
    proc = subprocess.Popen(grading("grade", "--chapter", "01", "--workers", "2"), cwd=top,
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        if marks(results) >= 3:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # a power cut, as far as the run can tell
    proc.wait()
    time.sleep(0.5)  # the children die with it (PR_SET_PDEATHSIG)
    before = sorted(results.glob("*.json"))
    booked = marks(results)
    assert 3 <= booked <= len(before) < STUDENTS, [p.name for p in before]
    (folder / "before").mkdir()
    for path in before:
        shutil.copy2(path, folder / "before" / path.name)
    out = run(grading("grade", "--chapter", "01"), top)
    (folder / "regrade.json").write_text(json.dumps({"booked": booked, "out": out}))


def expected(course):
    return json.loads((course / "grading" / "synthetic-ch01.json").read_text())


def marks(results: Path) -> int:
    """The students marked as booked (a kill can leave a mark's temporary ``.NAME.PID.tmp``)."""
    folder = results / ".booked"
    return len([p for p in folder.iterdir() if not p.name.startswith(".")]) if folder.exists() \
        else 0


def tally(outcomes_by_student: dict) -> list[dict]:
    """What the report must say, from the generator's expectations alone: per exercise, hardest
    (fewest right) first, its students, right, blank, mistakes (id -> the students who made it,
    most made first) and the undiagnosed wrong answers' students."""
    by_ex: dict[str, list] = {}
    for student, outcomes in sorted(outcomes_by_student.items()):
        for ex_id, o in outcomes.items():
            by_ex.setdefault(ex_id, []).append((student, o))
    out = []
    for ex_id, everyone in by_ex.items():
        mistakes: dict[str, list[str]] = {}
        for s, o in everyone:
            if o["mistake"]:
                mistakes.setdefault(o["mistake"], []).append(s)
        out.append({
            "ex_id": ex_id, "students": len(everyone),
            "right": sum(o["status"] == "pass" for _, o in everyone),
            "blank": sum(o["status"] == "todo" for _, o in everyone),
            "mistakes": dict(sorted(mistakes.items(), key=lambda kv: (-len(kv[1]), kv[0]))),
            "undiagnosed": [s for s, o in everyone if o["status"] == "fail" and not o["mistake"]],
        })
    return sorted(out, key=lambda e: (e["right"], tuple(int(n) for n in e["ex_id"][2:].split("."))))
