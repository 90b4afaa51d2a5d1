"""Checks for the exercises of 06_shapes_and_biases (Nielsen's (n_out, n_in) orientation).

ex6.1 the weights and biases of a network from its layer sizes; ex6.2 (derive) BP3 and BP4 for
one record, the gradients ∂C/∂W and ∂C/∂b of the output layer, before the text shows them;
ex6.3 the forward pass of a batch, Z = A W^T + b, for any number of layers; ex6.4 mse_delta (BP1
of the mean squared error) and the backward pass (BP1-BP4) for any number of layers. forward and
backward take the activation, its slope, the output and the output error term as keyword
parameters (chapters 7 to 9 run them with other pieces): the checks call them with the defaults
and with pieces passed in. The references are in ``ch06_network``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import sigmoid, sigmoid_prime

from ..checking import Exercise, Mistake
from .ch06_network import _NET_CASES, _backward, _forward

__all__ = ["check_backward", "check_forward", "check_init_weights", "check_output_gradients"]


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


def _signature(fn: Callable) -> inspect.Signature | None:
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


# ---------- ex6.1 ----------

def _init_weights(sizes, seed, *, order="weights first", transpose=False, bias_shape="1-D"):
    """Standard normal W^[l] of shape (n_out, n_in), then b^[l] of shape (n_out,), all drawn from
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
                "your weight matrices are transposed: W^[l] has one row per neuron of layer l, "
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


# ---------- ex6.2 ----------

def _output_gradients(a_prev, y, W, b, *, sign=1.0, slope="prime", half=1.0, pair="outer",
                      bias="delta"):
    """(∂C/∂W, ∂C/∂b) of C = ½‖σ(W a_prev + b) − y‖² for one record (test_ch06 proves they are
    its finite differences). Each keyword, away from its default, is one typical mistake."""
    z = W @ a_prev + b
    a = sigmoid(z)
    slopes = {"prime": sigmoid_prime(z), "none": 1.0, "sigma": sigmoid(z),
              "prime-of-a": sigmoid_prime(a)}
    delta = sign * half * (a - y) * slopes[slope]
    nabla_w = {"outer": np.outer(delta, a_prev), "transposed": np.outer(a_prev, delta),
               "no-input": np.outer(delta, np.ones_like(a_prev))}[pair]
    nabla_b = {"delta": delta, "ones": np.ones_like(delta),
               "times-input": delta * np.sum(a_prev)}[bias]
    return nabla_w, nabla_b


def _gradient_cases() -> list[tuple]:
    rng = np.random.default_rng(62)
    cases = []
    for n_in, n_out in ((2, 1), (3, 2), (2, 2), (4, 3)):
        cases.append((sigmoid(rng.standard_normal(n_in)), (rng.uniform(size=n_out) < 0.5) * 1.0,
                      rng.standard_normal((n_out, n_in)), rng.standard_normal(n_out)))
    return cases


OUTPUT_GRADIENTS = Exercise(
    "ex6.2", "output_gradients",
    reference=_output_gradients,
    cases=_gradient_cases(),
    mistakes=[
        Mistake("transposed", partial(_output_gradients, pair="transposed"),
                "your nabla_w is a_prev δᵀ, the transpose: ∂C/∂w_jk = δ_j a_k sits in row j "
                "(neuron j), column k (input k), the shape of W."),
        Mistake("missing-input", partial(_output_gradients, pair="no-input"),
                "your nabla_w lacks the input: ∂z_j/∂w_jk = a_k, the activation w_jk "
                "multiplies."),
        Mistake("bias-times-input", partial(_output_gradients, bias="times-input"),
                "your nabla_b carries the inputs; b_j is added to z_j alone, ∂z_j/∂b_j = 1."),
        Mistake("bias-without-delta", partial(_output_gradients, bias="ones"),
                "your nabla_b is ∂z/∂b alone; the chain rule multiplies it by ∂C/∂z = δ."),
        Mistake("sign-flipped", partial(_output_gradients, sign=-1.0),
                "your gradients have the wrong sign: ∂C/∂a = a − y, C grows when a moves "
                "away from y."),
        Mistake("missing-slope", partial(_output_gradients, slope="none"),
                "your δ lacks the slope σ'(z): a = σ(z), and the chain rule passes through σ."),
        Mistake("sigmoid-for-slope", partial(_output_gradients, slope="sigma"),
                "your δ multiplies by σ(z) where the slope σ'(z) belongs."),
        Mistake("prime-of-activation", partial(_output_gradients, slope="prime-of-a"),
                "sigmoid_prime is applied to an activation, a value already through σ; "
                "sigmoid_prime expects z."),
        Mistake("half-kept", partial(_output_gradients, half=0.5),
                "your gradients are half the size: the 2 of the square cancels the ½ of C."),
        Mistake.swapped(_output_gradients, "nabla_w", "nabla_b"),
    ],
    outputs=("nabla_w", "nabla_b"),
)


