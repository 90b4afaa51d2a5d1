"""Check for the exercise of 06_shapes_and_biases."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from helpers.small_nets import init_params

from ..checking import FAIL, PASS, Feedback, compare, report, run_check
from ..marks import mark_done

EX_ID, TITLE = "ex6.1", "init_weights"
_CASES = [([2, 2, 1], 0), ([2, 3, 3, 1], 1), ([4, 1], 2), ([3, 5, 2], 3)]


def _reference(sizes, seed):
    return init_params(sizes, np.random.default_rng(seed))


def _transposed(sizes, seed):
    rng = np.random.default_rng(seed)
    weights = [rng.standard_normal((n_in, n_out)) for n_in, n_out in zip(sizes[:-1], sizes[1:],
                                                                          strict=True)]
    return weights, [rng.standard_normal(n) for n in sizes[1:]]


def _column_biases(sizes, seed):
    weights, biases = _reference(sizes, seed)
    return weights, [b[:, None] for b in biases]


def _biases_first(sizes, seed):
    rng = np.random.default_rng(seed)
    biases = [rng.standard_normal(n) for n in sizes[1:]]
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:],
                                                                         strict=True)]
    return weights, biases


def _interleaved(sizes, seed):
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        weights.append(rng.standard_normal((n_out, n_in)))
        biases.append(rng.standard_normal(n_out))
    return weights, biases


def _bias_per_weight(sizes, seed):
    weights, _ = _reference(sizes, seed)
    return weights, [np.zeros_like(W) for W in weights]


# (mistake, message); each mistake maps (sizes, seed) to the (weights, biases) it returns
_MISTAKES: list[tuple[Callable, str]] = [
    (_transposed, "your weight matrices are transposed: in Nielsen's notation W^l has one row "
                  "per neuron of layer l and one column per input it receives, shape "
                  "(n_out, n_in)."),
    (_column_biases, "your biases are columns of shape (n, 1); in this course a layer's biases "
                     "are a 1-D array of shape (n,), one entry per neuron."),
    (_bias_per_weight, "you give every weight its own bias; there is one bias per neuron, so "
                       "the biases of a layer have shape (n_out,)."),
    (_biases_first, "the shapes are right, but you draw the biases before the weights. Draw "
                    "every weight matrix first, then every bias vector, so your numbers "
                    "match the notebook's."),
    (_interleaved, "the shapes are right, but you draw weights and biases layer by layer, "
                   "alternating. Draw every weight matrix first, then every bias vector, so "
                   "your numbers match the notebook's."),
]


def _structure_problem(got: object, sizes: Sequence[int]) -> str | None:
    """What is wrong with the shape of the returned value, before any numbers are compared."""
    n_layers = len(sizes) - 1
    if got is None:
        return "your function returned None: is a `return` missing?"
    if isinstance(got, np.ndarray) or not isinstance(got, (tuple, list)) or len(got) != 2 \
            or isinstance(got[0], np.ndarray):
        if isinstance(got, (tuple, list)) and all(isinstance(a, np.ndarray) for a in got):
            return (f"you return a list of {len(got)} arrays; return a pair "
                    f"(weights, biases) of two lists. Are the biases missing?")
        return (f"expected a pair (weights, biases) of two lists, got "
                f"{type(got).__name__}")
    for what, arrays in zip(("weights", "biases"), got, strict=True):
        if not isinstance(arrays, (list, tuple)):
            return f"{what}: expected a list of arrays, got {type(arrays).__name__}"
        if len(arrays) != n_layers:
            extra = (" Inputs have no biases: a layer's biases belong to its neurons."
                     if what == "biases" and len(arrays) == len(sizes) else "")
            return (f"{what}: expected {n_layers} arrays for sizes={list(sizes)} (one per "
                    f"layer after the inputs), got {len(arrays)}.{extra}")
    return None


def _difference(got, expected) -> str | None:
    for what, g_list, e_list in zip(("weights", "biases"), got, expected, strict=True):
        for i, (g, e) in enumerate(zip(g_list, e_list, strict=True)):
            problem = compare(g, e)
            if problem is not None:
                return f"{what}[{i}]: {problem}"
    return None


def check_init_weights(init_weights: Callable) -> None:
    """ex6.1: ``init_weights(sizes, rng)`` -> (weights, biases), weights[l] of shape
    (sizes[l+1], sizes[l]) and biases[l] of shape (sizes[l+1],), all standard normal, drawn
    from ``rng`` weights first."""
    report(_check(init_weights))


def _check(init_weights: Callable) -> Feedback:
    head = f"{EX_ID} {TITLE}"
    for sizes, seed in _CASES:
        def call(sizes, seed, fn=init_weights):
            return fn(list(sizes), np.random.default_rng(seed))

        try:
            got = call(sizes, seed)
        except Exception:  # run_check turns it into the usual one line (not done / raised)
            return run_check(EX_ID, TITLE, init_weights if not callable(init_weights) else call,
                             _reference, [(sizes, seed)])
        where = f"(on sizes={sizes}, seed={seed})"
        problem = _structure_problem(got, sizes)
        if problem is not None:
            return Feedback(False, f"{FAIL} {head}: {problem} {where}.")
        expected = _reference(sizes, seed)
        problem = _difference(got, expected)
        if problem is None:
            continue
        for mistake, message in _MISTAKES:
            if _difference(got, mistake(sizes, seed)) is None:
                return Feedback(False, f"{FAIL} {head}: {message} {where}")
        again = call(sizes, seed)
        if _structure_problem(again, sizes) is None and _difference(got, again) is not None:
            return Feedback(False, f"{FAIL} {head}: two calls with the same seed gave "
                                   f"different numbers: draw them from the `rng` you are "
                                   f"given, not from another generator {where}.")
        if all(np.ptp(np.asarray(W, dtype=float)) == 0 for W in got[0]):
            return Feedback(False, f"{FAIL} {head}: every weight is the same number: equal "
                                   f"weights make the neurons of a layer identical for "
                                   f"ever. Draw them at random {where}.")
        return Feedback(False, f"{FAIL} {head}: {problem} {where}.")
    mark_done(EX_ID)
    return Feedback(True, f"{PASS} {head}: correct on all {len(_CASES)} test inputs.")
