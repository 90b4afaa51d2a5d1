"""Checks for the exercises of 01_one_sigmoid_unit: σ' (ex1.1), the gradient ∂E/∂w derived by
the learner (ex1.2), one delta-rule step (ex1.3) and the steps repeated (ex1.4).

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


# ex1.2 (derive) ----------------------------------------------------------------------------

def _dE_dw(x, y, w):
    """∂E/∂w_i of E = ½(y − ŷ)², ŷ = σ(Σ_j w_j x_j); test_ch01 proves it is the finite
    difference of E."""
    h = np.dot(x, w)
    return -(y - sigmoid(h)) * sigmoid_prime(h) * np.asarray(x, dtype=float)


def _gradient_with(factor: Callable) -> Callable:
    """−(y − ŷ)·factor(x, y, w, h): the chain rule with one of its factors replaced."""
    def wrong(x, y, w):
        h = np.dot(x, w)
        return -(y - sigmoid(h)) * factor(np.asarray(x, dtype=float), w, h)
    return wrong


DE_DW = Exercise(
    "ex1.2", "dE_dw",
    reference=_dE_dw,
    cases=[(_X, 0.2, _W),
           (np.array([1.0, -2.0, 0.5]), 1.0, np.array([0.3, 0.4, -1.0])),
           (np.array([0.0, 2.0, -1.0, 0.5]), 0.0, np.array([1.0, -0.5, 0.25, 2.0])),
           (np.array([-1.5, 0.7]), 0.7, np.array([0.9, 1.2]))],
    mistakes=[
        Mistake("sign-flipped", lambda x, y, w: -_dE_dw(x, y, w),
                "wrong sign: your answer is −∂E/∂w_i (y − ŷ falls when ŷ grows)."),
        Mistake("missing-slope", _gradient_with(lambda x, w, h: x),
                "the slope σ'(h) is missing: w_i reaches ŷ only through h, and ŷ = σ(h)."),
        Mistake("missing-x", _gradient_with(lambda x, w, h: sigmoid_prime(h)),
                "the factor x_i = ∂h/∂w_i is missing: one number, not one entry per weight."),
        Mistake("half-not-cancelled", lambda x, y, w: 0.5 * _dE_dw(x, y, w),
                "your answer is half the gradient: the 2 from the square cancels the ½."),
        Mistake("factor-two", lambda x, y, w: 2 * _dE_dw(x, y, w),
                "your answer is twice the gradient: E has a ½ in front of the square."),
        Mistake("slope-at-output", _gradient_with(lambda x, w, h: sigmoid_prime(sigmoid(h)) * x),
                "you take the slope at ŷ, σ'(ŷ); the chain rule differentiates σ at its "
                "input h."),
        Mistake("sigmoid-for-slope", _gradient_with(lambda x, w, h: sigmoid(h) * x),
                "you multiply by σ(h) = ŷ, the sigmoid itself, where its slope σ'(h) belongs."),
        Mistake("weight-for-input", _gradient_with(lambda x, w, h: sigmoid_prime(h) * w),
                "you multiply by w_i: that is ∂h/∂x_i; E needs ∂h/∂w_i."),
        Mistake("sum-of-inputs", _gradient_with(lambda x, w, h: sigmoid_prime(h) * np.sum(x)),
                "you multiply by Σ_j x_j; only the term w_i x_i of h holds w_i."),
    ],
)


def check_dE_dw(fn: Callable) -> None:
    """ex1.2: ``dE_dw(x, y, w)``, the gradient ∂E/∂w of E = ½(y − ŷ)² with ŷ = σ(Σ_i w_i x_i)
    for one record, one entry per weight (shape of ``w``)."""
    DE_DW.check(fn)


# ex1.3 -------------------------------------------------------------------------------------

def _delta_rule_step(x, y, w, lr):
    h = np.dot(x, w)
    delta = (y - sigmoid(h)) * sigmoid_prime(h)
    return np.asarray(w, dtype=float) + lr * delta * np.asarray(x, dtype=float)


def _step_with(delta: Callable, *, sign: float = 1.0, per_input: bool = True) -> Callable:
    """w + sign·lr·δ·x with a wrong δ(y, h) (the weights and inputs as the check gives them)."""
    def wrong(x, y, w, lr):
        x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
        return w + sign * lr * delta(y, np.dot(x, w)) * (x if per_input else 1.0)
    return wrong


def _right_delta(y, h):
    return (y - sigmoid(h)) * sigmoid_prime(h)


DELTA_RULE_STEP = Exercise(
    "ex1.3", "delta_rule_step",
    reference=_delta_rule_step,
    cases=[(_X, 0.2, _W, 0.5),
           (np.array([1.0, -2.0, 0.5]), 1.0, np.array([0.3, 0.4, -1.0]), 2.0),
           (np.array([0.0, 2.0, -1.0, 0.5]), 0.0, np.array([1.0, -0.5, 0.25, 2.0]), 0.1),
           (np.array([-1.5, 0.7]), 0.7, np.array([0.9, 1.2]), 5.0)],
    mistakes=[
        Mistake("sign-flipped", _step_with(_right_delta, sign=-1.0),
                "you subtract the step; δ already holds the minus."),
        Mistake("returns-step",
                lambda x, y, w, lr: _delta_rule_step(x, y, w, lr) - np.asarray(w, dtype=float),
                "you return the step Δw; the function returns the new weights."),
        Mistake("missing-slope", _step_with(lambda y, h: y - sigmoid(h)),
                "δ lacks the slope σ'(h): your step uses the error y − ŷ alone."),
        Mistake("slope-at-output",
                _step_with(lambda y, h: (y - sigmoid(h)) * sigmoid_prime(sigmoid(h))),
                "you take the slope at ŷ, σ'(ŷ); f' belongs at the unit's input h."),
        Mistake("missing-sigmoid", _step_with(lambda y, h: (y - h) * sigmoid_prime(h)),
                "your ŷ is h: the sigmoid is missing."),
        Mistake("no-learning-rate", lambda x, y, w, lr: _delta_rule_step(x, y, w, 1.0),
                "the learning rate lr is missing from your step."),
        Mistake("no-input-factor", _step_with(_right_delta, per_input=False),
                "each weight moves by the same lr·δ, without its own input x_i."),
    ],
)


def check_delta_rule_step(fn: Callable) -> None:
    """ex1.3: ``delta_rule_step(x, y, w, lr)``, the weights after one step w + η δ x with
    δ = (y − ŷ)σ'(h), shape of ``w``; ``w`` itself unchanged."""
    DELTA_RULE_STEP.check(fn)


