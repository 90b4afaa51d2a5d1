"""Checks for the training exercises of 09_capstone_digits (re-exported by ``ch09``).

ex9.5 one epoch of mini-batch SGD; ex9.6 the training loop that composes init_network (ex9.4),
chapter 6's backward (with a softmax output and ex9.3's δ^[L]) and sgd_epoch. Their references
live in ``ch09_network``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import sigmoid

from ..checking import Exercise, Mistake
from .ch06_network import _mse_delta
from .ch09_network import _backward_lists, _Gradients, _net_case, _sgd_epoch, _train

__all__ = ["SGD_EPOCH", "TRAIN", "check_sgd_epoch", "check_train"]


# ---------------------------------------------------------------------------------------
# ex9.5 one epoch of mini-batch SGD

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


SGD_EPOCH = Exercise(
    "ex9.5", "sgd_epoch",
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
    """ex9.5: sgd_epoch(X, Y, weights, biases, gradients, lr, batch_size, rng) -> new
    (weights, biases) after one epoch: order = rng.permutation(m), batches of batch_size
    records in that order (the last may be shorter), one step W − lr·∇ per batch."""
    SGD_EPOCH.check(sgd_epoch)


# ---------------------------------------------------------------------------------------
# ex9.6 the training loop

def _train_cases() -> list[tuple]:
    cases = []
    for sizes, m, epochs, lr, batch_size, seed in (((3, 4, 2), 8, 3, 0.5, 3, 0),
                                                     ((2, 3, 3, 3), 6, 2, 1.0, 4, 1),
                                                     ((2, 3, 2), 5, 4, 2.0, 2, 2)):
        X, Y, _, _ = _net_case(sizes, m, 40 + seed)
        cases.append((X, Y, sizes, epochs, lr, batch_size, seed))
    return cases


TRAIN = Exercise(
    "ex9.6", "train",
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
        Mistake("chapter-6-defaults", partial(_train, gradients=_Gradients(
                    output=sigmoid, output_delta=_mse_delta)),
                "the gradients are those of chapter 6's defaults, sigmoid outputs and the mean "
                "squared error: pass backward output=softmax and output_delta="
                "cross_entropy_delta."),
        Mistake("mse-delta", partial(_train, gradients=_Gradients(output_delta=_mse_delta)),
                "backward gets output=softmax but keeps chapter 6's output_delta, mse_delta: "
                "pass your cross_entropy_delta (ex9.3) too."),
        Mistake("sigmoid-output", partial(_train, gradients=_Gradients(output=sigmoid)),
                "backward gets your cross_entropy_delta but keeps chapter 6's sigmoid output: "
                "pass output=softmax too."),
        Mistake("unscaled-start", partial(_train, unscaled=True),
                "the starting weights are chapter 6's init_weights as drawn (not scaled, random "
                "biases): start from your init_network (ex9.4)."),
        Mistake.swapped(_train, "weights", "biases"),
    ],
    outputs=("weights", "biases"),
)


def check_train(train: Callable) -> None:
    """ex9.6: train(X, Y, sizes, epochs, lr, batch_size, seed) -> (weights, biases): one
    Generator np.random.default_rng(seed) draws the starting weights (init_network) and then
    shuffles every epoch (sgd_epoch with chapter 6's backward, output=softmax and
    output_delta=cross_entropy_delta)."""
    TRAIN.check(train)
