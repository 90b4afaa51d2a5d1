"""Checks for the exercises of 07_cross_entropy_deeper_network.

ex7.1 quiz: the order of the steps of one training iteration; ex7.2 quiz: a multi-class
cross-entropy by hand; ex7.3 the output error term dZ^[3] = (P − Y)/m of a sigmoid output
under cross-entropy; ex7.4 the backward pass of the 2-3-3-1 network under binary
cross-entropy.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import sigmoid, sigmoid_prime
from helpers.net_nout_nin import forward, init_params

from ..checking import Exercise, Mistake, Quiz

__all__ = ["check_backward", "check_cross_entropy", "check_iteration_order",
           "check_output_delta"]

# ---------- ex7.1 ----------

ITERATION_ORDER = Quiz(
    "ex7.1", "iteration_order",
    answer=(1, 4, 5, 2, 3),
    wrong={
        (1, 2, 3, 4, 5): "that is the order the steps are listed in: the gradient is the "
                         "gradient of a loss, so the loss comes first.",
        (1, 4, 2, 3, 5): "that updates after each record's own loss; in this iteration the m "
                         "losses are averaged first and the weights change once.",
        (1, 4, 5, 3, 2): "an update moves the weights against the gradient: it needs the "
                         "gradient first.",
        (1, 5, 4, 2, 3): "the m losses can be averaged only once each has been computed.",
        (4, 1, 5, 2, 3): "a record's loss compares its output with its target: the record "
                         "must be fed forward first.",
        (1, 4, 2, 5, 3): "the gradient here is the gradient of the average loss, so the m "
                         "losses are averaged before it.",
        (0, 3, 4, 1, 2): "the steps are numbered from 1, as in the list above, not from 0.",
    },
    names=("iteration_order",),
)


def check_iteration_order(iteration_order) -> None:
    """ex7.1: the five step numbers of one iteration in their order, e.g. [1, 2, 3, 4, 5]."""
    ITERATION_ORDER.check(iteration_order)


# ---------- ex7.2 ----------

_CE = float(-np.log(0.8))  # 0.22314
CROSS_ENTROPY = Quiz(
    "ex7.2", "cross_entropy",
    answer=_CE,
    rtol=2e-3,  # three decimals, 0.223, are enough
    wrong={
        float(-np.log(0.1)): "that is −ln 0.1 = 2.303, the loss if the true class had been "
                             "given p = 0.1; here it got 0.8.",
        float(-np.log10(0.8)): "that is a base-10 logarithm; cross-entropy uses the natural "
                               "logarithm, ln.",
        -_CE: "a loss is never negative: mind the minus sign in front of the sum.",
        float(-np.log(0.8) - 2 * np.log(0.1)): "you add −ln p_i over every class; the zeros "
                                               "in y leave only the true class.",
        float(-np.log(0.8) - 2 * np.log(0.9)): "you score every class as its own yes/no "
                                               "question (a binary cross-entropy per class).",
        0.8: "that is the probability of the true class, not its loss.",
        float(-np.log(0.8) / 3): "you divide by the number of classes; the cross-entropy of "
                                 "one record is a sum over the classes, not a mean.",
        float(-np.log2(0.8)): "that is a base-2 logarithm; cross-entropy uses the natural "
                              "logarithm, ln.",
        0.22: "rounded too far: give at least three decimals.",
        0.2: "too few decimals, or 1 − 0.8, which is no logarithm at all: give the "
             "cross-entropy to at least three decimals.",
        0.224: "close, but the third decimal is off: check the rounding.",
        0.222: "close, but the third decimal is off: check the rounding.",
    },
    names=("cross_entropy",),
)


def check_cross_entropy(cross_entropy) -> None:
    """ex7.2: the cross-entropy of y = (1, 0, 0) and p = (0.8, 0.1, 0.1), a number."""
    CROSS_ENTROPY.check(cross_entropy)


# ---------- ex7.3 ----------

def _output_delta(p, y):
    return (p - y) / len(y)


def _delta_cases() -> list[tuple]:
    rng = np.random.default_rng(74)
    mixed = (np.array([[0.9], [0.2], [0.6], [0.35]]), np.array([[1.0], [0.0], [0.0], [1.0]]))
    saturated = (np.array([[1e-3], [0.999], [0.5]]), np.array([[1.0], [0.0], [1.0]]))
    one = (np.array([[0.3]]), np.array([[1.0]]))
    z = rng.standard_normal((6, 1)) * 2
    drawn = (sigmoid(z), (rng.uniform(size=(6, 1)) < 0.5).astype(float))
    return [mixed, saturated, one, drawn]


OUTPUT_DELTA = Exercise(
    "ex7.3", "output_delta",
    reference=_output_delta,
    cases=_delta_cases(),
    mistakes=[
        Mistake("sign-flipped", lambda p, y: (y - p) / len(y),
                "the sign is flipped: y − p points uphill, the cost grows along it."),
        Mistake("keeps-slope", lambda p, y: (p - y) * p * (1 - p) / len(y),
                "you keep the slope σ'(z) = p(1 − p) of the squared error; under cross-entropy "
                "it cancels."),
        Mistake("no-mean", lambda p, y: p - y,
                "the cost is the mean over the m records, and its 1/m is missing here."),
        Mistake("slope-in-output", lambda p, y: (p - y) / (p * (1 - p)) / len(y),
                "this is ∂C/∂p, the slope in the output p; dZ is the slope in z, one chain-rule "
                "factor further."),
        Mistake("averaged-to-one-number", lambda p, y: np.mean(p - y),
                "you average over the records into one number; dZ keeps one row per record."),
    ],
)


def check_output_delta(output_delta: Callable) -> None:
    """ex7.3: ``output_delta(p, y)`` for outputs p and targets y of shape (m, 1): dZ^[3] =
    ∂C/∂Z^[3] of the mean binary cross-entropy, shape (m, 1)."""
    OUTPUT_DELTA.check(output_delta)


# ---------- ex7.4 ----------

OUTPUTS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")


def _backward(X, y, W1, b1, W2, b2, W3, b3, *, slope=sigmoid_prime, transpose=False,
              mean=True, bias="sum", output="ce", sign=1.0, pair_shift=False, slope_of="z"):
    """The gradients (dW1, db1, dW2, db2, dW3, db3) of the mean binary cross-entropy, the
    output error term dZ^[3] = (P − Y)/m. Each keyword, away from its default, is one
    typical mistake."""
    weights = [W1, W2, W3]
    zs, acts = forward(weights, [b1, b2, b3], X)
    m = X.shape[0] if mean else 1
    dz = sign * (acts[-1] - y) / m
    if output == "mse":
        dz = dz * sigmoid_prime(zs[-1])
    grads = []
    for i in (2, 1, 0):
        a_prev = acts[i + 1] if pair_shift and i < 2 else acts[i]
        dW = a_prev.T @ dz if transpose else dz.T @ a_prev
        db = {"sum": dz.sum(axis=0), "none": dz, "keepdims": dz.sum(axis=0, keepdims=True),
              "mean": dz.mean(axis=0)}[bias]
        grads = [dW, db, *grads]
        if i:
            dz = (dz @ weights[i]) * slope(zs[i - 1] if slope_of == "z" else acts[i])
    return tuple(grads)


def _backward_cases() -> list[tuple]:
    rng = np.random.default_rng(7)
    cases = []
    for m, scale in ((5, 1.0), (1, 1.0), (4, 4.0)):  # the last: large weights, saturated
        weights, biases = init_params([2, 3, 3, 1], rng)
        weights = [scale * W for W in weights]
        X = rng.standard_normal((m, 2))
        y = (rng.uniform(size=(m, 1)) < 0.5).astype(float)
        if m == 4:
            y[:, 0] = [0.0, 1.0, 1.0, 0.0]
        cases.append((X, y, weights[0], biases[0], weights[1], biases[1], weights[2],
                      biases[2]))
    return cases


BACKWARD = Exercise(
    "ex7.4", "backward",
    reference=_backward,
    cases=_backward_cases(),
    mistakes=[
        Mistake("sigmoid-for-slope", partial(_backward, slope=sigmoid),
                "you multiply by σ(z) where the slope σ'(z) belongs in the backward recursion."),
        Mistake("transposed", partial(_backward, transpose=True),
                "your weight gradients are transposed: each dW must have the shape of its W, "
                "(units of layer l, units of layer l − 1)."),
        Mistake("no-mean", partial(_backward, mean=False),
                "your gradients are m times too large: the loss is the mean over the m records."),
        Mistake("bias-per-record", partial(_backward, bias="none"),
                "your bias gradients still have one row per record, where each bias gets one "
                "number."),
        Mistake("bias-rows", partial(_backward, bias="keepdims"),
                "your bias gradients are rows of shape (1, n); the biases are 1-D arrays of "
                "shape (n,)."),
        Mistake("bias-mean-twice", partial(_backward, bias="mean"),
                "your bias gradients carry the 1/m twice: dZ already includes it."),
        Mistake("keeps-slope", partial(_backward, output="mse"),
                "you keep the factor p(1 − p) at the output: under cross-entropy it has "
                "cancelled."),
        Mistake("sign-flipped", partial(_backward, sign=-1.0),
                "every gradient has the wrong sign: the output error term is written y − p here."),
        Mistake("own-layer-activations", partial(_backward, pair_shift=True),
                "the error terms of a hidden layer are paired with that layer's own activations; "
                "dW^[l] pairs dZ^[l] with a^[l−1]."),
        Mistake("prime-of-activation", partial(_backward, slope_of="a"),
                "sigmoid_prime is applied to an activation a^[l], a value already through σ; "
                "sigmoid_prime expects Z^[l]."),
        Mistake("layers-reversed", lambda *c: (lambda g: (*g[4:], *g[2:4], *g[:2]))(_backward(*c)),
                "the gradients come back layer 3 first; the tuple starts with dW1 and db1."),
    ],
    outputs=OUTPUTS,
)


def check_backward(backward: Callable) -> None:
    """ex7.4: ``backward(X, y, W1, b1, W2, b2, W3, b3)`` -> (dW1, db1, dW2, db2, dW3, db3),
    the gradients of the mean binary cross-entropy of the 2-3-3-1 sigmoid network, each
    shaped like its parameter; X has shape (m, 2), y shape (m, 1)."""
    BACKWARD.check(backward)
