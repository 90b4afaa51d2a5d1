"""course.checking.compare: the diagnosis of a result against the expected one."""

from __future__ import annotations

import numpy as np
import pytest

from course.checking import compare

pytestmark = pytest.mark.usefixtures("fresh_kernel")


@pytest.mark.parametrize("got, expected, words", [
    (None, 1.0, "returned None: is a `return` missing?"),
    ("abc", 1.0, "expected a number or an array of numbers, got a str ('abc')"),
    (np.ones((3, 2)), np.ones((2, 3)), "wrong shape: expected (2, 3), got (3, 2), the transpose"),
    (np.ones((3, 1)), np.ones(3), "same number of entries, arranged differently"),
    (np.ones(4), np.ones(3), "wrong shape: expected (3,), got (4,)"),
    (np.array([1.0, np.nan]), np.array([1.0, 2.0]), "contains NaN"),
    (np.array([[1.0, 3.0], [2.0, 4.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]), "looks transposed"),
    (np.array([-1.0, -2.0]), np.array([1.0, 2.0]), "wrong sign"),
    (np.array([0.5, 1.0]), np.array([1.0, 2.0]), "off by a factor of 0.5"),
    (np.array([1.0, 5.0]), np.array([1.0, 2.0]), "wrong value: expected [1, 2], got [1, 5]"),
    ((1.0,), (1.0, 2.0), "expected 2 results"),
    ((1.0, 3.0), (1.0, 2.0), "the 2nd result: wrong value"),
])
def test_compare_diagnoses(got, expected, words):
    assert words in compare(got, expected)


def test_compare_accepts_lists_tuples_and_close_values():
    assert compare([1.0, 2.0], np.array([1.0, 2.0])) is None
    assert compare((np.ones(2), 3.0), (np.ones(2), 3.0 + 1e-12)) is None
    assert compare(np.float32(0.1), 0.1, rtol=1e-6) is None


def test_named_outputs_in_messages():
    msg = compare((np.ones(2), np.ones(3)), (np.ones(2), np.ones(2)), ("delta_W1", "delta_W2"))
    assert msg == "the 2nd result (delta_W2): wrong shape: expected (2,), got (3,)"


@pytest.mark.parametrize("got, words", [
    ((1.0, 2.0, 3.0, 5.0), "the 4th result: wrong value: expected 4, got 5"),
    (((np.ones(2), np.zeros(2)), 1.0), "the 1st result (weights), its 2nd entry: wrong shape: "
                                       "expected (3,), got (2,)"),
])
def test_results_and_entries_are_counted_from_1_and_say_so(got, words):
    expected = (1.0, 2.0, 3.0, 4.0) if len(got) == 4 else ((np.ones(2), np.zeros(3)), 1.0)
    outputs = None if len(got) == 4 else ("weights", "total")
    assert compare(got, expected, outputs) == words


def test_nan_is_shown_as_nan():
    assert compare(np.array([np.nan, 1.0]), np.array([0.5, 1.0])) == (
        "the result contains NaN: expected [0.5, 1], got [nan, 1]")


def test_all_zeros_is_a_wrong_value_not_a_factor_of_0():
    assert compare(np.zeros(2), np.array([1.3, 0.9])) == (
        "wrong value: expected [1.3, 0.9], got [0, 0]")
