"""Checks for the exercises of 01_one_sigmoid_unit: σ', the output, δ and the weight step."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers.activations import sigmoid, sigmoid_prime

from ..checking import Mistake, report, run_check

# the worked example of the chapter
_X = np.array([0.1, 0.3])
_W = np.array([-0.8, 0.5])
_H = 0.07


def _sigmoid_prime(z):
    return sigmoid_prime(z)


def check_sigmoid_prime(fn: Callable) -> None:
    """ex1.1: σ'(z) elementwise, same shape as ``z`` (a number for a number)."""
    cases = [(-1.5,),
             (np.array([-6.0, -2.0, -0.5, 0.07, 1.0, 4.0]),),
             (np.array([[0.0, 3.0], [-3.0, 10.0]]),),
             (0.0,)]
    mistakes = [
        Mistake(lambda z: sigmoid(z),
                "you return σ(z), the sigmoid itself, not its slope."),
        Mistake(lambda z: z * (1 - z),
                "you put z itself into σ(1 − σ); the formula needs the sigmoid of z there."),
        Mistake(lambda z: -sigmoid_prime(z),
                "wrong sign: the sigmoid only rises, so its slope is never negative."),
        Mistake(lambda z: sigmoid(z) * (1 - z),
                "you mix σ(z) and z in the product; both factors use the sigmoid of z."),
    ]
    report(run_check("ex1.1", "sigmoid_prime", fn, _sigmoid_prime, cases, mistakes))


def _unit_output(x, w):
    return float(sigmoid(np.dot(x, w)))


def check_unit_output(fn: Callable) -> None:
    """ex1.2: ŷ = σ(Σ_i w_i x_i) for 1-D ``x`` and ``w`` of one length; a single number."""
    cases = [(_X, _W),
             (np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0])),
             (np.zeros(4), np.array([1.0, -2.0, 3.0, -4.0])),
             (np.array([2.0, -1.0, 0.5]), np.array([-3.0, 4.0, 1.0]))]
    mistakes = [
        Mistake(lambda x, w: float(np.dot(x, w)),
                "you return h, the weighted sum; the unit's output passes h through the "
                "sigmoid."),
        Mistake(lambda x, w: sigmoid(x * w),
                "you return σ of every product w_i·x_i separately; add the products up to one "
                "number h first."),
        Mistake(lambda x, w: x * w,
                "you return every product w_i·x_i; they still need adding up, and the sum "
                "goes through the sigmoid."),
    ]
    report(run_check("ex1.2", "unit_output", fn, _unit_output, cases, mistakes))


def _error_term(y, y_hat, h):
    return (y - y_hat) * sigmoid_prime(h)


def _error_term_cases() -> list[tuple]:
    h_batch = np.array([-1.5, 0.3, 2.5, 0.8])
    return [(0.2, sigmoid(_H), _H),
            (1.0, 0.5, 0.0),
            (0.0, sigmoid(2.0), 2.0),
            (np.array([0.0, 1.0, 1.0, 0.0]), sigmoid(h_batch), h_batch),
            (sigmoid(-0.4), sigmoid(-0.4), -0.4)]


def check_error_term(fn: Callable) -> None:
    """ex1.3: δ = (y − ŷ) σ'(h), elementwise for arrays of records."""
    mistakes = [
        Mistake(lambda y, y_hat, h: (y_hat - y) * sigmoid_prime(h),
                "wrong sign: the error in δ is target minus output, not output minus target."),
        Mistake(lambda y, y_hat, h: y - y_hat,
                "you return the error y − ŷ alone; δ also carries the slope of the activation "
                "f'(h)."),
        Mistake(lambda y, y_hat, h: (y - y_hat) * sigmoid_prime(y_hat),
                "you take the slope at ŷ; f' is evaluated at the unit's input h."),
        Mistake(lambda y, y_hat, h: (y - y_hat) * sigmoid(h),
                "you multiply by σ(h); δ needs the slope σ'(h), not the sigmoid itself."),
    ]
    report(run_check("ex1.3", "error_term", fn, _error_term, _error_term_cases(), mistakes))


def _weight_step(lr, delta, x):
    return lr * delta * np.asarray(x, dtype=float)


def check_weight_step(fn: Callable) -> None:
    """ex1.4: Δw = η δ x, one entry per input (shape of ``x``)."""
    cases = [(0.5, -0.0792760616, _X),
             (0.1, 0.25, np.array([1.0, -2.0, 3.0])),
             (2.0, -0.5, np.array([0.5, 0.0, -1.0, 4.0])),
             (0.01, 0.0, np.array([1.0, 1.0]))]
    mistakes = [
        Mistake(lambda lr, delta, x: -lr * delta * x,
                "wrong sign: the minus of gradient descent is already folded into δ, and the "
                "weights are added to."),
        Mistake(lambda lr, delta, x: delta * x,
                "the learning rate η is missing: it sets how big a step is."),
        Mistake(lambda lr, delta, x: np.array([lr * delta * x[0], lr * delta * x[1]]),
                "you wrote out two entries by hand; Δw needs one entry per input, however "
                "many inputs there are."),
        Mistake(lambda lr, delta, x: lr * delta * float(np.sum(x)),
                "you return one number; Δw has one entry per weight, each scaled by its own "
                "input x_i."),
        Mistake(lambda lr, delta, x: lr * delta,
                "you return η·δ alone; each weight's step is also scaled by its own input x_i."),
    ]
    report(run_check("ex1.4", "weight_step", fn, _weight_step, cases, mistakes))
