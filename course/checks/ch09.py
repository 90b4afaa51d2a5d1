"""Checks for the exercises of 09_capstone_digits: the learner's own network, piece by piece.

ex9.1 one-hot targets; ex9.2 the numerically stable softmax; ex9.3 the softmax/cross-entropy
output error term δ^[L] = (P − Y)/m; ex9.4 the starting weights; ex9.5 the forward pass of any
depth; ex9.6 the backward pass of any depth. Their network references live in ``ch09_network``;
ex9.7-ex9.8 (an epoch of mini-batch SGD, the training loop) are in ``ch09_training`` and
ex9.9-ex9.13 (the capstone's decisions, ReLU, the likelihood) in ``ch09_decisions``, both
re-exported here, so that ``course.checks`` finds every exercise of chapter 9 in this module.

Chapter 9's orientation: records are rows, W^[l] has shape (n_in, n_out).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import categorical_cross_entropy, numerical_gradient, sigmoid, sigmoid_prime

from ..checking import Exercise, Mistake
from .ch09_network import _backward, _forward, _init_network, _net_case, _one_hot, _softmax

__all__ = ["BERNOULLI_NLL", "RELU_BACKWARD", "SANITY_CHECKS", "SEARCH", "SGD_EPOCH", "TRAIN",
           "TRAIN_LOGGED",
           "check_backward", "check_bernoulli_nll", "check_cross_entropy_delta", "check_forward",
           "check_init_network", "check_one_hot", "check_relu_backward", "check_sanity_checks",
           "check_search", "check_sgd_epoch", "check_softmax", "check_train",
           "check_train_logged"]


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
# ex9.3 the output error term of softmax + categorical cross-entropy

def _cross_entropy_delta(P, Y):
    """∂C/∂Z by centred differences at the logits Z = ln P (softmax(ln P) = P): any correct
    derivation agrees with it."""
    return numerical_gradient(lambda Z: categorical_cross_entropy(Y, _softmax(Z)), np.log(P))


def _delta_cases() -> list[tuple]:
    rng = np.random.default_rng(9)
    cases = []
    for m, k in ((3, 3), (4, 2), (2, 5)):
        Y = _one_hot(rng.integers(0, k, m), k)
        cases.append((_softmax(rng.normal(0, 1.5, (m, k))), Y))
    cases.append((np.array([[0.7, 0.2, 0.1]]), np.array([[0.0, 1.0, 0.0]])))  # one record
    return cases


CROSS_ENTROPY_DELTA = Exercise(
    "ex9.3", "cross_entropy_delta",
    reference=_cross_entropy_delta,
    cases=_delta_cases(),
    mistakes=[
        Mistake("sign-flipped", lambda P, Y: (Y - P) / len(P),
                "the sign is flipped: this is −∂L/∂Z, and a step along it makes the loss larger."),
        Mistake("no-mean", lambda P, Y: P - Y,
                "the 1/m of the mean over the m records is missing."),
        Mistake("divides-by-n-times-k", lambda P, Y: (P - Y) / P.size,
                "you divide by m·K, every entry of P; the loss is a mean over the m records only "
                "(its sum over the K classes stays a sum)."),
        Mistake("keeps-slope", lambda P, Y: (P - Y) / len(P) * P * (1 - P),
                "there is an extra factor P(1 − P): the softmax's slope is already inside P − Y "
                "(it cancels the 1/P of the logarithm), it does not come on top."),
        Mistake("slope-in-output", lambda P, Y: -Y / P / len(P),
                "this is ∂L/∂P, the slope with respect to the probabilities; δ is the slope with "
                "respect to the logits Z."),
        Mistake("divides-by-classes", lambda P, Y: (P - Y) / P.shape[1],
                "you divide by K, the number of classes (columns); the mean is over the m "
                "records, the rows."),
    ],
)


def check_cross_entropy_delta(cross_entropy_delta: Callable) -> None:
    """ex9.3: cross_entropy_delta(P, Y) for softmax outputs P (m, K) and one-hot targets
    Y (m, K) -> δ^[L] = ∂C/∂Z^[L] = (P − Y)/m, shape (m, K)."""
    CROSS_ENTROPY_DELTA.check(cross_entropy_delta)


# ---------------------------------------------------------------------------------------
# ex9.4 the starting weights

INIT_NETWORK = Exercise(
    "ex9.4", "init_network",
    reference=_init_network,
    cases=[((3, 4, 2), np.random.default_rng(1)),
           ((2, 3, 3, 2), np.random.default_rng(2)),
           ((4, 2), np.random.default_rng(3))],  # no hidden layer
    mistakes=[
        Mistake("old-orientation", partial(_init_network, shape=lambda n_in, n_out: (n_out, n_in)),
                "each W has shape (n_out, n_in), the orientation of chapters 6-8."),
        Mistake("not-scaled", partial(_init_network, divisor=lambda n_in: 1.0),
                "the weights are not scaled by 1/√n_in: standard normal weights make the "
                "weighted inputs √n_in times too large."),
        Mistake("divided-by-n-in", partial(_init_network, divisor=lambda n_in: n_in),
                "the weights are divided by n_in, not by its square root."),
        Mistake("random-biases", partial(_init_network, random_biases=True),
                "the biases are drawn at random too, and those draws shift every later weight."),
        Mistake("all-zero", partial(_init_network, zeros=True),
                "every weight starts at 0: all hidden units would stay copies of each other "
                "(chapter 2)."),
        Mistake("scaled-by-n-out", partial(_init_network, by_n_out=True),
                "the weights are scaled by 1/√n_out; the scale that keeps a weighted input the "
                "size of one input counts the inputs, 1/√n_in."),
        Mistake.swapped(_init_network, "weights", "biases"),
    ],
    outputs=("weights", "biases"),
    may_change=("rng",),
)


def check_init_network(init_network: Callable) -> None:
    """ex9.4: init_network(sizes, rng) for layer sizes (n_0, ..., n_L) and a Generator ->
    (weights, biases): W^[l] = rng.standard_normal((n_in, n_out)) / √n_in drawn
    layer by layer in order, b^[l] = zeros(n_out)."""
    INIT_NETWORK.check(init_network)


# ---------------------------------------------------------------------------------------
# ex9.5 the forward pass

_NETS = [_net_case((3, 4, 2), 5, 11), _net_case((2, 3, 3, 3), 4, 12),
         _net_case((2, 2, 2), 3, 13),  # square weights: W and W.T give numbers both
         _net_case((4, 3), 2, 14)]  # no hidden layer: softmax regression


FORWARD = Exercise(
    "ex9.5", "forward",
    reference=_forward,
    cases=[(X, weights, biases) for X, _, weights, biases in _NETS],
    mistakes=[
        Mistake("sigmoid-output", partial(_forward, output=sigmoid),
                "the output layer goes through the sigmoid, so its rows are not distributions "
                "(they do not sum to 1)."),
        Mistake("softmax-hidden", partial(_forward, hidden=_softmax),
                "the hidden layers go through softmax too; only the output layer is a softmax."),
        Mistake("no-biases", partial(_forward, bias=False),
                "the biases are left out of the weighted inputs Z."),
        Mistake("old-orientation", partial(_forward, transpose=True),
                "each layer computes A @ W.T, the orientation of chapters 6-8."),
        Mistake("missing-input", lambda X, w, b: _forward(X, w, b)[1:],
                "the list leaves out A^[0] = X: it must hold every layer's activations, the inputs "
                "first."),
        Mistake("returns-output-only", lambda X, w, b: _forward(X, w, b)[-1],
                "you return only the output P; the exercise asks for the list of every layer's "
                "activations."),
    ],
)


def check_forward(forward: Callable) -> None:
    """ex9.5: forward(X, weights, biases) for X (m, n_0) and lists of W^[l] (n_(l-1), n_l),
    b^[l] (n_l,) -> the list [A^[0] = X, A^[1], ..., A^[L] = P]: sigmoid hidden layers,
    softmax output."""
    FORWARD.check(forward)


# ---------------------------------------------------------------------------------------
# ex9.6 the backward pass

BACKWARD = Exercise(
    "ex9.6", "backward",
    reference=_backward,
    cases=[tuple(case) for case in _NETS],
    mistakes=[
        Mistake("missing-hidden-slope", partial(_backward, slope=lambda A: 1.0),
                "the hidden error terms lack the sigmoid's slope σ'(Z^[l]) = A^[l](1 − A^[l])."),
        Mistake("prime-of-activation", partial(_backward, slope=sigmoid_prime),
                "sigmoid_prime is applied to an activation A^[l], a value already through σ; "
                "sigmoid_prime expects a weighted input Z^[l]."),
        Mistake("no-mean", partial(_backward, per_record=False),
                "every gradient is m times too large: the output error term lacks the 1/m of the "
                "mean over the records."),
        Mistake("bias-mean-twice", partial(_backward, bias_mean=True),
                "nabla_b is a mean of δ over the records; δ already carries the 1/m, so nabla_b "
                "is m times too small."),
        Mistake("bias-per-record", partial(_backward, bias_rows=True),
                "nabla_b is δ itself, one row per record; each bias gets one number."),
        Mistake("transposed", partial(_backward, transpose=True),
                "each nabla_w is δ^T A, of shape (n_out, n_in): the transpose of W^[l] here."),
        Mistake("layers-reversed", partial(_backward, reverse=True),
                "the gradients come back in the wrong order, the last layer first; nabla_w[0] "
                "belongs to weights[0]."),
        Mistake("activation-for-slope", partial(_backward, slope=lambda A: A),
                "the hidden error terms are multiplied by A^[l] = σ(Z^[l]) where its slope "
                "A^[l](1 − A^[l]) belongs."),
        Mistake.swapped(_backward, "nabla_w", "nabla_b"),
    ],
    outputs=("nabla_w", "nabla_b"),
)


def check_backward(backward: Callable) -> None:
    """ex9.6: backward(X, Y, weights, biases) for X (m, n_0), one-hot Y (m, n_L) and the
    lists of ex9.5 -> (nabla_w, nabla_b): lists of ∂C/∂W^[l] and ∂C/∂b^[l], shaped like
    weights and biases, for the mean cross-entropy C of the softmax output."""
    BACKWARD.check(backward)


# ex9.7-ex9.8 (the training) and ex9.9-ex9.13 (the decisions) live in their own modules,
# re-exported here: course.checks finds the exercises of chapter 9 in this module
from .ch09_decisions import (  # noqa: E402
    BERNOULLI_NLL,
    RELU_BACKWARD,
    SANITY_CHECKS,
    SEARCH,
    TRAIN_LOGGED,
    check_bernoulli_nll,
    check_relu_backward,
    check_sanity_checks,
    check_search,
    check_train_logged,
)
from .ch09_training import SGD_EPOCH, TRAIN, check_sgd_epoch, check_train  # noqa: E402
