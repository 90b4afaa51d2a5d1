"""Checks for the exercises of 09_capstone_digits: the learner's own network, piece by piece.

ex9.1 one-hot targets; ex9.2 the numerically stable softmax; ex9.3 the softmax/cross-entropy
output error term δ = (P − Y)/N; ex9.4 the starting weights; ex9.5 the forward pass of any
depth; ex9.6 the backward pass of any depth; ex9.7 one epoch of mini-batch SGD; ex9.8 the
training loop that composes them.

Chapter 9's orientation: records are rows, W^l has shape (n_in, n_out), Z^l = A^(l-1) W^l + b^l;
``weights[l - 1]`` is W^l. References return tuples (not lists) so that every part is compared.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import sigmoid, sigmoid_prime, softmax

from ..checking import Exercise, Mistake

__all__ = ["check_backward", "check_cross_entropy_delta", "check_forward",
           "check_init_network", "check_one_hot", "check_sgd_epoch", "check_softmax",
           "check_train"]


# ---------------------------------------------------------------------------------------
# ex9.1 one-hot encoding

def _one_hot(labels, n_classes):
    labels = np.asarray(labels, dtype=int)
    Y = np.zeros((len(labels), n_classes))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


ONE_HOT = Exercise(
    "ex9.1", "one_hot",
    reference=_one_hot,
    cases=[(np.array([3, 0, 9, 3]), 10),
           (np.array([0, 2, 1]), 5),  # the largest classes never occur
           ([1, 0], 2),  # a plain list
           (np.array([4]), 10)],
    mistakes=[
        Mistake("labels-from-1", lambda labels, n: _one_hot(np.asarray(labels) - 1, n),
                "every 1 sits one column to the left of its label's column (labels start at 0)."),
        Mistake("width-from-largest-label",
                lambda labels, n: _one_hot(labels, int(np.max(labels)) + 1),
                "the number of columns comes from the largest label in the data; it must be "
                "n_classes, even when some classes do not occur."),
        Mistake("labels-as-column",
                lambda labels, n: np.asarray(labels, dtype=float).reshape(-1, 1),
                "you return the labels as a column; each row needs n_classes entries, all 0 "
                "except a single 1."),
        Mistake("transposed", lambda labels, n: _one_hot(labels, n).T,
                "the result is the transpose: one row per class instead of one row per record."),
        Mistake("width-always-10", lambda labels, n: _one_hot(labels, 10),
                "the width is always 10, the number of digits; it must be n_classes, the number "
                "the function is given."),
    ],
)


def check_one_hot(one_hot: Callable) -> None:
    """ex9.1: one_hot(labels, n_classes): labels (N,) of whole numbers in [0, n_classes)
    -> Y (N, n_classes), a single 1.0 per row, in the column of the label."""
    ONE_HOT.check(one_hot)


# ---------------------------------------------------------------------------------------
# ex9.2 the stable softmax

_softmax = softmax  # the reference is the course's own stable softmax (helpers.activations)


def _exp(Z):
    with np.errstate(over="ignore"):
        return np.exp(Z)


def _divide(E, S):
    with np.errstate(invalid="ignore", divide="ignore"):
        return E / S


SOFTMAX = Exercise(
    "ex9.2", "softmax",
    reference=_softmax,
    cases=[(np.array([[2.0, 1.0, 0.1], [0.5, 0.5, 0.5]]),),
           # logits of about ±1000: e^1000 overflows, e^−1000 underflows to 0; the last rows
           # spread about 1500 within the row, so only its maximum (not its minimum) is safe
           (np.array([[1000.0, 1001.0, 999.0], [-1000.0, -999.0, -1001.0],
                      [0.0, 1500.0, -10.0], [5.0, -1500.0, 0.0]]),),
           (np.array([[1.0, -2.0, 0.0], [3.0, 0.5, -1.0], [0.0, 0.0, 2.0]]),),  # square
           (np.array([[0.3, -0.3, 1.2, 0.0]]),)],  # one record
    mistakes=[
        Mistake("no-max-subtracted", lambda Z: _divide(_exp(Z), _exp(Z).sum(axis=1, keepdims=True)),
                "no row maximum is subtracted before np.exp: with logits near 1000, e^z "
                "overflows to inf (and near −1000 it underflows to 0), so rows become NaN."),
        Mistake("max-over-columns", lambda Z: _divide(_exp(Z - Z.max(axis=0)),
                                  _exp(Z - Z.max(axis=0)).sum(axis=1, keepdims=True)),
                "the maximum is taken down each column (axis 0, across records), so every "
                "column is shifted by a different amount and the row's probabilities change."),
        Mistake("one-max-for-batch",
                lambda Z: _divide(_exp(Z - Z.max()), _exp(Z - Z.max()).sum(axis=1,
                                                                             keepdims=True)),
                "one maximum for the whole batch: rows far below it underflow to all 0, "
                "and 0/0 gives NaN."),
        Mistake("max-not-keepdims", lambda Z: _divide(_exp(Z - Z.max(axis=1)),
                                  _exp(Z - Z.max(axis=1)).sum(axis=1, keepdims=True)),
                "the row maxima Z.max(axis=1) have shape (N,), which lines up with the "
                "columns, not the rows: it is not subtracted row by row."),
        Mistake("sum-over-columns", lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True)) / np.exp(
                    Z - Z.max(axis=1, keepdims=True)).sum(axis=0, keepdims=True),
                "the sum runs down each column (axis 0, across records): columns sum to 1, "
                "rows do not."),
        Mistake("one-sum-for-batch",
                lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True)) / np.exp(
                    Z - Z.max(axis=1, keepdims=True)).sum(),
                "every entry is divided by one sum over the whole batch, so the rows do not "
                "each sum to 1."),
        Mistake("not-normalised", lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True)),
                "the exponentials are returned as they are, not divided by their row's sum: the "
                "rows do not sum to 1."),
        Mistake("min-subtracted",
                lambda Z: _divide(_exp(Z - Z.min(axis=1, keepdims=True)),
                                  _exp(Z - Z.min(axis=1, keepdims=True)).sum(axis=1,
                                                                             keepdims=True)),
                "the row minimum is subtracted: in a row whose logits spread widely, e^z of "
                "the largest still overflows to inf, and the row becomes NaN."),
    ],
)


def check_softmax(softmax: Callable) -> None:
    """ex9.2: softmax(Z) for logits Z (N, K), one record per row -> P (N, K), row n the
    softmax of Z[n]; stable for logits of any size (the row maximum subtracted first)."""
    SOFTMAX.check(softmax)


# ---------------------------------------------------------------------------------------
# ex9.3 the output error term of softmax + categorical cross-entropy

def _cross_entropy_delta(P, Y):
    return (P - Y) / len(P)


def _delta_cases() -> list[tuple]:
    rng = np.random.default_rng(9)
    cases = []
    for n, k in ((3, 3), (4, 2), (2, 5)):
        Y = _one_hot(rng.integers(0, k, n), k)
        cases.append((_softmax(rng.normal(0, 1.5, (n, k))), Y))
    cases.append((np.array([[0.7, 0.2, 0.1]]), np.array([[0.0, 1.0, 0.0]])))  # one record
    return cases


CROSS_ENTROPY_DELTA = Exercise(
    "ex9.3", "cross_entropy_delta",
    reference=_cross_entropy_delta,
    cases=_delta_cases(),
    mistakes=[
        Mistake("sign-flipped", lambda P, Y: (Y - P) / len(P),
                "the sign is flipped: this is −∂L/∂Z, and a step along it makes the loss larger."),
        Mistake("no-mean", lambda P, Y: P - Y,
                "the 1/N of the mean over the N records is missing."),
        Mistake("divides-by-n-times-k", lambda P, Y: (P - Y) / P.size,
                "you divide by N·K, every entry of P; the loss is a mean over the N records only "
                "(its sum over the K classes stays a sum)."),
        Mistake("keeps-slope", lambda P, Y: (P - Y) / len(P) * P * (1 - P),
                "there is an extra factor P(1 − P): the softmax's slope is already inside P − Y "
                "(it cancels the 1/P of the logarithm), it does not come on top."),
        Mistake("slope-in-output", lambda P, Y: -Y / P / len(P),
                "this is ∂L/∂P, the slope with respect to the probabilities; δ is the slope with "
                "respect to the logits Z."),
        Mistake("divides-by-classes", lambda P, Y: (P - Y) / P.shape[1],
                "you divide by K, the number of classes (columns); the mean is over the N "
                "records, the rows."),
    ],
)


def check_cross_entropy_delta(cross_entropy_delta: Callable) -> None:
    """ex9.3: cross_entropy_delta(P, Y) for softmax outputs P (N, K) and one-hot targets
    Y (N, K) -> δ = ∂L/∂Z = (P − Y)/N, shape (N, K)."""
    CROSS_ENTROPY_DELTA.check(cross_entropy_delta)


# ---------------------------------------------------------------------------------------
# ex9.4 the starting weights

def _init_network(sizes, rng, *, shape=lambda n_in, n_out: (n_in, n_out), divisor=np.sqrt,
                  random_biases=False, zeros=False, by_n_out=False):
    """W^l = rng.standard_normal((n_in, n_out)) / √n_in layer by layer, b^l = 0. Each keyword,
    away from its default, is one typical mistake."""
    weights, biases = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        W = np.zeros((n_in, n_out)) if zeros else rng.standard_normal(shape(n_in, n_out))
        weights.append(W / divisor(n_out if by_n_out else n_in))
        biases.append(rng.standard_normal(n_out) if random_biases else np.zeros(n_out))
    return tuple(weights), tuple(biases)


INIT_NETWORK = Exercise(
    "ex9.4", "init_network",
    reference=_init_network,
    cases=[((3, 4, 2), np.random.default_rng(1)),
           ((2, 3, 3, 2), np.random.default_rng(2)),
           ((4, 2), np.random.default_rng(3))],  # no hidden layer
    mistakes=[
        Mistake("old-orientation", partial(_init_network, shape=lambda n_in, n_out: (n_out, n_in)),
                "each W has shape (n_out, n_in), the orientation of chapters 6-8."),
        Mistake("not-scaled", partial(_init_network, divisor=lambda n_in: 1.0),
                "the weights are not scaled by 1/√n_in: standard normal weights make the "
                "weighted inputs √n_in times too large."),
        Mistake("divided-by-n-in", partial(_init_network, divisor=lambda n_in: n_in),
                "the weights are divided by n_in, not by its square root."),
        Mistake("random-biases", partial(_init_network, random_biases=True),
                "the biases are drawn at random too, and those draws shift every later weight."),
        Mistake("all-zero", partial(_init_network, zeros=True),
                "every weight starts at 0: all hidden units would stay copies of each other "
                "(chapter 2)."),
        Mistake("scaled-by-n-out", partial(_init_network, by_n_out=True),
                "the weights are scaled by 1/√n_out; the scale that keeps a weighted input the "
                "size of one input counts the inputs, 1/√n_in."),
        Mistake.swapped(_init_network, "weights", "biases"),
    ],
    outputs=("weights", "biases"),
    may_change=("rng",),
)


def check_init_network(init_network: Callable) -> None:
    """ex9.4: init_network(sizes, rng) for layer sizes (n_0, ..., n_L) and a Generator ->
    (weights, biases): W^l = rng.standard_normal((n_in, n_out)) / √n_in drawn layer by
    layer in order, b^l = zeros(n_out)."""
    INIT_NETWORK.check(init_network)


# ---------------------------------------------------------------------------------------
# ex9.5 the forward pass

def _forward(X, weights, biases, *, hidden=sigmoid, output=_softmax, bias=True,
             transpose=False):
    """[A^0 = X, A^1, ..., A^L = P], Z^l = A^(l-1) W^l + b^l, sigmoid hidden layers and a
    softmax output. Each keyword, away from its default, is one typical mistake."""
    activations = [X]
    for layer, (W, b) in enumerate(zip(weights, biases, strict=True), start=1):
        Z = activations[-1] @ (W.T if transpose else W) + (b if bias else 0.0)
        activations.append(output(Z) if layer == len(weights) else hidden(Z))
    return tuple(activations)


def _net_case(sizes, n, seed):
    rng = np.random.default_rng(seed)
    weights, biases = _init_network(sizes, rng)
    biases = tuple(rng.normal(0, 0.5, len(b)) for b in biases)
    X = rng.normal(0, 1, (n, sizes[0]))
    Y = _one_hot(rng.integers(0, sizes[-1], n), sizes[-1])
    return X, Y, [np.array(W) for W in weights], [np.array(b) for b in biases]


_NETS = [_net_case((3, 4, 2), 5, 11), _net_case((2, 3, 3, 3), 4, 12),
         _net_case((2, 2, 2), 3, 13),  # square weights: W and W.T give numbers both
         _net_case((4, 3), 2, 14)]  # no hidden layer: softmax regression


FORWARD = Exercise(
    "ex9.5", "forward",
    reference=_forward,
    cases=[(X, weights, biases) for X, _, weights, biases in _NETS],
    mistakes=[
        Mistake("sigmoid-output", partial(_forward, output=sigmoid),
                "the output layer goes through the sigmoid, so its rows are not distributions "
                "(they do not sum to 1)."),
        Mistake("softmax-hidden", partial(_forward, hidden=_softmax),
                "the hidden layers go through softmax too; only the output layer is a softmax."),
        Mistake("no-biases", partial(_forward, bias=False),
                "the biases are left out of the weighted inputs Z."),
        Mistake("old-orientation", partial(_forward, transpose=True),
                "each layer computes A @ W.T, the orientation of chapters 6-8."),
        Mistake("missing-input", lambda X, w, b: _forward(X, w, b)[1:],
                "the list leaves out A^0 = X: it must hold every layer's activations, the inputs "
                "first."),
        Mistake("returns-output-only", lambda X, w, b: _forward(X, w, b)[-1],
                "you return only the output P; the exercise asks for the list of every layer's "
                "activations."),
    ],
)


def check_forward(forward: Callable) -> None:
    """ex9.5: forward(X, weights, biases) for X (N, n_0) and lists of W^l (n_(l-1), n_l),
    b^l (n_l,) -> the list [A^0 = X, A^1, ..., A^L = P]: sigmoid hidden layers, softmax
    output."""
    FORWARD.check(forward)


# ---------------------------------------------------------------------------------------
# ex9.6 the backward pass

def _backward(X, Y, weights, biases, *, slope=lambda A: A * (1 - A), per_record=True,
              bias_mean=False, transpose=False, reverse=False, bias_rows=False):
    """(nabla_w, nabla_b) of the mean cross-entropy: δ^L = (P − Y)/N, then back through the
    layers. Each keyword, away from its default, is one typical mistake."""
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


BACKWARD = Exercise(
    "ex9.6", "backward",
    reference=_backward,
    cases=[tuple(case) for case in _NETS],
    mistakes=[
        Mistake("missing-hidden-slope", partial(_backward, slope=lambda A: 1.0),
                "the hidden error terms lack the sigmoid's slope σ'(Z^l) = A^l(1 − A^l)."),
        Mistake("prime-of-activation", partial(_backward, slope=sigmoid_prime),
                "sigmoid_prime is applied to an activation A^l, a value already through σ; "
                "sigmoid_prime expects a weighted input Z^l."),
        Mistake("no-mean", partial(_backward, per_record=False),
                "every gradient is N times too large: the output error term lacks the 1/N of the "
                "mean over the records."),
        Mistake("bias-mean-twice", partial(_backward, bias_mean=True),
                "nabla_b is a mean of δ over the records; δ already carries the 1/N, so nabla_b "
                "is N times too small."),
        Mistake("bias-per-record", partial(_backward, bias_rows=True),
                "nabla_b is δ itself, one row per record; each bias gets one number."),
        Mistake("transposed", partial(_backward, transpose=True),
                "each nabla_w is δ^T A, of shape (n_out, n_in): the transpose of W^l here."),
        Mistake("layers-reversed", partial(_backward, reverse=True),
                "the gradients come back in the wrong order, the last layer first; nabla_w[0] "
                "belongs to weights[0]."),
        Mistake("activation-for-slope", partial(_backward, slope=lambda A: A),
                "the hidden error terms are multiplied by A^l = σ(Z^l) where its slope A^l(1 − "
                "A^l) belongs."),
        Mistake.swapped(_backward, "nabla_w", "nabla_b"),
    ],
    outputs=("nabla_w", "nabla_b"),
)


def check_backward(backward: Callable) -> None:
    """ex9.6: backward(X, Y, weights, biases) for X (N, n_0), one-hot Y (N, n_L) and the
    lists of ex9.5 -> (nabla_w, nabla_b): lists of ∂C/∂W^l and ∂C/∂b^l, shaped like
    weights and biases, for the mean cross-entropy C of the softmax output."""
    BACKWARD.check(backward)


# ---------------------------------------------------------------------------------------
# ex9.7 one epoch of mini-batch SGD

def _sgd_epoch(X, Y, weights, biases, gradients, lr, batch_size, rng, *, shuffle=True,
               two_orders=False, keep_last=True, full_batch=False, restart=False,
               per_batch_order=False):
    """One epoch of mini-batch SGD: batches of ``batch_size`` records in the order
    rng.permutation(N), one step W − lr·∇ per batch. Each keyword, away from its default, is
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
        weights = [W + step * dW for W, dW in zip(at_w, nabla_w, strict=True)]
        biases = [b + step * db for b, db in zip(at_b, nabla_b, strict=True)]
    return tuple(weights), tuple(biases)


