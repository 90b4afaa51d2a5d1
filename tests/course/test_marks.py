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
    marks.register_names("ex96_1", ("forward", "W1"))
    marks.register_derived("ex96.1", ["y_hat", "forward"])  # forward stays the exercise's own
    assert marks.exercise_for_name("forward") == ("ex96.1", True)
    assert marks.exercise_for_name("y_hat") == ("ex96.1", False)
    assert marks.exercise_for_name("prnt") is None
    assert marks.exercise_for_function("forward") == "ex96.1"
    marks.forget_derived(["y_hat"])
    assert marks.exercise_for_name("y_hat") is None
    marks.register_derived("ex96.1", ["y_hat"])
    marks.mark_done("ex96.1")  # passing the check: the waiting names can be computed now
    assert marks.exercise_for_name("y_hat") is None


def test_needed_is_taken_once():
    marks.mark_needed("ex96.2")
    assert "ex96.2" in marks.pending()
    assert marks.take_needed("ex96.2") and not marks.take_needed("ex96.2")
    marks.mark_done("ex96.2")
    assert "ex96.2" not in marks.pending()
