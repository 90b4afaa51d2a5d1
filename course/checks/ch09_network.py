"""The references of chapter 9's network (ex9.1, ex9.4-ex9.8), shared by the checks of
``ch09``, ``ch09_training`` and ``ch09_decisions``: one-hot targets, the starting weights,
the forward and backward passes, an epoch of mini-batch SGD and the training loop. Each
keyword of a reference, away from its default, is one typical mistake that the checks name.

Chapter 9's orientation: records are rows, W^[l] has shape (n_in, n_out) (the transpose of
chapters 6-8's W^[l]), Z^[l] = A^[l-1] W^[l] + b^[l]; ``weights[l - 1]`` is W^[l]. References
return tuples (not lists) so that every part is compared.
"""

from __future__ import annotations

import numpy as np

from helpers import sigmoid, softmax

_softmax = softmax  # the course's own stable softmax (helpers.activations)


def _one_hot(labels, n_classes):
    labels = np.asarray(labels, dtype=int)
    Y = np.zeros((len(labels), n_classes))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


def _init_network(sizes, rng, *, shape=lambda n_in, n_out: (n_in, n_out), divisor=np.sqrt,
                  random_biases=False, zeros=False, by_n_out=False):
    """W^[l] = rng.standard_normal((n_in, n_out)) / √n_in layer by layer, b^[l] = 0. Each keyword,
    away from its default, is one typical mistake."""
    weights, biases = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        W = np.zeros((n_in, n_out)) if zeros else rng.standard_normal(shape(n_in, n_out))
        weights.append(W / divisor(n_out if by_n_out else n_in))
        biases.append(rng.standard_normal(n_out) if random_biases else np.zeros(n_out))
    return tuple(weights), tuple(biases)


def _forward(X, weights, biases, *, hidden=sigmoid, output=_softmax, bias=True,
             transpose=False):
    """[A^[0] = X, A^[1], ..., A^[L] = P], Z^[l] = A^[l-1] W^[l] + b^[l], sigmoid hidden
    layers and a softmax output. Each keyword, away from its default, is one typical mistake."""
    activations = [X]
    for layer, (W, b) in enumerate(zip(weights, biases, strict=True), start=1):
        Z = activations[-1] @ (W.T if transpose else W) + (b if bias else 0.0)
        activations.append(output(Z) if layer == len(weights) else hidden(Z))
    return tuple(activations)


def _net_case(sizes, m, seed):
    rng = np.random.default_rng(seed)
    weights, biases = _init_network(sizes, rng)
    biases = tuple(rng.normal(0, 0.5, len(b)) for b in biases)
    X = rng.normal(0, 1, (m, sizes[0]))
    Y = _one_hot(rng.integers(0, sizes[-1], m), sizes[-1])
    return X, Y, [np.array(W) for W in weights], [np.array(b) for b in biases]


def _backward(X, Y, weights, biases, *, slope=lambda A: A * (1 - A), per_record=True,
              bias_mean=False, transpose=False, reverse=False, bias_rows=False):
    """(nabla_w, nabla_b) of the mean cross-entropy: δ^[L] = (P − Y)/m, then back through
    the layers. Each keyword, away from its default, is one typical mistake."""
    activations = _forward(X, weights, biases)
    delta = (activations[-1] - Y) / (len(X) if per_record else 1)
    nabla_w, nabla_b = [None] * len(weights), [None] * len(biases)
    for i in range(len(weights) - 1, -1, -1):  # i = l − 1 for l = L, ..., 1
        nabla_w[i] = delta.T @ activations[i] if transpose else activations[i].T @ delta
        nabla_b[i] = (delta if bias_rows else delta.mean(axis=0) if bias_mean
                      else delta.sum(axis=0))
        if i:
            delta = (delta @ weights[i].T) * slope(activations[i])
    if reverse:
        nabla_w, nabla_b = nabla_w[::-1], nabla_b[::-1]
    return tuple(nabla_w), tuple(nabla_b)


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
    """The gradients function a check passes in: the reference backward pass, returning lists
    (shown as ``backward`` in messages, never as an object at some address)."""

    def __call__(self, X, Y, weights, biases):
        nabla_w, nabla_b = _backward(X, Y, weights, biases)
        return list(nabla_w), list(nabla_b)

    def __repr__(self) -> str:
        return "backward"


_backward_lists = _Gradients()


def _train(X, Y, sizes, epochs, lr, batch_size, seed, *, two_rngs=False, reseed=False,
           keep=True, restart=False, full_batch=False):
    """One Generator default_rng(seed) draws the starting weights, then shuffles every epoch
    of sgd_epoch. Each keyword, away from its default, is one typical mistake."""
    rng = np.random.default_rng(seed)
    weights, biases = _init_network(sizes, rng)
    start = weights, biases
    shuffler = np.random.default_rng(seed) if two_rngs else rng
    for _ in range(epochs):
        if reseed:
            shuffler = np.random.default_rng(seed)
        at = start if restart else (weights, biases)
        new = _sgd_epoch(X, Y, *at, _backward_lists, lr, len(X) if full_batch else batch_size,
                         shuffler)
        if keep:
            weights, biases = new
    return tuple(weights), tuple(biases)
