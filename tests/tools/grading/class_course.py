"""The synthetic class of chapter 1, graded for real: the fixtures of the class tests.

The README's commands build the course (chapter 1 only), nbgrader releases it, the synthetic
generator writes the class with its expected outcomes (``course``); ``graded`` grades it,
kills the run once three results are booked, and grades again. Shared by test_classrun.py
and test_report_html.py (import the fixtures by name). Both are session-scoped and kept in
this module, which a worker imports once: the class is built and graded once per pytest
process, whichever of the two files asks first (a conftest.py here would do the same, but a
second module named ``conftest`` breaks the ``from conftest import ...`` of other test files).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[3]
ENV = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
STUDENTS = 10
SEED = 3
_BUILT: dict[str, object] = {}  # fixture name -> its value, once per process


def _once(name: str, make):
    if name not in _BUILT:
        _BUILT[name] = make()
    return _BUILT[name]


def run(args, cwd, check=True):
    done = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=900)
    assert not check or done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def grading(*args):
    return [sys.executable, "-m", "course.tools.grading", *args]


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    return _once("course", lambda: _course(tmp_path_factory))


def _course(tmp_path_factory):
    top = tmp_path_factory.mktemp("teacher")
    run([sys.executable, "-m", "course.tools.nbgrader", "course", "grading",
         str(ROOT / "notebooks/solutions/01_one_sigmoid_unit.ipynb")], top)
    run(["nbgrader", "generate_assignment", "ch01"], top / "grading")
    out = run(grading("synthetic", "--students", str(STUDENTS), "--chapter", "01",
                      "--seed", str(SEED)), top)
    assert out.startswith(f"{STUDENTS} synthetic submissions of ch01 in grading/submitted")
    return top


def expected(course):
    return json.loads((course / "grading" / "synthetic-ch01.json").read_text())


def marks(results: Path) -> int:
    """The students marked as booked (a kill can leave a mark's temporary ``.NAME.PID.tmp``)."""
    folder = results / ".booked"
    return len([p for p in folder.iterdir() if not p.name.startswith(".")]) if folder.exists() \
        else 0


@pytest.fixture(scope="session")
def graded(course):
    """Grade, kill the run once three results are booked, grade again: (the result files
    before the second run, the students booked before it, its output)."""
    return _once("graded", lambda: _graded(course))


def _graded(course):
    results = course / "grading" / "results" / "ch01"
    proc = subprocess.Popen(grading("grade", "--chapter", "01", "--workers", "2"), cwd=course,
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        if marks(results) >= 3:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # a power cut, as far as the run can tell
    proc.wait()
    time.sleep(0.5)  # the children die with it (PR_SET_PDEATHSIG)
    before = {p.name: p.read_bytes() for p in results.glob("*.json")}
    booked = marks(results)
    assert 3 <= booked <= len(before) < STUDENTS, sorted(before)
    out = run(grading("grade", "--chapter", "01"), course)
    return before, booked, out


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
