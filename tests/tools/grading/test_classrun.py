"""A synthetic class graded for real: killed half-way and re-run, then reported.

The README's commands build the course (chapter 1 only), nbgrader releases it, the synthetic
generator writes the class with its expected outcomes, and `python -m course.tools.grading`
grades, reports and gathers. Marked `class`: it needs nbgrader (the class extra).
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("nbgrader", reason="nbgrader comes with the class extra")
pytestmark = [pytest.mark.slow, getattr(pytest.mark, "class")]

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[3]
ENV = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
STUDENTS = 10
SEED = 3


def run(args, cwd, check=True):
    done = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=900)
    assert not check or done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def grading(*args):
    return [sys.executable, "-m", "course.tools.grading", *args]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
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


@pytest.fixture(scope="module")
def graded(course):
    """Grade, kill the run once three results are booked, grade again."""
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


def test_a_killed_run_loses_no_grade_and_grades_nothing_twice(course, graded):
    before, booked, out = graded
    results = course / "grading" / "results" / "ch01"
    assert out.splitlines()[-1] == (
        f"ch01: {STUDENTS - len(before)} graded now, {len(before)} unchanged since an earlier "
        f"run, {STUDENTS - booked} booked into the gradebook, 0 could not run")
    for name, text in before.items():  # what was finished stays as it was
        assert (results / name).read_bytes() == text
    assert len(list(results.glob("*.json"))) == STUDENTS
    again = run(grading("grade", "--chapter", "01"), course)
    assert again.splitlines()[-1] == (
        f"ch01: 0 graded now, {STUDENTS} unchanged since an earlier run, 0 booked into the "
        f"gradebook, 0 could not run")


def test_the_gradebook_has_exactly_the_expected_points(course, graded):
    from nbgrader.api import Gradebook

    want = {s: sum(o["points"] for o in ex.values()) for s, ex in expected(course).items()}
    with Gradebook(f"sqlite:///{course / 'grading' / 'gradebook.db'}",
                   course_id="delta-to-backprop") as gb:
        got = {s.student.id: s.score for s in gb.find_assignment("ch01").submissions}
    assert got == want
    run(["nbgrader", "export"], course / "grading")
    with open(course / "grading" / "grades.csv", newline="") as fh:
        exported = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh)}
    assert exported == want


def expected_rows(outcomes_by_student, anonymous=False):
    """The report's CSV rows, computed from the generator's expectations alone."""
    by_ex = {}
    for student, outcomes in sorted(outcomes_by_student.items()):
        for ex_id, o in outcomes.items():
            by_ex.setdefault(ex_id, []).append((student, o))
    rows = []
    order = sorted(by_ex, key=lambda e: (sum(o["status"] == "pass" for _, o in by_ex[e]),
                                         tuple(int(n) for n in e[2:].split("."))))
    for ex_id in order:
        everyone = by_ex[ex_id]
        n = len(everyone)
        right = sum(o["status"] == "pass" for _, o in everyone)
        blank = sum(o["status"] == "todo" for _, o in everyone)
        mistakes = {}
        for s, o in everyone:
            if o["mistake"]:
                mistakes.setdefault(o["mistake"], []).append(s)
        undiagnosed = [s for s, o in everyone if o["status"] == "fail" and not o["mistake"]]
        rows.append([ex_id, "right", "", str(right), f"{right / n:.3f}", ""])
        rows.append([ex_id, "blank", "", str(blank), f"{blank / n:.3f}", ""])
        for m, who in sorted(mistakes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            rows.append([ex_id, "mistake", f"{ex_id}/{m}", str(len(who)), f"{len(who) / n:.3f}",
                         "" if anonymous else ", ".join(who)])
        rows.append([ex_id, "undiagnosed", "", str(len(undiagnosed)),
                     f"{len(undiagnosed) / n:.3f}", "" if anonymous else ", ".join(undiagnosed)])
    return rows


@pytest.mark.parametrize("anonymous", [False, True], ids=["teacher", "anonymous"])
def test_the_report_shows_exactly_the_generated_counts(course, graded, anonymous):
    flag = ["--anonymous"] if anonymous else []
    out = run(grading("report", "--chapter", "01", *flag), course)
    stem = f"report-ch01{'-anonymous' if anonymous else ''}"
    assert out.splitlines() == [f"grading/reports/{stem}.html", f"grading/reports/{stem}.csv"]
    with open(course / "grading" / "reports" / f"{stem}.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["chapter", "exercise", "title", "kind", "mistake", "students", "share",
                       "line", "who"]
    got = [[r[1], r[3], r[4], r[5], r[6], r[8]] for r in rows[1:]]
    assert got == expected_rows(expected(course), anonymous)
    page = (course / "grading" / "reports" / f"{stem}.html").read_text()
    students = sorted(expected(course))
    if anonymous:
        assert not any(s in page for s in students)
    else:
        assert all(s in page for s in students if any(
            o["status"] == "fail" for o in expected(course)[s].values()))
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert page.count("<img ") == page.count(' alt="') >= 2
