"""Checks for the exercises of 08_gradient_checking."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers.activations import sigmoid

from ..checking import Mistake, report, run_check


class _Fn:
    """A named function of one number, so a check message can say which one it used."""

    def __init__(self, text: str, fn: Callable[[float], float]):
        self.text, self.fn = text, fn

    def __call__(self, x: float) -> float:
        return self.fn(x)

    def __repr__(self) -> str:
        return self.text


def _centred(f, x, eps):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


_CUBE = _Fn("f(x) = x³", lambda x: x ** 3)
_SIGMOID = _Fn("f(x) = σ(x)", lambda x: float(sigmoid(x)))
_EXP = _Fn("f(x) = eˣ", lambda x: float(np.exp(x)))
_LINE = _Fn("f(x) = 3x − 1", lambda x: 3.0 * x - 1.0)


def check_centred_difference(centred_difference: Callable) -> None:
    """ex8.1: ``centred_difference(f, x, eps)`` = (f(x + ε) − f(x − ε)) / 2ε for a function
    ``f`` of one number."""
    cases = [(_CUBE, 2.0, 1e-2), (_SIGMOID, 0.5, 1e-3), (_EXP, 0.0, 1e-4), (_LINE, -1.5, 1e-3)]
    mistakes = [
        Mistake(lambda f, x, eps: (f(x + eps) - f(x)) / eps,
                "this is the forward difference (f(x + ε) − f(x)) / ε: its error shrinks only "
                "like ε. Step to both sides of x."),
        Mistake(lambda f, x, eps: (f(x) - f(x - eps)) / eps,
                "this is the backward difference (f(x) − f(x − ε)) / ε: its error shrinks only "
                "like ε. Step to both sides of x."),
        Mistake(lambda f, x, eps: (f(x + eps) - f(x - eps)) / eps,
                "you divide by ε, but x + ε and x − ε are 2ε apart: the result is twice the "
                "slope."),
        Mistake(lambda f, x, eps: (f(x + eps) - f(x)) / (2 * eps),
                "you divide a one-sided difference by 2ε: step to both sides of x, to x + ε "
                "and to x − ε."),
    ]
    report(run_check("ex8.1", "centred_difference", centred_difference, _centred, cases,
                     mistakes, rtol=1e-7))


def _rel_error(a, n):
    scale = max(abs(a), abs(n))
    return 0.0 if scale == 0 else abs(a - n) / scale


def check_rel_error(rel_error: Callable) -> None:
    """ex8.2: ``rel_error(a, n)`` = |a − n| / max(|a|, |n|) for two numbers, 0 when both are 0."""
    cases = [(-2.1e-3, -2e-3), (0.5, 0.5000001), (1.0, -3.0), (2e-9, -1e-9), (3.0, 0.0),
             (0.0, 0.0)]
    mistakes = [
        Mistake(lambda a, n: abs(a - n) / abs(n),
                "you divide by |n| alone; divide by the larger of |a| and |n|, so the measure "
                "is symmetric and still works when one of them is 0."),
        Mistake(lambda a, n: abs(a - n) / abs(a),
                "you divide by |a| alone; divide by the larger of |a| and |n|, so the measure "
                "is symmetric and still works when one of them is 0."),
        Mistake(lambda a, n: abs(a - n) / (abs(a) + abs(n)),
                "you divide by |a| + |n|; this course divides by the larger of the two, "
                "max(|a|, |n|)."),
        Mistake(lambda a, n: (a - n) / max(abs(a), abs(n)),
                "your error can be negative: take the absolute value of the difference."),
        Mistake(lambda a, n: abs(a - n) / max(a, n),
                "you divide by max(a, n) without absolute values: for negative numbers the "
                "scale must still be positive, max(|a|, |n|)."),
    ]

    def quiet(a, n, fn=rel_error):
        with np.errstate(all="ignore"):  # a 0/0 shows up as NaN in the message, not a warning
            return fn(a, n)

    report(run_check("ex8.2", "rel_error", quiet if callable(rel_error) else rel_error,
                     _rel_error, cases, mistakes, rtol=1e-9))
