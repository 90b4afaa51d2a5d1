"""course.checking.calls (step 1): what the learner's function is and did, recorded as plain
data: not a function, a signature that does not fit, arguments changed in place."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import DRAW, HEAD, ON_1, STEP, step

from course.checking import Call, Calls, Exercise, call_learner, judge
from course.checking.fmt import Opaque
from course.checking.raised import Raised

pytestmark = pytest.mark.usefixtures("fresh_kernel")


def test_a_value_instead_of_a_function(check_line):
    assert check_line(STEP.check, 0.5) == (
        HEAD + "expected a function, got a float. Pass the function itself, without calling it.")


def test_wrong_number_of_arguments_names_the_students_parameters(check_line):
    assert check_line(STEP.check, lambda lr, x: lr * x) == (
        HEAD + "your function takes 2 arguments (lr, x), but the check passes 3 (lr, delta, x).")


def test_changing_an_argument_in_place_is_named(check_line):
    def sneaky(lr, delta, x):
        x *= lr * delta  # right numbers, but the caller's x is now the step
        return x
    assert check_line(STEP.check, sneaky) == (
        HEAD + f"your function changed its argument `x` in place ({ON_1}); later cells reuse "
        "it, so leave the arguments as they came.")


def test_argument_names_are_the_students_own(check_line):
    def sneaky(eta, d, inputs):
        inputs[0] = 0.0
        return eta * d * inputs
    assert "your function changed its argument `inputs` in place" in check_line(STEP.check,
                                                                              sneaky)


def test_may_change_allows_an_in_place_exercise(check_line):
    def in_place(lr, delta, x):
        x *= lr * delta
        return x
    allowed = Exercise("ex99.1", "weight_step", reference=step, cases=STEP.cases,
                       may_change=("x",))
    assert check_line(allowed.check, in_place).startswith("✅ correct: ex99.1 weight_step")


def test_the_callers_arrays_and_the_reference_stay_untouched():
    x = np.array([0.1, 0.3])
    Exercise("ex99.1", "t", step, [(0.5, 1.0, x)]).run(lambda lr, delta, v: v.fill(7) or v)
    assert x.tolist() == [0.1, 0.3]


def test_a_result_that_breaks_comparing_is_one_line(check_line):
    class Weird:
        def __array__(self, *args, **kwargs):
            raise RuntimeError("no")
    line = check_line(STEP.check, lambda lr, delta, x: Weird())
    assert line == HEAD + "expected a NumPy array, got a Weird."


def test_may_change_holds_whatever_the_learner_calls_the_argument(check_line):
    def draw(s, r):  # the learner's own names: r is still the rng the exercise lets change
        return r.normal(0.0, 1.0, s[0])

    assert check_line(DRAW.check, draw) == "✅ correct: ex99.5 draw on all 2 test inputs."


# ---------- step 1 records plain data; step 2 reads only that ----------

def test_the_calls_are_plain_data():
    def answer(lr, delta, x):
        print("hello")
        if len(x) == 3:
            raise ValueError("three")
        return [lr, (np.float32(delta), x * 2)]
    calls = call_learner(STEP, answer)
    assert [c.case for c in calls.calls] == [0, 1]
    first, second = calls.calls
    assert first.raised is None and first.changed is None
    lr, (delta, x2) = first.value
    assert (lr, delta.dtype, x2.tolist()) == (0.5, np.float32, [0.2, 0.6])
    assert second.value is None and (second.raised.kind, second.raised.text) == (
        "error", "ValueError: three")
    assert calls.params == ("lr", "delta", "x")
    assert calls.printed == ("your function printed:", "  hello", "  hello")
    assert calls.source.text.startswith("def answer(lr, delta, x):\n")


def test_what_is_not_plain_data_is_kept_by_its_name():
    class Weights:
        def __repr__(self):
            return "Weights()"
    value = call_learner(STEP, lambda lr, delta, x: (Weights(), np.array([x], dtype=object)))
    kept = value.calls[0].value
    assert kept == (Opaque("Weights", "Weights()"), Opaque("ndarray", "[[0.1, 0.3]]", "object"))


def test_a_stopping_exception_ends_the_calls():
    def stub(lr, delta, x):
        raise NotImplementedError("ex99.1 is not done yet")
    calls = call_learner(STEP, stub)
    assert len(calls.calls) == 1 and calls.calls[0].raised == Raised("stub", stub="ex99.1")
    assert call_learner(STEP, 0.5) == Calls(not_callable="float")
    assert call_learner(STEP, lambda lr, x: x).mismatch == ("lr", "x")


def test_the_learners_own_helpers_are_captured_with_its_source():
    source = call_learner(STEP, _outer).source
    assert source.helpers == (("_inner", "def _inner(x):\n    return x\n"),)


def _inner(x):
    return x


def _outer(lr, delta, x):
    return lr * delta * _inner(x)


def test_judge_never_calls_the_learner():
    """The record of a right answer, made by hand: judge gives ✅ without any function."""
    expected = [step(*case) for case in STEP.cases]
    calls = Calls(tuple(Call(i, value=e) for i, e in enumerate(expected)), ("lr", "d", "x"))
    assert judge(STEP, calls).line == "✅ correct: ex99.1 weight_step on all 2 test inputs."
    wrong = Calls((Call(0, value=-expected[0]), Call(1, value=-expected[1])))
    assert judge(STEP, wrong).mistake == "uphill"
