"""Checks for the exercises of 07_cross_entropy_deeper_network.

ex7.1 (derive) ∂L/∂z of one record's binary cross-entropy for a sigmoid output, before the
text shows it is p − y; ex7.2 the cost C (mean binary cross-entropy) of a batch with its
output error term dZ ≡ δ = ∂C/∂Z; ex7.3 full-batch gradient descent on the 2-3-3-1 network,
the costs recorded epoch by epoch, with chapter 6's forward and backward passed in (the
learner's in the notebook, the course's in the check) and the cross-entropy's δ^[L] given to
backward as output_delta.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import sigmoid
from helpers.net_nout_nin import init_params

from ..checking import Exercise, Mistake
from .ch06_network import BACKWARD, FORWARD

__all__ = ["check_cost_and_delta", "check_dL_dz", "check_gradient_descent"]

# ---------- ex7.1 ----------


def _dL_dz(z, y):
    return sigmoid(z) - y  # test_ch07 proves it is the finite difference of L(σ(z))


def _dz_cases() -> list[tuple]:
    rng = np.random.default_rng(71)
    mixed = (np.array([-2.0, -0.5, 0.3, 1.5]), np.array([1.0, 0.0, 1.0, 0.0]))
    drawn = (rng.uniform(-3, 3, size=6), (rng.uniform(size=6) < 0.5).astype(float))
    return [mixed, (0.8, 1.0), (-1.2, 0.0), drawn]


def _p(z):
    return sigmoid(np.asarray(z, dtype=float))


DL_DZ = Exercise(
    "ex7.1", "dL_dz",
    reference=_dL_dz,
    cases=_dz_cases(),
    mistakes=[
        Mistake("keeps-slope", lambda z, y: (_p(z) - y) * _p(z) * (1 - _p(z)),
                "your answer is (p − y)·p(1 − p): the ∂L/∂p of cross-entropy carries a "
                "1/(p(1 − p)) that cancels the slope of the sigmoid."),
        Mistake("slope-in-output", lambda z, y: (_p(z) - y) / (_p(z) * (1 - _p(z))),
                "your answer is ∂L/∂p, the slope in the output p; ∂L/∂z needs one chain-rule "
                "factor more, ∂p/∂z."),
        Mistake("sign-flipped", lambda z, y: y - _p(z),
                "your answer has the wrong sign: L grows when p moves away from y."),
        Mistake("plus-in-bracket", lambda z, y: -(y * (1 - _p(z)) + (1 - y) * _p(z)),
                "your ∂L/∂p has a plus inside the bracket: the derivative of ln(1 − p) is "
                "−1/(1 − p), with a minus."),
        Mistake("z-for-p", lambda z, y: np.asarray(z, dtype=float) - y,
                "your answer uses z where the output p = σ(z) belongs."),
        Mistake("sigmoid-for-slope", lambda z, y: (_p(z) - y) / (1 - _p(z)),
                "you multiply ∂L/∂p by σ(z) where the slope ∂p/∂z = σ'(z) = p(1 − p) belongs."),
    ],
)


def check_dL_dz(dL_dz: Callable) -> None:
    """ex7.1: ``dL_dz(z, y)``, ∂L/∂z of L = −(y ln p + (1 − y) ln(1 − p)) with p = σ(z), for
    numbers or arrays z and y of one shape (entry by entry)."""
    DL_DZ.check(dL_dz)


# ---------- ex7.2 ----------


def _cost_and_delta(P, Y):
    m = len(Y)
    C = -np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / m
    return C, (P - Y) / m


def _cost_cases() -> list[tuple]:
    rng = np.random.default_rng(72)
    mixed = (np.array([[0.9], [0.2], [0.6], [0.35]]), np.array([[1.0], [0.0], [0.0], [1.0]]))
    one = (np.array([[0.3]]), np.array([[1.0]]))
    drawn = (sigmoid(2 * rng.standard_normal((6, 1))),
             np.array([[1.0], [0.0], [1.0], [1.0], [0.0], [0.0]]))
    return [mixed, one, drawn]


def _cost(P, Y, *, mean=True, ln=np.log, both=True):
    inside = Y * ln(P) + ((1 - Y) * ln(1 - P) if both else 0.0)
    return -np.sum(inside) / (len(Y) if mean else 1)


COST_AND_DELTA = Exercise(
    "ex7.2", "cost_and_delta",
    reference=_cost_and_delta,
    cases=_cost_cases(),
    mistakes=[
        Mistake("delta-no-mean", lambda P, Y: (_cost(P, Y), P - Y),
                "your dZ is m times too large: C is the mean over the m records, so each row "
                "of dZ carries a 1/m."),
        Mistake("no-mean", lambda P, Y: (_cost(P, Y, mean=False), P - Y),
                "you sum the losses of the m records; C is their mean, and dZ carries its 1/m."),
        Mistake("cost-summed", lambda P, Y: (_cost(P, Y, mean=False), (P - Y) / len(Y)),
                "your C is the sum of the m losses; C is their mean."),
        Mistake("sign-flipped", lambda P, Y: (_cost(P, Y), (Y - P) / len(Y)),
                "your dZ has the wrong sign: C grows when P moves away from Y."),
        Mistake("keeps-slope", lambda P, Y: (_cost(P, Y), (P - Y) * P * (1 - P) / len(Y)),
                "your dZ keeps the slope p(1 − p) of the sigmoid; under cross-entropy it "
                "cancels."),
        Mistake("cost-sign", lambda P, Y: (-_cost(P, Y), (P - Y) / len(Y)),
                "your C is negative: a loss is −ln of a probability, mind the minus in front."),
        Mistake("one-term", lambda P, Y: (_cost(P, Y, both=False), (P - Y) / len(Y)),
                "your C leaves out the (1 − y) ln(1 − p) term, so records of class 0 cost "
                "nothing."),
        Mistake("log10", lambda P, Y: (_cost(P, Y, ln=np.log10), (P - Y) / len(Y)),
                "your C uses a base-10 logarithm; cross-entropy uses the natural one, ln."),
        Mistake("delta-averaged", lambda P, Y: (_cost(P, Y), np.mean(P - Y)),
                "your dZ is one number; it keeps one row per record, shape (m, 1)."),
        Mistake.swapped(_cost_and_delta, "C", "dZ"),
    ],
    outputs=("C", "dZ"),
)


def check_cost_and_delta(cost_and_delta: Callable) -> None:
    """ex7.2: ``cost_and_delta(P, Y)`` -> (C, dZ) for outputs P and targets Y of shape (m, 1):
    the mean binary cross-entropy C and dZ = ∂C/∂Z, shape (m, 1)."""
    COST_AND_DELTA.check(cost_and_delta)


# ---------- ex7.3 ----------


def _bce_delta(Z, A, Y):
    """δ^[L] = ∂C/∂Z^[L] of the mean cross-entropy after a sigmoid, as chapter 6's backward
    takes it (output_delta)."""
    return (A - Y) / len(Y)


def _gradient_descent(X, y, weights, biases, lr, epochs, forward, backward, *, sign=1.0,
                      cross_entropy=True, move_biases=True, gradient_once=False,
                      cost_after=False):
    """Full-batch gradient descent with chapter 6's ``forward`` and ``backward`` passed in;
    costs[k] is C at the weights of epoch k's gradient. Each keyword after the *, away from
    its default, is one typical mistake."""
    def gradients(weights, biases):
        if cross_entropy:
            return backward(X, y, weights, biases, output_delta=_bce_delta)
        return backward(X, y, weights, biases)  # the default output_delta: the squared error's

    def cost(weights, biases):
        return _cost(forward(X, weights, biases)[1][-1], y)

    weights, biases = list(weights), list(biases)
    once = gradients(weights, biases) if gradient_once else None
    costs = []
    for _ in range(epochs):
        if not cost_after:
            costs.append(cost(weights, biases))
        nabla_w, nabla_b = once or gradients(weights, biases)
        weights = [W - sign * lr * g for W, g in zip(weights, nabla_w, strict=True)]
        if move_biases:
            biases = [b - sign * lr * g for b, g in zip(biases, nabla_b, strict=True)]
        if cost_after:
            costs.append(cost(weights, biases))
    return tuple(weights), tuple(biases), costs  # tuples: compared array by array


def _descent_cases() -> list[tuple]:
    """(X, y, weights, biases, lr, epochs, forward, backward): chapter 6's network is the
    course's, so that the check sees the learner's loop alone."""
    rng = np.random.default_rng(73)
    cases = []
    for sizes, m, lr, epochs in (([2, 3, 3, 1], 5, 1.5, 3), ([2, 2, 1], 4, 0.5, 1),
                                 ([2, 3, 1], 6, 2.0, 4)):
        weights, biases = init_params(sizes, rng)
        X = rng.standard_normal((m, 2))
        y = (np.arange(m) % 2).astype(float)[:, None]
        cases.append((X, y, weights, biases, lr, epochs, FORWARD, BACKWARD))
    return cases


GRADIENT_DESCENT = Exercise(
    "ex7.3", "gradient_descent",
    reference=_gradient_descent,
    cases=_descent_cases(),
    mistakes=[
        Mistake("sign-flipped", partial(_gradient_descent, sign=-1.0),
                "your steps go uphill: each parameter moves by −lr times its gradient."),
        Mistake("no-learning-rate",
                lambda X, y, w, b, lr, *rest: _gradient_descent(X, y, w, b, 1.0, *rest),
                "the learning rate is missing from the update."),
        Mistake("mse-gradient", partial(_gradient_descent, cross_entropy=False),
                "your gradients are those of the squared error (backward's default "
                "output_delta); pass the cross-entropy's, bce_delta, as output_delta."),
        Mistake("biases-frozen", partial(_gradient_descent, move_biases=False),
                "your biases never change: they move against their gradients too."),
        Mistake("gradient-at-start", partial(_gradient_descent, gradient_once=True),
                "every step uses the gradient at the starting weights; each epoch needs the "
                "gradient at the weights the last step left."),
        Mistake("cost-after-update", partial(_gradient_descent, cost_after=True),
                "your costs are recorded after each update; costs[k] is the cost at the "
                "weights epoch k starts from (the first is the starting cost)."),
        Mistake("one-epoch-too-many", lambda X, y, w, b, lr, epochs, *rest: _gradient_descent(
                    X, y, w, b, lr, epochs + 1, *rest),
                "you take one step more than `epochs`."),
    ],
    outputs=("weights", "biases", "costs"),
)


def check_gradient_descent(gradient_descent: Callable) -> None:
    """ex7.3: ``gradient_descent(X, y, weights, biases, lr, epochs, forward, backward)`` ->
    (weights, biases, costs): ``epochs`` full-batch steps on the mean binary cross-entropy with
    chapter 6's forward and backward (the check passes the course's), new lists (the ones
    passed in unchanged), costs[k] the cost at the start of epoch k."""
    GRADIENT_DESCENT.check(gradient_descent)