def _epoch_cases() -> list[tuple]:
    """(X, Y, weights, biases, gradients, lr, batch_size, rng); the first has a short last
    batch (7 records in batches of 3)."""
    cases = []
    # (sizes, records, seed of the data), (lr, batch_size, seed of the shuffles)
    for (sizes, m, data_seed), (lr, batch_size, seed) in (
            (((3, 4, 2), 7, 21), (0.5, 3, 31)), (((2, 3, 3), 6, 22), (1.0, 2, 32)),
            (((3, 2), 5, 23), (2.0, 8, 33)),  # one batch larger than the data
            (((2, 3, 2), 3, 24), (0.3, 1, 34))):
        X, Y, weights, biases = _net_case(sizes, m, data_seed)
        cases.append((X, Y, weights, biases, _backward_lists, lr, batch_size,
                      np.random.default_rng(seed)))
    return cases


class _Gradients:
    """The gradients function a check passes in: the reference backward pass, returning lists
    (shown as ``backward`` in messages, never as an object at some address)."""

    def __call__(self, X, Y, weights, biases):
        nabla_w, nabla_b = _backward(X, Y, weights, biases)
        return list(nabla_w), list(nabla_b)

    def __repr__(self) -> str:
        return "backward"


_backward_lists = _Gradients()

