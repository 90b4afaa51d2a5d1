"""Losses, each beside its derivative with respect to the prediction.

Conventions (see the syllabus): SSE carries a ½ so its derivative has no 2; MSE divides
that by the number of records m, so a learning rate does not depend on the data size.
Records run along the first axis; m = ``len(y)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import as_float_array, in_range, same_shape

# keeps ln(p) and ln(1 − p) finite when a prediction is exactly 0 or 1
EPS = 1e-15


def _pair(y: ArrayLike, y_hat: ArrayLike, pred_name: str = "y_hat"):
    y = as_float_array("y", y)
    y_hat = as_float_array(pred_name, y_hat)
    same_shape("y", y, pred_name, y_hat)
    if y.size == 0:
        raise ValueError("y: expected at least one record, got an empty array")
    return y, y_hat


def _m(y: NDArray) -> int:
    return y.shape[0] if y.ndim else 1


def sse(y: ArrayLike, y_hat: ArrayLike) -> float:
    """E = ½ Σ (y − ŷ)², summed over every entry. ``y`` and ``y_hat`` share one shape."""
    y, y_hat = _pair(y, y_hat)
    return float(0.5 * np.sum((y - y_hat) ** 2))


def sse_prime(y: ArrayLike, y_hat: ArrayLike) -> NDArray[np.float64]:
    """∂E/∂ŷ = ŷ − y for the SSE; same shape as ``y_hat``."""
    y, y_hat = _pair(y, y_hat)
    return y_hat - y


def mse(y: ArrayLike, y_hat: ArrayLike) -> float:
    """E = 1/(2m) Σ (y − ŷ)², m = number of records (first axis)."""
    y, y_hat = _pair(y, y_hat)
    return float(0.5 * np.sum((y - y_hat) ** 2) / _m(y))


def mse_prime(y: ArrayLike, y_hat: ArrayLike) -> NDArray[np.float64]:
    """∂E/∂ŷ = (ŷ − y)/m for the MSE; same shape as ``y_hat``."""
    y, y_hat = _pair(y, y_hat)
    return (y_hat - y) / _m(y)


def _bce_pair(y: ArrayLike, p: ArrayLike):
    y, p = _pair(y, p, "p")
    in_range("y", y, 0.0, 1.0)
    in_range("p", p, 0.0, 1.0)
    return y, p


def binary_cross_entropy(y: ArrayLike, p: ArrayLike) -> float:
    """L = −mean(y ln p + (1 − y) ln(1 − p)); finite even where p is exactly 0 or 1.

    ``y`` (targets in [0, 1]) and ``p`` (predicted probabilities) share one shape; the mean
    runs over records (first axis) and the sum over any further axis.
    """
    y, p = _bce_pair(y, p)
    # a term whose weight is 0 is left out, so a perfect prediction costs exactly 0
    on = np.where(y > 0, y * np.log(np.maximum(p, EPS)), 0.0)
    off = np.where(y < 1, (1.0 - y) * np.log(np.maximum(1.0 - p, EPS)), 0.0)
    return float(-np.sum(on + off) / _m(y)) + 0.0  # + 0.0 turns -0.0 into 0.0


def binary_cross_entropy_prime(y: ArrayLike, p: ArrayLike) -> NDArray[np.float64]:
    """∂L/∂p = (p − y) / (p (1 − p)) / m; same shape as ``p``.

    Through a sigmoid output (∂p/∂z = p(1 − p)) this becomes (p − y)/m.
    """
    y, p = _bce_pair(y, p)
    p = np.clip(p, EPS, 1.0 - EPS)
    return (p - y) / (p * (1.0 - p)) / _m(y)


def _cce_pair(y: ArrayLike, p: ArrayLike):
    y, p = _pair(y, p, "p")
    if y.ndim not in (1, 2):
        raise ValueError(f"y: expected 1 or 2 dimension(s) (records × classes), got shape "
                         f"{y.shape}")
    in_range("y", y, 0.0, 1.0)
    in_range("p", p, 0.0, 1.0)
    return y, p


def categorical_cross_entropy(y: ArrayLike, p: ArrayLike) -> float:
    """L = −(1/m) Σ_records Σ_k y_k ln p_k; finite even where p_k is exactly 0.

    ``y`` (one-hot targets, or distributions) and ``p`` (predicted probabilities, e.g. a
    softmax output) share one shape: (m, classes), or (classes,) for one record (m = 1).
    """
    y, p = _cce_pair(y, p)
    m = y.shape[0] if y.ndim == 2 else 1
    # classes with y_k = 0 are left out, so ln 0 never enters
    terms = np.where(y > 0, y * np.log(np.maximum(p, EPS)), 0.0)
    return float(-np.sum(terms) / m) + 0.0  # + 0.0 turns -0.0 into 0.0


def categorical_cross_entropy_prime(y: ArrayLike, p: ArrayLike) -> NDArray[np.float64]:
    """∂L/∂p_k = −y_k / p_k / m; same shape as ``p``.

    Through a softmax output this becomes (p − y)/m, the σ'-free δ^L of chapter 7.
    """
    y, p = _cce_pair(y, p)
    m = y.shape[0] if y.ndim == 2 else 1
    return -y / np.maximum(p, EPS) / m
