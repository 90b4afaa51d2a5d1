"""The references of chapter 6's network (ex6.3 forward, ex6.4 mse_delta and backward), their
test inputs, and the pieces a later chapter passes in, shared by the checks of ``ch06`` and by
``course.carry`` (the course's version of the learner's network, chapters 7 to 9). Each
keyword of a reference after the ``*``, away from its default, is one typical mistake that
``ch06`` names.

Records are rows: X of shape (m, n_0), ``weights[l-1]`` is W^[l] of shape (n_l, n_(l-1)),
``biases[l-1]`` is b^[l] of shape (n_l,), Z^[l] = A^[l-1] (W^[l])^T + b^[l]. References
return tuples (not lists) so that every part is compared.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import sigmoid, sigmoid_prime
from helpers.net_nout_nin import init_params


class _Piece:
    """A function the check passes for a keyword parameter, shown by its name in a line."""

    def __init__(self, name: str, fn: Callable):
        self.name, self.fn = name, fn

    def __call__(self, *args, **keywords):
        return self.fn(*args, **keywords)

    def __repr__(self) -> str:
        return self.name


SIGMOID, SIGMOID_PRIME = _Piece("sigmoid", sigmoid), _Piece("sigmoid_prime", sigmoid_prime)
TANH = _Piece("tanh", np.tanh)
TANH_PRIME = _Piece("tanh_prime", lambda Z: 1.0 - np.tanh(Z) ** 2)
RELU = _Piece("relu", lambda Z: np.maximum(Z, 0.0))
RELU_PRIME = _Piece("relu_prime", lambda Z: (np.asarray(Z) > 0) * 1.0)
IDENTITY = _Piece("identity", lambda Z: np.array(Z, dtype=float))
# δ^[L] of the cross-entropy with a sigmoid output, and of the MSE with a linear output
CE_DELTA = _Piece("ce_delta", lambda Z, A, Y: (A - Y) / len(Y))


def _net_cases() -> list[tuple]:
    """(X, y, weights, biases, activation, slope, output, output_delta) as later chapters
    pass them (tanh under cross-entropy, ReLU and sigmoid layers under the MSE of a linear
    output) first, so that a function without the keywords is named at once; then
    (X, y, weights, biases) for the defaults (sigmoid, the learner's mse_delta)."""
    rng = np.random.default_rng(6)
    X_or = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y_or = np.array([[0], [1], [1], [1]], dtype=float)
    cases = [(X_or, y_or, *init_params([2, 2, 1], rng))]
    for sizes, m in (([2, 3, 3, 1], 5), ([2, 2, 2], 3), ([3, 3, 3, 3], 4), ([3, 1], 1)):
        weights, biases = init_params(sizes, rng)
        X = rng.standard_normal((m, sizes[0]))
        y = (rng.uniform(size=(m, sizes[-1])) < 0.5).astype(float)
        cases.append((X, y, weights, biases))
    for sizes, m, pieces in (([2, 3, 3, 1], 5, (TANH, TANH_PRIME, SIGMOID, CE_DELTA)),
                             ([3, 3, 2], 4, (RELU, RELU_PRIME, IDENTITY, CE_DELTA)),
                             ([2, 3, 2], 3, (SIGMOID, SIGMOID_PRIME, IDENTITY, CE_DELTA))):
        weights, biases = init_params(sizes, rng)
        X = rng.standard_normal((m, sizes[0]))
        y = (rng.uniform(size=(m, sizes[-1])) < 0.5).astype(float)
        cases.append((X, y, weights, biases, *pieces))
    return cases[5:] + cases[:5]


_NET_CASES = _net_cases()


def _forward(X, weights, biases, activation=sigmoid, output=sigmoid, *, transpose=True,
             bias=True, hidden="activation", last="output", with_input=True, z_after=False):
    """(zs, activations) with Z^[l] = A^[l-1] (W^[l])^T + b^[l], A^[l] = activation(Z^[l]) for
    a hidden layer, output(Z^[L]) for the last, A^[0] = X. Each keyword after the *, away
    from its default, is one typical mistake."""
    use = {"activation": activation, "output": output, "sigmoid": sigmoid, "none": IDENTITY}
    a, zs, acts = np.asarray(X, dtype=float), [], [np.asarray(X, dtype=float)]
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        z = (a @ W.T if transpose else a @ W) + (b if bias else 0.0)
        a = use[last if i == len(weights) - 1 else hidden](z)
        zs.append(a if z_after else z)
        acts.append(a)
    return tuple(zs), tuple(acts if with_input else acts[1:])


def _mse_delta(Z, A, Y, *, mean=True, slope=True, sign=1.0, slope_of="z"):
    """BP1 of the mean squared error C = 1/(2m) Σ (a^[L] − y)² with a sigmoid output:
    (A − Y)/m ∘ σ'(Z). Each keyword, away from its default, is one typical mistake."""
    delta = sign * (A - Y) / (len(Y) if mean else 1)
    return delta * sigmoid_prime(Z if slope_of == "z" else A) if slope else delta


def _backward(X, y, weights, biases, activation=sigmoid, slope=sigmoid_prime, output=sigmoid,
              output_delta=_mse_delta, *, mse=None, passed="all", top="output_delta",
              hidden_slope="slope", slope_of="z", transpose=False, pair="below", bias_axis=0):
    """BP1-BP4: δ^[L] = output_delta(Z^[L], A^[L], Y), δ^[l-1] = (δ^[l] W^[l]) ∘ slope(Z^[l-1]).
    ``mse`` (switches of _mse_delta) is a slip of the learner's mse_delta, seen where the
    default output_delta runs; each other keyword after the *, away from its default, is one
    typical mistake."""
    if output_delta is _mse_delta:
        output_delta = partial(_mse_delta, **(mse or {}))
    keywords = {"all": {"activation": activation, "output": output}, "none": {},
                "activation": {"activation": activation}}[passed]
    zs, acts = _forward(X, weights, biases, **keywords)
    delta = {"output_delta": lambda: output_delta(zs[-1], acts[-1], y),
             "mse": lambda: _mse_delta(zs[-1], acts[-1], y),
             "mean-twice": lambda: output_delta(zs[-1], acts[-1], y) / len(X),
             "slope-again": lambda: output_delta(zs[-1], acts[-1], y) * sigmoid_prime(zs[-1]),
             }[top]()
    factor = {"slope": slope, "activation": activation, "sigmoid_prime": sigmoid_prime}[
        hidden_slope]
    nabla_w, nabla_b = [None] * len(weights), [None] * len(biases)
    for i in range(len(weights) - 1, -1, -1):
        nabla_w[i] = delta.T @ (acts[i] if pair == "below" else acts[i + 1])
        nabla_b[i] = delta.sum(axis=bias_axis)
        if i:
            W = weights[i].T if transpose else weights[i]
            delta = (delta @ W) * factor(zs[i - 1] if slope_of == "z" else acts[i])
    return tuple(nabla_w), tuple(nabla_b)


def _lists(pair: tuple) -> tuple[list, list]:
    return list(pair[0]), list(pair[1])


# chapter 6's network as a later chapter's check passes it in, in place of the learner's
FORWARD = _Piece("forward", lambda *args, **keywords: _lists(_forward(*args, **keywords)))
BACKWARD = _Piece("backward", lambda *args, **keywords: _lists(_backward(*args, **keywords)))
