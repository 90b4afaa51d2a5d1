"""Activation functions, each beside its derivative."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import as_float_array, scalar_or_array


def sigmoid(z: ArrayLike) -> float | NDArray[np.float64]:
    """σ(z) = 1 / (1 + e^(−z)), elementwise; same shape as ``z`` (a float for a scalar).

    Never overflows: e^(−|z|) is at most 1 whichever the sign of z.
    """
    z = as_float_array("z", z)
    e = np.exp(-np.abs(z))
    # z >= 0: 1 / (1 + e^-z);  z < 0: e^z / (1 + e^z)
    return scalar_or_array(np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)))


def sigmoid_prime(z: ArrayLike) -> float | NDArray[np.float64]:
    """σ'(z) = σ(z)(1 − σ(z)), elementwise; same shape as ``z``. Largest, 0.25, at z = 0."""
    s = np.asarray(sigmoid(z))
    return scalar_or_array(s * (1.0 - s))


def softmax(z: ArrayLike) -> NDArray[np.float64]:
    """softmax(z)_k = e^(z_k) / Σ_j e^(z_j) along the last axis; same shape as ``z``.

    Every row is a probability distribution. The row maximum is subtracted first: that
    changes nothing mathematically and keeps every e^z at most 1, so nothing overflows.
    """
    z = as_float_array("z", z, ndim=(1, 2))
    if z.shape[-1] == 0:
        raise ValueError(f"z: expected at least one entry per row, got shape {z.shape}")
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
