"""Gradient checking (chapter 8): centred differences, and the relative error that compares
them with a gradient computed by backpropagation.

    ∂f/∂x_i ≈ (f(x + ε e_i) − f(x − ε e_i)) / 2ε        error O(ε²)
    relative error = |a − b| / max(|a|, |b|)

``check_gradients`` takes the parameters the way the networks hold them: a dict of arrays,
the pair (weights, biases) of lists of chapters 6-8, or a ``Network`` (chapter 9).

The one default step, ``EPS`` = 1e-6. The centred difference is off by its truncation error,
about ε²|f‴|/6 (1e-13 here for a loss of order one), plus the round-off of f, about
1e-16·|f|/ε (1e-10 here): both sit far below the agreement line for every slope above about
1e-4, so the check sees nothing but the code. The total is smallest near ε = 1e-5, where the
two terms meet, but nothing the check reads gets better there; smaller than 1e-6 is worse
(round-off grows as 1/ε), and slopes below 1e-4 want a larger ε (1e-4), chosen explicitly.

How to read a relative error (one rule for the whole course): below 1e-6 the two agree;
1e-6 to 1e-2, look closer (a kink, float32, a tiny slope in round-off); above 1e-2, almost
surely a bug.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import as_float_array, function, positive_number, returned_number

EPS = 1e-6  # the default step of every centred difference: the module docstring says why


def numerical_gradient(f: Callable[[NDArray[np.float64]], float], x: ArrayLike,
                       eps: float = EPS) -> NDArray[np.float64]:
    """Centred finite differences (f(x + ε) − f(x − ε)) / 2ε, one entry of ``x`` at a time.

    Inputs:  f: a function of an array shaped like x, returning one finite number;
             x: a number or an array of any shape, finite; eps: the step ε > 0 (EPS,
             1e-6, by default: the module docstring says why).
    Returns: the numerical gradient, shaped like x (float64).

    ``x`` itself is never modified: f sees a perturbed copy. Raises ValueError when f returns
    NaN or inf, when the difference overflows, or when x is so large that x ± ε rounds away
    more than 0.01 % of the step (use a larger eps there).
    """
    function("f", f, "one array")
    return _numerical_gradient(f, as_float_array("x", x), positive_number("eps", eps), "f", "x")


def _numerical_gradient(f: Callable, x: NDArray[np.float64], eps: float, f_name: str,
                        x_name: str) -> NDArray[np.float64]:
    x = x.copy()
    grad = np.empty_like(x)
    flat, g = x.reshape(-1), grad.reshape(-1)  # views: writing to flat moves x
    for i in range(flat.size):
        old = float(flat[i])
        index = ", ".join(str(int(j)) for j in np.unravel_index(i, x.shape))
        at = f"{x_name}[{index}]" if x.ndim else x_name
        step = (old + eps) - (old - eps)  # what the floats actually move: 2ε, up to rounding
        if abs(step - 2 * eps) > 1e-4 * 2 * eps:
            raise ValueError(f"eps: expected a step that moves {at} = {old:.6g}, got eps = "
                             f"{eps:g}, which rounds to a step of {step / 2:.3g} there; use an "
                             f"eps of at least {abs(old) * 1e-11:.1g}")
        flat[i] = old + eps  # f gets a copy: a function that changes its argument changes
        f_plus = returned_number(f_name, f(x.copy()), f"with {at} + eps")  # nothing here
        flat[i] = old - eps
        f_minus = returned_number(f_name, f(x.copy()), f"with {at} - eps")
        flat[i] = old
        g[i] = (f_plus - f_minus) / (2 * eps)  # Python floats: inf, never a warning
        if not np.isfinite(g[i]):
            raise ValueError(f"{f_name}: expected values whose difference fits in a float, got "
                             f"{f_plus:.3g} and {f_minus:.3g} at {at} ± eps")
    return grad


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    """The largest entrywise |a − b| / max(|a|, |b|); 0 where both are 0.

    Inputs:  a, b: numbers or arrays of one shape, finite.
    Returns: a float in [0, 2]; below 1e-6 the two agree, 1e-6 to 1e-2 look closer, above
             1e-2 almost surely a bug (2 means equal size, opposite sign).
    """
    a = as_float_array("a", a)
    b = as_float_array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"a and b: expected the same shape, got {a.shape} and {b.shape}")
    rel = _entrywise_relative_error(a, b)
    return float(rel.max()) if rel.size else 0.0


@dataclass(frozen=True)
class ArrayCheck:
    """The gradient check of one parameter array: ``max_rel_error`` is the largest entrywise
    relative error, ``worst_index`` where it occurs (the first such entry), with the analytic
    and numerical derivatives found there."""

    name: str
    shape: tuple[int, ...]
    max_rel_error: float
    worst_index: tuple[int, ...]
    analytic: float
    numerical: float


def check_gradients(loss: Callable, params: object, grads: object,
                    eps: float = EPS) -> list[ArrayCheck]:
    """Compare analytic gradients with centred differences of the loss, array by array.

    Inputs, one of three forms:
      check_gradients(loss, {"W1": W1, ...}, {"W1": nabla_W1, ...})  loss(params_dict)
      check_gradients(loss, (weights, biases), (nabla_w, nabla_b))    loss(weights, biases)
      check_gradients(net, X, Y)                                      a Network and its data
    ``loss`` returns one finite number; every gradient has the shape of its parameter.
    Returns: one ArrayCheck per array, in the order of ``params`` (for the pair and the
             Network: W1, b1, W2, b2, ...).

    The default eps is EPS, 1e-6, as for numerical_gradient (the module docstring says
    why). Nothing passed in is modified.
    """
    eps = positive_number("eps", eps)
    if _is_network(loss):
        loss, params, grads = _network_form(loss, params, grads)
    function("loss", loss, "the parameters")
    if isinstance(params, Mapping):
        arrays = {name: as_float_array(f"params[{name!r}]", value).copy()
                  for name, value in params.items()}
        analytic = _mapping_grads(arrays, grads)

        def evaluate(named: dict[str, NDArray]) -> object:
            return loss({name: value.copy() for name, value in named.items()})
    else:
        arrays, analytic, evaluate = _pair_form(loss, params, grads)
    returned_number("loss", evaluate(arrays), "at the parameters given")
    results = []
    for name, x in arrays.items():
        numerical = _numerical_gradient(
            lambda value, name=name: evaluate({**arrays, name: value}), x, eps, "loss", name)
        rel = _entrywise_relative_error(analytic[name], numerical)
        worst = np.unravel_index(int(np.argmax(rel)), rel.shape) if rel.size else ()
        results.append(ArrayCheck(
            name=name, shape=x.shape,
            max_rel_error=float(rel.max()) if rel.size else 0.0,
            worst_index=tuple(int(i) for i in worst),
            analytic=float(analytic[name][worst]) if rel.size else 0.0,
            numerical=float(numerical[worst]) if rel.size else 0.0))
    return results


def _mapping_grads(arrays: dict[str, NDArray], grads: object) -> dict[str, NDArray]:
    if not isinstance(grads, Mapping):
        raise TypeError(f"grads: expected a dict with the keys of params, got "
                        f"{type(grads).__name__}")
    missing = [name for name in arrays if name not in grads]
    if missing:
        raise ValueError(f"grads: expected an entry for every parameter, missing {missing}")
    out = {}
    for name, x in arrays.items():
        out[name] = as_float_array(f"grads[{name!r}]", grads[name])
        if out[name].shape != x.shape:
            raise ValueError(f"grads[{name!r}]: expected shape {x.shape}, the shape of "
                             f"params[{name!r}], got {out[name].shape}")
    return out


def _pair_form(loss: Callable, params: object, grads: object):
    """(weights, biases) and (nabla_w, nabla_b) as arrays named W1, b1, W2, ...: the text
    counts layers from 1, Python from 0, so weights[0] is W1."""
    weights, biases = _pair("params", "(weights, biases)", params)
    nabla_w, nabla_b = _pair("grads", "(nabla_w, nabla_b)", grads)
    if len(weights) != len(biases) or not weights:
        raise ValueError(f"params: expected one bias vector per weight matrix, got "
                         f"{len(weights)} weights and {len(biases)} biases")
    if (len(nabla_w), len(nabla_b)) != (len(weights), len(biases)):
        raise ValueError(f"grads: expected {len(weights)} weight and {len(biases)} bias "
                         f"gradients, one per parameter array, got {len(nabla_w)} and "
                         f"{len(nabla_b)}")
    arrays, analytic = {}, {}
    for k in range(len(weights)):
        for kind, values, slopes, grad_name in (("W", weights, nabla_w, "nabla_w"),
                                                ("b", biases, nabla_b, "nabla_b")):
            name = f"{kind}{k + 1}"
            arrays[name] = as_float_array(f"{'weights' if kind == 'W' else 'biases'}[{k}]",
                                          values[k]).copy()
            analytic[name] = as_float_array(f"{grad_name}[{k}]", slopes[k])
            if analytic[name].shape != arrays[name].shape:
                raise ValueError(f"{grad_name}[{k}]: expected shape {arrays[name].shape}, the "
                                 f"shape of {name}, got {analytic[name].shape}")
    n = len(weights)

    def evaluate(named: dict[str, NDArray]) -> object:  # copies: the loss may change them
        return loss([named[f"W{k}"].copy() for k in range(1, n + 1)],
                    [named[f"b{k}"].copy() for k in range(1, n + 1)])
    return arrays, analytic, evaluate


def _pair(name: str, want: str, value: object) -> tuple[Sequence, Sequence]:
    if (isinstance(value, (str, bytes, np.ndarray)) or not isinstance(value, Sequence)
            or len(value) != 2 or not all(isinstance(v, Sequence | np.ndarray) for v in value)):
        raise TypeError(f"{name}: expected a dict of arrays or a pair {want} of lists of "
                        f"arrays, got {type(value).__name__}")
    return value[0], value[1]


def _is_network(value: object) -> bool:
    return all(hasattr(value, a) for a in ("weights", "biases", "gradients", "loss"))


def _network_form(net, X: ArrayLike, Y: ArrayLike):
    """The Network's gradients on (X, Y), and its loss as a function of (weights, biases)."""
    nabla_w, nabla_b = net.gradients(X, Y)

    def loss(weights: list, biases: list) -> float:
        kept = net.weights, net.biases
        net.weights, net.biases = weights, biases
        try:
            return net.loss(X, Y)
        finally:
            net.weights, net.biases = kept
    return loss, (list(net.weights), list(net.biases)), (nabla_w, nabla_b)


def _entrywise_relative_error(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray:
    scale = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(over="ignore"):
        diff = np.abs(a - b)
    if not np.isfinite(diff).all():  # a − b overflowed: divide first, each term in [−1, 1]
        safe = np.where(scale > 0, scale, 1.0)
        return np.abs(a / safe - b / safe)
    return np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
