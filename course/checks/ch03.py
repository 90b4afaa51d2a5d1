"""Checks for the exercises of 03_multilayer_forward_pass.

ex3.1 the forward pass of a network with biases (inputs as a row, W of shape (n_in, n_out));
ex3.2 (derive) the variance of h = Σ w_i x_i for independent weights and inputs of mean 0,
and the weights' standard deviation that makes it 1; ex3.3 the initial weights of every
layer of a network, normal(0, n_in^-1/2), drawn from one generator.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import sigmoid

from ..checking import Exercise, Mistake

__all__ = ["check_forward_pass", "check_init_network", "check_spread_of_h"]


# ---------- ex3.1: the forward pass with biases, inputs as a row ----------

def _forward_pass(x, W_input_hidden, b_hidden, W_hidden_output, b_output):
    return sigmoid(sigmoid(x @ W_input_hidden + b_hidden) @ W_hidden_output + b_output)


def _forward_cases() -> list[tuple]:
    rng = np.random.default_rng(32)
    # square weights first: there a wrong orientation gives wrong numbers instead of an error
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


FORWARD_PASS = Exercise(
    "ex3.1", "forward_pass",
    reference=_forward_pass,
    cases=_forward_cases(),
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
        Mistake("output-bias-after-sigmoid",
                lambda x, W1, b1, W2, b2: sigmoid(sigmoid(x @ W1 + b1) @ W2) + b2,
                "b_output is added after the output's σ: a bias belongs inside the unit's "
                "input, so ŷ can even leave (0, 1)."),
        Mistake("hidden-bias-after-sigmoid",
                lambda x, W1, b1, W2, b2: sigmoid((sigmoid(x @ W1) + b1) @ W2 + b2),
                "b_hidden is added after the hidden σ: a bias belongs inside the unit's "
                "input h."),
        Mistake("biases-in-weights",
                lambda x, W1, b1, W2, b2: sigmoid(sigmoid(x @ (W1 + b1)) @ (W2 + b2)),
                "the biases are added to the weight matrices before the product, so each "
                "bias is multiplied by the inputs."),
        Mistake("biases-swapped",
                lambda x, W1, b1, W2, b2: sigmoid(sigmoid(x @ W1 + b2) @ W2 + b1),
                "the two biases are swapped: b_hidden belongs to the hidden layer, b_output "
                "to the output layer."),
        Mistake("no-hidden-sigmoid", lambda x, W1, b1, W2, b2: sigmoid((x @ W1 + b1) @ W2 + b2),
                "σ is applied only on the output layer: the hidden layer passes h on "
                "instead of σ(h)."),
        Mistake("no-output-sigmoid", lambda x, W1, b1, W2, b2: sigmoid(x @ W1 + b1) @ W2 + b2,
                "the output layer has no sigmoid: ŷ is σ of the output units' inputs."),
        Mistake("no-sigmoid", lambda x, W1, b1, W2, b2: (x @ W1 + b1) @ W2 + b2,
                "there is no sigmoid at all: both layers pass their input through σ."),
        Mistake("output-sigmoid-twice", lambda *c: sigmoid(_forward_pass(*c)),
                "σ is applied twice on the output layer."),
        Mistake("returns-hidden", lambda x, W1, b1, W2, b2: sigmoid(x @ W1 + b1),
                "you return the hidden activations; the network's output comes one layer "
                "later."),
        Mistake("column-not-1d", lambda *c: _forward_pass(*c)[:, None],
                "ŷ comes out as a column of shape (n_output, 1); x is 1-D, and so is ŷ."),
        Mistake("wrong-way-round",
                lambda x, W1, b1, W2, b2: sigmoid(W2 @ sigmoid(W1 @ x + b1) + b2),
                "you multiply W @ (the layer's input) in both layers, the weights the wrong "
                "way round: row i of each matrix belongs to input i of its layer."),
        Mistake("hidden-wrong-way-round",
                lambda x, W1, b1, W2, b2: sigmoid(sigmoid(W1 @ x + b1) @ W2 + b2),
                "you multiply W_input_hidden @ x, the weights the wrong way round: row i of "
                "W_input_hidden belongs to input i."),
    ],
)


def check_forward_pass(forward_pass: Callable) -> None:
    """ex3.1: forward_pass(x, W_input_hidden, b_hidden, W_hidden_output, b_output) for a 1-D
    ``x`` (n_in,), weights (n_in, n_hidden) and (n_hidden, n_output), biases (n_hidden,) and
    (n_output,); returns ŷ = σ(σ(x W1 + b1) W2 + b2) of shape (n_output,)."""
    FORWARD_PASS.check(forward_pass)


# ---------- ex3.2 (derive): the spread of h ----------

def _spread_of_h(n_in, sd_w, sd_x):
    """Var(h) = n_in sd_w² sd_x² (test_ch03 measures it), and the sd_w that makes it 1."""
    return n_in * sd_w ** 2 * sd_x ** 2, 1 / (sd_x * np.sqrt(n_in))


SPREAD_OF_H = Exercise(
    "ex3.2", "spread_of_h",
    reference=_spread_of_h,
    # the first case tells every mistake apart; sd_x = 1 and n_in = 1 are edge cases
    cases=[(50, 0.3, 2.0), (4, 1.0, 1.0), (300, 0.1, 1.5), (1, 2.0, 0.5), (9, 3.0, 0.25)],
    mistakes=[
        Mistake("sd-not-squared", lambda n, s_w, s_x: (n * s_w * s_x, 1 / (n * s_x)),
                "your variance is n_in · sd_w · sd_x: a variance is the square of a "
                "standard deviation, so Var(w_i x_i) needs squares."),
        Mistake("no-n", lambda n, s_w, s_x: (s_w ** 2 * s_x ** 2, 1 / s_x),
                "your variance is that of one product w_i x_i: h adds n_in of them."),
        Mistake("returns-sd", lambda n, s_w, s_x: (np.sqrt(n) * s_w * s_x, 1 / (s_x * np.sqrt(n))),
                "your first result is the standard deviation of h; the exercise asks for "
                "its variance."),
        Mistake("sqrt-n", lambda n, s_w, s_x: (np.sqrt(n) * s_w ** 2 * s_x ** 2,
                                               1 / (s_x * n ** 0.25)),
                "your variance grows like √n_in: the variances of n_in independent terms "
                "add up, n_in of them."),
        Mistake("variances-added",
                lambda n, s_w, s_x: (n * (s_w ** 2 + s_x ** 2), 1 / (s_x * np.sqrt(n))),
                "your variance adds sd_w² and sd_x²: the variance of a product of "
                "independent factors of mean 0 is the product of their variances."),
        Mistake("sd-ignores-sd-x", lambda n, s_w, s_x: (n * s_w ** 2 * s_x ** 2, 1 / np.sqrt(n)),
                "your variance is right, but your sd_w leaves sd_x out: with sd_x ≠ 1 it "
                "does not give Var(h) = 1."),
        Mistake("variance-for-sd",
                lambda n, s_w, s_x: (n * s_w ** 2 * s_x ** 2, 1 / (n * s_x ** 2)),
                "your variance is right, but your second result is the variance the "
                "weights need, not their standard deviation."),
        Mistake("sd-x-multiplied", lambda n, s_w, s_x: (n * s_w ** 2 * s_x ** 2, s_x / np.sqrt(n)),
                "your variance is right, but your sd_w multiplies by sd_x: larger inputs "
                "need smaller weights."),
        Mistake.swapped(_spread_of_h, "sd_w for Var(h) = 1", "variance"),
    ],
    outputs=("variance", "sd_w"),
)


def check_spread_of_h(spread_of_h: Callable) -> None:
    """ex3.2: spread_of_h(n_in, sd_w, sd_x) returns (Var(h), sd_w that makes Var(h) = 1) for
    h = Σ_i w_i x_i with independent weights and inputs of mean 0 and standard deviations
    ``sd_w`` and ``sd_x``."""
    SPREAD_OF_H.check(spread_of_h)


# ---------- ex3.3: the initial weights of a network ----------

def _init_network(sizes, seed, *, sd=lambda n_in, n_out: n_in ** -0.5, transposed=False,
                  fresh_generator=False):
    """One (n_in, n_out) matrix per layer, normal(0, n_in^-1/2), drawn layer after layer from
    one generator; each keyword, away from its default, is one typical mistake."""
    rng = np.random.default_rng(seed)
    weights = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        if fresh_generator:
            rng = np.random.default_rng(seed)
        shape = (n_out, n_in) if transposed else (n_in, n_out)
        weights.append(rng.normal(0, sd(n_in, n_out), size=shape))
    return tuple(weights)


def _global_generator(sizes, seed):
    np.random.seed(seed)  # noqa: NPY002 - the mistake it names
    return tuple(np.random.normal(0, n_in ** -0.5, size=(n_in, n_out))  # noqa: NPY002
                 for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))


def _draws_hint(case, got, expected) -> str | None:
    """Random numbers of the right shapes that are not the check's draws."""
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        return None
    if any(np.shape(g) != e.shape for g, e in zip(got, expected, strict=True)):
        return None
    return ("These are not the draws of np.random.default_rng(seed), one rng.normal call per "
            "layer in order: is the seed used once, and is nothing else drawn?")


