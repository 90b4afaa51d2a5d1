"""Numerical gradients and the relative error used to compare them with analytic ones."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import as_float_array, positive_number


def numerical_gradient(f: Callable[[NDArray[np.float64]], float], x: ArrayLike,
                       eps: float = 1e-6) -> NDArray[np.float64]:
    """Centred finite differences (f(x + ε) − f(x − ε)) / 2ε for every entry of ``x``.

    ``f`` takes an array shaped like ``x`` and returns a number. Returns an array of the
    shape of ``x``. ``x`` itself is never modified: ``f`` sees a perturbed copy.
    """
    if not callable(f):
        raise TypeError(f"f: expected a function of one array, got {type(f).__name__}")
    x = as_float_array("x", x).copy()
    eps = positive_number("eps", eps)
    grad = np.empty_like(x)
    flat, g = x.reshape(-1), grad.reshape(-1)  # views: writing to flat moves x
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        f_plus = _scalar(f(x))
        flat[i] = old - eps
        f_minus = _scalar(f(x))
        flat[i] = old
        g[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def _scalar(value: object) -> float:
    arr = np.asarray(value, dtype=float) if not isinstance(value, str) else None
    if arr is None or arr.size != 1:
        raise TypeError(f"f: expected it to return one number, got {type(value).__name__}"
                        + ("" if arr is None else f" of shape {arr.shape}"))
    return float(arr.reshape(()))


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    """max over entries of |a − b| / max(|a|, |b|); 0 where both are 0.

    ``a`` and ``b`` share one shape. About 1e-7 or less is agreement in float64; 1e-2 or more
    is almost surely a bug.
    """
    a = as_float_array("a", a)
    b = as_float_array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"a and b: expected the same shape, got {a.shape} and {b.shape}")
    scale = np.maximum(np.abs(a), np.abs(b))
    diff = np.abs(a - b)
    rel = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
    return float(rel.max()) if rel.size else 0.0
