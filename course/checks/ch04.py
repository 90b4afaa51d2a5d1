"""Checks for the exercises of 04_backprop_by_hand.

ex4.1 (derive) ∂E/∂w_i for the input→hidden weights of a network with one hidden unit,
before the text names δ^h; ex4.2 the outer-product weight step Δw_ij = η δ_j x_i; ex4.3 one
backpropagation step of both weight matrices.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import numerical_gradient, relative_error, sigmoid, sigmoid_prime

from ..checking import Exercise, Mistake

__all__ = ["check_backprop_step", "check_dE_dw", "check_weight_step_matrix"]

OUTPUTS = ("delta_W_input_hidden", "delta_W_hidden_output")

_PRIME_ON_ACTIVATION = ("sigmoid_prime is applied to an activation, a value already through "
                        "σ; sigmoid_prime expects a unit's input h.")


# ---------- ex4.1 (derive): ∂E/∂w_i through the hidden unit ----------

def _sigmoid_slope(act):
    """σ'(h) from the unit's activation act = σ(h)."""
    return act * (1 - act)


def _no_slope(act):
    return 1.0


def _dE_dw(x, y, w, W, *, output_slope=_sigmoid_slope, hidden_slope=_sigmoid_slope,
           hidden_slope_at_output=False, through_W=True, times_x=True):
    """∂E/∂w_i of E = ½(y − ŷ)², ŷ = σ(W σ(Σ w_i x_i)) (test_ch04 proves it is the finite
    difference of E); each keyword, away from its default, is one typical slip."""
    a = sigmoid(np.dot(w, x))
    y_hat = sigmoid(W * a)
    slope_h = hidden_slope(y_hat if hidden_slope_at_output else a)
    return (-(y - y_hat) * output_slope(y_hat) * (W if through_W else 1.0) * slope_h
            * (np.asarray(x, dtype=float) if times_x else 1.0))


def _dE_dW(x, y, w, W):
    """∂E/∂W, the gradient of the hidden→output weight: a mistake of ex4.1."""
    a = sigmoid(np.dot(w, x))
    y_hat = sigmoid(W * a)
    return -(y - y_hat) * y_hat * (1 - y_hat) * a


def _dE_dw_cases() -> list[tuple]:
    rng = np.random.default_rng(41)
    by_hand = (np.array([0.1, 0.3]), 1.0, np.array([0.4, -0.2]), 0.1)  # the worked example
    three = (np.array([0.5, -1.2, 2.0]), 0.0, np.array([0.3, 0.8, -0.5]), -1.5)
    drawn = (rng.normal(size=4), 1.0, rng.normal(size=4), 2.5)
    one_input = (np.array([-0.7]), 0.0, np.array([1.3]), 0.8)
    return [three, by_hand, drawn, one_input]


DE_DW = Exercise(
    "ex4.1", "dE_dw",
    reference=_dE_dw,
    cases=_dE_dw_cases(),
    mistakes=[
        Mistake("sign-flipped", lambda *c: -_dE_dw(*c),
                "your answer has the wrong sign: it is −∂E/∂w_i, the direction that lowers "
                "E; ∂E/∂ŷ = −(y − ŷ)."),
        Mistake("missing-hidden-slope", partial(_dE_dw, hidden_slope=_no_slope),
                "the slope σ'(h) = a(1 − a) of the hidden unit is missing: a = σ(h) sits "
                "between h and z."),
        Mistake("missing-output-slope", partial(_dE_dw, output_slope=_no_slope),
                "the slope σ'(z) = ŷ(1 − ŷ) of the output unit is missing: ŷ = σ(z)."),
        Mistake("missing-x", partial(_dE_dw, times_x=False),
                "your answer lacks the factor ∂h/∂w_i = x_i: one number where each weight w_i "
                "has its own."),
        Mistake("missing-weight", partial(_dE_dw, through_W=False),
                "the weight W on the way back is missing: ∂z/∂a = W."),
        Mistake("half-not-cancelled", lambda *c: 0.5 * _dE_dw(*c),
                "your answer is half the gradient: the 2 from differentiating the square "
                "cancels the ½ of E."),
        Mistake("square-not-halved", lambda *c: 2 * _dE_dw(*c),
                "your answer is twice the gradient: E = ½(y − ŷ)², so ∂E/∂ŷ = −(y − ŷ) with "
                "no 2 left."),
        Mistake("prime-of-activation",
                partial(_dE_dw, output_slope=sigmoid_prime, hidden_slope=sigmoid_prime),
                "you take σ' of the activations a and ŷ; σ'(h) = a(1 − a) is the slope at the "
                "unit's input."),
        Mistake("slope-at-output", partial(_dE_dw, hidden_slope_at_output=True),
                "the hidden unit's slope is taken at the output: σ'(h) belongs to the hidden "
                "unit's input h."),
        Mistake("output-weight-gradient", _dE_dW,
                "you return ∂E/∂W, the gradient of the hidden→output weight (its factor is "
                "a); the question is about the input→hidden weights w_i."),
    ],
)


def check_dE_dw(dE_dw: Callable) -> None:
    """ex4.1: dE_dw(x, y, w, W) for inputs x (n_in,), a target y, the weights w (n_in,) into
    the one hidden unit and the number W from it to the output; returns ∂E/∂w_i of
    E = ½(y − ŷ)², ŷ = σ(W σ(Σ_i w_i x_i)), shape (n_in,)."""
    DE_DW.check(dE_dw)


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

def _back(W_hidden_output, delta_o):
    """Σ_k W_jk δ^o_k for every hidden unit j."""
    return W_hidden_output @ delta_o


def _backprop_step(x, y, W_input_hidden, W_hidden_output, lr, *, output_slope=_sigmoid_slope,
                   hidden_slope=_sigmoid_slope, sign=1.0, transposed=False, back=_back):
    """(η x δ^h, η a δ^o) as outer products; each keyword, away from its default, is one
    typical mistake."""
    a = sigmoid(x @ W_input_hidden)
    y_hat = sigmoid(a @ W_hidden_output)
    delta_o = sign * (y - y_hat) * output_slope(y_hat)
    delta_h = back(W_hidden_output, delta_o) * hidden_slope(a)
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
        Mistake("hidden-rule-transposed", partial(_backprop_step, back=lambda W, d: W.T @ d),
                "your hidden error term multiplies W_hidden_output.T by δ^o: row j of "
                "W_hidden_output already holds the weights leaving hidden unit j."),
        Mistake("same-sum-for-all", partial(_backprop_step, back=lambda W, d: np.sum(W * d)),
                "every hidden unit gets the same sum Σ_j Σ_k W_jk δ^o_k: hidden unit j's sum "
                "runs over k with its own weights W_jk."),
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
