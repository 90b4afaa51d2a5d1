"""Checks for the exercises of 03_multilayer_forward_pass.

ex3.1 the forward pass of a network without biases (inputs as a row, W of shape
(n_in, n_out)); ex3.2 the same with biases; ex3.3 the transposed orientation with biases
(W of shape (n_out, n_in) times a column); ex3.4 the initial weights, normal(0, n_in^-1/2).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import sigmoid

from ..checking import Exercise, Mistake

__all__ = ["check_forward_pass", "check_forward_pass_bias", "check_forward_pass_columns",
           "check_init_weights"]


# ---------- ex3.1: the forward pass, no biases ----------

def _forward_pass(x, W_input_hidden, W_hidden_output):
    return sigmoid(sigmoid(x @ W_input_hidden) @ W_hidden_output)


def _forward_cases() -> list[tuple]:
    rng = np.random.default_rng(3)
    # square weights first: there a wrong orientation gives wrong numbers instead of an error
    square = (rng.normal(size=3), rng.normal(size=(3, 3)), rng.normal(size=(3, 3)))
    net_432 = (np.array([0.5, -0.2, 0.1, 0.9]), rng.normal(0, 0.5, (4, 3)),
               rng.normal(0, 3 ** -0.5, (3, 2)))
    zeros = (np.zeros(4), rng.normal(size=(4, 3)), rng.normal(size=(3, 2)))
    large = (np.array([8.0, -6.0, 5.0, 7.0]), rng.normal(size=(4, 3)), rng.normal(size=(3, 2)))
    one_unit = (np.array([0.1, 0.3]), np.array([[0.4], [-0.2]]), np.array([[0.1]]))
    return [square, net_432, zeros, large, one_unit]


FORWARD_PASS = Exercise(
    "ex3.1", "forward_pass",
    reference=_forward_pass,
    cases=_forward_cases(),
    mistakes=[
        Mistake("no-output-sigmoid", lambda x, w1, w2: sigmoid(x @ w1) @ w2,
                "the output layer has no sigmoid: ŷ is σ of the output units' inputs."),
        Mistake("no-hidden-sigmoid", lambda x, w1, w2: sigmoid((x @ w1) @ w2),
                "σ is applied only on the output layer: the hidden layer passes h on "
                "instead of σ(h)."),
        Mistake("no-sigmoid", lambda x, w1, w2: (x @ w1) @ w2,
                "there is no sigmoid at all: both layers pass their input through σ."),
        Mistake("output-sigmoid-twice",
                lambda x, w1, w2: sigmoid(sigmoid(sigmoid(x @ w1) @ w2)),
                "σ is applied twice on the output layer."),
        Mistake("hidden-sigmoid-twice",
                lambda x, w1, w2: sigmoid(sigmoid(sigmoid(x @ w1)) @ w2),
                "σ is applied twice on the hidden layer."),
        Mistake("returns-hidden", lambda x, w1, w2: sigmoid(x @ w1),
                "you return the hidden activations; the network's output comes one layer "
                "later."),
        Mistake("column-not-1d", lambda x, w1, w2: _forward_pass(x, w1, w2)[:, None],
                "ŷ comes out as a column of shape (n_output, 1); x is 1-D, and so is ŷ."),
        Mistake("wrong-way-round", lambda x, w1, w2: sigmoid(w2 @ sigmoid(w1 @ x)),
                "you multiply W @ (the layer's input) in both layers, the weights the wrong "
                "way round: row i of each matrix belongs to input i of its layer."),
        Mistake("hidden-wrong-way-round", lambda x, w1, w2: sigmoid(sigmoid(w1 @ x) @ w2),
                "you multiply W_input_hidden @ x, the weights the wrong way round: row i of "
                "W_input_hidden belongs to input i."),
    ],
)


def check_forward_pass(forward_pass: Callable) -> None:
    """ex3.1: forward_pass(x, W_input_hidden, W_hidden_output) for a 1-D ``x`` (n_in,),
    weights (n_in, n_hidden) and (n_hidden, n_output); returns ŷ of shape (n_output,)."""
    FORWARD_PASS.check(forward_pass)


# ---------- ex3.2: with biases, inputs as a row ----------

def _forward_pass_bias(x, W_input_hidden, b_hidden, W_hidden_output, b_output):
    return sigmoid(sigmoid(x @ W_input_hidden + b_hidden) @ W_hidden_output + b_output)


def _bias_cases() -> list[tuple]:
    rng = np.random.default_rng(32)
    square = (rng.normal(size=3), rng.normal(size=(3, 3)), rng.normal(size=3),
              rng.normal(size=(3, 3)), rng.normal(size=3))
    net_432 = (np.array([0.5, -0.2, 0.1, 0.9]), rng.normal(0, 0.5, (4, 3)),
               np.array([0.1, -0.3, 0.2]), rng.normal(0, 3 ** -0.5, (3, 2)),
               np.array([0.5, -0.5]))
    zeros = (np.zeros(4), rng.normal(size=(4, 3)), rng.normal(size=3), rng.normal(size=(3, 2)),
             rng.normal(size=2))
    one_unit = (np.array([0.1, 0.3]), np.array([[0.4], [-0.2]]), np.array([0.25]),
                np.array([[0.1]]), np.array([-0.4]))
    wide = (rng.normal(size=5), rng.normal(0, 5 ** -0.5, (5, 4)), rng.normal(size=4),
            rng.normal(0, 0.5, (4, 1)), np.array([1.5]))
    return [square, net_432, zeros, one_unit, wide]


FORWARD_PASS_BIAS = Exercise(
    "ex3.2", "forward_pass_bias",
    reference=_forward_pass_bias,
    cases=_bias_cases(),
    mistakes=[
        Mistake("no-biases", lambda x, W1, b1, W2, b2: sigmoid(sigmoid(x @ W1) @ W2),
                "no bias is added in either layer."),
        Mistake("no-hidden-bias", lambda x, W1, b1, W2, b2: sigmoid(sigmoid(x @ W1) @ W2 + b2),
                "b_hidden is never added: the hidden units' inputs lack their biases."),
        Mistake("no-output-bias", lambda x, W1, b1, W2, b2: sigmoid(sigmoid(x @ W1 + b1) @ W2),
                "b_output is never added: the output units' inputs lack their biases."),
        Mistake("biases-after-sigmoid",
                lambda x, W1, b1, W2, b2: sigmoid((sigmoid(x @ W1) + b1) @ W2) + b2,
                "the biases are added after σ: a bias belongs inside the unit's input h."),
        Mistake("biases-in-weights",
                lambda x, W1, b1, W2, b2: sigmoid(sigmoid(x @ (W1 + b1)) @ (W2 + b2)),
                "the biases are added to the weight matrices before the product, so each "
                "bias is multiplied by the inputs."),
        Mistake("no-hidden-sigmoid", lambda x, W1, b1, W2, b2: sigmoid((x @ W1 + b1) @ W2 + b2),
                "σ is applied only on the output layer: the hidden layer passes h on "
                "instead of σ(h)."),
        Mistake("no-output-sigmoid", lambda x, W1, b1, W2, b2: sigmoid(x @ W1 + b1) @ W2 + b2,
                "the output layer has no sigmoid: ŷ is σ of the output units' inputs."),
    ],
)


def check_forward_pass_bias(forward_pass_bias: Callable) -> None:
    """ex3.2: forward_pass_bias(x, W_input_hidden, b_hidden, W_hidden_output, b_output):
    ``x`` (n_in,), weights (n_in, n_hidden) and (n_hidden, n_output), biases (n_hidden,) and
    (n_output,); returns ŷ = σ(σ(x W1 + b1) W2 + b2) of shape (n_output,)."""
    FORWARD_PASS_BIAS.check(forward_pass_bias)


# ---------- ex3.3: with biases, the transposed orientation (columns) ----------

def _forward_pass_columns(x, W1, b1, W2, b2):
    column = np.asarray(x, dtype=float)[:, None]
    return sigmoid(W2 @ sigmoid(W1 @ column + b1) + b2)


def _columns_cases() -> list[tuple]:
    rng = np.random.default_rng(33)
    square = (rng.normal(size=3), rng.normal(size=(3, 3)), rng.normal(size=(3, 1)),
              rng.normal(size=(3, 3)), rng.normal(size=(3, 1)))
    net_432 = (np.array([0.5, -0.2, 0.1, 0.9]), rng.normal(0, 0.5, (3, 4)),
               np.array([[0.1], [-0.3], [0.2]]), rng.normal(0, 3 ** -0.5, (2, 3)),
               np.array([[0.5], [-0.5]]))
    one_hidden = (np.array([0.1, 0.3]), np.array([[0.4, -0.2]]), np.array([[0.25]]),
                  np.array([[0.1], [-0.7]]), np.array([[-0.4], [0.3]]))
    wide = (rng.normal(size=5), rng.normal(0, 5 ** -0.5, (4, 5)), rng.normal(size=(4, 1)),
            rng.normal(0, 0.5, (2, 4)), np.array([[1.5], [-1.0]]))
    return [square, net_432, one_hidden, wide]


FORWARD_PASS_COLUMNS = Exercise(
    "ex3.3", "forward_pass_columns",
    reference=_forward_pass_columns,
    cases=_columns_cases(),
    mistakes=[
        Mistake("x-not-a-column", lambda x, W1, b1, W2, b2: sigmoid(W2 @ sigmoid(W1 @ x + b1) + b2),
                "x met W1 as a 1-D array (`.T` leaves it as it is), so adding the column "
                "b1 broadcast the 1-D W1 @ x into a square matrix."),
        Mistake("output-1d", lambda *c: _forward_pass_columns(*c).ravel(),
                "ŷ comes out 1-D; in this orientation it is a column of shape "
                "(n_output, 1)."),
        Mistake("output-row", lambda *c: _forward_pass_columns(*c).T,
                "ŷ comes out as a row of shape (1, n_output); in this orientation it is a "
                "column."),
        Mistake("no-biases", lambda x, W1, b1, W2, b2: sigmoid(W2 @ sigmoid(W1 @ x[:, None])),
                "no bias is added in either layer."),
        Mistake("no-hidden-bias",
                lambda x, W1, b1, W2, b2: sigmoid(W2 @ sigmoid(W1 @ x[:, None]) + b2),
                "b1 is never added: the hidden units' inputs lack their biases."),
        Mistake("no-output-bias",
                lambda x, W1, b1, W2, b2: sigmoid(W2 @ sigmoid(W1 @ x[:, None] + b1)),
                "b2 is never added: the output units' inputs lack their biases."),
        Mistake("biases-after-sigmoid",
                lambda x, W1, b1, W2, b2: sigmoid(W2 @ (sigmoid(W1 @ x[:, None]) + b1)) + b2,
                "the biases are added after σ: a bias belongs inside the unit's input."),
        Mistake("no-hidden-sigmoid",
                lambda x, W1, b1, W2, b2: sigmoid(W2 @ (W1 @ x[:, None] + b1) + b2),
                "σ is applied only on the output layer: the hidden layer passes W1 x + b1 "
                "on instead of σ of it."),
        Mistake("no-output-sigmoid",
                lambda x, W1, b1, W2, b2: W2 @ sigmoid(W1 @ x[:, None] + b1) + b2,
                "the output layer has no sigmoid: ŷ is σ of the output units' inputs."),
    ],
)


def check_forward_pass_columns(forward_pass_columns: Callable) -> None:
    """ex3.3: forward_pass_columns(x, W1, b1, W2, b2): ``x`` 1-D (n_in,), W1 (n_hidden, n_in),
    b1 (n_hidden, 1), W2 (n_output, n_hidden), b2 (n_output, 1); returns the column
    ŷ = σ(W2 σ(W1 x + b1) + b2) of shape (n_output, 1)."""
    FORWARD_PASS_COLUMNS.check(forward_pass_columns)


# ---------- ex3.4: the initial weights ----------

def _init_weights(n_in, n_out, seed, *, sd=lambda n_in, n_out: n_in ** -0.5,
                  transposed=False):
    """normal(0, n_in^-1/2) of shape (n_in, n_out); ``sd`` and ``transposed`` reproduce
    typical mistakes."""
    rng = np.random.default_rng(seed)
    return rng.normal(0, sd(n_in, n_out), size=(n_out, n_in) if transposed else (n_in, n_out))


def _draws_hint(case, got, expected) -> str | None:
    """Random numbers of the right shape that are not the check's draws."""
    got = np.asarray(got, dtype=float)
    if got.shape != expected.shape or got.size < 2 or np.ptp(got) == 0:
        return None
    return ("These are not the draws of one rng.normal call on np.random.default_rng(seed): "
            "is the seed used, and is nothing drawn before?")


