"""nbgrader: valid source notebooks, the course's release, and a synthetic class graded for real.

The unit tests use small synthetic notebooks. The class test runs the README's teacher commands
(`python -m course.tools.nbgrader course`, `nbgrader generate_assignment`, `autograde`,
`export`) in a temporary folder and reads every student's points from nbgrader's gradebook
(`nbgrader validate`: where the page's commands run, tests/tools/grading/test_grading_docs.py).
"""

from __future__ import annotations

import copy
import csv
import subprocess
import sys
import types

import nbformat
import pytest
from conftest import skip_unless_installed
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from synthetic_class import (
    CH01,
    CH08,
    EXPECTED,
    SUBMISSIONS,
    released_course,
    run,
    write_submissions,
)

from course.tools import nbgrader as cn
from course.tools.student import SOLUTIONS, make_student

skip_unless_installed("nbgrader", "nbgrader comes with the class extra")

GRADED = [pytest.mark.slow, getattr(pytest.mark, "class")]  # runs nbgrader on real notebooks


def graded(test):
    for mark in GRADED:
        test = mark(test)
    return test


def exercise_cell(ex_id="ex42.1", body="    return x + 1", meta=True):
    source = f"def f(x):\n    ### BEGIN SOLUTION\n{body}\n    ### END SOLUTION"
    cell = new_code_cell(source)
    if meta:
        cell.metadata["nbgrader"] = cn.solution_meta(ex_id)  # as written before ex42_1
    return cell


def check_cell(ex_id="ex42.1", tagged=True, meta=None):
    cell = new_code_cell(f"# check {ex_id}\ncheck_f(f)", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text=f"✅ {ex_id} f: correct.\n")])
    if tagged:
        cell.metadata["tags"] = ["check"]
    if meta is not None:
        cell.metadata["nbgrader"] = meta
    return cell


def notebook(*cells):
    nb = new_notebook(cells=[new_markdown_cell("### Exercise ex42.1 · write f"), *cells])
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    return nb


# --- check ----------------------------------------------------------------------------------

def test_a_normalised_exercise_and_check_pair_has_no_problem():
    nb = notebook(exercise_cell(), check_cell())
    cn.normalise(nb)
    assert cn.problems(nb, "x.ipynb") == []


def test_nbgraders_own_validator_rejects_a_dotted_grade_id():
    nb = notebook(exercise_cell(), check_cell(meta=cn.check_meta("ex42_1", 1)))
    assert cn.problems(nb, "x.ipynb") == [
        r"x.ipynb: cell 1 (ex42.1): nbgrader: 'ex42.1' does not match '^[a-zA-Z0-9_\\-]*$'"]


def test_a_check_cell_that_is_not_a_graded_test_is_reported():
    nb = notebook(exercise_cell("ex42_1"), check_cell())
    assert cn.problems(nb, "x.ipynb") == [
        "x.ipynb: cell 2: check cell of ex42.1 is not a graded, locked nbgrader test cell "
        "('ex42_1_check')"]


def test_an_unlocked_check_cell_without_points_is_reported_on_one_line_each():
    meta = cn.check_meta("ex42_1", 0)
    meta["locked"] = False
    nb = notebook(exercise_cell("ex42_1"), check_cell(meta=meta))
    assert cn.problems(nb, "x.ipynb") == [
        "x.ipynb: cell 2 (ex42_1_check): check cell of ex42.1: nbgrader metadata should have "
        "locked=True (is False)",
        "x.ipynb: cell 2 (ex42_1_check): check cell of ex42.1: points should be a positive "
        "number, is 0"]


def test_an_exercise_without_a_check_cell_right_after_is_reported():
    nb = notebook(exercise_cell("ex42_1"), new_code_cell("print(f(1))"))
    assert cn.problems(nb, "x.ipynb") == [
        "x.ipynb: cell 1 (ex42_1): ex42.1: the next code cell is not its check cell (tag 'check')"]


