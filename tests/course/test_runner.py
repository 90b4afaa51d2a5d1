"""course.checking.runner: calling the learner's function under one time budget, its printed
output and warnings captured and shortened, no stdin; what the student then reads."""

from __future__ import annotations

import sys
import threading
import warnings

import numpy as np
import pytest
from conftest import FAST, HEAD, ON_1, STEP

from course.checking import Exercise

pytestmark = pytest.mark.usefixtures("fresh_kernel")


def test_an_endless_loop_is_stopped_by_the_time_limit(check_line):
    def endless(lr, delta, x):
        while True:
            pass
    assert check_line(FAST.check, endless) == (
        f"{HEAD}your function did not finish within 0.2 s ({ON_1}): a loop that never ends?")


def test_the_time_limit_works_off_the_main_thread_too():
    def endless(lr, delta, x):
        n = 0
        while True:
            n += 1
    found = []
    thread = threading.Thread(target=lambda: found.append(FAST.run(endless)))
    thread.start()
    thread.join(30)
    assert found and found[0].line == (
        f"{HEAD}your function did not finish within 0.2 s ({ON_1}): a loop that never ends?")


def test_input_is_one_line_not_not_done(check_line):
    def asks(lr, delta, x):
        return float(input("learning rate? ")) * delta * x
    stdin = sys.stdin
    assert check_line(STEP.check, asks) == (
        HEAD + "your function calls input(), but a check gives it its inputs as arguments and "
        "no one can type during a check.")
    assert sys.stdin is stdin  # given back after the check


def test_a_large_print_is_shortened_and_the_verdict_comes_last(check_output):
    def chatty(lr, delta, x):
        for i in range(20_000):
            print("step", i)
        return lr * delta * x
    assert check_output(STEP.check, chatty) == [
        "your function printed:", "  step 0", "  step 1", "  step 2",
        "  ... 39997 more lines", "✅ correct: ex99.1 weight_step on all 2 test inputs."]


def test_one_endless_printed_line_is_cut(check_output):
    def wide(lr, delta, x):
        print("x" * 1_000_000, end="")
        return lr * delta * x
    lines = check_output(STEP.check, wide)
    assert lines[0] == "your function printed:" and len(lines[1]) <= 102
    assert lines[-1].startswith("✅ correct")


def test_stderr_is_captured_and_warnings_get_their_own_line(check_output, capsys):
    def noisy(lr, delta, x):
        print("careful", file=sys.stderr)
        np.log(np.zeros(1))  # RuntimeWarning: divide by zero, on both inputs: shown once
        return lr * delta * x
    assert check_output(STEP.check, noisy) == [
        "your function printed:", "  careful", "  careful",
        f"NumPy warned: divide by zero encountered in log ({ON_1})",
        "✅ correct: ex99.1 weight_step on all 2 test inputs."]
    print("after")
    assert capsys.readouterr().out == "after\n"


def test_a_warning_is_not_shown_as_printed_and_names_the_input_that_caused_it(check_output):
    def overflows(lr, delta, x):
        with np.errstate(all="ignore"):
            scale = np.exp(np.float64(50 * lr)) / np.exp(np.float64(50 * lr))
        if lr > 1:
            np.exp(np.array([800.0]))  # RuntimeWarning: overflow, on the 2nd input only
        return lr * delta * x * scale
    assert check_output(STEP.check, overflows) == [
        "NumPy warned: overflow encountered in exp (on lr=2, delta=0.5, x=[1, -2, 3])",
        "✅ correct: ex99.1 weight_step on all 2 test inputs."]


def test_at_most_two_warnings_are_shown_and_the_rest_counted(check_output):
    def warns(lr, delta, x):
        warnings.warn("first", UserWarning, stacklevel=1)
        warnings.warn("second", DeprecationWarning, stacklevel=1)
        warnings.warn(f"third {lr}", UserWarning, stacklevel=1)
        return lr * delta * x
    assert check_output(STEP.check, warns) == [
        f"Python warned: UserWarning: first ({ON_1})",
        f"Python warned: DeprecationWarning: second ({ON_1})",
        "... and 2 other warnings",
        "✅ correct: ex99.1 weight_step on all 2 test inputs."]


def test_a_resource_the_garbage_collector_finds_open_is_not_the_learners_warning(check_line):
    import asyncio
    import gc

    def collects(lr, delta, x):  # as when an earlier cell's unclosed event loop is collected
        asyncio.new_event_loop()
        gc.collect()
        return lr * delta * x
    assert check_line(STEP.check, collects) == "✅ correct: ex99.1 weight_step on all 2 test inputs."


def test_a_warning_on_wide_inputs_shows_them_by_their_size():
    x = np.linspace(0.123456, 0.987654, 9) * 1e6
    wide = Exercise("ex99.9", "wide", reference=lambda x, y: x + y, cases=[(x, x)])

    def noisy(x, y):
        warnings.warn("w" * 150, UserWarning, stacklevel=1)
        return x + y
    assert wide.run(noisy).warned == (f"Python warned: UserWarning: {'w' * 107}... (on "
                                      f"x=(array of 9), y=(array of 9))",)
