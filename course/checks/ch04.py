"""Check for the exercise of 04_backprop_by_hand."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers.activations import sigmoid, sigmoid_prime
from helpers.gradcheck import numerical_gradient, relative_error

from ..checking import FAIL, Feedback, Mistake, report, run_check

OUTPUTS = ("delta_W_input_hidden", "delta_W_hidden_output")


def _steps(x, y, w1, w2, lr, *, slope=None, outer=None, sign=1.0, hidden_slope=True):
    """The backprop steps, with switches that reproduce typical mistakes."""
    a = sigmoid(x @ w1)
    y_hat = sigmoid(a @ w2)
    slope = slope or (lambda act: act * (1 - act))
    outer = outer or (lambda v, d: v[:, None] * d)
    delta_o = sign * (y - y_hat) * slope(y_hat)
    delta_h = w2 @ delta_o * (slope(a) if hidden_slope else 1.0)
    return lr * outer(x, delta_h), lr * outer(a, delta_o)


def _backprop_step(x, y, W_input_hidden, W_hidden_output, lr):
    return _steps(x, y, W_input_hidden, W_hidden_output, lr)


def _cases() -> list[tuple]:
    rng = np.random.default_rng(4)
    by_hand = (np.array([0.1, 0.3]), np.array([1.0]), np.array([[0.4], [-0.2]]),
               np.array([[0.1]]), 0.5)
    small = (np.array([0.5, 0.1, -0.2]), np.array([0.6]), rng.normal(0, 0.5, (3, 2)),
             rng.normal(0, 0.7, (2, 1)), 0.5)
    square = (rng.normal(size=3), np.array([0.0, 1.0, 1.0]), rng.normal(size=(3, 3)),
              rng.normal(size=(3, 3)), 0.1)
    wide = (rng.normal(size=6), np.array([1.0, 0.0]), rng.normal(0, 0.4, (6, 3)),
            rng.normal(0, 0.6, (3, 2)), 2.0)
    return [by_hand, small, square, wide]


def _loss_grads(x, y, w1, w2):
    """∂E/∂W by centred finite differences, E = ½ Σ_k (y_k − ŷ_k)²."""
    def loss(a1, a2):
        return 0.5 * float(np.sum((y - sigmoid(sigmoid(x @ a1) @ a2)) ** 2))
    return (numerical_gradient(lambda v: loss(v, w2), w1),
            numerical_gradient(lambda v: loss(w1, v), w2))


def _gradient_hint(learner: Callable, cases: list[tuple]) -> str:
    """Which of the learner's two steps agrees with −η·(finite-difference gradient)."""
    for case in cases:
        x, y, w1, w2, lr = case
        try:
            got = learner(*(np.copy(c) if isinstance(c, np.ndarray) else c for c in case))
            g1, g2 = _loss_grads(x, y, w1, w2)
            ok = [np.shape(s) == g.shape and relative_error(s, -lr * g) < 1e-5
                  for s, g in zip(got, (g1, g2), strict=True)]
        except Exception:  # a hint is a bonus; never let it break the check
            return ""
        if ok == [False, True]:
            return (" Finite differences agree with your delta_W_hidden_output but not with "
                    "your delta_W_input_hidden: look at the hidden error term.")
        if ok == [True, False]:
            return (" Finite differences agree with your delta_W_input_hidden but not with "
                    "your delta_W_hidden_output: look at the output error term and a.")
    return ""


def check_backprop_step(backprop_step: Callable) -> None:
    """ex4.1: backprop_step(x, y, W_input_hidden, W_hidden_output, lr) for x (n_inputs,),
    y (n_output,), weights (n_inputs, n_hidden) and (n_hidden, n_output); returns
    (delta_W_input_hidden, delta_W_hidden_output), shaped like the weights."""
    def transposed(v, d):
        return d[:, None] * v

    prime_msg = ("sigmoid_prime is applied to an activation (a value that has already been "
                 "through σ): sigmoid_prime expects the unit's input h; from an activation a "
                 "the slope is a(1 − a).")
    mistakes = [
        Mistake(lambda *c: _steps(*c, slope=sigmoid_prime), prime_msg),
        Mistake(lambda *c: _mixed_slope(*c, hidden_wrong=True), prime_msg),
        Mistake(lambda *c: _mixed_slope(*c, hidden_wrong=False), prime_msg),
        Mistake(lambda *c: _steps(*c, outer=transposed),
                "the outer products are transposed: a step for weights of shape "
                "(n_in, n_out) has the layer's inputs along the rows and its error terms "
                "along the columns."),
        Mistake(lambda *c: _steps(*c, sign=-1.0),
                "the sign is flipped: these steps would make the error larger. The error "
                "is target minus output."),
        Mistake(lambda *c: _steps(*c, hidden_slope=False),
                "the hidden error term lacks the slope f'(h_j) of the hidden units: the "
                "output error, sent back through W, must still be scaled by it."),
        Mistake(lambda *c: _steps(*c[:4], 1.0),
                "the learning rate is missing from the steps."),
    ]
    cases = _cases()
    feedback = run_check("ex4.1", "backprop_step", backprop_step, _backprop_step, cases,
                         mistakes, outputs=OUTPUTS)
    if feedback.line.startswith(FAIL) and not any(m.message in feedback.line
                                                  for m in mistakes):
        feedback = Feedback(False, feedback.line + _gradient_hint(backprop_step, cases))
    report(feedback)


def _mixed_slope(x, y, w1, w2, lr, hidden_wrong: bool):
    a = sigmoid(x @ w1)
    y_hat = sigmoid(a @ w2)
    out_slope = sigmoid_prime(y_hat) if not hidden_wrong else y_hat * (1 - y_hat)
    hid_slope = sigmoid_prime(a) if hidden_wrong else a * (1 - a)
    delta_o = (y - y_hat) * out_slope
    delta_h = w2 @ delta_o * hid_slope
    return lr * x[:, None] * delta_h, lr * a[:, None] * delta_o
