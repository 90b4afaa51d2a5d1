"""course.checking.runner: calling the learner's function under one time budget, its printed
output and warnings captured and shortened, no stdin; what the student then reads."""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest
from conftest import FAST, HEAD, ON_1, STEP

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


def test_stderr_and_warnings_are_captured_too(check_output, capsys):
    def noisy(lr, delta, x):
        print("careful", file=sys.stderr)
        np.log(np.zeros(1))  # RuntimeWarning: divide by zero
        return lr * delta * x
    lines = check_output(STEP.check, noisy)
    assert lines[:2] == ["your function printed:", "  careful"]
    assert lines[2].startswith("  RuntimeWarning: divide by zero")
    assert lines[-1].startswith("✅ correct")
    print("after")
    assert capsys.readouterr().out == "after\n"
