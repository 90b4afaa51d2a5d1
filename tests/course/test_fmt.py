"""course.checking.fmt: values rendered short and rounded, and lines fitted to MAX_LINE."""

from __future__ import annotations

import numpy as np
import pytest

from course.checking import fmt

pytestmark = pytest.mark.usefixtures("fresh_kernel")


def test_fmt_is_short_and_rounded():
    assert fmt(1 / 3) == "0.333333"
    assert fmt(np.arange(100.0)).count(",") < 10
    assert fmt((1.0, np.array([1.0, 2.0]))) == "(1, [1, 2])"
    assert fmt(np.arange(10.0), 2) == "[0, 1, ..., 8, 9]"
    assert fmt(object.__new__(type("Odd", (), {"__repr__": lambda s: 1 / 0}))) == "Odd"
