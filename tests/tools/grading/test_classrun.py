"""A synthetic class graded for real: killed half-way and re-run, then reported.

The README's commands build the course, nbgrader releases chapter 1, the synthetic generator
writes the class with its expected outcomes, and `python -m course.tools.grading` grades,
reports and gathers. Marked `class`: it needs nbgrader (the class extra).
"""

from __future__ import annotations

import csv
import shutil

import class_course
import pytest
from class_course import STUDENTS, expected, grading, run, tally
from conftest import skip_unless_installed

course, graded, graded_class, reports = (  # the fixtures
    class_course.course, class_course.graded, class_course.graded_class, class_course.reports)

skip_unless_installed("nbgrader", "nbgrader comes with the class extra")
pytestmark = [pytest.mark.slow, getattr(pytest.mark, "class")]


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


def test_a_chapter_the_gradebook_lacks_is_neither_graded_nor_gathered(course, tmp_path):
    from course.tools.grading.classrun import gather, grade_class

    alone = tmp_path / "grading"  # the course's sources without a gradebook
    shutil.copytree(course / "grading" / "source", alone / "source")
    for top, chapter in ((course / "grading", "02"), (alone, "01")):  # ch02 is not released
        for command in (grade_class, gather):
            with pytest.raises(SystemExit) as stopped:
                command(top, chapter)
            assert str(stopped.value) == (
                f"error: the gradebook has no assignment ch{chapter}: run `nbgrader "
                f"generate_assignment ch{chapter}` in the course directory first")
    assert not (alone / "gradebook.db").exists()


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
    rows = []
    for e in tally(outcomes_by_student):
        ex_id, n, undiagnosed = e["ex_id"], e["students"], e["undiagnosed"]
        rows.append([ex_id, "right", "", str(e["right"]), f"{e['right'] / n:.3f}", ""])
        rows.append([ex_id, "blank", "", str(e["blank"]), f"{e['blank'] / n:.3f}", ""])
        for m, who in e["mistakes"].items():
            rows.append([ex_id, "mistake", f"{ex_id}/{m}", str(len(who)), f"{len(who) / n:.3f}",
                         "" if anonymous else ", ".join(who)])
        rows.append([ex_id, "undiagnosed", "", str(len(undiagnosed)),
                     f"{len(undiagnosed) / n:.3f}", "" if anonymous else ", ".join(undiagnosed)])
    return rows


@pytest.mark.parametrize("anonymous", [False, True], ids=["teacher", "anonymous"])
def test_the_report_shows_exactly_the_generated_counts(reports, anonymous):
    # `python -m course.tools.grading report --chapter 01 [--anonymous]`, run by the fixture
    stem = f"report-ch01{'-anonymous' if anonymous else ''}"
    out = (reports / f"{stem}.out").read_text()
    course = reports / "teacher"
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
