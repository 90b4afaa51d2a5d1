"""ex0.1's check: the reference passes, every typical mistake gets its own line, a stub is
"not done", and no two mistakes can be confused on the inputs that decide the verdict."""

import numpy as np
import pytest

from course.checks.ch00 import _CASES, WEIGHTED_SUM, check_weighted_sum
from course.marks import FAIL, PASS, TODO, verdict

HEAD_FAIL = verdict(FAIL, "ex0.1", "weighted_sum")
ON_FIRST = "On x=[1, 2, 3], w=[0.5, -1, 2]: expected 4.5, got"


def _line(check_line, fn) -> str:
    return check_line(check_weighted_sum, fn)  # the shared fixture: exactly one line


def test_reference_passes(check_line):
    assert _line(check_line, lambda x, w: float(np.dot(x, w))) == \
        f"{verdict(PASS, 'ex0.1', 'weighted_sum')} on all 5 test inputs."


def test_a_loop_is_right_too(check_line):
    def loop(x, w):
        h = 0.0
        for x_i, w_i in zip(x, w, strict=True):
            h += x_i * w_i
        return h
    assert _line(check_line, loop).startswith(PASS)


@pytest.mark.parametrize(("wrong", "line"), [
    (lambda x, w: x * w,
     f"{HEAD_FAIL} — you return every product w_i·x_i, one per input; h is a single number. "
     f"{ON_FIRST} [0.5, -2, 6]."),
    (lambda x, w: float(np.sum(x + w)),
     f"{HEAD_FAIL} — you add x_i and w_i; in h each input is multiplied by its own weight. "
     f"{ON_FIRST} 7.5."),
    (lambda x, w: float(np.dot(x, x)),
     f"{HEAD_FAIL} — you multiply x by itself (x_i·x_i): w plays no part in your answer. "
     f"{ON_FIRST} 14."),
    (lambda x, w: float(np.dot(w, w)),
     f"{HEAD_FAIL} — you multiply w by itself (w_i·w_i): x plays no part in your answer. "
     f"{ON_FIRST} 5.25."),
    (lambda x, w: float(np.sum(x) * np.sum(w)),
     f"{HEAD_FAIL} — you multiply the sum of x by the sum of w; h pairs each x_i with its own "
     f"w_i. {ON_FIRST} 9."),
    (lambda x, w: -float(np.dot(x, w)),
     f"{HEAD_FAIL} — wrong sign: expected 4.5, got -4.5 (on x=[1, 2, 3], w=[0.5, -1, 2])."),
])
def test_each_mistake_gets_its_own_line(wrong, line, check_line):
    assert _line(check_line, wrong) == line


def test_stub_is_not_done(check_line):
    def stub(x, w):
        raise NotImplementedError("ex0.1 is not done yet")
    assert _line(check_line, stub) == (
        f"{verdict(TODO, 'ex0.1', 'weighted_sum')} — replace the NotImplementedError line in "
        f"its cell with your code, run that cell, then run this one again.")


def test_x_dot_x_is_not_blamed_on_adding():
    # the old check told np.dot(x, x) "you add x_i and w_i": both give 0.1 on x = (0.1, 0.3)
    line = WEIGHTED_SUM.run(lambda x, w: float(np.dot(x, x))).line
    assert "multiply x by itself" in line and "you add" not in line


def test_the_deciding_inputs_tell_every_mistake_apart():
    answers = [WEIGHTED_SUM.reference] + [m.fn for m in WEIGHTED_SUM.mistakes]
    rounding = next(i for i, m in enumerate(WEIGHTED_SUM.mistakes, 1) if "round" in m.message)
    for n, (x, w) in enumerate(_CASES[:2]):
        results = [np.asarray(f(x, w), dtype=float) for f in answers]
        for i in range(len(results)):
            for j in range(i + 1, len(results)):
                same = results[i].shape == results[j].shape and np.allclose(results[i],
                                                                           results[j])
                # h = 4.5 has no third decimal: only the second input tells rounding apart
                assert not same or (n == 0 and (i, j) == (0, rounding)), (i, j, x, w)


@pytest.mark.parametrize(("wrong", "rest"), [
    (lambda x, w: round(float(np.dot(x, w)), 2),
     "you round h to 2 decimals; h is the exact sum, rounded only for display. On x=[0.37, "
     "-1.21, 2.53, 0.8], w=[0.713, 0.29, -0.41, 1.5]: expected 0.07561, got 0.08."),
    (lambda x, w: float(np.mean(x * w)),
     f"you average the products w_i·x_i (a mean); h is their sum. {ON_FIRST} 1.5."),
])
def test_rounding_and_averaging_are_named(wrong, rest, check_line):
    # a rounded h passed before: every input's h had at most 2 decimals
    assert _line(check_line, wrong) == f"{HEAD_FAIL} — {rest}"


def test_the_demo_cell_lines():
    # 00_start_here shows these two lines to explain ❌ and ⏳
    assert WEIGHTED_SUM.run(lambda x, w: x * w).line.startswith(HEAD_FAIL)

    def not_started(x, w):
        raise NotImplementedError("ex0.1 is not done yet")

    assert WEIGHTED_SUM.run(not_started).line.startswith(verdict(TODO, "ex0.1", "weighted_sum"))
