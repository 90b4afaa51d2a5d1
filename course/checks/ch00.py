"""Check for the warm-up exercise of 00_start_here: the weighted sum h = Σ_i w_i x_i."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..checking import Exercise, Mistake


def _weighted_sum(x, w):
    return float(np.dot(x, w))


# On the first two inputs the reference and every mistake below give different numbers (but
# rounding to 2 decimals, which changes nothing in h = 4.5: the second input tells it), so a
# mistake is named only when it explains the learner's answer (x = (0.1, 0.3) and
# w = (-0.8, 0.5), the neuron of chapter 1, gives 0.1 both for x + w and for x·x: it comes later).
_CASES = [
    (np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0])),
    # many decimals: h rounded for display (round(h, 2)) is not h
    (np.array([0.37, -1.21, 2.53, 0.8]), np.array([0.713, 0.29, -0.41, 1.5])),
    (np.array([0.1, 0.3]), np.array([-0.8, 0.5])),
    (np.array([2.0]), np.array([-1.5])),
    (np.zeros(4), np.ones(4)),
]

WEIGHTED_SUM = Exercise(
    "ex0.1", "weighted_sum",
    reference=_weighted_sum,
    cases=_CASES,
    mistakes=[
        Mistake("products-not-summed", lambda x, w: x * w,
                "you return every product w_i·x_i, one per input; h is a single number."),
        Mistake("adds-input-and-weight", lambda x, w: float(np.sum(x + w)),
                "you add x_i and w_i; in h each input is multiplied by its own weight."),
        Mistake("x-times-x", lambda x, w: float(np.dot(x, x)),
                "you multiply x by itself (x_i·x_i): w plays no part in your answer."),
        Mistake("w-times-w", lambda x, w: float(np.dot(w, w)),
                "you multiply w by itself (w_i·w_i): x plays no part in your answer."),
        Mistake("sum-times-sum", lambda x, w: float(np.sum(x) * np.sum(w)),
                "you multiply the sum of x by the sum of w; h pairs each x_i with its own w_i."),
        Mistake("mean-not-sum", lambda x, w: float(np.mean(x * w)),
                "you average the products w_i·x_i (a mean); h is their sum."),
        Mistake("rounded", lambda x, w: round(float(np.dot(x, w)), 2),
                "you round h to 2 decimals; h is the exact sum, rounded only for display."),
    ],
)


def check_weighted_sum(weighted_sum: Callable) -> None:
    """ex0.1: h = Σ_i w_i x_i for 1-D ``x`` and ``w`` of one length; returns a single number."""
    WEIGHTED_SUM.check(weighted_sum)
