"""Comparing a result with the expected one: None when they match, else a short diagnosis
(shape, type, NaN, transposed, sign, factor or value) with expected and got."""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

import numpy as np

from .fmt import Opaque, fmt, is_real, kind
from .raised import one_line


def compare(got: object, expected: object, outputs: Sequence[str] | None = None,
            rtol: float = 1e-6, atol: float = 1e-9, *, entries: int | None = None) -> str | None:
    """None when ``got`` matches ``expected``; otherwise a short diagnosis (shape, type,
    NaN, transposed, sign, factor or value), expected vs got included (``entries`` numbers
    per axis end of each, as in ``fmt``)."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            what = ", ".join(outputs) if outputs else f"{len(expected)} values"
            many = (f"{len(got)} values" if isinstance(got, (tuple, list))
                    else "one number" if is_real(got) else kind(got))
            return f"expected {len(expected)} results ({what}), got {many}"
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            problem = compare(g, e, None, rtol, atol, entries=entries)
            if problem is not None:
                label = outputs[i] if outputs else f"result {i + 1}"
                return f"{label}: {problem}"
        return None
    if isinstance(expected, str):
        return None if got == expected else f"expected {expected!r}, got {got!r}"
    return _compare_arrays(got, np.asarray(expected, dtype=float), rtol, atol, entries)


def safe_compare(got, expected, outputs, rtol, atol, entries=None) -> str | None:
    """``compare``, with a result that breaks comparing turned into a diagnosis."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return compare(got, expected, outputs, rtol, atol, entries=entries)
    except Exception as exc:  # a result that breaks comparing is still a line
        return f"your result could not be compared ({one_line(exc)})"


def _compare_arrays(got: object, e: np.ndarray, rtol: float, atol: float,
                    entries: int | None = None) -> str | None:
    if got is None:
        return "your function returned None: is a `return` missing?"
    if isinstance(got, (str, Opaque)):
        return f"expected a number or an array of numbers, got {kind(got)}"
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"expected a number or an array of numbers, got {kind(got)}"
    if g.shape != e.shape:
        if e.ndim == 2 and g.shape == e.T.shape:
            return (f"wrong shape: expected {e.shape}, got {g.shape}, the transpose. "
                    f"Check which axis is which")
        if g.size == e.size:
            return (f"wrong shape: expected {e.shape}, got {g.shape} (same number of "
                    f"entries, arranged differently)")
        return f"wrong shape: expected {e.shape}, got {g.shape}"
    if np.isnan(g).any() and not np.isnan(e).any():
        return f"the result contains NaN: expected {fmt(e, entries)}, got {fmt(g, entries)}"
    if np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True):
        return None
    if e.ndim == 2 and e.shape[0] == e.shape[1] and np.allclose(g, e.T, rtol=rtol, atol=atol):
        return (f"the result looks transposed: expected {fmt(e, entries)}, "
                f"got {fmt(g, entries)}")
    if np.allclose(g, -e, rtol=rtol, atol=atol):
        return f"wrong sign: expected {fmt(e, entries)}, got {fmt(g, entries)}"
    nz = np.abs(e) > 1e-12
    if nz.any() and np.allclose(g[~nz], 0, atol=atol):
        with np.errstate(all="ignore"):
            ratios = g[nz] / e[nz]
        # one number is always some multiple of another: then only a whole factor counts
        telling = ratios.size > 1 or _whole_or_inverse(ratios[0])
        if (telling and ratios[0] != 0 and np.allclose(ratios, ratios[0], rtol=1e-6)
                and np.isfinite(ratios[0])):  # all zeros is no factor: a wrong value
            return (f"off by a factor of {ratios[0]:.4g}: expected {fmt(e, entries)}, "
                    f"got {fmt(g, entries)}")
    return f"wrong value: expected {fmt(e, entries)}, got {fmt(g, entries)}"


def _whole_or_inverse(r: float) -> bool:
    if not np.isfinite(r) or r == 0:
        return False
    k = abs(r) if abs(r) >= 1 else 1 / abs(r)
    return abs(k - round(k)) < 1e-6 * k


def type_problem(got: object, expected: object, outputs=None) -> str | None:
    """What is wrong with the kind of ``got`` where ``expected`` is a number or an array."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return None  # compare() names a wrong count
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            problem = type_problem(g, e)
            if problem is not None:
                label = outputs[i] if outputs and i < len(outputs) else f"result {i + 1}"
                return f"{label}: {problem}"
        return None
    if got is None and expected is not None:
        return "your function returned None: is a `return` missing?"
    if isinstance(expected, np.ndarray):
        if is_real(got):
            return f"wrong shape: expected an array of shape {expected.shape}, got one number"
        if isinstance(got, Opaque) and got.dtype is not None:
            return _dtype_problem(np.dtype(got.dtype), expected)
        if not isinstance(got, np.ndarray):
            return f"expected a NumPy array, got {kind(got)}"
        return _dtype_problem(got.dtype, expected)
    if is_real(expected):
        if is_real(got) or (isinstance(got, np.ndarray) and got.ndim == 0
                            and got.dtype.kind in "fiu"):
            return None
        if isinstance(got, np.ndarray):
            return f"expected a number, got an array of shape {got.shape}"
        if isinstance(got, (complex, np.complexfloating)):
            return f"expected a real number, got a complex number ({fmt(got)})"
        return f"expected a number, got {kind(got)}"
    return None


def _dtype_problem(got: np.dtype, expected: np.ndarray) -> str | None:
    if expected.dtype.kind not in "fiu" or got.kind in "fiu":
        return None
    kinds = {"c": "complex numbers", "b": "True/False values", "U": "strings", "S": "bytes",
             "O": "Python objects (rows of different lengths?)"}
    what = kinds.get(got.kind, str(got))
    return f"expected an array of real numbers, got an array of {what}"


def looks_equal(problem: str) -> bool:
    """True when abbreviating made expected and got read the same ("[[0, ..., 0]]" twice)."""
    found = re.search(r": expected (.*), got (.*)$", problem)
    return bool(found) and found.group(1) == found.group(2)


def without_numbers(problem: str) -> str:
    """A diagnosis without its expected and got values (shapes are kept: they are short)."""
    if "shape" in problem or ": expected " not in problem:
        return problem
    return problem.split(": expected ")[0]
