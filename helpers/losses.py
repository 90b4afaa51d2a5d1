"""Losses, each a small class: its value, its derivative in the prediction, and its output
error term δ (chapters 1, 2, 7 and 9).

    SSE                      E = ½ Σ (y − ŷ)²            ∂E/∂ŷ = ŷ − y
    MSE                      E = 1/(2m) Σ (y − ŷ)²       ∂E/∂ŷ = (ŷ − y)/m
    BinaryCrossEntropy       L = −1/m Σ y ln p + (1 − y) ln(1 − p)
    CategoricalCrossEntropy  L = −1/m Σ_records Σ_k y_k ln p_k

``delta(y, y_hat)`` is δ = ∂E/∂z, where ŷ = σ(z) (SSE, MSE, binary cross-entropy) or
ŷ = softmax(z) (categorical cross-entropy): the output error term that backpropagation starts
from, as in chapters 6-9 (Nielsen's δ^L). Chapters 1-5 write δ with the other sign,
δ = (y − ŷ) σ'(h), so that the step is Δw = +η δ x; there δ = −SSE.delta.

Records run along the first axis; m = ``len(y)``. The functions ``sse``, ``mse_prime``,
``binary_cross_entropy``, ... are these methods under the names the notebooks use.
Float32 predictions are computed in float32 (the network of chapter 9 can run in it).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import as_float_array, float_dtype, in_range, rows_sum_to_one, same_shape


class SSE:
    """Sum of squared errors with a ½ (chapter 1), so its derivative has no 2."""

    @staticmethod
    def value(y: ArrayLike, y_hat: ArrayLike) -> float:
        """E = ½ Σ (y − ŷ)², summed over every entry.

        Inputs:  y (targets) and y_hat (predictions ŷ): one shape, any number of dimensions.
        Returns: E, a float.
        """
        y, y_hat = _pair(y, y_hat)
        return _half_sum_of_squares(y, y_hat, 1)

    @staticmethod
    def prime(y: ArrayLike, y_hat: ArrayLike) -> NDArray:
        """∂E/∂ŷ = ŷ − y.

        Inputs:  y, y_hat: one shape.
        Returns: an array of that shape.
        """
        y, y_hat = _pair(y, y_hat)
        return _difference_over(y_hat, y, 1)

    @staticmethod
    def delta(y: ArrayLike, y_hat: ArrayLike) -> NDArray:
        """δ = ∂E/∂z = (ŷ − y) σ'(z) for a sigmoid output ŷ = σ(z), with σ'(z) = ŷ(1 − ŷ).

        Inputs:  y, y_hat: one shape; y_hat in [0, 1] (a sigmoid's output).
        Returns: an array of that shape.
        """
        y, y_hat = _pair(y, y_hat)
        in_range("y_hat", y_hat, 0.0, 1.0)
        return _difference_over(y_hat, y, 1) * (y_hat * (1.0 - y_hat))


class MSE:
    """Mean squared error with a ½ (chapters 2-6): the SSE divided by the m records, so a
    learning rate does not depend on how many records there are."""

    @staticmethod
    def value(y: ArrayLike, y_hat: ArrayLike) -> float:
        """E = 1/(2m) Σ (y − ŷ)², m = the number of records (first axis).

        Inputs:  y, y_hat: one shape, (m,) or (m, outputs).
        Returns: E, a float.
        """
        y, y_hat = _pair(y, y_hat)
        return _half_sum_of_squares(y, y_hat, _m(y))

    @staticmethod
    def prime(y: ArrayLike, y_hat: ArrayLike) -> NDArray:
        """∂E/∂ŷ = (ŷ − y)/m.

        Inputs:  y, y_hat: one shape, (m,) or (m, outputs).
        Returns: an array of that shape.
        """
        y, y_hat = _pair(y, y_hat)
        return _difference_over(y_hat, y, _m(y))

    @staticmethod
    def delta(y: ArrayLike, y_hat: ArrayLike) -> NDArray:
        """δ^L = ∂E/∂z = (ŷ − y)/m ∘ σ'(z) for a sigmoid output, σ'(z) = ŷ(1 − ŷ).

        Inputs:  y, y_hat: one shape, (m,) or (m, outputs); y_hat in [0, 1].
        Returns: an array of that shape.
        """
        y, y_hat = _pair(y, y_hat)
        in_range("y_hat", y_hat, 0.0, 1.0)
        return _difference_over(y_hat, y, _m(y)) * (y_hat * (1.0 - y_hat))


class BinaryCrossEntropy:
    """Binary cross-entropy (chapter 7): every output is its own yes/no probability p.

    Where p is exactly 0 or 1 the true loss (or slope) is infinite; there p, or 1 − p, is
    raised to the smallest normal float (2.2e-308 in float64), so the result is the largest
    finite value the formula can give (−ln 2.2e-308 ≈ 708) and never a log(0). Every p in
    between is used as it is.
    """

    @staticmethod
    def value(y: ArrayLike, p: ArrayLike) -> float:
        """L = −1/m Σ y ln p + (1 − y) ln(1 − p): mean over records, sum over outputs.

        Inputs:  y (targets in [0, 1]) and p (predicted probabilities in [0, 1]): one shape,
                 (m,) or (m, outputs).
        Returns: L, a float >= 0 (exactly 0 for a perfect prediction of 0/1 targets).
        """
        y, p = _probabilities(y, p)
        tiny = np.finfo(p.dtype).tiny
        # a term whose weight is 0 is left out, so a perfect prediction costs exactly 0
        on = np.where(y > 0, y * np.log(np.maximum(p, tiny)), 0.0)
        off = np.where(y < 1, (1.0 - y) * np.log(np.maximum(1.0 - p, tiny)), 0.0)
        return float(-np.sum(on + off) / _m(y)) + 0.0  # + 0.0 turns -0.0 into 0.0

    @staticmethod
    def prime(y: ArrayLike, p: ArrayLike) -> NDArray:
        """∂L/∂p = (p − y) / (p(1 − p)) / m.

        Inputs:  y, p: one shape, entries in [0, 1].
        Returns: an array of that shape.
        """
        y, p = _probabilities(y, p)
        tiny = np.finfo(p.dtype).tiny
        return (p - y) / (np.maximum(p, tiny) * np.maximum(1.0 - p, tiny)) / _m(y)

    @staticmethod
    def value_from_logits(y: ArrayLike, z: ArrayLike) -> float:
        """L of p = σ(z), computed from z: ln σ(z) = −ln(1 + e^(−z)), ln(1 − σ(z)) = −ln(1 + e^z).

        Inputs:  y: targets in [0, 1]; z: the weighted inputs of the output, same shape.
        Returns: L, a float, exact however large |z| is (no probability is rounded to 0).
        """
        y, z = _pair(y, z, "z")
        in_range("y", y, 0.0, 1.0)
        terms = y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)
        return float(np.sum(terms) / _m(y))

    @staticmethod
    def delta(y: ArrayLike, p: ArrayLike) -> NDArray:
        """δ^L = ∂L/∂z = (p − y)/m for a sigmoid output p = σ(z): σ'(z) = p(1 − p) cancels.

        Inputs:  y, p: one shape, entries in [0, 1].
        Returns: an array of that shape.
        """
        y, p = _probabilities(y, p)
        return (p - y) / _m(y)


class CategoricalCrossEntropy:
    """Categorical cross-entropy (chapter 9): one probability distribution p per record.

    ``y`` holds one-hot rows or distributions: each row must sum to 1 within 1e-6 (relative),
    because δ = (p − y)/m is the derivative only then (in general it is (p Σ_k y_k − y)/m).
    ``p`` needs entries in [0, 1] but is not required to sum to 1, so a finite difference
    may move one entry at a time; an exact 0 is treated as in BinaryCrossEntropy.
    """

    @staticmethod
    def value(y: ArrayLike, p: ArrayLike) -> float:
        """L = −(1/m) Σ_records Σ_k y_k ln p_k.

        Inputs:  y (targets) and p (predicted probabilities, e.g. a softmax output): one
                 shape, (m, classes), or (classes,) for one record (m = 1).
        Returns: L, a float >= 0.
        """
        y, p = _distributions(y, p)
        # classes with y_k = 0 are left out, so ln 0 never enters
        terms = np.where(y > 0, y * np.log(np.maximum(p, np.finfo(p.dtype).tiny)), 0.0)
        return float(-np.sum(terms) / _records(y)) + 0.0  # + 0.0 turns -0.0 into 0.0

    @staticmethod
    def prime(y: ArrayLike, p: ArrayLike) -> NDArray:
        """∂L/∂p_k = −y_k / p_k / m.

        Inputs:  y, p: one shape, (m, classes) or (classes,).
        Returns: an array of that shape.
        """
        y, p = _distributions(y, p)
        return -y / np.maximum(p, np.finfo(p.dtype).tiny) / _records(y)

    @staticmethod
    def value_from_logits(y: ArrayLike, z: ArrayLike) -> float:
        """L of p = softmax(z), from z: ln p_k = z_k − max(z) − ln Σ_j e^(z_j − max(z)).

        Inputs:  y: targets, shape (m, classes), rows summing to 1; z: same shape.
        Returns: L, a float, exact however confident the softmax is.
        """
        y, z = _pair(y, z, "z")
        if y.ndim != 2:
            raise ValueError(f"y: expected 2 dimensions (records × classes), got {y.shape}")
        in_range("y", y, 0.0, 1.0)
        rows_sum_to_one("y", y)
        with np.errstate(over="ignore"):  # a gap beyond the float range: −inf, e^−inf = 0
            shifted = z - z.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        terms = np.where(y > 0, y * log_p, 0.0)  # y_k = 0 leaves out ln p_k, even −inf
        return float(-np.sum(terms) / len(y))

    @staticmethod
    def delta(y: ArrayLike, p: ArrayLike) -> NDArray:
        """δ^L = ∂L/∂z = (p − y)/m for a softmax output p = softmax(z): the softmax Jacobian
        cancels, as σ' does for binary cross-entropy.

        Inputs:  y, p: one shape, (m, classes) or (classes,).
        Returns: an array of that shape.
        """
        y, p = _distributions(y, p)
        return (p - y) / _records(y)


# the names the notebooks use
sse, sse_prime = SSE.value, SSE.prime
mse, mse_prime = MSE.value, MSE.prime
binary_cross_entropy, binary_cross_entropy_prime = (BinaryCrossEntropy.value,
                                                    BinaryCrossEntropy.prime)
categorical_cross_entropy, categorical_cross_entropy_prime = (CategoricalCrossEntropy.value,
                                                              CategoricalCrossEntropy.prime)


def _pair(y: ArrayLike, y_hat: ArrayLike, pred_name: str = "y_hat"):
    dtype = float_dtype(y_hat)
    y = as_float_array("y", y, dtype=dtype)
    y_hat = as_float_array(pred_name, y_hat, dtype=dtype)
    same_shape("y", y, pred_name, y_hat)
    if y.size == 0:
        raise ValueError("y: expected at least one record, got an empty array")
    return y, y_hat


def _probabilities(y: ArrayLike, p: ArrayLike):
    y, p = _pair(y, p, "p")
    in_range("y", y, 0.0, 1.0)
    in_range("p", p, 0.0, 1.0)
    return y, p


def _distributions(y: ArrayLike, p: ArrayLike):
    y, p = _pair(y, p, "p")
    if y.ndim not in (1, 2):
        raise ValueError(f"y: expected 1 or 2 dimension(s) (records × classes), got shape "
                         f"{y.shape}")
    in_range("y", y, 0.0, 1.0)
    in_range("p", p, 0.0, 1.0)
    rows_sum_to_one("y", y)
    return y, p


def _m(y: NDArray) -> int:
    return y.shape[0] if y.ndim else 1


def _records(y: NDArray) -> int:
    return y.shape[0] if y.ndim == 2 else 1


def _half_sum_of_squares(y: NDArray, y_hat: NDArray, m: int) -> float:
    """½ Σ (y − ŷ)² / m, without an overflow warning for any finite inputs."""
    with np.errstate(over="ignore", invalid="ignore"):
        total = 0.5 * np.sum((y - y_hat) ** 2) / m
    if np.isfinite(total):
        return float(total)
    # y − ŷ or its square overflowed: scale every difference by s, then multiply back
    s = max(float(np.abs(y).max()), float(np.abs(y_hat).max()))
    d = y.astype(np.float64) / s - y_hat.astype(np.float64) / s
    scaled = 0.5 * float(np.sum(d * d)) / m
    total = scaled * s * s  # Python floats: inf, not a warning, if it does not fit
    if not np.isfinite(total):
        raise ValueError(f"y and y_hat: expected predictions close enough to the targets for "
                         f"the squared error to fit in a float (at most 1.8e308), got about "
                         f"10^{np.log10(scaled) + 2 * np.log10(s):.0f}")
    return total


def _difference_over(a: NDArray, b: NDArray, m: int) -> NDArray:
    """(a − b)/m, without an overflow warning for any finite inputs."""
    with np.errstate(over="ignore", invalid="ignore"):
        out = (a - b) / m
    if np.isfinite(out.min()) and np.isfinite(out.max()):
        return out
    with np.errstate(over="ignore", invalid="ignore"):
        out = a / m - b / m
    bad = ~np.isfinite(out)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"y and y_hat: expected a difference ŷ − y that fits in a float (at "
                         f"most ±{np.finfo(out.dtype).max:.2g}), got ŷ = {a[where]:.3g} and "
                         f"y = {b[where]:.3g} at index {where}")
    return out