INIT_WEIGHTS = Exercise(
    "ex3.4", "init_weights",
    reference=_init_weights,
    # n_in = 1 is an edge case: there 1, 1/n_in and 1/sqrt(n_in) are the same number
    cases=[(4, 3, 0), (64, 5, 1), (2, 8, 2), (1, 2, 3), (9, 9, 4)],
    mistakes=[
        Mistake("sd-one", partial(_init_weights, sd=lambda n_in, n_out: 1.0),
                "the weights have standard deviation 1, whatever n_in is."),
        Mistake("variance-for-sd", partial(_init_weights, sd=lambda n_in, n_out: 1 / n_in),
                "the standard deviation is 1/n_in: that is the variance the weights should "
                "have."),
        Mistake("sd-grows-with-n-in", partial(_init_weights, sd=lambda n_in, n_out: n_in ** 0.5),
                "the standard deviation grows with n_in: check the sign of the exponent."),
        Mistake("sd-from-n-out", partial(_init_weights, sd=lambda n_in, n_out: n_out ** -0.5),
                "the scale uses n_out, the number of units the weights lead to; h_j is a "
                "sum over the n_in inputs."),
        Mistake("transposed",
                partial(_init_weights, transposed=True),
                "the matrix has one row per unit of the layer it leads to; in this chapter "
                "row i belongs to input i, shape (n_in, n_out)."),
        Mistake("all-zero", lambda n_in, n_out, seed: np.zeros((n_in, n_out)),
                "all weights are zero: every hidden unit would compute the same number."),
        Mistake("he-start", partial(_init_weights, sd=lambda n_in, n_out: (2 / n_in) ** 0.5),
                "the standard deviation is √(2/n_in), He's start for ReLU units, not the one "
                "this chapter recommends for sigmoid units."),
        Mistake("glorot-start",
                partial(_init_weights, sd=lambda n_in, n_out: (2 / (n_in + n_out)) ** 0.5),
                "the standard deviation is √(2/(n_in + n_out)), Glorot's start, not the one "
                "this chapter recommends."),
        Mistake("old-global-generator",
                lambda n_in, n_out, seed: np.random.RandomState(seed).normal(
                    0, n_in ** -0.5, size=(n_in, n_out)),
                "your numbers are draws of NumPy's old global generator (np.random.seed with "
                "randn or np.random.normal), not of np.random.default_rng(seed)."),
    ],
    hint=_draws_hint,
)


def check_init_weights(init_weights: Callable) -> None:
    """ex3.4: init_weights(n_in, n_out, seed) returns an (n_in, n_out) matrix drawn with one
    call ``np.random.default_rng(seed).normal(0, n_in ** -0.5, size=(n_in, n_out))``."""
    INIT_WEIGHTS.check(init_weights)
