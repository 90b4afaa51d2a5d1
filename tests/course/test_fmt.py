"""course.checking.fmt: values rendered short and rounded, and lines fitted to MAX_LINE."""

from __future__ import annotations

import numpy as np
import pytest

from course.checking import fmt
from course.checking.fmt import describe, ordinal

pytestmark = pytest.mark.usefixtures("fresh_kernel")


def test_fmt_is_short_and_rounded():
    assert fmt(1 / 3) == "0.333333"
    assert fmt(np.arange(100.0)).count(",") < 10
    assert fmt((1.0, np.array([1.0, 2.0]))) == "(1, [1, 2])"
    assert fmt(np.arange(10.0), 2) == "[0, 1, ..., 8, 9]"
    assert fmt(object.__new__(type("Odd", (), {"__repr__": lambda s: 1 / 0}))) == "Odd"


@pytest.mark.parametrize("n, words", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"),
                                      (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st"),
                                      (102, "102nd")])
def test_ordinal_counts_from_1(n, words):
    assert ordinal(n) == words


def test_the_shortest_description_of_an_input_keeps_numbers_and_sizes():
    case = (0.123456, np.arange(5.0), np.ones((2, 2)), [1, 2, 3, 4, 5], np.array([0.5, 2.0]))
    names = ("lr", "x", "W", "sizes", "b")
    assert describe(names, case) == ("lr=0.1235, x=[0, 1, ..., 3, 4], W=[[1, 1], [1, 1]], "
                                     "sizes=[1, 2, ..., 4, 5], b=[0.5, 2]")
    assert describe(names, case, 0) == ("lr=0.1235, x=(array of 5), W=(2 × 2 array), "
                                        "sizes=(list of 5), b=[0.5, 2]")
