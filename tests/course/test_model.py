"""course.checking.model: an Exercise validates its mistakes' ids when it is made, and runs a
check in two steps."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import STEP, step

from course.checking import Exercise, Mistake


def _exercise(*ids):
    return Exercise("ex99.9", "toy", reference=step, cases=STEP.cases,
                    mistakes=[Mistake(i, lambda lr, delta, x: x, "x.") for i in ids])


def test_mistake_ids_are_listed_in_full():
    assert STEP.mistake_ids() == ["ex99.1/missing-lr", "ex99.1/uphill"]
    assert _exercise("a", "b-2", "sign-3-ways").mistake_ids() == [
        "ex99.9/a", "ex99.9/b-2", "ex99.9/sign-3-ways"]


@pytest.mark.parametrize("bad", ["Missing", "missing_slope", "-x", "x-", "a--b", "", "a b", 3])
def test_a_malformed_mistake_id_is_refused(bad):
    with pytest.raises(ValueError, match=r"^mistakes: expected ids of lower-case words and "
                                         r"digits joined by hyphens \('missing-slope'\), got "
                                         + repr(bad).replace("(", r"\(") + " in ex99.9$"):
        _exercise("fine", bad)


def test_a_duplicate_mistake_id_is_refused():
    with pytest.raises(ValueError, match=r"^mistakes: expected ids unique within ex99.9, got "
                                         r"'sign' twice$"):
        _exercise("sign", "other", "sign")


def test_swapped_is_a_mistake_with_its_id():
    pair = Mistake.swapped(lambda a: (a, 2 * a), "b", "a")
    assert pair.id == "swapped" and pair.fn(np.float64(1.5)) == (3.0, 1.5)
