"""The small sigmoid networks of chapters 6-8, in Nielsen's (n_out, n_in) orientation.

    z^l = W^l a^(l-1) + b^l        a^l = σ(z^l)        a^0 = x
    δ^L = ∂C/∂z^L                  δ^l = ((W^(l+1))^T δ^(l+1)) ∘ σ'(z^l)
    ∂C/∂W^l = δ^l (a^(l-1))^T      ∂C/∂b^l = δ^l

W^l has shape (n_out, n_in): row j holds every weight into unit j, so w^l_jk runs from unit k
of layer l − 1 to unit j of layer l. A batch holds one record per row, X of shape (m, n_in),
so every column vector of the equations becomes a row: z^l = a^(l-1) (W^l)^T + b^l, shape
(m, n_l). The cost C is the mean over the m records, so an update is W -= lr * nabla_W.

Python counts from 0, the text from 1: ``weights[l - 1]`` is W^l, ``biases[l - 1]`` is b^l,
``zs[l - 1]`` is z^l, and ``activations[l]`` is a^l (``activations[0]`` is X itself).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import as_float_array, choice, layer_sizes
from .activations import sigmoid, sigmoid_prime
from .losses import MSE, BinaryCrossEntropy

__all__ = ["LOSSES", "backward", "forward", "init_params", "mean_loss"]

Arrays = list[NDArray[np.float64]]
LOSSES = {"mse": MSE, "bce": BinaryCrossEntropy}


def init_params(sizes: Sequence[int], rng: np.random.Generator) -> tuple[Arrays, Arrays]:
    """Standard-normal weights and biases for layer sizes ``sizes``, inputs first.

    Inputs:  sizes: e.g. [2, 2, 1]; rng: np.random.default_rng(seed).
    Returns: (weights, biases): weights[l - 1] of shape (n_l, n_(l-1)), biases[l - 1] of
             shape (n_l,). Every weight matrix is drawn first, then every bias vector.
    """
    sizes = layer_sizes("sizes", sizes)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng: expected np.random.default_rng(seed), got {type(rng).__name__}")
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in pairs]
    biases = [rng.standard_normal(n_out) for n_out in sizes[1:]]
    return weights, biases


def forward(weights: Sequence[ArrayLike], biases: Sequence[ArrayLike],
            X: ArrayLike) -> tuple[Arrays, Arrays]:
    """The forward pass of every record at once.

    Inputs:  weights, biases: as from init_params; X: shape (m, n_in).
    Returns: (zs, activations): zs[l - 1] = z^l and activations[l] = a^l, each of shape
             (m, n_l); activations[0] is X, activations[-1] the output.
    """
    weights, biases = _params(weights, biases)
    a = as_float_array("X", X, ndim=2)
    if a.shape[1] != weights[0].shape[1]:
        raise ValueError(f"X: expected {weights[0].shape[1]} columns (inputs), "
                         f"got shape {a.shape}")
    zs, activations = [], [a]
    for W, b in zip(weights, biases, strict=True):
        z = a @ W.T + b  # z^l = W^l a^(l-1) + b^l, one record per row
        a = np.asarray(sigmoid(z))
        zs.append(z)
        activations.append(a)
    return zs, activations


def mean_loss(weights: Sequence[ArrayLike], biases: Sequence[ArrayLike], X: ArrayLike,
              y: ArrayLike, loss: str = "mse") -> float:
    """The cost C: the loss of the network's output on (X, y), averaged over the m records.

    Inputs:  weights, biases; X: shape (m, n_in); y: shape (m, n_out), the output's shape;
             loss: "mse" (1/(2m) Σ (y − ŷ)²) or "bce" (binary cross-entropy).
    Returns: C, a float.
    """
    cost = LOSSES[choice("loss", loss, tuple(LOSSES))]
    p = forward(weights, biases, X)[1][-1]
    return cost.value(_targets(y, p), p)


def backward(weights: Sequence[ArrayLike], biases: Sequence[ArrayLike], X: ArrayLike,
             y: ArrayLike, loss: str = "mse") -> tuple[Arrays, Arrays]:
    """Backpropagation: the gradients of ``mean_loss`` in every weight and bias.

    Inputs:  as for mean_loss.
    Returns: (nabla_w, nabla_b), shaped like weights and biases: nabla_w[l - 1] = ∂C/∂W^l.
    """
    cost = LOSSES[choice("loss", loss, tuple(LOSSES))]
    weights, biases = _params(weights, biases)
    zs, activations = forward(weights, biases, X)
    # δ^L: (p − y)/m ∘ σ'(z^L) for mse, (p − y)/m for bce (σ' cancels); the 1/m of the
    # mean sits here, so every layer inherits it
    delta = cost.delta(_targets(y, activations[-1]), activations[-1])
    nabla_w: Arrays = [np.empty(0)] * len(weights)
    nabla_b: Arrays = [np.empty(0)] * len(biases)
    for i in range(len(weights) - 1, -1, -1):  # i = l − 1: layer l = L, ..., 1
        nabla_w[i] = delta.T @ activations[i]  # δ^l (a^(l-1))^T, summed over the records
        nabla_b[i] = delta.sum(axis=0)
        if i > 0:  # δ^(l-1) = ((W^l)^T δ^l) ∘ σ'(z^(l-1)); rows are records, hence δ W
            delta = (delta @ weights[i]) * sigmoid_prime(zs[i - 1])
    return nabla_w, nabla_b


def _params(weights: Sequence[ArrayLike], biases: Sequence[ArrayLike]) -> tuple[Arrays, Arrays]:
    for name, value in (("weights", weights), ("biases", biases)):
        if isinstance(value, (str, bytes, np.ndarray)) or not isinstance(value, Sequence):
            raise TypeError(f"{name}: expected a list of arrays, one per layer, got "
                            f"{type(value).__name__}")
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