def check_output_gradients(output_gradients: Callable) -> None:
    """ex6.2: ``output_gradients(a_prev, y, W, b)`` -> (nabla_w, nabla_b) for one record:
    a_prev (n_in,) the activations below, y (n_out,) the target, W (n_out, n_in), b (n_out,);
    the gradients of C = ½‖σ(W a_prev + b) − y‖², shaped like W and b."""
    OUTPUT_GRADIENTS.check(output_gradients)


# ---------- ex6.3 ----------

FORWARD = Exercise(
    "ex6.3", "forward",
    reference=_forward,
    cases=[(X, weights, biases, *pieces[:1], *pieces[2:3])
           for X, _, weights, biases, *pieces in _NET_CASES],
    mistakes=[
        Mistake("not-transposed", partial(_forward, transpose=False),
                "you multiply by W^[l] itself; with one record per row of A the product takes "
                "W^[l] transposed."),
        Mistake("no-biases", partial(_forward, bias=False),
                "the biases are missing from Z."),
        Mistake("no-output-sigmoid", partial(_forward, last="none"),
                "the output layer is not passed through `output` (σ by default): the last "
                "activation is its Z."),
        Mistake("missing-input", partial(_forward, with_input=False),
                "activations must start with A^[0] = X, the input, before the activations of the "
                "layers."),
        Mistake("zs-after-sigmoid", partial(_forward, z_after=True),
                "your zs hold the activations: store each Z before σ is applied to it."),
        Mistake.swapped(_forward, "zs", "activations"),
        Mistake("activation-ignored", partial(_forward, hidden="sigmoid"),
                "your hidden layers use σ whatever `activation` is passed: later chapters pass "
                "another one, so apply `activation` there."),
        Mistake("output-ignored", partial(_forward, last="sigmoid"),
                "your output layer uses σ whatever `output` is passed: later chapters pass "
                "another one, so apply `output` there."),
        Mistake("activation-at-output", partial(_forward, last="activation"),
                "your output layer goes through `activation`; the last layer takes `output`."),
        Mistake("output-everywhere", partial(_forward, hidden="output"),
                "your hidden layers go through `output`; they take `activation`, only the last "
                "layer takes `output`."),
    ],
    outputs=("zs", "activations"),
)


def check_forward(forward: Callable) -> None:
    """ex6.3: ``forward(X, weights, biases, activation=sigmoid, output=sigmoid)`` -> (zs,
    activations) for X of shape (m, n_in): zs[l - 1] = Z^[l] = A^[l-1] (W^[l])^T + b^[l] and
    activations[l] = A^[l] = activation(Z^[l]) for the hidden layers, output(Z^[L]) for the
    last, each of shape (m, n_l), with activations[0] = X; two lists."""
    learner = forward
    if callable(forward):
        def learner(X, weights, biases, *pieces):  # (activation, output), or the defaults
            return _pair(forward(X, weights, biases, *pieces))
        learner.__signature__ = _signature(forward)  # a line names the learner's parameters
    FORWARD.check(learner)


# ---------- ex6.4 ----------

