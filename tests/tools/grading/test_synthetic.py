"""The synthetic class: every wrong body in WRONG makes exactly its mistake; profiles never
leave an exercise wrong in an unknown way."""

from __future__ import annotations

import ast
import importlib

import nbformat
import pytest

from course.checking import Exercise
from course.tools.grading import synthetic
from course.tools.student import SOLUTIONS

CHAPTERS = {"01": "01_one_sigmoid_unit", "04": "04_backprop_by_hand",
            "09": "09_capstone_digits"}


def _defines_only(source: str) -> bool:
    """A cell that only imports and defines functions (chapter 9's ``gradients``, ``relu``), or
    the one that loads the learner's chapter 6 functions (course.carry)."""
    body = ast.parse(source).body
    return "learner_functions(" in source or bool(body) and all(
        isinstance(node, ast.FunctionDef | ast.Import | ast.ImportFrom) for node in body)


def _namespace(name):
    """The set-up cell, every exercise cell and every cell that only defines functions of a
    solution notebook, run: what a student who solved everything has defined."""
    nb = nbformat.read(SOLUTIONS / f"{name}.ipynb", as_version=4)
    namespace = {}
    code = [c for c in nb.cells if c.cell_type == "code"]
    exec(code[0].source.replace("setup_notebook()", ""), namespace)
    solutions = {c.metadata.nbgrader.grade_id: c.source for c in code
                 if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in code[1:]:
        if cell.source in solutions.values() or _defines_only(cell.source):
            exec(cell.source, namespace)
    return namespace, solutions


def _exercise(gid):
    ex_id = gid.replace("_", ".")
    module = importlib.import_module(f"course.checks.ch{int(ex_id[2:].split('.')[0]):02d}")
    return next(v for v in vars(module).values()
                if isinstance(v, Exercise) and v.ex_id == ex_id)


CASES = [(number, gid, mistake) for number, name in CHAPTERS.items()
         for gid, table in synthetic.WRONG.items() if gid.startswith(f"ex{int(number)}_")
         for mistake in table]


@pytest.mark.parametrize(("number", "gid", "mistake"), CASES,
                         ids=[f"{g}/{m}" for _, g, m in CASES])
def test_each_wrong_body_makes_exactly_its_mistake(number, gid, mistake):
    namespace, solutions = _namespace(CHAPTERS[number])
    source = solutions[gid]
    header = source.splitlines()[: source.splitlines().index(
        next(line for line in source.splitlines() if "### BEGIN SOLUTION" in line))]
    body = synthetic.wrong_body(synthetic._body(source), synthetic.WRONG[gid][mistake])
    exec("\n".join([*header, *body]), namespace)
    exercise = _exercise(gid)
    result = exercise.run(namespace[exercise.names[0] if exercise.names else exercise.title])
    assert (result.status, result.mistake) == ("fail", mistake), result.line


def test_every_mistake_id_in_the_table_is_one_of_its_exercise():
    for gid, table in synthetic.WRONG.items():
        ids = {m.id for m in _exercise(gid).mistakes}
        assert set(table) <= ids, (gid, set(table) - ids)


def test_a_wrong_exercise_leaves_every_later_one_that_calls_it_blank():
    order = [f"ex9_{k}" for k in range(1, 12)]
    for profile in synthetic.profiles("09", order, 300, seed=1):
        off = [g for g, kind in profile.items() if kind[0] not in ("right", "blank")]
        assert len(off) <= 1
        for gid in off:
            for later in synthetic._later_dependents("09", order, gid):
                assert profile[later] == ("blank",), (gid, later)
    assert synthetic._later_dependents("09", order, "ex9_2") == {
        "ex9_6", "ex9_7", "ex9_8", "ex9_9"}
    assert synthetic._later_dependents("09", order[:7], "ex9_2") == {"ex9_6", "ex9_7"}
    assert synthetic._later_dependents("09", order, "ex9_5") == {
        "ex9_6", "ex9_7", "ex9_8", "ex9_9"}
    assert synthetic._later_dependents("09", order, "ex9_10") == set()
    assert synthetic._later_dependents("01", ["ex1_1", "ex1_2", "ex1_3", "ex1_4"], "ex1_1") == {
        "ex1_2", "ex1_3", "ex1_4"}
    assert synthetic._later_dependents("01", ["ex1_1", "ex1_2", "ex1_3", "ex1_4"], "ex1_2") == set()
    assert synthetic._later_dependents("07", ["ex7_1", "ex7_2", "ex7_3"], "ex7_2") == {
        "ex7_3"}


def test_a_replacement_that_is_not_in_the_solution_is_an_error():
    with pytest.raises(ValueError, match=r"replacements: 'nope' is not in the solution"):
        synthetic.wrong_body(["return x"], [("nope", "yes")])
