"""Check for the exercise of 05_backprop_admissions."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers.activations import sigmoid, sigmoid_prime

from ..checking import Mistake, report, run_check

OUTPUTS = ("W_input_hidden", "W_hidden_output")


def _epoch(X, y, w1, w2, lr, *, sign=1.0, mean=True, hidden_slope=True, transposed=False,
           slope=None, online=False):
    """One epoch of per-record backprop, with switches that reproduce typical mistakes."""
    w1, w2 = np.array(w1, dtype=float), np.array(w2, dtype=float)
    slope = slope or (lambda act: act * (1 - act))
    step1, step2 = np.zeros_like(w1), np.zeros_like(w2)
    m = len(y) if mean else 1
    for x, target in zip(X, y, strict=True):
        a = sigmoid(x @ w1)
        y_hat = sigmoid(a @ w2)
        delta_o = sign * (target - y_hat) * slope(y_hat)
        delta_h = delta_o * w2 * (slope(a) if hidden_slope else 1.0)
        outer = delta_h[:, None] * x if transposed else x[:, None] * delta_h
        if online:  # the update after every record instead of once per epoch
            w1, w2 = w1 + lr * outer, w2 + lr * delta_o * a
        else:
            step1, step2 = step1 + outer, step2 + delta_o * a
    if online:
        return w1, w2
    return w1 + lr * step1 / m, w2 + lr * step2 / m


def _train_epoch(X, y, W_input_hidden, W_hidden_output, lr):
    return _epoch(X, y, W_input_hidden, W_hidden_output, lr)


def _cases() -> list[tuple]:
    rng = np.random.default_rng(5)
    # square first: there a transposed step gives wrong numbers instead of an error
    square = (rng.normal(size=(4, 3)), np.array([1.0, 0.0, 1.0, 1.0]),
              rng.normal(0, 0.6, (3, 3)), rng.normal(0, 0.6, 3), 0.5)
    admissions_like = (rng.normal(size=(6, 6)).clip(-2, 2), np.array([0., 1, 0, 0, 1, 0]),
                       rng.normal(0, 6 ** -0.5, (6, 2)), rng.normal(0, 2 ** -0.5, 2), 1.0)
    one_record = (np.array([[0.1, 0.3]]), np.array([1.0]), np.array([[0.4], [-0.2]]),
                  np.array([0.1]), 0.5)
    all_rejected = (rng.normal(size=(5, 4)), np.zeros(5), rng.normal(0, 0.5, (4, 3)),
                    rng.normal(0, 0.5, 3), 2.0)
    return [square, admissions_like, one_record, all_rejected]


def check_train_epoch(train_epoch: Callable) -> None:
    """ex5.1: train_epoch(X, y, W_input_hidden, W_hidden_output, lr) for X (m, n_inputs),
    y (m,), weights (n_inputs, n_hidden) and (n_hidden,); returns the weights after one
    epoch (steps summed over the records, one averaged update at the end)."""
    mistakes = [
        Mistake(lambda *c: _epoch(*c, sign=-1.0),
                "the sign is flipped: these updates make the error larger. The error is "
                "target minus output."),
        Mistake(lambda *c: _epoch(*c, mean=False),
                "the update is not divided by m, the number of records: the summed steps "
                "must be averaged."),
        Mistake(lambda *c: _epoch(*c, hidden_slope=False),
                "the hidden error term lacks the slope f'(h_j) of the hidden units."),
        Mistake(lambda *c: _epoch(*c, transposed=True),
                "the input→hidden step has the wrong orientation: row i of W_input_hidden "
                "belongs to input i, column j to hidden unit j."),
        Mistake(lambda *c: _epoch(*c, slope=sigmoid_prime),
                "sigmoid_prime is applied to an activation (a value already through σ): "
                "sigmoid_prime expects the unit's input; from an activation a the slope is "
                "a(1 − a)."),
        Mistake(lambda *c: _epoch(*c, online=True),
                "the weights change after every record: this exercise sums the steps over "
                "the whole epoch and updates once, at the end."),
    ]
    report(run_check("ex5.1", "train_epoch", train_epoch, _train_epoch, _cases(), mistakes,
                     outputs=OUTPUTS))