BACKWARD = Exercise(
    "ex6.4", "backward",
    reference=_backward,
    cases=_NET_CASES,
    mistakes=[
        Mistake("sigmoid-for-slope", partial(_backward, hidden_slope="activation"),
                "the recursion multiplies by the activation, σ(z), where its slope σ'(z) (the "
                "argument `slope`) belongs."),
        Mistake("prime-of-activation",
                partial(_backward, slope_of="a", mse={"slope_of": "a"}),
                "the slope is applied to an activation, a value already through σ; "
                "sigmoid_prime (and `slope`) expects Z."),
        Mistake("no-mean", partial(_backward, mse={"mean": False}),
                "your mse_delta is m times too large: the cost is the mean over the m "
                "records, so δ^[L] carries a 1/m."),
        Mistake("recursion-transposed", partial(_backward, transpose=True),
                "one layer down, delta is multiplied by W^[l] transposed; with one record per row "
                "it is delta @ W^[l]."),
        Mistake("own-layer-activations", partial(_backward, pair="own"),
                "each delta is paired with the activations of its own layer; ∂C/∂W^[l] pairs δ^[l] "
                "with A^[l-1], the layer below."),
        Mistake("bias-wrong-axis", partial(_backward, bias_axis=1),
                "your biases are summed over the wrong axis: one number per record instead of "
                "one per neuron."),
        Mistake("missing-output-slope", partial(_backward, mse={"slope": False}),
                "your mse_delta lacks the slope σ'(Z^[L]) of the output: under squared error it "
                "does not cancel."),
        Mistake("sign-flipped", partial(_backward, mse={"sign": -1.0}),
                "every gradient has the wrong sign: your mse_delta is written with y − a^[L]."),
        Mistake.swapped(_backward, "nabla_w", "nabla_b"),
        Mistake("layers-reversed", lambda *c: tuple(part[::-1] for part in _backward(*c)),
                "the gradients come back last layer first; nabla_w[0] belongs to weights[0], "
                "W^[1]."),
        Mistake("activation-ignored", partial(_backward, passed="none"),
                "your forward pass runs with σ everywhere: pass `activation` and `output` on "
                "to forward, later chapters change them."),
        Mistake("output-ignored", partial(_backward, passed="activation"),
                "your forward pass runs with a σ output: pass `output` on to forward too, "
                "later chapters change it."),
        Mistake("slope-ignored", partial(_backward, hidden_slope="sigmoid_prime"),
                "the recursion uses sigmoid_prime whatever `slope` is passed: use `slope`, the "
                "slope of the activation the forward pass used."),
        Mistake("output-delta-ignored", partial(_backward, top="mse"),
                "δ^[L] is always the squared error's: call `output_delta`, later chapters pass "
                "another cost's."),
        Mistake("mean-twice", partial(_backward, top="mean-twice"),
                "δ^[L] is divided by m once more: output_delta already carries the 1/m of the "
                "mean."),
        Mistake("slope-at-output", partial(_backward, top="slope-again"),
                "δ^[L] is output_delta times σ'(Z^[L]) again; output_delta already holds the "
                "output's slope where the cost needs one."),
    ],
    outputs=("nabla_w", "nabla_b"),
    names=("backward", "mse_delta"),
)


def check_backward(backward: Callable) -> None:
    """ex6.4: ``backward(X, y, weights, biases, activation=sigmoid, slope=sigmoid_prime,
    output=sigmoid, output_delta=mse_delta)`` -> (nabla_w, nabla_b) for X of shape (m, n_in)
    and y of shape (m, n_out): BP1 δ^[L] = output_delta(Z^[L], A^[L], y), by default the
    learner's mse_delta, (A − y)/m ∘ σ'(Z^[L]); two lists shaped like weights and biases."""
    learner = backward
    if callable(backward):
        def learner(X, y, weights, biases, *pieces):  # all four pieces, or the defaults
            return _pair(backward(X, y, weights, biases, *pieces))
        learner.__signature__ = _signature(backward)
    BACKWARD.check(learner)
