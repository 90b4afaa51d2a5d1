"""Check for the exercise of 03_multilayer_forward_pass."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers.activations import sigmoid

from ..checking import Mistake, report, run_check


def _forward_pass(x, W_input_hidden, W_hidden_output):
    return sigmoid(sigmoid(x @ W_input_hidden) @ W_hidden_output)


def _cases() -> list[tuple]:
    rng = np.random.default_rng(3)
    # square weights first: there a wrong orientation gives wrong numbers instead of an error
    square = (rng.normal(size=3), rng.normal(size=(3, 3)), rng.normal(size=(3, 3)))
    net_432 = (np.array([0.5, -0.2, 0.1, 0.9]), rng.normal(0, 0.5, (4, 3)),
               rng.normal(0, 3 ** -0.5, (3, 2)))
    zeros = (np.zeros(4), rng.normal(size=(4, 3)), rng.normal(size=(3, 2)))
    large = (np.array([8.0, -6.0, 5.0, 7.0]), rng.normal(size=(4, 3)), rng.normal(size=(3, 2)))
    one_unit = (np.array([0.1, 0.3]), np.array([[0.4], [-0.2]]), np.array([[0.1]]))
    return [square, net_432, zeros, large, one_unit]


def check_forward_pass(forward_pass: Callable) -> None:
    """ex3.1: forward_pass(x, W_input_hidden, W_hidden_output) for 1-D ``x`` (n_inputs,),
    weights (n_inputs, n_hidden) and (n_hidden, n_output); returns ŷ of shape (n_output,)."""
    mistakes = [
        Mistake(lambda x, w1, w2: sigmoid(x @ w1) @ w2,
                "the output layer has no sigmoid: ŷ is the sigmoid of the output unit's "
                "input, not the input itself."),
        Mistake(lambda x, w1, w2: sigmoid((x @ w1) @ w2),
                "the hidden layer has no sigmoid (the sigmoid is only on the output): the "
                "output layer must receive the hidden activations σ(h), not h."),
        Mistake(lambda x, w1, w2: (x @ w1) @ w2,
                "there is no sigmoid at all: both layers pass their input through σ."),
        Mistake(lambda x, w1, w2: sigmoid(w2 @ sigmoid(w1 @ x)),
                "the weights are used in the wrong orientation: with W of shape "
                "(n_inputs, n_hidden), row i holds the weights leaving input i, so the sum "
                "over i runs down the rows (the input stands on the left of the matrix)."),
        Mistake(lambda x, w1, w2: sigmoid(sigmoid(w1 @ x) @ w2),
                "the input→hidden weights are used in the wrong orientation: row i of "
                "W_input_hidden holds the weights leaving input i."),
        Mistake(lambda x, w1, w2: sigmoid(w2 @ sigmoid(x @ w1)),
                "the hidden→output weights are used in the wrong orientation: row j of "
                "W_hidden_output holds the weights leaving hidden unit j."),
        Mistake(lambda x, w1, w2: sigmoid(x @ w1),
                "you return the hidden layer's activations; the network's output comes one "
                "layer later."),
    ]
    report(run_check("ex3.1", "forward_pass", forward_pass, _forward_pass, _cases(), mistakes))
