"""Checks for the exercises of 04_backprop_by_hand.

ex4.1 the hidden error term δ^h = (W δ^o) ∘ a(1 − a); ex4.2 the outer-product weight step
Δw_ij = η δ_j x_i; ex4.3 one backpropagation step of both weight matrices.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import numerical_gradient, relative_error, sigmoid, sigmoid_prime

from ..checking import Exercise, Mistake

__all__ = ["check_backprop_step", "check_hidden_error_term", "check_weight_step_matrix"]

OUTPUTS = ("delta_W_input_hidden", "delta_W_hidden_output")

_PRIME_ON_ACTIVATION = ("sigmoid_prime is applied to an activation, a value already through "
                        "σ; sigmoid_prime expects a unit's input h.")


# ---------- ex4.1: the hidden error term ----------

def _hidden_error_term(delta_o, W_hidden_output, a):
    return (W_hidden_output @ delta_o) * a * (1 - a)


def _hidden_cases() -> list[tuple]:
    rng = np.random.default_rng(42)
    a_example = sigmoid(-0.02)  # the worked example of the chapter
    y_hat_example = sigmoid(0.1 * a_example)
    by_hand = (np.array([(1 - y_hat_example) * y_hat_example * (1 - y_hat_example)]),
               np.array([[0.1]]), np.array([a_example]))
    square = (rng.normal(0, 0.1, 3), rng.normal(size=(3, 3)), rng.uniform(0.1, 0.9, 3))
    two_outputs = (np.array([0.05, -0.12]), rng.normal(size=(4, 2)), rng.uniform(0.1, 0.9, 4))
    saturated = (np.array([0.2]), np.array([[1.0], [-2.0], [0.5]]),
                 np.array([0.999, 0.5, 0.02]))
    return [by_hand, square, two_outputs, saturated]


HIDDEN_ERROR_TERM = Exercise(
    "ex4.1", "hidden_error_term",
    reference=_hidden_error_term,
    cases=_hidden_cases(),
    mistakes=[
        Mistake("missing-slope", lambda d, W, a: W @ d,
                "the slope f'(h_j) of the hidden units is missing."),
        Mistake("prime-of-activation",
                lambda d, W, a: (W @ d) * sigmoid_prime(a), _PRIME_ON_ACTIVATION),
        Mistake("activation-for-slope", lambda d, W, a: (W @ d) * a,
                "you multiply by the activation a instead of the slope a(1 − a)."),
        Mistake("sign-flipped", lambda d, W, a: -(W @ d) * a * (1 - a),
                "the sign is flipped: the error travels back through the weights as it is."),
        Mistake("rule-transposed", lambda d, W, a: (W.T @ d) * a * (1 - a),
                "you multiply W.T @ delta_o: row j of W_hidden_output already holds the "
                "weights leaving hidden unit j."),
        Mistake("one-factor-only", lambda d, W, a: (W @ d) * (1 - a),
                "you multiply by 1 − a alone, one of the two factors of the slope a(1 − a)."),
        Mistake("same-sum-for-all", lambda d, W, a: np.sum(W * d) * a * (1 - a),
                "every hidden unit gets the same sum: the sum over k must use unit j's own "
                "weights W_jk."),
    ],
)


def check_hidden_error_term(hidden_error_term: Callable) -> None:
    """ex4.1: hidden_error_term(delta_o, W_hidden_output, a) for delta_o (n_output,),
    W_hidden_output (n_hidden, n_output) and the hidden activations a (n_hidden,); returns
    δ^h = (W δ^o) ∘ a(1 − a) of shape (n_hidden,)."""
    HIDDEN_ERROR_TERM.check(hidden_error_term)


# ---------- ex4.2: the outer-product weight step ----------

def _weight_step_matrix(lr, delta, x):
    return lr * np.asarray(x, dtype=float)[:, None] * delta


def _step_cases() -> list[tuple]:
    rng = np.random.default_rng(43)
    return [(0.5, rng.normal(0, 0.01, 3), rng.normal(size=6)),
            (0.1, np.array([0.2, -0.1, 0.05]), np.array([1.0, 2.0, -1.0])),
            (0.5, np.array([0.0030455013]), np.array([0.1, 0.3])),
            (2.0, np.array([0.3, -0.6]), np.array([0.5]))]


WEIGHT_STEP_MATRIX = Exercise(
    "ex4.2", "weight_step_matrix",
    reference=_weight_step_matrix,
    cases=_step_cases(),
    mistakes=[
        Mistake("transposed", lambda lr, d, x: lr * d[:, None] * x,
                "the step is transposed: it needs one row per input x_i and one column per "
                "error term δ_j, like the weights."),
        Mistake("no-learning-rate", lambda lr, d, x: x[:, None] * d,
                "the learning rate η is missing."),
        Mistake("sign-flipped", lambda lr, d, x: -lr * x[:, None] * d,
                "the sign is flipped: the minus of gradient descent is already in δ."),
        Mistake("errors-summed", lambda lr, d, x: lr * x * np.sum(d),
                "you return one number per input: the error terms are summed instead of "
                "giving one column each."),
    ],
)


def check_weight_step_matrix(weight_step_matrix: Callable) -> None:
    """ex4.2: weight_step_matrix(lr, delta, x) for error terms delta (n_out,) and inputs
    x (n_in,); returns the (n_in, n_out) matrix with entry (i, j) = η δ_j x_i."""
    WEIGHT_STEP_MATRIX.check(weight_step_matrix)


# ---------- ex4.3: one backpropagation step ----------

def _sigmoid_slope(act):
    """σ'(h) from the unit's activation act = σ(h)."""
    return act * (1 - act)


def _no_slope(act):
    return 1.0


def _backprop_step(x, y, W_input_hidden, W_hidden_output, lr, *, output_slope=_sigmoid_slope,
                   hidden_slope=_sigmoid_slope, sign=1.0, transposed=False):
    """(η x δ^h, η a δ^o) as outer products; each keyword, away from its default, is one
    typical mistake."""
    a = sigmoid(x @ W_input_hidden)
    y_hat = sigmoid(a @ W_hidden_output)
    delta_o = sign * (y - y_hat) * output_slope(y_hat)
    delta_h = W_hidden_output @ delta_o * hidden_slope(a)
    if transposed:
        return lr * (delta_h[:, None] * x), lr * (delta_o[:, None] * a)
    return lr * (x[:, None] * delta_h), lr * (a[:, None] * delta_o)


def _backprop_cases() -> list[tuple]:
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


def _backprop_hint(case, got, expected) -> str | None:
    """A shape slip between 1-D arrays and matrices, or which of the two steps agrees with
    −η·(finite-difference gradient)."""
    if not isinstance(got, (tuple, list)) or len(got) != len(OUTPUTS):
        return None  # the line already says how many results came
    for name, part, want in zip(OUTPUTS, got, expected, strict=True):
        shape = np.shape(part)
        if len(shape) == 1 and want.ndim == 2 and np.size(part) == want.size:
            return (f"Your {name} is 1-D where a matrix of shape {want.shape} is meant; `.T` "
                    f"leaves a 1-D array unchanged.")
    x, y, w1, w2, lr = case
    g1, g2 = _loss_grads(x, y, w1, w2)
    ok = [np.shape(s) == g.shape and relative_error(s, -lr * g) < 1e-5
          for s, g in zip(got, (g1, g2), strict=True)]
    if ok == [False, True]:
        return ("Finite differences agree with your delta_W_hidden_output but not with your "
                "delta_W_input_hidden: look at the hidden error term.")
    if ok == [True, False]:
        return ("Finite differences agree with your delta_W_input_hidden but not with your "
                "delta_W_hidden_output: look at the output error term and a.")
    return None


BACKPROP_STEP = Exercise(
    "ex4.3", "backprop_step",
    reference=_backprop_step,
    cases=_backprop_cases(),
    mistakes=[
        Mistake("prime-of-activation",
                partial(_backprop_step, output_slope=sigmoid_prime, hidden_slope=sigmoid_prime),
                _PRIME_ON_ACTIVATION),
        Mistake("hidden-prime-of-activation",
                partial(_backprop_step, hidden_slope=sigmoid_prime), _PRIME_ON_ACTIVATION),
        Mistake("output-prime-of-activation",
                partial(_backprop_step, output_slope=sigmoid_prime), _PRIME_ON_ACTIVATION),
        Mistake("transposed", partial(_backprop_step, transposed=True),
                "both steps are transposed: a step for weights of shape (n_in, n_out) has "
                "the layer's inputs along the rows."),
        Mistake("sign-flipped", partial(_backprop_step, sign=-1.0),
                "the sign is flipped: these steps would make the error larger."),
        Mistake("missing-hidden-slope", partial(_backprop_step, hidden_slope=_no_slope),
                "the hidden error term lacks the slope f'(h_j) of the hidden units."),
        Mistake("missing-output-slope", partial(_backprop_step, output_slope=_no_slope),
                "the output error term lacks the slope f'(z_k) of the output units."),
        Mistake("no-learning-rate", lambda x, y, w1, w2, lr: _backprop_step(x, y, w1, w2, 1.0),
                "the learning rate is missing from the steps."),
        Mistake("swapped", lambda *case: _backprop_step(*case)[::-1],
                "the two steps are returned in the wrong order."),
        Mistake("returns-weights", lambda x, y, w1, w2, lr: tuple(
                    w + step for w, step in zip((w1, w2), _backprop_step(x, y, w1, w2, lr),
                                                strict=True)),
                "you return the updated weights; this exercise asks for the steps."),
    ],
    outputs=OUTPUTS,
    hint=_backprop_hint,
)


def check_backprop_step(backprop_step: Callable) -> None:
    """ex4.3: backprop_step(x, y, W_input_hidden, W_hidden_output, lr) for x (n_in,),
    y (n_output,), weights (n_in, n_hidden) and (n_hidden, n_output); returns
    (delta_W_input_hidden, delta_W_hidden_output), shaped like the weights."""
    BACKPROP_STEP.check(backprop_step)