INIT_NETWORK = Exercise(
    "ex3.3", "init_network",
    reference=_init_network,
    # [1, 2] is an edge case: there 1, 1/n_in and 1/sqrt(n_in) are the same number
    cases=[([4, 3, 2], 0), ([64, 5, 3], 1), ([2, 8, 8, 1], 2), ([1, 2], 3), ([9, 9], 4)],
    mistakes=[
        Mistake("sd-one", partial(_init_network, sd=lambda n_in, n_out: 1.0),
                "the weights have standard deviation 1, whatever n_in is."),
        Mistake("variance-for-sd", partial(_init_network, sd=lambda n_in, n_out: 1 / n_in),
                "the standard deviation is 1/n_in: that is the variance the weights should "
                "have."),
        Mistake("sd-grows-with-n-in", partial(_init_network, sd=lambda n_in, n_out: n_in ** 0.5),
                "the standard deviation grows with n_in: check the sign of the exponent."),
        Mistake("sd-from-n-out", partial(_init_network, sd=lambda n_in, n_out: n_out ** -0.5),
                "the scale uses n_out, the number of units the weights lead to; h_j is a "
                "sum over the layer's n_in inputs."),
        Mistake("sd-from-first-layer",
                lambda sizes, seed: _init_network(sizes, seed,
                                                  sd=lambda n_in, n_out: sizes[0] ** -0.5),
                "every layer uses the scale of the first one: each layer's sum runs over its "
                "own n_in inputs."),
        Mistake("transposed", partial(_init_network, transposed=True),
                "each matrix has one row per unit of the layer it leads to; in this chapter "
                "row i belongs to input i, shape (n_in, n_out)."),
        Mistake("fresh-generator-per-layer", partial(_init_network, fresh_generator=True),
                "every layer starts a new generator with the same seed, so the layers begin "
                "with the same numbers: make one generator and draw every layer from it."),
        Mistake("all-zero", partial(_init_network, sd=lambda n_in, n_out: 0.0),
                "all weights are zero: every hidden unit would compute the same number."),
        Mistake("he-start", partial(_init_network, sd=lambda n_in, n_out: (2 / n_in) ** 0.5),
                "the standard deviation is √(2/n_in), He's start for ReLU units, not the one "
                "you derived for sigmoid units."),
        Mistake("glorot-start",
                partial(_init_network, sd=lambda n_in, n_out: (2 / (n_in + n_out)) ** 0.5),
                "the standard deviation is √(2/(n_in + n_out)), Glorot's start, not the one "
                "you derived."),
        Mistake("old-global-generator", _global_generator,
                "your numbers are draws of NumPy's old global generator (np.random.seed with "
                "randn or np.random.normal), not of np.random.default_rng(seed)."),
    ],
    hint=_draws_hint,
)


def check_init_network(init_network: Callable) -> None:
    """ex3.3: init_network(sizes, seed) returns one (n_in, n_out) matrix per layer of a
    network with layer sizes ``sizes``, drawn layer after layer from one
    ``np.random.default_rng(seed)`` as ``rng.normal(0, n_in ** -0.5, size=(n_in, n_out))``."""
    INIT_NETWORK.check(init_network)
