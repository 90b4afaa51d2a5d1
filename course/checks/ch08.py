"""Checks for the exercises of 08_gradient_checking.

ex8.1 the centred difference of a function of one number; ex8.2 the relative error of two
numbers; ex8.3 a gradient check of every weight and bias of a network, one largest relative
error per parameter array (layer by layer), so that a planted bug points at its layer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import sigmoid, sigmoid_prime
from helpers.net_nout_nin import backward, forward, init_params, mean_loss

from ..checking import Exercise, Mistake

__all__ = ["check_centred_difference", "check_layer_errors", "check_rel_error"]


class _Fn:
    """A named function of one number (with its exact slope), so a message can say which."""

    def __init__(self, text: str, fn: Callable[[float], float], prime: Callable[[float], float]):
        self.text, self.fn, self.prime = text, fn, prime

    def __call__(self, x: float) -> float:
        return self.fn(x)

    def __repr__(self) -> str:
        return self.text


def _centred(f, x, eps):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


_CUBE = _Fn("f(x) = x³", lambda x: x ** 3, lambda x: 3 * x ** 2)
_SIGMOID = _Fn("f(x) = σ(x)", lambda x: float(sigmoid(x)), lambda x: float(sigmoid_prime(x)))
_EXP = _Fn("f(x) = eˣ", lambda x: float(np.exp(x)), lambda x: float(np.exp(x)))
_LINE = _Fn("f(x) = 3x − 1", lambda x: 3.0 * x - 1.0, lambda x: 3.0)

CENTRED_DIFFERENCE = Exercise(
    "ex8.1", "centred_difference",
    reference=_centred,
    # x³ at a large ε: the centred difference (12.0001, 3.01) is not the exact slope, so an
    # answer that ignores ε is told apart from a right one
    cases=[(_CUBE, 2.0, 1e-2), (_SIGMOID, 0.5, 1e-3), (_EXP, 0.0, 1e-4), (_LINE, -1.5, 1e-3),
           (_CUBE, 1.0, 0.1)],
    mistakes=[
        Mistake("forward-difference", lambda f, x, eps: (f(x + eps) - f(x)) / eps,
                "this is the forward difference (f(x + ε) − f(x)) / ε: its error shrinks only "
                "like ε."),
        Mistake("backward-difference", lambda f, x, eps: (f(x) - f(x - eps)) / eps,
                "this is the backward difference (f(x) − f(x − ε)) / ε: its error shrinks only "
                "like ε."),
        Mistake("divided-by-eps", lambda f, x, eps: (f(x + eps) - f(x - eps)) / eps,
                "you divide by ε, but x + ε and x − ε are 2ε apart: the result is twice the "
                "slope."),
        Mistake("one-sided-over-2eps", lambda f, x, eps: (f(x + eps) - f(x)) / (2 * eps),
                "you divide a one-sided difference (f(x + ε) − f(x)) by 2ε: half the slope."),
        Mistake("missing-brackets", lambda f, x, eps: (f(x + eps) - f(x - eps)) / 2 * eps,
                "Python reads a / 2 * eps as (a / 2) · eps, so the difference is multiplied by ε "
                "instead of divided by 2ε: the denominator needs brackets."),
        Mistake("exact-slope", lambda f, x, eps: f.prime(x),
                "your answer ignores the eps it is given: it is the exact slope f'(x), closer "
                "than this ε allows, but the cells below need the difference at their ε."),
    ],
    rtol=1e-7,
)


def check_centred_difference(centred_difference: Callable) -> None:
    """ex8.1: ``centred_difference(f, x, eps)`` = (f(x + ε) − f(x − ε)) / 2ε for a function
    ``f`` of one number, a number ``x`` and a step ``eps``; returns a number."""
    CENTRED_DIFFERENCE.check(centred_difference)


def _rel_error(a, n):
    scale = max(abs(a), abs(n))
    return 0.0 if scale == 0 else abs(a - n) / scale


REL_ERROR = Exercise(
    "ex8.2", "rel_error",
    reference=_rel_error,
    cases=[(-2.1e-3, -2e-3), (0.5, 0.5000001), (1.0, -3.0), (2e-9, -1e-9), (3.0, 0.0),
           (0.0, 0.0)],
    mistakes=[
        Mistake("divides-by-n", lambda a, n: abs(a - n) / abs(n),
                "you divide by |n| alone: the measure is then not symmetric, and it breaks when "
                "n is 0."),
        Mistake("divides-by-a", lambda a, n: abs(a - n) / abs(a),
                "you divide by |a| alone: the measure is then not symmetric, and it breaks when "
                "a is 0."),
        Mistake("divides-by-sum", lambda a, n: abs(a - n) / (abs(a) + abs(n)),
                "you divide by |a| + |n|; this course divides by the larger of the two."),
        Mistake("no-absolute-value", lambda a, n: (a - n) / max(abs(a), abs(n)),
                "your error can be negative: the difference needs its absolute value."),
        Mistake("max-without-abs", lambda a, n: abs(a - n) / max(a, n),
                "you divide by max(a, n) without absolute values: for negative numbers the scale "
                "must still be positive."),
        Mistake("epsilon-in-denominator", lambda a, n: abs(a - n) / (max(abs(a), abs(n)) + 1e-12),
                "a small number is added to the denominator: for slopes as small as 1e-9 it "
                "changes the result; the case where both are 0 needs its own answer."),
        Mistake("floor-in-denominator", lambda a, n: abs(a - n) / max(1e-8, abs(a), abs(n)),
                "the denominator has a floor (such as 1e-8): for slopes smaller than it the "
                "result is too small; the case where both are 0 needs its own answer."),
        Mistake("absolute-difference", lambda a, n: abs(a - n),
                "this is the absolute difference |a − n|; the relative error divides it by the "
                "size of the larger number."),
    ],
    rtol=1e-9,
)


def check_rel_error(rel_error: Callable) -> None:
    """ex8.2: ``rel_error(a, n)`` = |a − n| / max(|a|, |n|) for two numbers, 0 when both
    are 0; returns a number."""
    def quiet(a, n, fn=rel_error):
        with np.errstate(all="ignore"):  # a 0/0 shows up as NaN in the message, not a warning
            return fn(a, n)

    REL_ERROR.check(quiet if callable(rel_error) else rel_error)


# --------------------------------------------------------------------------------------------
# ex8.3: every weight and bias of a network


class _Loss:
    """The cost of one network on its data as a function of (weights, biases)."""

    def __init__(self, text: str, X, y, loss: str):
        self.text, self.X, self.y, self.loss = text, X, y, loss

    def __call__(self, weights, biases) -> float:
        return mean_loss(weights, biases, self.X, self.y, self.loss)

    def __repr__(self) -> str:
        return self.text


def _layer_errors(loss, weights, biases, nabla_W, nabla_b, eps, *, steps=(1, -1), denom=2.0,
                  keep=False, measure="max", arrays="all"):
    """The largest relative error per array between the analytic gradient and the centred
    difference. Each keyword, away from its default, is one typical mistake."""
    weights = [np.array(W, dtype=float) for W in weights]
    biases = [np.array(b, dtype=float) for b in biases]

    def numerical(params, k):
        grad = np.zeros_like(params[k])
        for index in np.ndindex(params[k].shape):
            old = params[k][index]
            values = []
            for step in steps:
                params[k][index] = old + step * eps
                values.append(loss(weights, biases))
                if not keep:
                    params[k][index] = old
            if len(values) == 2:
                grad[index] = (values[0] - values[1]) / (denom * eps)
            else:  # one-sided: the loss at the parameters as they came
                params[k][index] = old
                grad[index] = (values[0] - loss(weights, biases)) / eps
        return grad

    def largest(analytic, num):
        analytic = np.asarray(analytic, dtype=float)
        if measure == "norm":
            scale = max(np.linalg.norm(analytic), np.linalg.norm(num))
            return 0.0 if scale == 0 else float(np.linalg.norm(analytic - num) / scale)
        if measure == "absolute":
            return float(np.abs(analytic - num).max())
        scale = np.maximum(np.abs(analytic), np.abs(num))
        rel = np.divide(np.abs(analytic - num), scale, out=np.zeros_like(scale),
                        where=scale > 0)
        return float(rel.max() if measure == "max" else rel.mean())

    errors_W = [largest(nabla_W[k], numerical(weights, k)) for k in range(len(weights))]
    if arrays == "weights":
        return errors_W, [0.0] * len(biases)
    errors_b = [largest(nabla_b[k], numerical(biases, k)) for k in range(len(biases))]
    return errors_W, errors_b


def _with_sigma(weights, biases, X, y):
    """The gradients of a backward pass that uses σ(z) where σ'(z) belongs (MSE)."""
    zs, acts = forward(weights, biases, X)
    delta = (acts[-1] - y) / len(X) * sigmoid_prime(zs[-1])
    nabla_W, nabla_b = [None] * len(weights), [None] * len(biases)
    for i in reversed(range(len(weights))):
        nabla_W[i], nabla_b[i] = delta.T @ acts[i], delta.sum(axis=0)
        if i:
            delta = (delta @ weights[i]) * sigmoid(zs[i - 1])
    return nabla_W, nabla_b


