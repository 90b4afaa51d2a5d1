"""Check for the warm-up exercise of 00_start_here."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..checking import Mistake, report, run_check


def _weighted_sum(x, w):
    return float(np.dot(x, w))


def check_weighted_sum(weighted_sum: Callable) -> None:
    """ex0.1: h = Σ_i w_i x_i for 1-D ``x`` and ``w`` of one length; a single number."""
    cases = [(np.array([0.1, 0.3]), np.array([-0.8, 0.5])),
             (np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0])),
             (np.zeros(4), np.ones(4))]
    mistakes = [Mistake(lambda x, w: x * w, "you return every product w_i·x_i; h is their sum."),
                Mistake(lambda x, w: float(np.sum(x + w)), "you add x_i and w_i; h multiplies "
                        "each input by its weight before adding up.")]
    report(run_check("ex0.1", "weighted_sum", weighted_sum, _weighted_sum, cases, mistakes))
