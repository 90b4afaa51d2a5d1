"""Values rendered for a check line, and a line fitted to MAX_LINE."""

from __future__ import annotations

import numbers
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MAX_LINE = 200  # a ❌ line fits two projector lines


@dataclass(frozen=True)
class Opaque:
    """A value that is not plain data (numbers, strings, arrays of them), kept by its type name
    and its rendering; an array of objects keeps its dtype too."""

    type_name: str
    text: str
    dtype: str | None = None

    @classmethod
    def of(cls, value: object) -> Opaque:
        if isinstance(value, np.ndarray):
            return cls("ndarray", fmt(value), str(value.dtype))
        return cls(type(value).__name__, fmt(value))


def fit(head: str, *details: str) -> str:
    """The first detail that keeps ``head — detail`` within MAX_LINE (the last one otherwise)."""
    for detail in details:
        if len(f"{head} — {detail}") <= MAX_LINE:
            return detail
    return details[-1]


def within(*lines: str) -> str:
    """The first of ``lines`` within MAX_LINE (the last one otherwise)."""
    return next((line for line in lines if len(line) <= MAX_LINE), lines[-1])


def is_real(value: object) -> bool:
    return (isinstance(value, (numbers.Real, np.integer, np.floating))
            and not isinstance(value, (bool, np.bool_)))


def kind(value: object) -> str:
    """``a str ('abc')``, ``a list``, ``a NumPy array``: what a value is, in words."""
    if value is None:
        return "None"
    if isinstance(value, Opaque):
        return article(value.type_name)
    if isinstance(value, str):
        return f"a str ({value!r})" if len(value) < 30 else "a str"
    if isinstance(value, (bool, np.bool_)):
        return f"a bool ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, tuple):
        return "a tuple"
    return article(type(value).__name__)


def article(name: str) -> str:
    if name == "ndarray":  # said "an en-dee-array"
        return "a NumPy array"
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def fmt(value: object, entries: int | None = None) -> str:
    """A short rounded rendering of a number, array or tuple of them for messages;
    ``entries`` keeps at most that many numbers per axis end (``[1, 2, ..., 9]``)."""
    try:
        return _fmt(value, entries)
    except Exception:  # a value that cannot even be shown is named by its type
        return type(value).__name__


def _fmt(value: object, entries: int | None) -> str:
    if isinstance(value, Opaque):
        return value.text
    if isinstance(value, (tuple, list)) and not _is_numeric_list(value):
        return "(" + ", ".join(fmt(v, entries) for v in value) + ")"
    if isinstance(value, str):
        return repr(value) if len(value) < 40 else repr(value[:30] + "...")
    if isinstance(value, (complex, np.complexfloating)):
        return f"{complex(value):.4g}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        text = repr(value)
        return text if len(text) < 60 else type(value).__name__
    if arr.ndim == 0:
        return f"{float(arr):.6g}" if entries is None else f"{float(arr):.4g}"
    edge = 2 if entries is None else max(1, entries)
    threshold = 12 if entries is None else 2 * edge
    text = np.array2string(arr, separator=", ", threshold=threshold, edgeitems=edge,
                           max_line_width=10_000,
                           formatter={"float_kind": _num if entries is None else _num4})
    return re.sub(r"\s+", " ", text)


def _num(v: float) -> str:
    return f"{v:.5g}" if not abs(v) < 1e-12 else "0"  # NaN is shown as nan


def _num4(v: float) -> str:
    return f"{v:.4g}" if not abs(v) < 1e-12 else "0"


def _is_numeric_list(value: Sequence) -> bool:
    return all(isinstance(v, (int, float, np.number)) for v in value)


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``: how a line numbers results and inputs (from 1)."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe(names: Sequence[str], case: tuple, entries: int = 2) -> str:
    """A test input as a line names it: ``lr=0.5, delta=-0.25, x=[0.1, 0.3]``; with
    ``entries=0`` every array or list of more than 4 numbers is shown by its size only
    (``x=(array of 3)``), numbers with 4 digits: the shortest form that still shows the input."""
    parts = [f"{names[i] if i < len(names) else f'arg{i + 1}'}={_short(arg, entries)}"
             for i, arg in enumerate(case)]
    return ", ".join(parts) if parts else "no input"


def _short(value: object, entries: int) -> str:
    """An input as a message shows it: a matrix of more than 4 numbers by its shape."""
    small = 2 if entries == 0 else 4
    if isinstance(value, np.ndarray) and value.ndim >= 2 and value.size > small:
        return f"({' × '.join(str(n) for n in value.shape)} array)"
    if isinstance(value, np.random.Generator):  # its repr holds a memory address
        return "(a Generator)"
    if type(value).__name__ == "DataFrame" and type(value).__module__.startswith("pandas"):
        return f"(a DataFrame of {len(value)} row{'s' if len(value) != 1 else ''})"
    if entries == 0:
        if isinstance(value, np.ndarray) and value.size > 4:
            return f"(array of {value.size})"
        if isinstance(value, (list, tuple)) and len(value) > 4:
            return f"({type(value).__name__} of {len(value)})"
    try:
        small = (isinstance(value, (list, tuple)) or np.ndim(value) >= 1) and np.size(value) <= 4
    except Exception:  # a ragged list has no size: shown as usual
        small = False
    return fmt(value, 2 if small else max(entries, 1))  # up to 4 numbers always in full