def _ex83_cases() -> list[tuple]:
    rng = np.random.default_rng(8)
    X_or = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y_or = np.array([[0], [1], [1], [1]], dtype=float)
    w6, b6 = init_params([2, 2, 1], rng)
    loss6 = _Loss("the MSE of a 2-2-1 network on OR", X_or, y_or, "mse")
    w7, b7 = init_params([2, 3, 3, 1], rng)
    X7, y7 = rng.standard_normal((5, 2)), np.array([[0], [1], [1], [0], [1]], dtype=float)
    loss7 = _Loss("the MSE of a 2-3-3-1 network on 5 records", X7, y7, "mse")
    w3, b3 = init_params([3, 2], rng)
    X3, y3 = rng.standard_normal((4, 3)), np.array([[1, 0], [0, 1], [1, 1], [0, 0]], float)
    loss3 = _Loss("the MSE of a 3-2 network on 4 records", X3, y3, "mse")
    right6 = backward(w6, b6, X_or, y_or, "mse")
    buggy7 = _with_sigma(w7, b7, X7, y7)
    gw, gb = backward(w3, b3, X3, y3, "mse")
    no_mean3 = ([4 * g for g in gw], [4 * g for g in gb])
    return [(loss6, w6, b6, *right6, 1e-5), (loss7, w7, b7, *buggy7, 1e-5),
            (loss3, w3, b3, *no_mean3, 1e-4)]


