"""course.checking.result: a check's outcome as data, the one line rendered from it, and the
nbgrader assertion read from it (never parsed back from the line)."""

from __future__ import annotations

import pytest
from conftest import HEAD, STEP, UNIT, step

from course.checking import CheckResult

pytestmark = pytest.mark.usefixtures("fresh_kernel")


def test_a_pass_is_data_and_its_line():
    result = STEP.run(step)
    assert (result.ex_id, result.title, result.status, result.mistake, result.detail) == (
        "ex99.1", "weight_step", "pass", None, "")
    assert (result.right, result.cases, result.printed, result.interrupted) == (2, 2, (), False)
    assert result.passed and result.full_mistake_id is None
    assert result.line == "✅ correct: ex99.1 weight_step on all 2 test inputs."


def test_a_named_mistake_carries_its_id():
    result = STEP.run(lambda lr, delta, x: delta * x)
    assert (result.status, result.mistake, result.full_mistake_id) == (
        "fail", "missing-lr", "ex99.1/missing-lr")
    assert (result.right, result.cases) == (0, 2)
    assert result.line == HEAD + result.detail
    assert result.detail.startswith("the learning rate is missing. On lr=0.5")


def test_a_wrong_answer_no_mistake_explains_has_no_id_and_counts_the_right_cases():
    def half(lr, delta, x):  # right on the first case only
        return lr * delta * x if len(x) == 2 else x + 1.0
    result = STEP.run(half)
    assert (result.status, result.mistake, result.right, result.cases) == ("fail", None, 1, 2)


def test_not_done_and_printed_output_are_data():
    def stub(lr, delta, x):
        print("thinking")
        raise NotImplementedError("ex99.1 is not done yet")
    result = STEP.run(stub)
    assert (result.status, result.printed) == ("todo", ("your function printed:", "  thinking"))
    assert result.line.startswith("⏳ not done yet: ex99.1 weight_step — replace the")
    assert result.assertion == "ex99.1 weight_step: not done yet (see the line above)"


def test_interrupted_is_a_flag():
    def stuck(lr, delta, x):
        raise KeyboardInterrupt
    result = UNIT.run(lambda x, w: stuck(0, 0, x))
    assert (result.status, result.interrupted) == ("fail", True)


def test_the_line_is_rendered_from_the_fields():
    result = CheckResult("ex4.1", "backprop", "fail", "wrong sign.", mistake="sign")
    assert result.line == "❌ not yet: ex4.1 backprop — wrong sign."
    assert result.assertion == "ex4.1 backprop: not yet (see the line above)"
    assert CheckResult("ex4.1", "order", "pass").line == "✅ correct: ex4.1 order."
    assert CheckResult("ex4.1", "backprop", "pass", cases=3, rerun_below=True).line == (
        "✅ correct: ex4.1 backprop on all 3 test inputs. Now run the cells below it again: "
        "some stopped because it was not done.")
