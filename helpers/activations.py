"""Activation functions, each beside its derivative (chapters 0, 1 and 9).

    σ(z) = 1 / (1 + e^(−z))          σ'(z) = σ(z)(1 − σ(z))
    softmax(z)_k = e^(z_k) / Σ_j e^(z_j)     ∂p_k/∂z_j = p_k (1[j = k] − p_j),  p = softmax(z)

Every function accepts any finite input, however large, without an overflow warning, and
computes in float64, or in float32 for a float32 array.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import as_float_array, float_dtype, scalar_or_array


def sigmoid(z: ArrayLike) -> float | NDArray[np.float64]:
    """σ(z) = 1 / (1 + e^(−z)), elementwise.

    Inputs:  z: a number or an array of any shape, finite.
    Returns: σ(z), the same shape (a float for a number); every entry in [0, 1].

    Never overflows: e^(−|z|) is at most 1 whichever the sign of z.
    """
    z = as_float_array("z", z, dtype=float_dtype(z))
    e = np.exp(-np.abs(z))
    # z >= 0: 1 / (1 + e^-z);  z < 0: e^z / (1 + e^z), the same number written without e^-z
    return scalar_or_array(np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)))


def sigmoid_prime(z: ArrayLike) -> float | NDArray[np.float64]:
    """σ'(z) = σ(z)(1 − σ(z)), elementwise.

    Inputs:  z: a number or an array of any shape, finite.
    Returns: σ'(z), the same shape (a float for a number); largest, 0.25, at z = 0.
    """
    s = np.asarray(sigmoid(z))
    return scalar_or_array(s * (1.0 - s))


def softmax(z: ArrayLike) -> NDArray[np.float64]:
    """softmax(z)_k = e^(z_k) / Σ_j e^(z_j) along the last axis.

    Inputs:  z: shape (classes,) for one record or (m, classes), one record per row; finite.
    Returns: the same shape; every row a probability distribution (entries >= 0, sum 1).

    Its derivative is a matrix per record, ∂p_k/∂z_j = p_k (1[j = k] − p_j); under the
    categorical cross-entropy it collapses to δ = (p − y)/m (CategoricalCrossEntropy.delta).

    The row maximum is subtracted first: that changes nothing mathematically and keeps
    every e^z at most 1, so nothing overflows. A gap beyond ±1.8e308 between two entries
    of a row becomes −inf, whose e^z is the 0 the true value rounds to anyway.
    """
    z = as_float_array("z", z, ndim=(1, 2), dtype=float_dtype(z))
    if z.shape[-1] == 0:
        raise ValueError(f"z: expected at least one entry per row, got shape {z.shape}")
    with np.errstate(over="ignore"):  # only a gap too large for float64 overflows: to −inf
        e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
