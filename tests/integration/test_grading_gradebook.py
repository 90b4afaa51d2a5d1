"""The sandboxed grader's results in nbgrader's own gradebook: the synthetic class of
chapter 1 gets exactly the points ``nbgrader autograde`` gives it (no tampering there), and
``nbgrader export`` and ``generate_feedback`` work on what ``gradebook.record`` wrote."""

from __future__ import annotations

import csv

import nbformat
import pytest
from conftest import skip_unless_installed
from synthetic_class import CH01, EXPECTED, SUBMISSIONS, released_course, run, write_submissions

from course.tools.grading import grade_submission
from course.tools.grading.gradebook import record
from course.tools.grading.one import chapter_exercises
from course.tools.grading.sandbox import available

skip_unless_installed("nbgrader", "nbgrader comes with the class extra")
pytestmark = [pytest.mark.slow, getattr(pytest.mark, "class"),
              pytest.mark.skipif(available() is not None, reason="needs bubblewrap")]


@pytest.fixture(scope="module")
def course(tmp_path_factory, built_once):
    course = released_course(built_once, tmp_path_factory.mktemp("teacher"))  # ch01 released
    write_submissions(course, CH01)
    for student in SUBMISSIONS[CH01]:
        path = course / "submitted" / student / "ch01" / f"{CH01}.ipynb"
        result = grade_submission(path, "01", source=course / "source" / "ch01" / path.name)
        record(course, result, "ch01", CH01, path)
    return course


def test_the_gradebook_holds_exactly_the_points_nbgrader_gives(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        cells = sorted(c.name for c in gb.find_notebook(CH01, "ch01").grade_cells)
        got = {student: [gb.find_grade(c, CH01, "ch01", student).score for c in cells]
               for student in SUBMISSIONS[CH01]}
    assert got == EXPECTED[CH01]


def test_export_and_feedback_work_on_what_record_wrote(course):
    code, out = run(["nbgrader", "export"], course)
    assert code == 0, out
    with open(course / "grades.csv", newline="") as fh:
        rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh)}
    assert rows == {s: float(sum(p)) for s, p in EXPECTED[CH01].items()}
    code, out = run(["nbgrader", "generate_feedback", "ch01"], course)
    assert code == 0, out
    html = (course / "feedback" / "carol" / "ch01" / f"{CH01}.html").read_text()
    assert "❌ not yet: ex1.1 sigmoid_prime" in html


def test_the_autograded_notebook_has_each_check_cells_line_and_no_submitted_output(course):
    nb = nbformat.read(course / "autograded" / "erin" / "ch01" / f"{CH01}.ipynb", 4)
    checks = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert [c.metadata.nbgrader.grade_id for c in checks] == [
        "ex1_1_check", "ex1_2_check", "ex1_3_check", "ex1_4_check"]
    titles = [f"{e.ex_id} {e.title}" for e in chapter_exercises("01")]
    assert [c.outputs[0]["text"].splitlines()[-1].split(" on all")[0].split(" — ")[0]
            for c in checks] == [f"✅ correct: {t}" for t in titles[:3]] + [
        f"❌ not yet: {titles[3]}"]
    source = nbformat.read(course / "source" / "ch01" / f"{CH01}.ipynb", 4)
    assert checks[3].source == [c.source for c in source.cells
                                if c.metadata.get("nbgrader", {}).get("grade")][3]
    assert [o["output_type"] for o in checks[3].outputs] == ["stream", "error"]
    others = [c for c in nb.cells if c.cell_type == "code" and c not in checks]
    assert all(c.outputs == [] for c in others)
