"""Check for the backward-pass exercise of 07_cross_entropy_deeper_network."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers.activations import sigmoid, sigmoid_prime
from helpers.small_nets import backward, forward, init_params

from ..checking import Mistake, report, run_check

OUTPUTS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")


def _reference(X, y, W1, b1, W2, b2, W3, b3):
    nabla_w, nabla_b = backward([W1, W2, W3], [b1, b2, b3], X, y, loss="bce")
    return (nabla_w[0], nabla_b[0], nabla_w[1], nabla_b[1], nabla_w[2], nabla_b[2])


def _variant(slope=sigmoid_prime, transpose=False, mean=True, bias="sum", output="ce"):
    """A backward pass of the 2-3-3-1 network with one typical mistake switched on."""
    def wrong(X, y, W1, b1, W2, b2, W3, b3):
        weights = [W1, W2, W3]
        zs, hs = forward(weights, [b1, b2, b3], X)
        m = X.shape[0] if mean else 1
        dz = (hs[-1] - y) / m
        if output == "mse":
            dz = dz * sigmoid_prime(zs[-1])
        grads = []
        for i in (2, 1, 0):
            dW = hs[i].T @ dz if transpose else dz.T @ hs[i]
            db = {"sum": dz.sum(axis=0), "none": dz, "keepdims": dz.sum(axis=0, keepdims=True),
                  "mean": dz.mean(axis=0)}[bias]
            grads = [dW, db, *grads]
            if i:
                dz = (dz @ weights[i]) * slope(zs[i - 1])
        return tuple(grads)
    return wrong


_MISTAKES = [
    Mistake(_variant(slope=sigmoid), "you multiply by σ(z) where the slope σ'(z) = "
            "σ(z)(1 − σ(z)) belongs in the backward recursion."),
    Mistake(_variant(transpose=True), "your weight gradients are transposed: dW^[l] must have "
            "the shape of W^[l], (units of layer l, units of layer l−1). Check which factor "
            "of the product is transposed."),
    Mistake(_variant(mean=False), "your gradients are m times too large: the loss is the "
            "mean over the m records, so its gradient carries a 1/m."),
    Mistake(_variant(bias="none"), "your bias gradients still have one row per record: sum "
            "dz over the records, so each bias gets exactly one number."),
    Mistake(_variant(bias="keepdims"), "your bias gradients are rows of shape (1, n); the "
            "biases are 1-D arrays of shape (n,), and their gradients must match."),
    Mistake(_variant(bias="mean"), "your bias gradients carry the 1/m twice: if dz already "
            "includes it, sum dz over the records instead of averaging."),
    Mistake(_variant(output="mse"), "you keep the factor p(1 − p) at the output: with "
            "cross-entropy it cancels, and dz^[3] = p − y (divided by m)."),
]


class _Case:
    """The arguments of one call, with a short description for check messages."""

    def __init__(self, text: str, args: tuple):
        self.text, self.args = text, args

    def __repr__(self) -> str:
        return self.text


def _cases():
    rng = np.random.default_rng(7)
    cases = []
    for m, scale, text in ((5, 1.0, "5 records, standard-normal weights"),
                           (1, 1.0, "1 record, standard-normal weights"),
                           (4, 4.0, "4 records, large weights (saturated units)")):
        weights, biases = init_params([2, 3, 3, 1], rng)
        weights = [scale * W for W in weights]
        X = rng.standard_normal((m, 2))
        y = (rng.uniform(size=(m, 1)) < 0.5).astype(float)
        if m == 4:
            y[:, 0] = [0.0, 1.0, 1.0, 0.0]
        cases.append((_Case(text, (X, y, weights[0], biases[0], weights[1], biases[1],
                                   weights[2], biases[2])),))
    return cases


def _unpack(fn: Callable) -> Callable:
    def call(example: _Case):
        return fn(*example.args)
    return call


def check_backward(backward: Callable) -> None:
    """ex7.3: ``backward(X, y, W1, b1, W2, b2, W3, b3)`` -> (dW1, db1, dW2, db2, dW3, db3),
    the gradients of the mean binary cross-entropy of the 2-3-3-1 sigmoid network, each
    shaped like its parameter; X has shape (m, 2), y shape (m, 1)."""
    learner = _unpack(backward) if callable(backward) else backward
    mistakes = [Mistake(_unpack(m.fn), m.message) for m in _MISTAKES]
    report(run_check("ex7.3", "backward", learner, _unpack(_reference), _cases(), mistakes,
                     outputs=OUTPUTS))
