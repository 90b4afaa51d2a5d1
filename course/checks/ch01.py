"""Checks for the exercises of 01_one_sigmoid_unit: σ', the output, δ and the weight step.

In every exercise the first input is one on which the reference and each typical mistake give
different answers, so a mistake is named only when it really explains the learner's answer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers.activations import sigmoid, sigmoid_prime

from ..checking import Exercise, Mistake

# the worked example of the chapter
_X = np.array([0.1, 0.3])
_W = np.array([-0.8, 0.5])
_H = 0.07


# ex1.1 -------------------------------------------------------------------------------------

def _sigmoid_prime(z):
    return sigmoid_prime(z)


SIGMOID_PRIME = Exercise(
    "ex1.1", "sigmoid_prime",
    reference=_sigmoid_prime,
    cases=[(-1.5,),
           (np.array([-6.0, -2.0, -0.5, 0.07, 1.0, 4.0]),),
           (np.array([[0.0, 3.0], [-3.0, 10.0]]),),
           (0.0,)],
    mistakes=[
        Mistake("sigmoid-not-slope", lambda z: sigmoid(z),
                "you return σ(z), the sigmoid itself, not its slope."),
        Mistake("z-for-sigma", lambda z: z * (1 - z),
                "you put z itself into σ(1 − σ), where the sigmoid of z belongs."),
        Mistake("sign-flipped", lambda z: -sigmoid_prime(z),
                "wrong sign: the sigmoid only rises, so its slope is never negative."),
        Mistake("mixes-sigma-and-z", lambda z: sigmoid(z) * (1 - z),
                "you mix σ(z) and z in the product σ(1 − σ)."),
        Mistake("sigmoid-twice", lambda z: sigmoid_prime(sigmoid(z)),
                "you take the sigmoid twice: your answer is the slope at σ(z), not at z."),
        Mistake("one-factor-only", lambda z: 1 - sigmoid(z),
                "you return 1 − σ(z), only one of the two factors of the slope."),
    ],
)


def check_sigmoid_prime(fn: Callable) -> None:
    """ex1.1: σ'(z) elementwise, same shape as ``z`` (a number for a number)."""
    SIGMOID_PRIME.check(fn)


# ex1.2 -------------------------------------------------------------------------------------

def _unit_output(x, w):
    return float(sigmoid(np.dot(x, w)))


UNIT_OUTPUT = Exercise(
    "ex1.2", "unit_output",
    reference=_unit_output,
    cases=[(_X, _W),
           (np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0])),
           (np.zeros(4), np.array([1.0, -2.0, 3.0, -4.0])),
           (np.array([2.0, -1.0, 0.5]), np.array([-3.0, 4.0, 1.0]))],
    mistakes=[
        Mistake("missing-sigmoid", lambda x, w: float(np.dot(x, w)),
                "you return h, the weighted sum: the sigmoid is missing."),
        Mistake("sigmoid-per-product", lambda x, w: sigmoid(x * w),
                "you return σ of every product w_i·x_i separately; ŷ is one number."),
        Mistake("products-not-summed", lambda x, w: x * w,
                "you return every product w_i·x_i, neither added up nor through the sigmoid."),
        Mistake("sign-flipped", lambda x, w: float(sigmoid(-np.dot(x, w))),
                "you return σ(−h) = 1 − σ(h): a sign slip, in the exponent or in front of σ."),
        Mistake("slope-not-output", lambda x, w: float(sigmoid_prime(np.dot(x, w))),
                "you return the slope σ'(h), not the output σ(h)."),
        Mistake("adds-input-and-weight", lambda x, w: float(sigmoid(np.sum(x + w))),
                "you add x_i and w_i; in h each input is multiplied by its own weight."),
    ],
)


def check_unit_output(fn: Callable) -> None:
    """ex1.2: ŷ = σ(Σ_i w_i x_i) for 1-D ``x`` and ``w`` of one length; a single number."""
    UNIT_OUTPUT.check(fn)


# ex1.3 -------------------------------------------------------------------------------------

