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
    return f"{v:.5g}" if abs(v) >= 1e-12 else "0"


def _num4(v: float) -> str:
    return f"{v:.4g}" if abs(v) >= 1e-12 else "0"


def _is_numeric_list(value: Sequence) -> bool:
    return all(isinstance(v, (int, float, np.number)) for v in value)


def describe(names: Sequence[str], case: tuple, entries: int = 2) -> str:
    """A test input as a line names it: ``lr=0.5, delta=-0.25, x=[0.1, 0.3]``."""
    parts = [f"{names[i] if i < len(names) else f'arg{i + 1}'}={_short(arg, entries)}"
             for i, arg in enumerate(case)]
    return ", ".join(parts) if parts else "no input"


def _short(value: object, entries: int) -> str:
    """An input as a message shows it: a matrix of more than 4 numbers by its shape."""
    if isinstance(value, np.ndarray) and value.ndim >= 2 and value.size > 4:
        return f"({' × '.join(str(n) for n in value.shape)} array)"
    if isinstance(value, np.random.Generator):  # its repr holds a memory address
        return "(a Generator)"
    if type(value).__name__ == "DataFrame" and type(value).__module__.startswith("pandas"):
        return f"(a DataFrame of {len(value)} row{'s' if len(value) != 1 else ''})"
    return fmt(value, entries)