# ex1.4 -------------------------------------------------------------------------------------

def _train_unit(x, y, w, lr, steps, *, sign=1.0, at_start=False, first=True, last=True,
                update=True):
    """The outputs ŷ before the first step and after each step; each keyword, away from its
    default, is one typical mistake."""
    x, start = np.asarray(x, dtype=float), np.array(w, dtype=float)
    w = start.copy()
    outputs = [sigmoid(x @ w)]
    for _ in range(steps):
        step = _delta_rule_step(x, y, start if at_start else w, lr) - (start if at_start else w)
        if update:
            w = w + sign * step
        outputs.append(sigmoid(x @ w))
    return np.array(outputs[(0 if first else 1):(None if last else -1)])


def _final_weights(x, y, w, lr, steps):
    for _ in range(steps):
        w = _delta_rule_step(x, y, w, lr)
    return np.asarray(w, dtype=float)


TRAIN_UNIT = Exercise(
    "ex1.4", "train_unit",
    reference=_train_unit,
    cases=[(_X, 0.2, _W, 50.0, 2),
           (np.array([1.0, -2.0, 0.5]), 1.0, np.array([0.3, 0.4, -1.0]), 2.0, 5),
           (np.array([-1.5, 0.7]), 0.7, np.array([0.9, 1.2]), 0.5, 1),
           (_X, 0.2, _W, 0.5, 0)],
    mistakes=[
        Mistake("unchanged", lambda *case: _train_unit(*case, update=False),
                "the weights never change: is each new w kept?"),
        Mistake("sign-flipped", lambda *case: _train_unit(*case, sign=-1.0),
                "your steps go uphill: they are subtracted."),
        Mistake("steps-from-start", lambda *case: _train_unit(*case, at_start=True),
                "each step is taken at the starting weights."),
        Mistake("start-missing", lambda *case: _train_unit(*case, first=False),
                "the starting ŷ is missing."),
        Mistake("last-missing", lambda *case: _train_unit(*case, last=False),
                "the last ŷ, after all the steps, is missing."),
        Mistake("one-step-too-many", lambda x, y, w, lr, steps: _train_unit(x, y, w, lr,
                                                                            steps + 1),
                "you take one step too many."),
        Mistake("no-learning-rate", lambda x, y, w, lr, steps: _train_unit(x, y, w, 1.0, steps),
                "lr is missing from your steps."),
        Mistake("returns-weights", _final_weights,
                "you return the final weights, not the outputs ŷ."),
    ],
)


def check_train_unit(fn: Callable) -> None:
    """ex1.4: ``train_unit(x, y, w, lr, steps)``, the outputs ŷ before the first delta-rule
    step and after each of ``steps`` steps on one record, shape (steps + 1,)."""
    TRAIN_UNIT.check(fn)
