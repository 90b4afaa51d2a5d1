"""Numerical gradients and the relative error used to compare them with analytic ones."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

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
    rel = _entrywise_relative_error(a, b)
    return float(rel.max()) if rel.size else 0.0


@dataclass(frozen=True)
class ArrayCheck:
    """The gradient check of one parameter array.

    ``max_rel_error`` is the largest entrywise relative error; ``worst_index`` is where it
    occurs, with the analytic and numerical derivatives found there.
    """

    name: str
    shape: tuple[int, ...]
    max_rel_error: float
    worst_index: tuple[int, ...]
    analytic: float
    numerical: float


def check_gradients(loss: Callable[[dict[str, NDArray[np.float64]]], float],
                    params: Mapping[str, ArrayLike], grads: Mapping[str, ArrayLike],
                    eps: float = 1e-5) -> list[ArrayCheck]:
    """Compare analytic ``grads`` with centred differences of ``loss``, array by array.

    The default ``eps`` balances truncation error (about ε²) against round-off in ``loss``
    (about 1e-16/ε) for smooth losses of order one.

    ``params`` maps names to parameter arrays; ``loss(params)`` takes such a mapping and
    returns a number; ``grads[name]`` has the shape of ``params[name]``. Returns one
    ArrayCheck per name, in the order of ``params``. Nothing passed in is modified.
    """
    if not callable(loss):
        raise TypeError(f"loss: expected a function of a dict of arrays, "
                        f"got {type(loss).__name__}")
    arrays = {name: as_float_array(f"params[{name!r}]", value) for name, value in params.items()}
    missing = [name for name in arrays if name not in grads]
    if missing:
        raise ValueError(f"grads: expected an entry for every parameter, missing {missing}")
    results = []
    for name, x in arrays.items():
        analytic = as_float_array(f"grads[{name!r}]", grads[name])
        if analytic.shape != x.shape:
            raise ValueError(f"grads[{name!r}]: expected shape {x.shape}, the shape of "
                             f"params[{name!r}], got {analytic.shape}")

        def f(value: NDArray[np.float64], name: str = name) -> float:
            return loss({**arrays, name: value})

        numerical = numerical_gradient(f, x, eps)
        rel = _entrywise_relative_error(analytic, numerical)
        worst = np.unravel_index(int(np.argmax(rel)), rel.shape) if rel.size else ()
        results.append(ArrayCheck(
            name=name, shape=x.shape,
            max_rel_error=float(rel.max()) if rel.size else 0.0,
            worst_index=tuple(int(i) for i in worst),
            analytic=float(analytic[worst]) if rel.size else 0.0,
            numerical=float(numerical[worst]) if rel.size else 0.0))
    return results


def _entrywise_relative_error(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray:
    scale = np.maximum(np.abs(a), np.abs(b))
    diff = np.abs(a - b)
    return np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
