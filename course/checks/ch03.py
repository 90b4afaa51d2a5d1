"""Checks for the exercises of 03_multilayer_forward_pass.

ex3.1 the forward pass of a network without biases (inputs as a row, W of shape
(n_in, n_out)); ex3.2 the same with biases; ex3.3 the transposed orientation with biases
(W of shape (n_out, n_in) times a column); ex3.4 the initial weights, normal(0, n_in^-1/2).
"""

from __future__ import annotations

from collections.abc import Callable

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
        Mistake("output-layer-sigmoid-yhat", lambda x, w1, w2: sigmoid(x @ w1) @ w2,
                "the output layer has no sigmoid: ŷ is σ of the output units' inputs."),
        Mistake("sigma-applied-output-layer", lambda x, w1, w2: sigmoid((x @ w1) @ w2),
                "σ is applied only on the output layer: the hidden layer passes h on "
                "instead of σ(h)."),
        Mistake("sigmoid-layers-pass-input", lambda x, w1, w2: (x @ w1) @ w2,
                "there is no sigmoid at all: both layers pass their input through σ."),
        Mistake("sigma-applied-twice-output",
                lambda x, w1, w2: sigmoid(sigmoid(sigmoid(x @ w1) @ w2)),
                "σ is applied twice on the output layer."),
        Mistake("sigma-applied-twice-hidden",
                lambda x, w1, w2: sigmoid(sigmoid(sigmoid(x @ w1)) @ w2),
                "σ is applied twice on the hidden layer."),
        Mistake("return-hidden-activations-network", lambda x, w1, w2: sigmoid(x @ w1),
                "you return the hidden activations; the network's output comes one layer "
                "later."),
        Mistake("yhat-comes-column-shape", lambda x, w1, w2: _forward_pass(x, w1, w2)[:, None],
                "ŷ comes out as a column of shape (n_output, 1); x is 1-D, and so is ŷ."),
        Mistake("multiply-layer-input-layers", lambda x, w1, w2: sigmoid(w2 @ sigmoid(w1 @ x)),
                "you multiply W @ (the layer's input) in both layers, the weights the wrong "
                "way round: row i of each matrix belongs to input i of its layer."),
        Mistake("multiply-input-hidden-weights", lambda x, w1, w2: sigmoid(sigmoid(w1 @ x) @ w2),
                "you multiply W_input_hidden @ x, the weights the wrong way round: row i of "
                "W_input_hidden belongs to input i."),
    ],
    names=("forward_pass",),
)


def check_forward_pass(forward_pass: Callable) -> None:
    """ex3.1: forward_pass(x, W_input_hidden, W_hidden_output) for a 1-D ``x`` (n_in,),
    weights (n_in, n_hidden) and (n_hidden, n_output); returns ŷ of shape (n_output,)."""
    FORWARD_PASS.check(forward_pass)


# ---------- ex3.2: with biases, inputs as a row ----------

def _with_bias(x, w1, b1, w2, b2, *, hidden_bias=True, output_bias=True, after=False,
               inside=False, hidden_sigma=True, output_sigma=True):
    """The forward pass with biases, with switches that reproduce typical mistakes."""
    b1 = b1 if hidden_bias else 0.0 * b1
    b2 = b2 if output_bias else 0.0 * b2
    if inside:
        h = x @ (w1 + b1)
    else:
        h = x @ w1 + (0.0 if after else b1)
    a = sigmoid(h) if hidden_sigma else h
    if after:
        a = a + b1
    z = a @ (w2 + b2) if inside else a @ w2 + (0.0 if after else b2)
    y_hat = sigmoid(z) if output_sigma else z
    return y_hat + b2 if after else y_hat


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
        Mistake("bias-added-either-layer",
                lambda *c: _with_bias(*c, hidden_bias=False, output_bias=False),
                "no bias is added in either layer."),
        Mistake("hidden-never-added-hidden", lambda *c: _with_bias(*c, hidden_bias=False),
                "b_hidden is never added: the hidden units' inputs lack their biases."),
        Mistake("output-never-added-output", lambda *c: _with_bias(*c, output_bias=False),
                "b_output is never added: the output units' inputs lack their biases."),
        Mistake("biases-added-after-sigma", lambda *c: _with_bias(*c, after=True),
                "the biases are added after σ: a bias belongs inside the unit's input h."),
        Mistake("biases-added-weight-matrices", lambda *c: _with_bias(*c, inside=True),
                "the biases are added to the weight matrices before the product, so each "
                "bias is multiplied by the inputs."),
        Mistake("sigma-applied-output-layer", lambda *c: _with_bias(*c, hidden_sigma=False),
                "σ is applied only on the output layer: the hidden layer passes h on "
                "instead of σ(h)."),
        Mistake("output-layer-sigmoid-yhat", lambda *c: _with_bias(*c, output_sigma=False),
                "the output layer has no sigmoid: ŷ is σ of the output units' inputs."),
    ],
    names=("forward_pass_bias",),
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


