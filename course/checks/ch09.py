"""Check for the exercise of 09_capstone_digits."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..checking import Mistake, report, run_check


def _one_hot(labels, n_classes):
    labels = np.asarray(labels, dtype=int)
    Y = np.zeros((len(labels), n_classes))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


def _shifted(labels, n_classes):
    return _one_hot(np.asarray(labels) - 1, n_classes)


def _width_from_data(labels, n_classes):
    return _one_hot(labels, int(np.max(labels)) + 1)


def _labels_as_column(labels, n_classes):
    return np.asarray(labels, dtype=float).reshape(-1, 1)


def check_one_hot(one_hot: Callable) -> None:
    """ex9.1: labels (N,) of whole numbers in [0, n_classes) -> Y (N, n_classes) with a
    single 1.0 per row, in the column of the label."""
    cases = [(np.array([3, 0, 9, 3]), 10),
             (np.array([0, 2, 1]), 5),  # the largest classes never occur
             ([1, 0], 2),  # a plain list
             (np.array([4]), 10)]
    mistakes = [
        Mistake(_shifted, "every 1 sits one column to the left: labels start at 0, so "
                          "label k belongs in column k (no − 1)."),
        Mistake(_width_from_data, "the number of columns comes from the largest label in "
                                  "the data; it must be n_classes, even when some classes "
                                  "do not occur."),
        Mistake(_labels_as_column, "you return the labels as a column; each row needs "
                                   "n_classes entries, all 0 except a single 1."),
    ]
    report(run_check("ex9.1", "one_hot", one_hot, _one_hot, cases, mistakes))