SGD_EPOCH = Exercise(
    "ex9.7", "sgd_epoch",
    reference=_sgd_epoch,
    cases=_epoch_cases(),
    mistakes=[
        Mistake("not-shuffled", partial(_sgd_epoch, shuffle=False),
                "the records are not shuffled: the batches are cut in the order of the rows."),
        Mistake("two-permutations", partial(_sgd_epoch, two_orders=True),
                "X and Y are shuffled with two different permutations, so the records no longer "
                "meet their own targets."),
        Mistake("last-batch-dropped", partial(_sgd_epoch, keep_last=False),
                "the last, shorter batch is dropped: its records are never used."),
        Mistake("full-batch-gradient", partial(_sgd_epoch, full_batch=True),
                "every step uses the gradient of all the records, not of its batch."),
        Mistake("permutation-per-batch", partial(_sgd_epoch, per_batch_order=True),
                "a new permutation is drawn for every batch, so some records are used twice and "
                "others never."),
        Mistake("no-learning-rate",
                lambda X, Y, w, b, grads, lr, *rest: _sgd_epoch(X, Y, w, b, grads, 1.0, *rest),
                "the learning rate lr is not applied to the step."),
        Mistake("sign-flipped",
                lambda X, Y, w, b, grads, lr, *rest: _sgd_epoch(X, Y, w, b, grads, -lr, *rest),
                "the sign is flipped: the steps go up the gradient, making the loss larger."),
        Mistake("restarts-every-batch", partial(_sgd_epoch, restart=True),
                "every batch starts again from the weights passed in, so only the last batch's "
                "step survives."),
        Mistake("returns-change", lambda X, Y, weights, biases, *rest: tuple(
                    tuple(new - old for new, old in zip(part, start, strict=True))
                    for part, start in zip(_sgd_epoch(X, Y, weights, biases, *rest),
                                           (weights, biases), strict=True)),
                "you return the change of every parameter over the epoch; this exercise asks "
                "for the new weights and biases."),
        Mistake("unchanged", lambda X, Y, weights, biases, *rest: (tuple(weights), tuple(biases)),
                "the weights and biases come back as they were passed in: no step was added to "
                "them."),
        Mistake.swapped(_sgd_epoch, "weights", "biases"),
    ],
    outputs=("weights", "biases"),
    may_change=("rng",),
)


