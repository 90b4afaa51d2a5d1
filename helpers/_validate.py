"""Input checks shared by every helper. Each error names the argument, what was expected and
what came: ``"lr: expected a positive finite number, got -1"``."""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray


def as_float_array(name: str, value: ArrayLike, ndim: int | tuple[int, ...] | None = None,
                   allow_nonfinite: bool = False, dtype: type | np.dtype = np.float64) -> NDArray:
    """``value`` as an array of ``dtype`` (float64 unless told), or an error naming ``name``.

    Inputs:  a Python number, (nested) list, numpy array or pandas object of numbers or bools;
             ``ndim`` the allowed number(s) of dimensions.
    Returns: the array (no copy when it already is one of ``dtype``).
    Raises:  TypeError for None, strings, ragged lists and non-numbers; ValueError for a
             wrong number of dimensions, NaN or inf (unless ``allow_nonfinite``), or a
             number too large for ``dtype`` (1e300 does not fit in float32).
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
    dtype = np.dtype(dtype)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            want = " or ".join(str(n) for n in allowed)
            raise ValueError(f"{name}: expected {want} dimension(s), got shape {arr.shape}")
    if arr.size and arr.dtype.kind == "f" and arr.dtype.itemsize > dtype.itemsize:
        # a cast to a narrower float would turn a finite 1e300 into inf, with a warning
        top = np.finfo(dtype).max
        with np.errstate(invalid="ignore"):
            big = np.abs(arr) > top
        if big.any():
            where = tuple(int(i) for i in np.argwhere(big)[0])
            raise ValueError(f"{name}: expected numbers within ±{top:.3g} (the range of "
                             f"{dtype}), got {arr[where]!r} at index {where}")
    arr = arr.astype(dtype, copy=False)
    # min and max are NaN or inf exactly when some entry is: no full-size mask needed
    if not allow_nonfinite and arr.size and not (np.isfinite(arr.min())
                                                 and np.isfinite(arr.max())):
        bad = "NaN" if np.isnan(arr).any() else "inf"
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(f"{name}: expected finite numbers, got {bad} at index {where}")
    return arr


def float_dtype(value: object) -> type:
    """float32 for a float32 array (the network of chapter 9 can run in it), else float64."""
    return np.float32 if getattr(value, "dtype", None) == np.float32 else np.float64


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


def rows_sum_to_one(name: str, arr: NDArray, rtol: float = 1e-6) -> None:
    """Raise ValueError unless every row (last axis) sums to 1 within ``rtol``.

    The default 1e-6 is far above float64 round-off and far below any real mistake; float32
    rows get at least (classes × float32 spacing), their own round-off.
    """
    sums = arr.reshape(-1, arr.shape[-1]).sum(axis=1) if arr.ndim else arr.reshape(1)
    tol = max(rtol, arr.shape[-1] * float(np.finfo(arr.dtype).eps)) if arr.ndim else rtol
    bad = np.flatnonzero(np.abs(sums - 1.0) > tol)
    if bad.size:
        where = f"row {bad[0]}" if arr.ndim == 2 else "the row"
        raise ValueError(f"{name}: expected every row to sum to 1 (one-hot or a probability "
                         f"distribution, within {tol:.0e}), {where} sums to "
                         f"{float(sums[bad[0]]):.10g}")


def positive_number(name: str, value: object) -> float:
    """``value`` as a float if it is a finite real number > 0; else an error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a positive number, got {type(value).__name__}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name}: expected a positive finite number, got {value!r}")
    return float(value)


def positive_int(name: str, value: object, low: int = 1) -> int:
    """``value`` as an int if it is a whole number >= ``low`` (bools and floats refused)."""
    want = {1: "a positive whole number", 0: "a non-negative whole number"}.get(
        low, f"a whole number >= {low}")
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected {want}, got {type(value).__name__} {value!r}")
    if value < low:
        raise ValueError(f"{name}: expected {want}, got {value}")
    return int(value)


def layer_sizes(name: str, sizes: object) -> tuple[int, ...]:
    """Units per layer, inputs first, e.g. (2, 3, 1): at least two whole numbers >= 1.

    The one layer-size check of every helper: bools (True is 1 to Python) and floats
    (2.0 is a whole number but not a count) are refused.
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence | np.ndarray):
        raise TypeError(f"{name}: expected a sequence of layer sizes such as (2, 3, 1), "
                        f"got {type(sizes).__name__} {sizes!r}")
    listed = list(sizes)
    if len(listed) < 2 or any(isinstance(n, bool | np.bool_)
                              or not isinstance(n, numbers.Integral) or n < 1 for n in listed):
        raise ValueError(f"{name}: expected at least two layers, each a positive integer "
                         f"number of units (inputs first), got {listed!r}")
    return tuple(int(n) for n in listed)


def choice(name: str, value: object, choices: Sequence[str]) -> str:
    """``value`` if it is one of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name}: expected one of {tuple(choices)}, got {value!r}")
    return value


def function(name: str, value: object, takes: str) -> None:
    """Raise TypeError unless ``value`` can be called (``takes`` says with what)."""
    if not callable(value):
        raise TypeError(f"{name}: expected a function of {takes}, got {type(value).__name__}")


def axes(name: str, ax: object):
    """``ax`` if it is a matplotlib Axes, a new figure's Axes if it is None."""
    import matplotlib.pyplot as plt  # here, so that importing helpers stays fast
    from matplotlib.axes import Axes

    if ax is None:
        return plt.subplots()[1]
    if not isinstance(ax, Axes):
        raise TypeError(f"{name}: expected a matplotlib Axes (or None for a new figure), got "
                        f"{type(ax).__name__}")
    return ax


def returned_number(name: str, value: object, where: str = "") -> float:
    """What a learner's function returned, as a finite float; None, text, arrays of more
    than one number, NaN and inf are errors naming ``name`` (and ``where`` it was called)."""
    at = f" {where}" if where else ""
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name}: expected it to return one number, got "
                        f"{type(value).__name__} {value!r}{at}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name}: expected it to return one number, got "
                        f"{type(value).__name__}{at}") from None
    if arr.size != 1:
        raise TypeError(f"{name}: expected it to return one number, got "
                        f"{type(value).__name__} of shape {arr.shape}{at}")
    number = float(arr.reshape(()))
    if not np.isfinite(number):
        raise ValueError(f"{name}: expected it to return a finite number, got {number}{at}")
    return number


def scalar_or_array(arr: NDArray) -> float | NDArray:
    """A Python float for 0-d results, so notebooks print plain numbers."""
    return float(arr) if arr.ndim == 0 else arr
