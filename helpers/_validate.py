"""Input checks shared by every helper: each error names the argument, what was expected
and what was received."""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray


def as_float_array(name: str, value: ArrayLike, ndim: int | tuple[int, ...] | None = None,
                   allow_nonfinite: bool = False) -> NDArray[np.float64]:
    """Return ``value`` as a float64 array, or raise naming ``name``.

    Accepts Python numbers, lists, numpy arrays and pandas objects of numbers or bools.
    Raises TypeError for non-numeric input and ValueError for a wrong number of dimensions
    or (unless ``allow_nonfinite``) NaN or inf.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name}: expected a number or an array of numbers, "
                        f"got {type(value).__name__} {value!r}")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged lists end here
        raise TypeError(f"{name}: expected a rectangular array of numbers, "
                        f"got {type(value).__name__} ({exc})") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected an array of numbers, got dtype {arr.dtype} "
                        f"({type(value).__name__})")
    arr = arr.astype(np.float64, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            want = " or ".join(str(n) for n in allowed)
            raise ValueError(f"{name}: expected {want} dimension(s), got shape {arr.shape}")
    if not allow_nonfinite and not np.all(np.isfinite(arr)):
        bad = "NaN" if np.isnan(arr).any() else "inf"
        raise ValueError(f"{name}: expected finite numbers, got {bad} "
                         f"at index {tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])}")
    return arr


def same_shape(name_a: str, a: NDArray, name_b: str, b: NDArray) -> None:
    """Raise ValueError unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b}: expected the same shape, "
                         f"got {a.shape} and {b.shape}")


def in_range(name: str, arr: NDArray, low: float, high: float) -> None:
    """Raise ValueError unless every entry lies in [low, high]."""
    if arr.size and (arr.min() < low or arr.max() > high):
        raise ValueError(f"{name}: expected values in [{low}, {high}], "
                         f"got min {arr.min():.6g} and max {arr.max():.6g}")


def positive_number(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a positive number, got {type(value).__name__}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name}: expected a positive finite number, got {value!r}")
    return float(value)


def scalar_or_array(arr: NDArray[np.float64]) -> float | NDArray[np.float64]:
    """Return a Python float for 0-d results so notebooks print plain numbers."""
    return float(arr) if arr.ndim == 0 else arr