def _error_term(y, y_hat, h):
    return (y - y_hat) * sigmoid_prime(h)


def _error_term_cases() -> list[tuple]:
    h_batch = np.array([-1.5, 0.3, 2.5, 0.8])
    return [(0.2, sigmoid(_H), _H),
            (1.0, 0.5, 0.0),
            (0.0, sigmoid(2.0), 2.0),
            (np.array([0.0, 1.0, 1.0, 0.0]), sigmoid(h_batch), h_batch),
            (sigmoid(-0.4), sigmoid(-0.4), -0.4)]


ERROR_TERM = Exercise(
    "ex1.3", "error_term",
    reference=_error_term,
    cases=_error_term_cases(),
    mistakes=[
        Mistake("sign-flipped", lambda y, y_hat, h: (y_hat - y) * sigmoid_prime(h),
                "wrong sign: your error is output minus target, ŷ − y."),
        Mistake("missing-slope", lambda y, y_hat, h: y - y_hat,
                "you return the error y − ŷ alone: the slope f'(h) is missing."),
        Mistake("slope-at-output", lambda y, y_hat, h: (y - y_hat) * sigmoid_prime(y_hat),
                "you take the slope at ŷ, σ'(ŷ); f' belongs at the unit's input h."),
        Mistake("sigmoid-for-slope", lambda y, y_hat, h: (y - y_hat) * sigmoid(h),
                "you multiply by σ(h) = ŷ, the sigmoid itself, not its slope."),
        Mistake("slope-from-input", lambda y, y_hat, h: (y - y_hat) * h * (1 - h),
                "your slope is h(1 − h): h is the unit's input, not its output."),
        Mistake("slope-from-target", lambda y, y_hat, h: (y - y_hat) * y * (1 - y),
                "your slope is y(1 − y), from the target y; f'(h) comes from the unit's "
                "output."),
        Mistake("squared-error", lambda y, y_hat, h: (y - y_hat) ** 2 * sigmoid_prime(h),
                "you square the error (y − ŷ)²; δ uses the error itself, y − ŷ."),
    ],
)


def check_error_term(fn: Callable) -> None:
    """ex1.3: δ = (y − ŷ) σ'(h), elementwise for arrays of records."""
    ERROR_TERM.check(fn)


# ex1.4 -------------------------------------------------------------------------------------

def _weight_step(lr, delta, x):
    return lr * delta * np.asarray(x, dtype=float)


WEIGHT_STEP = Exercise(
    "ex1.4", "weight_step",
    reference=_weight_step,
    cases=[(0.5, -0.0792760616, _X),
           (0.1, 0.25, np.array([1.0, -2.0, 3.0])),
           (2.0, -0.5, np.array([0.5, 0.0, -1.0, 4.0])),
           (0.01, 0.0, np.array([1.0, 1.0]))],
    mistakes=[
        Mistake("sign-flipped", lambda lr, delta, x: -lr * delta * x,
                "wrong sign: the minus of gradient descent is already inside delta."),
        Mistake("no-learning-rate", lambda lr, delta, x: delta * x,
                "the learning rate lr is missing from your step."),
        Mistake("no-error-term", lambda lr, delta, x: lr * x,
                "the error term delta is missing from your step."),
        Mistake("two-entries-by-hand",
                lambda lr, delta, x: np.array([lr * delta * x[0], lr * delta * x[1]]),
                "you wrote out two entries by hand; x can have any number of inputs."),
        Mistake("summed-to-one-number", lambda lr, delta, x: lr * delta * float(np.sum(x)),
                "you return one number; Δw has one entry per input x_i."),
        Mistake("no-input-factor", lambda lr, delta, x: lr * delta,
                "you return lr·delta alone; each weight's step is also scaled by its own "
                "input x_i."),
        Mistake("returns-x-plus-step", lambda lr, delta, x: x + lr * delta * x,
                "you return x plus the step: Δw is the step alone."),
    ],
)


def check_weight_step(fn: Callable) -> None:
    """ex1.4: Δw = η δ x, one entry per input (shape of ``x``)."""
    WEIGHT_STEP.check(fn)