def test_a_markdown_answer_nobody_grades_is_reported_by_nbgrader_and_the_course():
    cell = new_markdown_cell("**Your answer.**\n\n### BEGIN SOLUTION\nB\n### END SOLUTION")
    cell.metadata["nbgrader"] = cn.solution_meta("ex7_1")
    nb = notebook(cell)
    assert cn.problems(nb, "x.ipynb") == [
        "x.ipynb: cell 1 (ex7_1): nbgrader: Markdown solution cell is not marked as a grade "
        "cell: **Your answer.**",
        "x.ipynb: cell 1 (ex7_1): ex7.1: a markdown answer nobody grades; make it a code cell "
        "that assigns a value, checked by a Quiz"]


def test_duplicate_ids_and_a_solution_region_outside_a_solution_cell_are_reported():
    nb = notebook(exercise_cell("ex42_1"), check_cell(meta=cn.check_meta("ex42_1", 1)),
                  exercise_cell("ex42_1"), check_cell(meta=cn.check_meta("ex42_1", 1)),
                  exercise_cell(meta=False), check_cell("ex42.2"))
    found = cn.problems(nb, "x.ipynb")
    assert "x.ipynb: cell 3 (ex42_1): duplicate grade id 'ex42_1' (also cell 1)" in found
    assert "x.ipynb: cell 4 (ex42_1_check): duplicate grade id 'ex42_1_check' (also cell 2)" in found
    assert ("x.ipynb: cell 5: has a ### BEGIN SOLUTION region but is not an nbgrader solution "
            "cell") in found


def test_a_check_tag_after_no_exercise_is_reported():
    nb = notebook(new_code_cell("x = 1"), check_cell())
    assert cn.problems(nb, "x.ipynb") == [
        "x.ipynb: cell 2: a cell tagged 'check' that follows no exercise cell"]


