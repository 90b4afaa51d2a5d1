"""Reference forward and backward passes of the small sigmoid networks of chapters 6-8.

Nielsen's orientation: ``weights[l]`` has shape (n_out, n_in) and ``biases[l]`` shape
(n_out,), one bias per neuron. Batches run along the first axis: ``X`` has shape (m, n_in),
every z and activation has shape (m, n_units), and z = a_prev @ W.T + b. Gradients are of
the mean loss over the m records, so an update is ``W -= lr * nabla_W``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import as_float_array
from .activations import sigmoid, sigmoid_prime
from .losses import binary_cross_entropy, mse

Arrays = list[NDArray[np.float64]]
LOSSES = ("mse", "bce")


def init_params(sizes: Sequence[int], rng: np.random.Generator) -> tuple[Arrays, Arrays]:
    """Standard-normal weights of shape (n_out, n_in) and biases of shape (n_out,).

    ``sizes`` lists the units per layer, inputs first, e.g. [2, 2, 1]. Draws every weight
    matrix first, then every bias vector, from ``rng``.
    """
    sizes = _sizes(sizes)
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in pairs]
    biases = [rng.standard_normal(n_out) for n_out in sizes[1:]]
    return weights, biases


def forward(weights: Sequence[ArrayLike], biases: Sequence[ArrayLike],
            X: ArrayLike) -> tuple[Arrays, Arrays]:
    """(zs, activations): zs[l] and activations[l + 1] of shape (m, n_units of layer l + 1).

    ``X`` has shape (m, n_in); activations[0] is ``X`` itself, activations[-1] the output.
    """
    weights, biases = _params(weights, biases)
    a = as_float_array("X", X, ndim=2)
    if a.shape[1] != weights[0].shape[1]:
        raise ValueError(f"X: expected {weights[0].shape[1]} columns (inputs), "
                         f"got shape {a.shape}")
    zs, activations = [], [a]
    for W, b in zip(weights, biases, strict=True):
        z = a @ W.T + b
        a = np.asarray(sigmoid(z))
        zs.append(z)
        activations.append(a)
    return zs, activations


def mean_loss(weights: Sequence[ArrayLike], biases: Sequence[ArrayLike], X: ArrayLike,
              y: ArrayLike, loss: str = "mse") -> float:
    """The loss of the network's output on (X, y), averaged over the m records.

    ``loss`` is "mse" (1/(2m) Σ (y − ŷ)²) or "bce" (binary cross-entropy); ``y`` has the
    shape of the output, (m, n_out).
    """
    _loss_name(loss)
    p = forward(weights, biases, X)[1][-1]
    y = _targets(y, p)
    return mse(y, p) if loss == "mse" else binary_cross_entropy(y, p)


def backward(weights: Sequence[ArrayLike], biases: Sequence[ArrayLike], X: ArrayLike,
             y: ArrayLike, loss: str = "mse") -> tuple[Arrays, Arrays]:
    """(nabla_w, nabla_b): gradients of ``mean_loss`` shaped like weights and biases.

    delta^L = ∂loss/∂z^L; delta^l = (delta^(l+1) @ W^(l+1)) ∘ σ'(z^l);
    nabla_W^l = delta^l.T @ a^(l-1); nabla_b^l = delta^l summed over the records.
    """
    _loss_name(loss)
    weights, biases = _params(weights, biases)
    zs, activations = forward(weights, biases, X)
    p = activations[-1]
    y = _targets(y, p)
    m = p.shape[0]
    # the 1/m of the mean sits in the output delta, so every layer inherits it
    if loss == "mse":
        delta = (p - y) / m * sigmoid_prime(zs[-1])
    else:
        delta = (p - y) / m  # σ' cancels against ∂L/∂p
    nabla_w: Arrays = [np.empty(0)] * len(weights)
    nabla_b: Arrays = [np.empty(0)] * len(biases)
    for i in range(len(weights) - 1, -1, -1):
        nabla_w[i] = delta.T @ activations[i]
        nabla_b[i] = delta.sum(axis=0)
        if i > 0:
            delta = (delta @ weights[i]) * sigmoid_prime(zs[i - 1])
    return nabla_w, nabla_b


def _sizes(sizes: Sequence[int]) -> list[int]:
    sizes = list(sizes)
    if len(sizes) < 2 or not all(isinstance(n, (int, np.integer)) and n > 0 for n in sizes):
        raise ValueError(f"sizes: expected at least two positive integers, got {sizes!r}")
    return [int(n) for n in sizes]


def _params(weights: Sequence[ArrayLike], biases: Sequence[ArrayLike]) -> tuple[Arrays, Arrays]:
    weights = [as_float_array(f"weights[{i}]", W, ndim=2) for i, W in enumerate(weights)]
    biases = [as_float_array(f"biases[{i}]", b, ndim=1) for i, b in enumerate(biases)]
    if not weights or len(weights) != len(biases):
        raise ValueError(f"weights and biases: expected one of each per layer, "
                         f"got {len(weights)} and {len(biases)}")
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        if b.shape != (W.shape[0],):
            raise ValueError(f"biases[{i}]: expected shape ({W.shape[0]},), one per row "
                             f"of weights[{i}], got {b.shape}")
        if i and W.shape[1] != weights[i - 1].shape[0]:
            raise ValueError(f"weights[{i}]: expected {weights[i - 1].shape[0]} columns, "
                             f"one per unit of the layer below, got shape {W.shape}")
    return weights, biases


def _targets(y: ArrayLike, p: NDArray[np.float64]) -> NDArray[np.float64]:
    y = as_float_array("y", y)
    if y.shape != p.shape:
        raise ValueError(f"y: expected shape {p.shape}, the shape of the output, "
                         f"got {y.shape}")
    return y


def _loss_name(loss: str) -> None:
    if loss not in LOSSES:
        raise ValueError(f"loss: expected one of {LOSSES}, got {loss!r}")
