"""Exercise ids, verdict heads, nbgrader mode and what the kernel remembers about exercises."""

from __future__ import annotations

import pytest

from course import marks


def test_both_spellings_of_an_id():
    assert marks.canonical_id("ex4_1") == marks.canonical_id("Exercise ex4.1 ·") == "ex4.1"
    assert marks.canonical_id("example 4.1") is None
    assert marks.grade_id("ex4.1") == "ex4_1"
    with pytest.raises(ValueError, match=r"^ex_id: expected an exercise id such as 'ex4.1', "
                                         r"got 'four'$"):
        marks.grade_id("four")


def test_verdict_heads_carry_words():
    assert marks.verdict(marks.PASS, "ex4_1", "backprop_step") == "✅ correct: ex4.1 backprop_step"
    assert marks.verdict(marks.FAIL, "ex4.1", "backprop_step") == "❌ not yet: ex4.1 backprop_step"
    assert marks.verdict(marks.TODO, "ex4.1", "") == "⏳ not done yet: ex4.1"


@pytest.mark.parametrize("value, grading", [
    ("autograde", True), ("validate", True), ("", False), ("1", False), (None, False)])
def test_grading_follows_nbgrader_execution(value, grading, monkeypatch):
    if value is None:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    else:
        monkeypatch.setenv("NBGRADER_EXECUTION", value)
    assert marks.grading() is grading


def test_names_of_exercises_and_of_cells_that_waited():
    kernel = marks.Kernel()
    kernel.register_names("ex96_1", ("forward", "W1"))
    kernel.register_derived("ex96.1", ["y_hat", "forward"])  # forward stays the exercise's own
    assert kernel.exercise_for_name("forward") == ("ex96.1", True)
    assert kernel.exercise_for_name("y_hat") == ("ex96.1", False)
    assert kernel.exercise_for_name("prnt") is None
    kernel.forget_derived(["y_hat"])
    assert kernel.exercise_for_name("y_hat") is None
    kernel.register_derived("ex96.1", ["y_hat"])
    kernel.mark_done("ex96.1")  # passing the check: the waiting names can be computed now
    assert kernel.exercise_for_name("y_hat") is None


def test_needed_is_taken_once():
    kernel = marks.Kernel()
    kernel.mark_needed("ex96.2")
    assert kernel.unfinished() == ["ex96.2"]
    assert kernel.take_needed("ex96.2") and not kernel.take_needed("ex96.2")
    kernel.mark_done("ex96.2")
    assert kernel.unfinished() == []
    kernel.mark_needed("ex96.3")
    kernel.register_derived("ex96.3", ["y_hat"])
    kernel.forget_progress()
    assert (kernel.unfinished(), kernel.take_needed("ex96.3")) == ([], False)
    assert kernel.exercise_for_name("y_hat") is None


def _raise_from(*functions):
    """A NotImplementedError raised in the last of ``functions``, each calling the next."""
    def call(i):
        if i == len(functions):
            raise NotImplementedError()
        return functions[i](lambda: call(i + 1))
    try:
        call(0)
    except NotImplementedError as exc:
        return exc.__traceback__


def test_a_bare_stub_is_traced_to_the_deepest_exercise_function():
    kernel = marks.Kernel()
    kernel.register_names("ex96.1", ("forward",))
    kernel.register_names("ex96.2", ("backward",))

    def backward(inner):
        return inner()

    def forward(inner):
        return inner()

    def helper(inner):
        return inner()
    assert kernel.stub_raising(_raise_from(backward, forward, helper)) == "ex96.1"
    assert kernel.stub_raising(_raise_from(helper)) is None
    assert kernel.stub_raising(None) is None


def _cell(cell_type, source="", **nbgrader):
    return {"cell_type": cell_type, "source": source,
            "metadata": {"nbgrader": nbgrader} if nbgrader else {}}


def test_which_exercise_a_cell_is():
    heading = _cell("markdown", "## Two\n### Exercise ex4_2 · backprop")
    assert marks.exercise_of_cell(_cell("code", solution=True, grade_id="ex4_1")) == "ex4.1"
    assert marks.exercise_of_cell(_cell("code", solution=True, grade_id="ex4.1")) == "ex4.1"
    assert marks.exercise_of_cell(_cell("code", solution=True, grade_id="intro")) is None
    assert marks.exercise_of_cell(_cell("code", grade_id="ex4_1")) is None  # not a solution
    assert marks.exercise_of_cell(_cell("code"), [heading, _cell("code")]) == "ex4.2"
    assert marks.exercise_of_cell(_cell("code", solution=True, grade_id="ex4_1"),
                                  [heading]) == "ex4.1"  # the grade_id comes first
    assert marks.exercise_of_cell(_cell("code"), [_cell("markdown", "Exercise ex4.2")]) is None
