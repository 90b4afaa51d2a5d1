"""course.checking.raised: whatever the learner's function raises (a stub, Interrupt, exit(),
input(), an error on a later call) becomes one line, never a traceback."""

from __future__ import annotations

import sys

import pytest
from conftest import HEAD, ON_1, STEP, UNIT, unit

from course.checking import exercise_id, not_done_message
from course.marks import kernel

pytestmark = pytest.mark.usefixtures("fresh_kernel")


def test_a_stub_is_not_done(check_line):
    def stub(lr, delta, x):
        raise NotImplementedError(not_done_message("ex99.1"))
    assert check_line(STEP.check, stub) == (
        "⏳ not done yet: ex99.1 weight_step — replace the NotImplementedError line in its cell "
        "with your code, run that cell, then run this one again.")


def test_a_bare_not_implemented_error_is_not_done_too(check_line):
    def weight_step(lr, delta, x):  # nbgrader's own stub: no exercise id in the message
        raise NotImplementedError()
    assert check_line(STEP.check, weight_step).startswith("⏳ not done yet: ex99.1 weight_step — ")


def test_a_stub_called_from_another_exercise_names_that_exercise(check_line):
    def weight_step(lr, delta, x):
        raise NotImplementedError(not_done_message("ex99.1"))

    def error_term(x, w):  # ex99.2 is written, but calls the stub of ex99.1
        return weight_step(1.0, unit(x, w), x)
    assert check_line(UNIT.check, error_term) == (
        "⏳ not done yet: ex99.2 unit_output — it needs ex99.1, which is not done yet. Finish "
        "ex99.1, run its cell, then run this one again.")
    assert "ex99.1" in kernel.pending


def test_interrupt_is_one_line(check_line):
    def stuck(lr, delta, x):
        raise KeyboardInterrupt  # what the Interrupt button does inside the function
    assert check_line(STEP.check, stuck) == (
        f"{HEAD}interrupted while your function ran ({ON_1}); if it never finishes, look for "
        "a loop that does not end.")
    assert STEP.run(stuck).interrupted


def test_exit_is_one_line(check_line):
    assert check_line(STEP.check, lambda lr, delta, x: sys.exit()) == (
        HEAD + "your function called exit() (SystemExit), which would stop the notebook; a "
        "function hands back its result with `return`.")


def test_stdin_not_implemented_is_input_not_not_done(check_line):
    class StdinNotImplementedError(NotImplementedError):  # what ipykernel raises
        pass

    def asks(lr, delta, x):
        raise StdinNotImplementedError("raw_input was called, but this frontend does not "
                                       "support input requests.")
    assert check_line(STEP.check, asks).startswith(HEAD + "your function calls input()")


def test_a_failure_on_the_second_call_is_one_line(check_line):
    calls = []

    def flaky(lr, delta, x):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("state left over from the first call")
        return lr * delta * x
    assert check_line(STEP.check, flaky) == (  # the second test input, named as given
        HEAD + "your code raised RuntimeError: state left over from the first call on lr=2, "
        "delta=0.5, x=[1, -2, 3].")


def test_an_exception_names_the_input_and_no_internal_names(check_line):
    line = check_line(STEP.check, lambda lr, delta, x: x[5])
    assert line.startswith(HEAD + "your code raised IndexError: index 5 is out of bounds")
    assert line.endswith(f" {ON_1}.")

    class _Fn:
        def __call__(self, a, b):
            return a + b
    line = check_line(STEP.check, _Fn())
    assert line == HEAD + "your function takes 2 arguments (a, b), but the check passes 3 " \
                          "(lr, delta, x)."


def test_exercise_id_of_a_stub():
    assert exercise_id(NotImplementedError("ex1.2 is not done yet")) == "ex1.2"
    assert exercise_id(NotImplementedError("ex1_2 is not done yet")) == "ex1.2"
    assert exercise_id(NotImplementedError("something else")) is None
    assert exercise_id(ValueError("ex1.2")) is None
