"""The references of chapter 9's network, shared by the checks of ``ch09``, ``ch09_training``
and ``ch09_decisions``: one-hot targets, chapter 6's network as the contract of chapters 6-9
states it (init_weights, forward and backward with keyword parameters, the references of
``ch06_network``), the starting weights of ex9.4, an epoch of mini-batch SGD and the
training loop. Each keyword of a reference, away
from its default, is one typical mistake that the checks name.

Chapter 6's orientation: records are rows, W^[l] = ``weights[l - 1]`` has shape
(n_l, n_(l-1)), Z^[l] = A^[l-1] (W^[l])^T + b^[l]. References return tuples (not lists) so
that every part is compared.
"""

from __future__ import annotations

import numpy as np

from helpers import softmax
from helpers.net_nout_nin import init_params as _init_weights  # chapter 6's draws

from .ch06_network import _backward, _forward

_softmax = softmax  # the course's own stable softmax (helpers.activations)


def _one_hot(labels, n_classes):
    labels = np.asarray(labels, dtype=int)
    Y = np.zeros((len(labels), n_classes))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


# ---------------------------------------------------------------------------------------
# chapter 6's network (ex6.1, ex6.3, ex6.4: the references of ``ch06_network``), grown

def _cross_entropy_delta(Z, P, Y):
    """δ^[L] of a softmax output and the mean categorical cross-entropy (ex9.3's answer)."""
    return (P - Y) / len(P)


def _probabilities(X, weights, biases):
    """P = A^[L] of chapter 9's network: sigmoid hidden layers, a softmax output."""
    return _forward(X, weights, biases, output=_softmax)[1][-1]


# ---------------------------------------------------------------------------------------
# ex9.4 the starting weights, scaled by a rule

_RULES = {"lecun": lambda n_in, n_out: 1 / n_in,  # the variance of W^[l] for each rule
          "he": lambda n_in, n_out: 2 / n_in,
          "glorot": lambda n_in, n_out: 2 / (n_in + n_out)}


def _init_network(sizes, rng, rule="lecun", *, rules=_RULES, sd=np.sqrt, swap_fans=False,
                  zero_biases=True, draw_own=False):
    """Chapter 6's draws, each W^[l] (n_l, n_(l-1)) times the standard deviation of ``rule``,
    the biases 0. Each keyword, away from its default, is one typical mistake."""
    if draw_own:  # (n_in, n_out) draws of the learner's own, chapters 3-5's orientation
        weights = [rng.standard_normal((n_in, n_out))
                   for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]
        biases = [np.zeros(n) for n in sizes[1:]]
    else:
        weights, biases = _init_weights(sizes, rng)
    scaled = []
    for W in weights:
        n_in, n_out = W.shape if swap_fans else W.shape[::-1]
        scaled.append(W * sd(rules[rule](n_in, n_out)))
    if zero_biases:
        biases = [np.zeros_like(b) for b in biases]
    return tuple(scaled), tuple(biases)


def _net_case(sizes, m, seed):
    """(X, Y, weights, biases) of a small network with nonzero biases."""
    rng = np.random.default_rng(seed)
    weights, biases = _init_network(sizes, rng)
    biases = tuple(rng.normal(0, 0.5, len(b)) for b in biases)
    X = rng.normal(0, 1, (m, sizes[0]))
    Y = _one_hot(rng.integers(0, sizes[-1], m), sizes[-1])
    return X, Y, [np.array(W) for W in weights], [np.array(b) for b in biases]


# ---------------------------------------------------------------------------------------
# ex9.5 an epoch of mini-batch SGD, ex9.6 the training loop

def _sgd_epoch(X, Y, weights, biases, gradients, lr, batch_size, rng, *, shuffle=True,
               two_orders=False, keep_last=True, full_batch=False, restart=False,
               per_batch_order=False):
    """One epoch of mini-batch SGD: batches of ``batch_size`` records in the order
    rng.permutation(m), one step W − lr·∇ per batch. Each keyword, away from its default, is
    one typical mistake."""
    m = len(X)
    start_w, start_b = list(weights), list(biases)
    order = rng.permutation(m) if shuffle else np.arange(m)
    order_y = rng.permutation(m) if two_orders else order
    stop = m if keep_last else m - batch_size + 1
    step = -lr
    for start in range(0, stop, batch_size):
        if per_batch_order:
            order = order_y = rng.permutation(m)
            batch = batch_y = order[:batch_size]
        else:
            batch, batch_y = order[start:start + batch_size], order_y[start:start + batch_size]
        at_w, at_b = (start_w, start_b) if restart else (weights, biases)
        if full_batch:
            nabla_w, nabla_b = gradients(X, Y, at_w, at_b)
        else:
            nabla_w, nabla_b = gradients(X[batch], Y[batch_y], at_w, at_b)
        weights = [W + step * nw for W, nw in zip(at_w, nabla_w, strict=True)]
        biases = [b + step * nb for b, nb in zip(at_b, nabla_b, strict=True)]
    return tuple(weights), tuple(biases)


class _Gradients:
    """The gradients function a check passes in: chapter 6's backward with a softmax output
    and ex9.3's δ^[L] (shown as ``backward`` in messages, never as an object at some address)."""

    def __init__(self, **keywords) -> None:
        self.keywords = {"output": _softmax, "output_delta": _cross_entropy_delta, **keywords}

    def __call__(self, X, Y, weights, biases):
        return _backward(X, Y, weights, biases, **self.keywords)

    def __repr__(self) -> str:
        return "backward"


_backward_lists = _Gradients()


def _train(X, Y, sizes, epochs, lr, batch_size, seed, *, two_rngs=False, reseed=False,
           keep=True, restart=False, full_batch=False, gradients=_backward_lists,
           unscaled=False):
    """One Generator default_rng(seed) draws the starting weights (ex9.4), then shuffles every
    epoch of sgd_epoch. Each keyword, away from its default, is one typical mistake."""
    rng = np.random.default_rng(seed)
    weights, biases = _init_weights(sizes, rng) if unscaled else _init_network(sizes, rng)
    start = weights, biases
    shuffler = np.random.default_rng(seed) if two_rngs else rng
    for _ in range(epochs):
        if reseed:
            shuffler = np.random.default_rng(seed)
        at = start if restart else (weights, biases)
        new = _sgd_epoch(X, Y, *at, gradients, lr, len(X) if full_batch else batch_size,
                         shuffler)
        if keep:
            weights, biases = new
    return tuple(weights), tuple(biases)
