"""Checks for the exercises of 06_shapes_and_biases (Nielsen's (n_out, n_in) orientation).

ex6.1 the weights and biases of a network from its layer sizes; ex6.2 the forward pass of a
batch, Z = A W^T + b, for any number of layers; ex6.3 BP3 and BP4 for a batch, the gradients
of one layer from its error terms δ and the activations below; ex6.4 the backward pass (BP1-
BP4) of the mean squared error for any number of layers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import sigmoid, sigmoid_prime
from helpers.net_nout_nin import forward, init_params

from ..checking import Exercise, Mistake

__all__ = ["check_backward", "check_forward", "check_init_weights", "check_layer_gradients"]


def _pair(result):
    """A pair of lists as a pair of tuples, the form the comparison reads; else unchanged."""
    if isinstance(result, (list, tuple)) and len(result) == 2:
        first, second = result
        if isinstance(first, (list, tuple)) and isinstance(second, (list, tuple)):
            return tuple(first), tuple(second)
    if isinstance(result, (list, tuple)) and result and all(
            isinstance(r, np.ndarray) for r in result):
        return tuple(result), ()  # a single list of arrays: the second list is missing
    return result


# ---------- ex6.1 ----------

def _init_weights(sizes, seed, *, order="weights first", transpose=False, bias_shape="1-D"):
    """Standard normal W^l of shape (n_out, n_in), then b^l of shape (n_out,), all drawn from
    default_rng(seed), the weights first. Each keyword, away from its default, is one typical
    mistake."""
    rng = np.random.default_rng(seed)
    pairs = list(zip(sizes[:-1], sizes[1:], strict=True))
    shape = (lambda n_in, n_out: (n_in, n_out)) if transpose else (
        lambda n_in, n_out: (n_out, n_in))
    if order == "biases first":
        biases = [rng.standard_normal(n) for n in sizes[1:]]
        weights = [rng.standard_normal(shape(*p)) for p in pairs]
    elif order == "interleaved":
        weights, biases = [], []
        for p in pairs:
            weights.append(rng.standard_normal(shape(*p)))
            biases.append(rng.standard_normal(p[1]))
    else:
        weights = [rng.standard_normal(shape(*p)) for p in pairs]
        biases = [rng.standard_normal(n) for n in sizes[1:]]
    if bias_shape == "column":
        biases = [b[:, None] for b in biases]
    elif bias_shape == "per weight":
        biases = [np.zeros_like(W) for W in weights]
    return tuple(weights), tuple(biases)


def _init_hint(case, got, expected) -> str | None:
    if not (isinstance(got, tuple) and len(got) == 2):
        return "Return a pair (weights, biases) of two lists."
    weights, biases = got
    if len(biases) == 0:
        return "Return a pair (weights, biases): are the biases missing?"
    if len(biases) == len(case[0]) and len(weights) == len(case[0]) - 1:
        return "Inputs have no biases: one bias vector per layer after the inputs."
    try:
        same_shapes = all(np.shape(g) == np.shape(e) for g, e in zip(
            (*weights, *biases), (*expected[0], *expected[1]), strict=True))
        if same_shapes and all(np.ptp(np.asarray(W, dtype=float)) == 0 for W in weights):
            return "Every weight is the same number, so the neurons of a layer stay identical."
        if same_shapes:
            return ("Right shapes, other numbers: draw all from the rng given, with "
                    "rng.standard_normal, weights first.")
    except Exception:  # a hint is a bonus
        return None
    return None


INIT_WEIGHTS = Exercise(
    "ex6.1", "init_weights",
    reference=_init_weights,
    cases=[([2, 2, 1], 0), ([2, 3, 3, 1], 1), ([4, 1], 2), ([3, 5, 2], 3)],
    mistakes=[
        Mistake("transposed", partial(_init_weights, transpose=True),
                "your weight matrices are transposed: W^l has one row per neuron of layer l, "
                "shape (n_out, n_in)."),
        Mistake("column-biases", partial(_init_weights, bias_shape="column"),
                "your biases are columns of shape (n, 1); here a layer's biases are a 1-D array, "
                "one entry per neuron."),
        Mistake("bias-per-weight", partial(_init_weights, bias_shape="per weight"),
                "you give every weight its own bias; there is one bias per neuron."),
        Mistake("biases-drawn-first", partial(_init_weights, order="biases first"),
                "the shapes are right, but the biases are drawn before the weights, so the "
                "numbers differ from the notebook's."),
        Mistake("drawn-interleaved", partial(_init_weights, order="interleaved"),
                "the shapes are right, but weights and biases are drawn layer by layer, "
                "alternating; all weights come first here."),
        Mistake.swapped(_init_weights, "weights", "biases"),
    ],
    outputs=("weights", "biases"),
    hint=_init_hint,
)


def check_init_weights(init_weights: Callable) -> None:
    """ex6.1: ``init_weights(sizes, rng)`` -> (weights, biases), weights[l] of shape
    (sizes[l+1], sizes[l]) and biases[l] of shape (sizes[l+1],), all standard normal, drawn
    from ``rng`` weights first."""
    if not callable(init_weights):
        INIT_WEIGHTS.check(init_weights)
        return

    def init_weights_seeded(sizes, seed):  # sizes is the case's own list: a change is seen
        return _pair(init_weights(sizes, np.random.default_rng(seed)))

    INIT_WEIGHTS.check(init_weights_seeded)


# ---------- shared cases of ex6.2 and ex6.4 ----------

def _net_cases() -> list[tuple]:
    rng = np.random.default_rng(6)
    X_or = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y_or = np.array([[0], [1], [1], [1]], dtype=float)
    cases = [(X_or, y_or, *init_params([2, 2, 1], rng))]
    for sizes, m in (([2, 3, 3, 1], 5), ([2, 2, 2], 3), ([3, 3, 3, 3], 4), ([3, 1], 1)):
        weights, biases = init_params(sizes, rng)
        X = rng.standard_normal((m, sizes[0]))
        y = (rng.uniform(size=(m, sizes[-1])) < 0.5).astype(float)
        cases.append((X, y, weights, biases))
    return cases


_NET_CASES = _net_cases()


# ---------- ex6.2 ----------

def _forward(X, weights, biases, *, transpose=True, bias=True, last_sigmoid=True,
             with_input=True, z_after=False):
    """(zs, activations) with Z^l = A^(l-1) (W^l)^T + b^l and A^l = σ(Z^l), A^0 = X. Each
    keyword, away from its default, is one typical mistake."""
    a, zs, acts = np.asarray(X, dtype=float), [], [np.asarray(X, dtype=float)]
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        z = (a @ W.T if transpose else a @ W) + (b if bias else 0.0)
        a = sigmoid(z) if last_sigmoid or i < len(weights) - 1 else z
        zs.append(a if z_after else z)
        acts.append(a)
    return tuple(zs), tuple(acts if with_input else acts[1:])


FORWARD = Exercise(
    "ex6.2", "forward",
    reference=_forward,
    cases=[(X, weights, biases) for X, _, weights, biases in _NET_CASES],
    mistakes=[
        Mistake("not-transposed", partial(_forward, transpose=False),
                "you multiply by W^l itself; with one record per row of A the product takes W^l "
                "transposed."),
        Mistake("no-biases", partial(_forward, bias=False),
                "the biases are missing from Z."),
        Mistake("no-output-sigmoid", partial(_forward, last_sigmoid=False),
                "the output layer is not passed through σ: the last activation is its Z."),
        Mistake("missing-input", partial(_forward, with_input=False),
                "activations must start with A^0 = X, the input, before the activations of the "
                "layers."),
        Mistake("zs-after-sigmoid", partial(_forward, z_after=True),
                "your zs hold the activations: store each Z before σ is applied to it."),
        Mistake.swapped(_forward, "zs", "activations"),
    ],
    outputs=("zs", "activations"),
)


def check_forward(forward: Callable) -> None:
    """ex6.2: ``forward(X, weights, biases)`` -> (zs, activations) for X of shape (m, n_in):
    zs[l - 1] = Z^l = A^(l-1) (W^l)^T + b^l and activations[l] = A^l = σ(Z^l), each of shape
    (m, n_l), with activations[0] = X; two lists."""
    learner = forward
    if callable(forward):
        def learner(X, weights, biases):
            return _pair(forward(X, weights, biases))
    FORWARD.check(learner)


# ---------- ex6.3 ----------

def _layer_gradients(delta, a_prev):
    return delta.T @ a_prev, delta.sum(axis=0)


def _grad_cases() -> list[tuple]:
    rng = np.random.default_rng(63)
    return [(rng.normal(0, 0.1, (4, 3)), sigmoid(rng.standard_normal((4, 2)))),
            (rng.normal(0, 0.1, (3, 3)), sigmoid(rng.standard_normal((3, 3)))),
            (rng.normal(0, 0.1, (1, 2)), sigmoid(rng.standard_normal((1, 5)))),
            (rng.normal(0, 0.1, (5, 1)), sigmoid(rng.standard_normal((5, 3))))]


LAYER_GRADIENTS = Exercise(
    "ex6.3", "layer_gradients",
    reference=_layer_gradients,
    cases=_grad_cases(),
    mistakes=[
        Mistake("transposed", lambda d, a: (a.T @ d, d.sum(axis=0)),
                "your nabla_W is transposed: it must have the shape of W^l, (n_l, n_(l-1)), one "
                "row per neuron."),
        Mistake("mean-twice",
                lambda d, a: (d.T @ a / len(d), d.sum(axis=0) / len(d)),
                "you divide by m, but delta already carries the 1/m of the mean cost."),
        Mistake("bias-wrong-axis", lambda d, a: (d.T @ a, d.sum(axis=1)),
                "your biases are summed over the wrong axis: one number per record instead of "
                "one per neuron."),
        Mistake("bias-per-record", lambda d, a: (d.T @ a, d),
                "your nabla_b still has one row per record; a bias gets one number, its error "
                "terms added over the records."),
        Mistake("bias-mean-twice", lambda d, a: (d.T @ a, d.mean(axis=0)),
                "your nabla_b is an average; delta already carries the 1/m, so its rows are "
                "added."),
        Mistake.swapped(_layer_gradients, "nabla_W", "nabla_b"),
        Mistake("weights-mean-twice", lambda d, a: (d.T @ a / len(d), d.sum(axis=0)),
                "your nabla_W is divided by m, but delta already carries the 1/m of the mean "
                "cost."),
    ],
    outputs=("nabla_W", "nabla_b"),
)


def check_layer_gradients(layer_gradients: Callable) -> None:
    """ex6.3: ``layer_gradients(delta, a_prev)`` -> (nabla_W, nabla_b) for delta = δ^l of
    shape (m, n_l) (the 1/m included) and a_prev = A^(l-1) of shape (m, n_(l-1)):
    nabla_W = ∂C/∂W^l of shape (n_l, n_(l-1)), nabla_b = ∂C/∂b^l of shape (n_l,)."""
    LAYER_GRADIENTS.check(layer_gradients)


# ---------- ex6.4 ----------

def _backward(X, y, weights, biases, *, slope=sigmoid_prime, mean=True, transpose=False,
              pair="below", bias_axis=0, output_slope=True, sign=1.0, slope_of="z"):
    """BP1-BP4 of the mean squared error C = 1/(2m) Σ (a^L − y)². Each keyword, away from its
    default, is one typical mistake."""
    zs, acts = forward(weights, biases, X)
    m = len(X) if mean else 1

    def slope_at(i):
        return slope(zs[i]) if slope_of == "z" else slope(acts[i + 1])

    delta = sign * (acts[-1] - y) / m
    if output_slope:  # BP1 keeps σ'; the slips below are in the recursion (or σ' of a)
        delta = delta * sigmoid_prime(zs[-1] if slope_of == "z" else acts[-1])
    nabla_W, nabla_b = [None] * len(weights), [None] * len(biases)
    for i in range(len(weights) - 1, -1, -1):
        nabla_W[i] = delta.T @ (acts[i] if pair == "below" else acts[i + 1])
        nabla_b[i] = delta.sum(axis=bias_axis)
        if i:
            delta = (delta @ (weights[i].T if transpose else weights[i])) * slope_at(i - 1)
    return tuple(nabla_W), tuple(nabla_b)


BACKWARD = Exercise(
    "ex6.4", "backward",
    reference=_backward,
    cases=_NET_CASES,
    mistakes=[
        Mistake("sigmoid-for-slope", partial(_backward, slope=sigmoid),
                "the recursion multiplies by σ(z) where the slope σ'(z) belongs."),
        Mistake("prime-of-activation", partial(_backward, slope_of="a"),
                "sigmoid_prime is applied to an activation, a value already through σ; "
                "sigmoid_prime expects Z."),
        Mistake("no-mean", partial(_backward, mean=False),
                "your gradients are m times too large: the cost is the mean over the m records."),
        Mistake("recursion-transposed", partial(_backward, transpose=True),
                "one layer down, delta is multiplied by W^l transposed; with one record per row "
                "it is delta @ W^l."),
        Mistake("own-layer-activations", partial(_backward, pair="own"),
                "each delta is paired with the activations of its own layer; ∂C/∂W^l pairs δ^l "
                "with A^(l-1), the layer below."),
        Mistake("bias-wrong-axis", partial(_backward, bias_axis=1),
                "your biases are summed over the wrong axis: one number per record instead of "
                "one per neuron."),
        Mistake("missing-output-slope", partial(_backward, output_slope=False),
                "δ^L lacks the slope σ'(Z^L) of the output: under squared error it does not "
                "cancel."),
        Mistake("sign-flipped", partial(_backward, sign=-1.0),
                "every gradient has the wrong sign: δ^L is written y − a^L here."),
        Mistake.swapped(_backward, "nabla_W", "nabla_b"),
        Mistake("layers-reversed", lambda *c: tuple(part[::-1] for part in _backward(*c)),
                "the gradients come back last layer first; nabla_W[0] belongs to weights[0], "
                "W^1."),
    ],
    outputs=("nabla_W", "nabla_b"),
)


def check_backward(backward: Callable) -> None:
    """ex6.4: ``backward(X, y, weights, biases)`` -> (nabla_W, nabla_b), the gradients of the
    mean squared error C = 1/(2m) Σ (a^L − y)² of a sigmoid network of any depth, for X of
    shape (m, n_in) and y of shape (m, n_out); two lists shaped like weights and biases."""
    learner = backward
    if callable(backward):
        def learner(X, y, weights, biases):
            return _pair(backward(X, y, weights, biases))
    BACKWARD.check(learner)