def check_sgd_epoch(sgd_epoch: Callable) -> None:
    """ex9.7: sgd_epoch(X, Y, weights, biases, gradients, lr, batch_size, rng) -> new
    (weights, biases) after one epoch: order = rng.permutation(N), batches of batch_size
    records in that order (the last may be shorter), one step W − lr·∇ per batch."""
    SGD_EPOCH.check(sgd_epoch)


# ---------------------------------------------------------------------------------------
# ex9.8 the training loop

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


def _train_cases() -> list[tuple]:
    cases = []
    for sizes, n, epochs, lr, batch_size, seed in (((3, 4, 2), 8, 3, 0.5, 3, 0),
                                                     ((2, 3, 3, 3), 6, 2, 1.0, 4, 1),
                                                     ((2, 3, 2), 5, 4, 2.0, 2, 2)):
        X, Y, _, _ = _net_case(sizes, n, 40 + seed)
        cases.append((X, Y, sizes, epochs, lr, batch_size, seed))
    return cases


TRAIN = Exercise(
    "ex9.8", "train",
    reference=_train,
    cases=_train_cases(),
    mistakes=[
        Mistake("one-epoch-too-many",
                lambda X, Y, sizes, epochs, *rest: _train(X, Y, sizes, epochs + 1, *rest),
                "one epoch too many: the loop runs epochs + 1 times."),
        Mistake("one-epoch-too-few",
                lambda X, Y, sizes, epochs, *rest: _train(X, Y, sizes, epochs - 1, *rest),
                "one epoch too few: the loop runs epochs − 1 times."),
        Mistake("second-generator", partial(_train, two_rngs=True),
                "the shuffles come from a second generator made from the same seed, so they "
                "repeat the draws that made the weights."),
        Mistake("reseeded-every-epoch", partial(_train, reseed=True),
                "a new generator is made every epoch, so every epoch shuffles the records in the "
                "same order."),
        Mistake("unchanged", partial(_train, keep=False),
                "the weights come back as they started: what sgd_epoch returns is not kept."),
        Mistake("restarts-every-epoch", partial(_train, restart=True),
                "every epoch starts again from the starting weights, so only the last epoch's "
                "training survives."),
        Mistake("batch-size-ignored", partial(_train, full_batch=True),
                "every epoch takes one step over all the records: batch_size does not reach "
                "sgd_epoch."),
        Mistake.swapped(_train, "weights", "biases"),
    ],
    outputs=("weights", "biases"),
)


def check_train(train: Callable) -> None:
    """ex9.8: train(X, Y, sizes, epochs, lr, batch_size, seed) -> (weights, biases): one
    Generator np.random.default_rng(seed) draws the starting weights (init_network) and then
    shuffles every epoch (sgd_epoch with backward)."""
    TRAIN.check(train)