LAYER_ERRORS = Exercise(
    "ex8.3", "layer_errors",
    reference=_layer_errors,
    cases=_ex83_cases(),
    mistakes=[
        Mistake("one-sided", partial(_layer_errors, steps=(1,)),
                "your numerical gradient steps to one side only, so even a right gradient shows "
                "an error of order ε."),
        Mistake("divided-by-eps", partial(_layer_errors, denom=1.0),
                "your numerical gradient divides by ε, but the two points are 2ε apart: every "
                "numerical slope comes out twice as large."),
        Mistake("not-put-back", partial(_layer_errors, keep=True),
                "a nudged entry is not put back before the next one is nudged, so every later "
                "slope is taken at moved parameters."),
        Mistake("mean-error", partial(_layer_errors, measure="mean"),
                "you return the mean relative error of an array; a check must show its worst "
                "entry, the largest."),
        Mistake("norm-error", partial(_layer_errors, measure="norm"),
                "you compare whole arrays by their norm; this exercise asks for the largest "
                "relative error of any one entry."),
        Mistake("biases-unchecked", partial(_layer_errors, arrays="weights"),
                "the biases are never checked: errors_b holds zeros where their gradients are "
                "wrong."),
        Mistake("absolute-difference", partial(_layer_errors, measure="absolute"),
                "you take the largest absolute difference |a − n|; the check compares relative "
                "errors, the difference divided by the larger size."),
        Mistake.swapped(_layer_errors, "errors_W", "errors_b"),
    ],
    outputs=("errors_W", "errors_b"),
    rtol=1e-3,
    atol=1e-6,  # errors below 1e-6 are round-off: any two of them agree
)


def check_layer_errors(layer_errors: Callable) -> None:
    """ex8.3: ``layer_errors(loss, weights, biases, nabla_W, nabla_b, eps)`` -> (errors_W,
    errors_b): for every weight matrix and bias vector, the largest relative error between
    its analytic gradient and the centred difference of ``loss(weights, biases)`` in each
    entry; two lists of floats, one per layer. The parameters must come back unchanged."""
    LAYER_ERRORS.check(layer_errors)