def _columns_variant(x, W1, b1, W2, b2, *, one_d=False, hidden_bias=True, output_bias=True,
                     after=False, hidden_sigma=True, output_sigma=True):
    column = x if one_d else x[:, None]
    b1 = b1 if hidden_bias else 0.0 * b1
    b2 = b2 if output_bias else 0.0 * b2
    h = W1 @ column + (0.0 if after else b1)
    a = sigmoid(h) if hidden_sigma else h
    if after:
        a = a + b1
    z = W2 @ a + (0.0 if after else b2)
    y_hat = sigmoid(z) if output_sigma else z
    return y_hat + b2 if after else y_hat


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
        Mistake("met-w1-array-leaves", lambda *c: _columns_variant(*c, one_d=True),
                "x met W1 as a 1-D array (`.T` leaves it as it is), so adding the column "
                "b1 broadcast the 1-D W1 @ x into a square matrix."),
        Mistake("yhat-comes-orientation-column", lambda *c: _forward_pass_columns(*c).ravel(),
                "ŷ comes out 1-D; in this orientation it is a column of shape "
                "(n_output, 1)."),
        Mistake("yhat-comes-row-shape", lambda *c: _forward_pass_columns(*c).T,
                "ŷ comes out as a row of shape (1, n_output); in this orientation it is a "
                "column."),
        Mistake("bias-added-either-layer",
                lambda *c: _columns_variant(*c, hidden_bias=False, output_bias=False),
                "no bias is added in either layer."),
        Mistake("b1-never-added-hidden", lambda *c: _columns_variant(*c, hidden_bias=False),
                "b1 is never added: the hidden units' inputs lack their biases."),
        Mistake("b2-never-added-output", lambda *c: _columns_variant(*c, output_bias=False),
                "b2 is never added: the output units' inputs lack their biases."),
        Mistake("biases-added-after-sigma", lambda *c: _columns_variant(*c, after=True),
                "the biases are added after σ: a bias belongs inside the unit's input."),
        Mistake("sigma-applied-output-layer", lambda *c: _columns_variant(*c, hidden_sigma=False),
                "σ is applied only on the output layer: the hidden layer passes W1 x + b1 "
                "on instead of σ of it."),
        Mistake("output-layer-sigmoid-yhat", lambda *c: _columns_variant(*c, output_sigma=False),
                "the output layer has no sigmoid: ŷ is σ of the output units' inputs."),
    ],
    names=("forward_pass_columns",),
)


def check_forward_pass_columns(forward_pass_columns: Callable) -> None:
    """ex3.3: forward_pass_columns(x, W1, b1, W2, b2): ``x`` 1-D (n_in,), W1 (n_hidden, n_in),
    b1 (n_hidden, 1), W2 (n_output, n_hidden), b2 (n_output, 1); returns the column
    ŷ = σ(W2 σ(W1 x + b1) + b2) of shape (n_output, 1)."""
    FORWARD_PASS_COLUMNS.check(forward_pass_columns)


# ---------- ex3.4: the initial weights ----------

def _init_weights(n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(0, n_in ** -0.5, size=(n_in, n_out))


def _init_with(sd: Callable, transposed: bool = False):
    def init(n_in, n_out, seed):
        rng = np.random.default_rng(seed)
        shape = (n_out, n_in) if transposed else (n_in, n_out)
        return rng.normal(0, sd(n_in, n_out), size=shape)
    return init


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
        Mistake("weights-standard-deviation-whatever", _init_with(lambda n_in, n_out: 1.0),
                "the weights have standard deviation 1, whatever n_in is."),
        Mistake("standard-deviation-variance-weights", _init_with(lambda n_in, n_out: 1 / n_in),
                "the standard deviation is 1/n_in: that is the variance the weights should "
                "have."),
        Mistake("standard-deviation-grows-check", _init_with(lambda n_in, n_out: n_in ** 0.5),
                "the standard deviation grows with n_in: check the sign of the exponent."),
        Mistake("scale-uses-number-units", _init_with(lambda n_in, n_out: n_out ** -0.5),
                "the scale uses n_out, the number of units the weights lead to; h_j is a "
                "sum over the n_in inputs."),
        Mistake("matrix-row-unit-layer",
                _init_with(lambda n_in, n_out: n_in ** -0.5, transposed=True),
                "the matrix has one row per unit of the layer it leads to; in this chapter "
                "row i belongs to input i, shape (n_in, n_out)."),
        Mistake("weights-zero-hidden-unit", lambda n_in, n_out, seed: np.zeros((n_in, n_out)),
                "all weights are zero: every hidden unit would compute the same number."),
        Mistake("standard-deviation-sqrt-he", _init_with(lambda n_in, n_out: (2 / n_in) ** 0.5),
                "the standard deviation is √(2/n_in), He's start for ReLU units, not the one "
                "this chapter recommends for sigmoid units."),
        Mistake("standard-deviation-sqrt-glorot",
                _init_with(lambda n_in, n_out: (2 / (n_in + n_out)) ** 0.5),
                "the standard deviation is √(2/(n_in + n_out)), Glorot's start, not the one "
                "this chapter recommends."),
        Mistake("numbers-draws-numpy-old",
                lambda n_in, n_out, seed: np.random.RandomState(seed).normal(
                    0, n_in ** -0.5, size=(n_in, n_out)),
                "your numbers are draws of NumPy's old global generator (np.random.seed with "
                "randn or np.random.normal), not of np.random.default_rng(seed)."),
    ],
    hint=_draws_hint,
    names=("init_weights",),
)


def check_init_weights(init_weights: Callable) -> None:
    """ex3.4: init_weights(n_in, n_out, seed) returns an (n_in, n_out) matrix drawn with one
    call ``np.random.default_rng(seed).normal(0, n_in ** -0.5, size=(n_in, n_out))``."""
    INIT_WEIGHTS.check(init_weights)
