"""Checks for the exercises of 09_capstone_digits: the learner's chapter 6 network, grown.

ex9.1 one-hot targets; ex9.2 the numerically stable softmax; ex9.3 the softmax/cross-entropy
output error term δ^[L] = (P − Y)/m (derive), chapter 6's ``output_delta``; ex9.4 the starting
weights, chapter 6's draws scaled to the variance of LeCun's, He's or Glorot's rule. The
references of the network live in ``ch09_network``; ex9.5-ex9.6 (an epoch of mini-batch SGD,
the training loop) are in ``ch09_training`` and ex9.7-ex9.11 (the capstone's decisions, ReLU,
the likelihood) in ``ch09_decisions``, both re-exported here, so that ``course.checks`` finds
every exercise of chapter 9 in this module.

Chapter 6's orientation (the learner runs their chapter 6 forward and backward): records are
rows, W^[l] has shape (n_l, n_(l-1)).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import categorical_cross_entropy, numerical_gradient, sigmoid_prime

from ..checking import Exercise, Mistake
from .ch09_network import _RULES, _init_network, _one_hot, _softmax

__all__ = ["BERNOULLI_NLL", "CROSS_ENTROPY_DELTA", "INIT_NETWORK", "ONE_HOT", "RELU_PRIME",
           "SANITY_CHECKS", "SEARCH", "SGD_EPOCH", "SOFTMAX", "TRAIN", "TRAIN_LOGGED",
           "check_bernoulli_nll", "check_cross_entropy_delta", "check_init_network",
           "check_one_hot", "check_relu_prime", "check_sanity_checks", "check_search",
           "check_sgd_epoch", "check_softmax", "check_train", "check_train_logged"]


# ---------------------------------------------------------------------------------------
# ex9.1 one-hot encoding

ONE_HOT = Exercise(
    "ex9.1", "one_hot",
    reference=_one_hot,
    cases=[(np.array([3, 0, 9, 3]), 10),
           (np.array([0, 2, 1]), 5),  # the largest classes never occur
           ([1, 0], 2),  # a plain list
           (np.array([4]), 10)],
    mistakes=[
        Mistake("labels-from-1", lambda labels, n: _one_hot(np.asarray(labels) - 1, n),
                "every 1 sits one column to the left of its label's column (labels start at 0)."),
        Mistake("width-from-largest-label",
                lambda labels, n: _one_hot(labels, int(np.max(labels)) + 1),
                "the number of columns comes from the largest label in the data; it must be "
                "n_classes, even when some classes do not occur."),
        Mistake("labels-as-column",
                lambda labels, n: np.asarray(labels, dtype=float).reshape(-1, 1),
                "you return the labels as a column; each row needs n_classes entries, all 0 "
                "except a single 1."),
        Mistake("transposed", lambda labels, n: _one_hot(labels, n).T,
                "the result is the transpose: one row per class instead of one row per record."),
        Mistake("width-always-10", lambda labels, n: _one_hot(labels, 10),
                "the width is always 10, the number of digits; it must be n_classes, the number "
                "the function is given."),
    ],
)


def check_one_hot(one_hot: Callable) -> None:
    """ex9.1: one_hot(labels, n_classes): labels (m,) of whole numbers in [0, n_classes)
    -> Y (m, n_classes), a single 1.0 per row, in the column of the label."""
    ONE_HOT.check(one_hot)


# ---------------------------------------------------------------------------------------
# ex9.2 the stable softmax

# the reference is _softmax, the course's own stable softmax (helpers.activations)


def _exp(Z):
    with np.errstate(over="ignore"):
        return np.exp(Z)


def _divide(E, S):
    with np.errstate(invalid="ignore", divide="ignore"):
        return E / S


SOFTMAX = Exercise(
    "ex9.2", "softmax",
    reference=_softmax,
    cases=[(np.array([[2.0, 1.0, 0.1], [0.5, 0.5, 0.5]]),),
           # logits of about ±1000: e^1000 overflows, e^−1000 underflows to 0; the last rows
           # spread about 1500 within the row, so only its maximum (not its minimum) is safe
           (np.array([[1000.0, 1001.0, 999.0], [-1000.0, -999.0, -1001.0],
                      [0.0, 1500.0, -10.0], [5.0, -1500.0, 0.0]]),),
           (np.array([[1.0, -2.0, 0.0], [3.0, 0.5, -1.0], [0.0, 0.0, 2.0]]),),  # square
           (np.array([[0.3, -0.3, 1.2, 0.0]]),)],  # one record
    mistakes=[
        Mistake("no-max-subtracted", lambda Z: _divide(_exp(Z), _exp(Z).sum(axis=1, keepdims=True)),
                "no row maximum is subtracted before np.exp: with logits near 1000, e^z "
                "overflows to inf (and near −1000 it underflows to 0), so rows become NaN."),
        Mistake("max-over-columns", lambda Z: _divide(_exp(Z - Z.max(axis=0)),
                                  _exp(Z - Z.max(axis=0)).sum(axis=1, keepdims=True)),
                "the maximum is taken down each column (axis 0, across records), so every "
                "column is shifted by a different amount and the row's probabilities change."),
        Mistake("one-max-for-batch",
                lambda Z: _divide(_exp(Z - Z.max()), _exp(Z - Z.max()).sum(axis=1,
                                                                             keepdims=True)),
                "one maximum for the whole batch: rows far below it underflow to all 0, "
                "and 0/0 gives NaN."),
        Mistake("max-not-keepdims", lambda Z: _divide(_exp(Z - Z.max(axis=1)),
                                  _exp(Z - Z.max(axis=1)).sum(axis=1, keepdims=True)),
                "the row maxima Z.max(axis=1) have shape (m,), which lines up with the "
                "columns, not the rows: it is not subtracted row by row."),
        Mistake("sum-over-columns", lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True)) / np.exp(
                    Z - Z.max(axis=1, keepdims=True)).sum(axis=0, keepdims=True),
                "the sum runs down each column (axis 0, across records): columns sum to 1, "
                "rows do not."),
        Mistake("one-sum-for-batch",
                lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True)) / np.exp(
                    Z - Z.max(axis=1, keepdims=True)).sum(),
                "every entry is divided by one sum over the whole batch, so the rows do not "
                "each sum to 1."),
        Mistake("not-normalised", lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True)),
                "the exponentials are returned as they are, not divided by their row's sum: the "
                "rows do not sum to 1."),
        Mistake("min-subtracted",
                lambda Z: _divide(_exp(Z - Z.min(axis=1, keepdims=True)),
                                  _exp(Z - Z.min(axis=1, keepdims=True)).sum(axis=1,
                                                                             keepdims=True)),
                "the row minimum is subtracted: in a row whose logits spread widely, e^z of "
                "the largest still overflows to inf, and the row becomes NaN."),
    ],
)


def check_softmax(softmax: Callable) -> None:
    """ex9.2: softmax(Z) for logits Z (m, K), one record per row -> P (m, K), row i the
    softmax of Z[i]; stable for logits of any size (the row maximum subtracted first)."""
    SOFTMAX.check(softmax)


# ---------------------------------------------------------------------------------------
# ex9.3 the output error term of softmax + categorical cross-entropy (derive)

def _delta_by_differences(Z, P, Y):
    """∂C/∂Z by centred differences at the logits Z: any correct derivation agrees with it."""
    return numerical_gradient(lambda Z_: categorical_cross_entropy(Y, _softmax(Z_)), Z)


def _delta_cases() -> list[tuple]:
    rng = np.random.default_rng(9)
    cases = []
    for m, k in ((3, 3), (4, 2), (2, 5)):
        Y = _one_hot(rng.integers(0, k, m), k)
        Z = rng.normal(0, 1.5, (m, k))
        cases.append((Z, _softmax(Z), Y))
    Z = np.log(np.array([[0.7, 0.2, 0.1]]))  # one record
    cases.append((Z, _softmax(Z), np.array([[0.0, 1.0, 0.0]])))
    return cases


CROSS_ENTROPY_DELTA = Exercise(
    "ex9.3", "cross_entropy_delta",
    reference=_delta_by_differences,
    cases=_delta_cases(),
    mistakes=[
        Mistake("sign-flipped", lambda Z, P, Y: (Y - P) / len(P),
                "the sign is flipped: this is −∂L/∂Z, and a step along it makes the loss larger."),
        Mistake("no-mean", lambda Z, P, Y: P - Y,
                "the 1/m of the mean over the m records is missing."),
        Mistake("divides-by-n-times-k", lambda Z, P, Y: (P - Y) / P.size,
                "you divide by m·K, every entry of P; the loss is a mean over the m records only "
                "(its sum over the K classes stays a sum)."),
        Mistake("keeps-slope", lambda Z, P, Y: (P - Y) / len(P) * P * (1 - P),
                "there is an extra factor P(1 − P): the softmax's slope is already inside P − Y "
                "(it cancels the 1/P of the logarithm), it does not come on top."),
        Mistake("mse-delta", lambda Z, P, Y: (P - Y) / len(P) * sigmoid_prime(Z),
                "there is an extra factor σ'(Z), as in chapter 6's mse_delta: with a softmax "
                "and cross-entropy the slope cancels, it does not come on top."),
        Mistake("slope-in-output", lambda Z, P, Y: -Y / P / len(P),
                "this is ∂L/∂P, the slope with respect to the probabilities; δ is the slope with "
                "respect to the logits Z."),
        Mistake("divides-by-classes", lambda Z, P, Y: (P - Y) / P.shape[1],
                "you divide by K, the number of classes (columns); the mean is over the m "
                "records, the rows."),
    ],
)


def check_cross_entropy_delta(cross_entropy_delta: Callable) -> None:
    """ex9.3: cross_entropy_delta(Z, P, Y) for logits Z (m, K), softmax outputs P = softmax(Z)
    and one-hot targets Y (m, K) -> δ^[L] = ∂C/∂Z^[L] = (P − Y)/m, shape (m, K): chapter 6's
    output_delta for a softmax output and the mean cross-entropy."""
    CROSS_ENTROPY_DELTA.check(cross_entropy_delta)


# ---------------------------------------------------------------------------------------
# ex9.4 the starting weights: chapter 6's draws scaled to the variance of a rule, b^[l] = 0

INIT_NETWORK = Exercise(
    "ex9.4", "init_network",
    reference=_init_network,
    cases=[((3, 4, 2), np.random.default_rng(1), "he"),
           ((2, 3, 3, 2), np.random.default_rng(2), "glorot"),
           ((4, 2), np.random.default_rng(3), "lecun")],  # no hidden layer
    mistakes=[
        Mistake("not-scaled", partial(_init_network, sd=lambda variance: 1.0),
                "the weights are chapter 6's standard normal draws, not scaled: multiply "
                "W^[l] by the standard deviation of the rule."),
        Mistake("fans-swapped", partial(_init_network, swap_fans=True),
                "n_(l-1) and n_l are swapped: W^[l] has shape (n_l, n_(l-1)), so its rows count "
                "the layer's units and its columns the inputs n_(l-1)."),
        Mistake("variance-as-scale", partial(_init_network, sd=lambda variance: variance),
                "the weights are multiplied by the variance of the rule; their standard "
                "deviation is its square root."),
        Mistake("rule-ignored", lambda sizes, rng, rule="lecun": _init_network(sizes, rng),
                "every layer is scaled by LeCun's rule, 1/n_(l-1), whatever rule is given."),
        Mistake("glorot-uniform-limit", partial(_init_network, rules={
                    **_RULES, "glorot": lambda n_in, n_out: 6 / (n_in + n_out)}),
                "for \"glorot\" you scale by √(6/(n_(l-1) + n_l)), the half-width of Glorot's "
                "uniform draw; a normal draw of the same variance has standard deviation "
                "√(2/(n_(l-1) + n_l))."),
        Mistake("random-biases", partial(_init_network, zero_biases=False),
                "the biases keep chapter 6's random draws; start them at 0."),
        Mistake("old-orientation", partial(_init_network, draw_own=True),
                "each W has shape (n_(l-1), n_l), the orientation of chapters 3-5; chapter 6's "
                "init_weights draws (n_l, n_(l-1)): start from its draws."),
        Mistake.swapped(_init_network, "weights", "biases"),
    ],
    outputs=("weights", "biases"),
    may_change=("rng",),
)


def check_init_network(init_network: Callable) -> None:
    """ex9.4: init_network(sizes, rng, rule="lecun") for layer sizes (n_0, ..., n_L), a
    Generator and a rule -> (weights, biases): chapter 6's init_weights(sizes, rng), each W^[l]
    of shape (n_l, n_(l-1)) scaled to the variance 1/n_(l-1) ("lecun"), 2/n_(l-1) ("he") or
    2/(n_(l-1) + n_l) ("glorot"), every b^[l] zeros(n_l)."""
    INIT_NETWORK.check(init_network)


# ex9.5-ex9.6 (the training) and ex9.7-ex9.11 (the decisions) live in their own modules,
# re-exported here: course.checks finds the exercises of chapter 9 in this module
from .ch09_decisions import (  # noqa: E402
    BERNOULLI_NLL,
    RELU_PRIME,
    SANITY_CHECKS,
    SEARCH,
    TRAIN_LOGGED,
    check_bernoulli_nll,
    check_relu_prime,
    check_sanity_checks,
    check_search,
    check_train_logged,
)
from .ch09_training import SGD_EPOCH, TRAIN, check_sgd_epoch, check_train  # noqa: E402