def test_check_prints_one_line_per_problem_and_exits_1(tmp_path, capsys):
    path = tmp_path / "x.ipynb"
    nbformat.write(notebook(exercise_cell(), check_cell()), path)
    assert cn.main(["check", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        rf"{path}: cell 1 (ex42.1): nbgrader: 'ex42.1' does not match '^[a-zA-Z0-9_\\-]*$'",
        f"{path}: cell 2: check cell of ex42.1 is not a graded, locked nbgrader test cell "
        "('ex42_1_check')"]


# --- normalise ------------------------------------------------------------------------------

def test_normalise_gives_the_conventions_metadata_and_touches_nothing_else():
    nb = notebook(exercise_cell(), new_markdown_cell("between"), check_cell(tagged=False))
    before = copy.deepcopy(nb)
    assert cn.normalise(nb) == 2
    assert nb.cells[1].metadata == {"nbgrader": {
        "grade": False, "grade_id": "ex42_1", "locked": False, "schema_version": 3,
        "solution": True, "task": False}}
    assert nb.cells[3].metadata == {"tags": ["check"], "nbgrader": {
        "grade": True, "grade_id": "ex42_1_check", "locked": True, "points": 1,
        "schema_version": 3, "solution": False, "task": False}}
    for new, old in zip(nb.cells, before.cells, strict=True):
        assert (new.cell_type, new.source, new.get("outputs")) == (
            old.cell_type, old.source, old.get("outputs"))
    assert cn.normalise(nb) == 0


def test_normalise_takes_the_id_from_the_heading_when_a_solution_cell_has_no_metadata():
    nb = notebook(exercise_cell(meta=False), check_cell())
    cn.normalise(nb)
    assert nb.cells[1].metadata.nbgrader.grade_id == "ex42_1"
    assert cn.problems(nb, "x.ipynb") == []


def test_normalise_takes_the_points_from_the_chapters_check(monkeypatch):
    from course.checking import Quiz
    chapter = types.ModuleType("course.checks.ch43")
    chapter.ORDER = Quiz("ex43.1", "order", answer="B", points=3)
    monkeypatch.setitem(sys.modules, "course.checks.ch43", chapter)
    nb = notebook(exercise_cell("ex43.1"), check_cell("ex43.1"))
    cn.normalise(nb)
    assert nb.cells[2].metadata.nbgrader.points == 3
    assert cn.problems(nb, "x.ipynb") == []
    nb.cells[2].metadata.nbgrader.points = 1
    assert cn.problems(nb, "x.ipynb") == [
        "x.ipynb: cell 2 (ex43_1_check): check cell of ex43.1: 1 points, but its check says 3"]


def test_normalise_file_writes_the_repos_format_and_is_stable(tmp_path):
    path = tmp_path / "x.ipynb"
    nbformat.write(notebook(exercise_cell(), check_cell()), path)
    assert cn.normalise_file(path) == f"{path}: normalised 2 cells"
    text = path.read_text(encoding="utf-8")
    assert text == nbformat.writes(nbformat.read(path, as_version=4)) + "\n"
    assert cn.normalise_file(path) == f"{path}: already normal"
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("path", sorted(SOLUTIONS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_solution_notebook_is_a_valid_source_notebook_once_normalised(path):
    nb = nbformat.read(path, as_version=4)
    cn.normalise(nb)
    assert cn.problems(nb, path.name) == []


@pytest.mark.parametrize("path", sorted(SOLUTIONS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_normalising_a_solution_notebook_changes_metadata_only(path):
    nb = nbformat.read(path, as_version=4)
    before = copy.deepcopy(nb)
    cn.normalise(nb)
    assert [(c.cell_type, c.source, c.get("outputs")) for c in nb.cells] == [
        (c.cell_type, c.source, c.get("outputs")) for c in before.cells]


def test_normalising_and_grading_one_submission_do_without_importing_nbgrader():
    # nbgrader takes about a second of CPU to import; `python -m course.tools.grading.one`
    # runs once per submission on a cluster and needs only normalise of this module
    code = ("import sys, course.tools.nbgrader, course.tools.grading.one\n"
            "print(sorted(m for m in sys.modules if m.partition('.')[0] == 'nbgrader'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "[]\n"), done.stderr


# --- the release ----------------------------------------------------------------------------

def test_the_release_pipeline_is_nbgraders_with_the_course_student_version_instead():
    from nbgrader.preprocessors import ClearOutput, ClearSolutions, ComputeChecksums, LockCells

    from course.tools.nbgrader_preprocessors import StudentRelease
    pre = cn.release_preprocessors()
    assert StudentRelease in pre and ClearSolutions not in pre and ClearOutput not in pre
    assert pre.index(LockCells) < pre.index(StudentRelease) < pre.index(ComputeChecksums)


def test_the_release_of_a_chapter_is_its_student_notebook():
    path = SOLUTIONS / "01_one_sigmoid_unit.ipynb"
    nb = nbformat.read(path, as_version=4)
    cn.normalise(nb)
    from course.tools.nbgrader_preprocessors import StudentRelease

    released, _ = StudentRelease().preprocess(
        copy.deepcopy(nb), {"nbgrader": {"notebook": path.stem}})
    assert released == make_student(nb, path.name)


def test_course_writes_the_config_and_one_assignment_per_valid_chapter(tmp_path, capsys):
    good = tmp_path / "01_x.ipynb"
    nbformat.write(notebook(exercise_cell(), check_cell()), good)
    bad = tmp_path / "02_y.ipynb"
    nbformat.write(notebook(exercise_cell(), new_code_cell("f(1)")), bad)
    assert cn.main(["course", str(tmp_path / "grading"), str(good), str(bad)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "left out: 02_y.ipynb: cell 1 (ex42_1): ex42.1: the next code cell is not its check cell "
        "(tag 'check')",
        f"{tmp_path / 'grading'}: nbgrader course with assignments ch01"]
    copied = nbformat.read(tmp_path / "grading" / "source" / "ch01" / "01_x.ipynb", 4)
    assert cn.problems(copied, "01_x.ipynb") == []
    assert nbformat.read(good, 4).cells[1].metadata.nbgrader.grade_id == "ex42.1"  # untouched
    config = (tmp_path / "grading" / "nbgrader_config.py").read_text()
    assert "c.GenerateAssignment.preprocessors = release_preprocessors()" in config
    assert "c.Execute.timeout = 60" in config


# --- a synthetic class, graded by nbgrader ---------------------------------------------------

# the class nbgrader autogrades here: all but carol (each answer wrong in a typical way), one
# kernel less. Under nbgrader a check that does not pass raises, whatever made it fail
# (course.checking.report), so dave's wrong ex1.4 scores 0 the same way; the sandbox grades
# carol too (tests/integration/test_grading_gradebook.py)
AUTOGRADED = {name: {s: b for s, b in students.items() if s != "carol"}
              for name, students in SUBMISSIONS.items()}
WORTH = {name: {s: EXPECTED[name][s] for s in students} for name, students in AUTOGRADED.items()}


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory, built_once):
    """The README's commands on a synthetic class; returns the course directory."""
    # exactly the README: the whole course, chapter 1 released (built once per test run,
    # shared with the other class tests; this copy is ours), then chapter 8 released here
    course = released_course(built_once, tmp_path_factory.mktemp("teacher"))
    code, out = run(["nbgrader", "generate_assignment", "ch08"], course)
    assert code == 0, out
    for name in (CH01, CH08):
        write_submissions(course, name, AUTOGRADED[name])
    return course


def _release(course, name):
    return nbformat.read(course / "release" / f"ch{name[:2]}" / f"{name}.ipynb", 4)


@graded
def test_the_release_is_the_courses_student_notebook_with_nbgrader_metadata(graded_class):
    release = _release(graded_class, CH01)
    source = nbformat.read(graded_class / "source" / "ch01" / f"{CH01}.ipynb", 4)
    student = make_student(source, f"{CH01}.ipynb")
    assert [(c.source, c.get("outputs")) for c in release.cells] == [
        (c.source, c.get("outputs")) for c in student.cells]
    stubs = [c.source for c in release.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert [s.splitlines()[-1] for s in stubs] == [
        f'    raise NotImplementedError("ex1.{k} is not done yet")' for k in (1, 2, 3, 4)]
    checks = [c for c in release.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert [c.metadata.nbgrader.grade_id for c in checks] == [
        f"ex1_{k}_check" for k in (1, 2, 3, 4)]
    assert all(c.metadata.editable is False and c.metadata.deletable is False for c in checks)


# `nbgrader validate` of the solutions (all pass) and of the blank release (every check fails):
# asserted where the page's commands run as written, tests/tools/grading/test_grading_docs.py
# (the same two commands on the same notebooks; each costs a kernel).


@graded
def test_autograde_gives_each_student_exactly_the_points_of_their_work(graded_class):
    from nbgrader.api import Gradebook

    for name in (CH01, CH08):
        code, out = run(["nbgrader", "autograde", f"ch{name[:2]}"], graded_class)
        assert code == 0, out
    code, out = run(["nbgrader", "export"], graded_class)
    assert code == 0, out

    got = {}
    with Gradebook(f"sqlite:///{graded_class / 'gradebook.db'}") as gb:
        for name in (CH01, CH08):
            assignment = f"ch{name[:2]}"
            cells = [c.name for c in gb.find_notebook(name, assignment).grade_cells]
            cells.sort()
            got[name] = {}
            for student in AUTOGRADED[name]:
                grades = [gb.find_grade(c, name, assignment, student) for c in cells]
                assert not any(g.needs_manual_grade for g in grades), (name, student)
                got[name][student] = [g.score for g in grades]
    assert got == WORTH

    with open(graded_class / "grades.csv", newline="") as fh:
        rows = {(r["assignment"], r["student_id"]): float(r["score"]) for r in csv.DictReader(fh)}
    totals = {(f"ch{name[:2]}", student): float(sum(points))
              for name, students in WORTH.items() for student, points in students.items()}
    everyone = {student for students in WORTH.values() for student in students}
    assert rows == {(f"ch{name[:2]}", student): totals.get((f"ch{name[:2]}", student), 0.0)
                    for name in WORTH for student in everyone}  # no submission: 0
