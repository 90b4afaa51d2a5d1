"""Checks for the exercises of 05_backprop_admissions.

ex5.1 one epoch of backpropagation record by record (steps summed, one averaged update);
ex5.2 the same epoch vectorised over all records; ex5.3 one epoch of per-record
(stochastic) updates, the weights changing after every record.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import sigmoid, sigmoid_prime

from ..checking import Exercise, Mistake

__all__ = ["check_train_epoch", "check_train_epoch_stochastic",
           "check_train_epoch_vectorised"]

OUTPUTS = ("W_input_hidden", "W_hidden_output")


def _sigmoid_slope(act):
    """σ'(h) from the unit's activation act = σ(h)."""
    return act * (1 - act)


def _record(x, target, w1, w2, slope, sign):
    """The forward pass of one record and its output error term: (a, ŷ, δ^o)."""
    a = sigmoid(x @ w1)
    y_hat = sigmoid(a @ w2)
    return a, y_hat, sign * (target - y_hat) * slope(y_hat)


def _hidden_slope(slope, at, a, y_hat):
    return 1.0 if at is None else slope(a if at == "a" else y_hat)


def _train_epoch(X, y, W_input_hidden, W_hidden_output, lr, *, slope=_sigmoid_slope,
                 hidden_slope_at="a", sign=1.0, mean=True, steps_only=False):
    """One epoch: the steps x δ^h and a δ^o summed over the records, one update by η/m of the
    sums at the end. Each keyword, away from its default, is one typical mistake."""
    w1, w2 = np.array(W_input_hidden, dtype=float), np.array(W_hidden_output, dtype=float)
    step1, step2 = np.zeros_like(w1), np.zeros_like(w2)
    for x, target in zip(X, y, strict=True):
        a, y_hat, delta_o = _record(x, target, w1, w2, slope, sign)
        delta_h = delta_o * w2 * _hidden_slope(slope, hidden_slope_at, a, y_hat)
        step1, step2 = step1 + x[:, None] * delta_h, step2 + delta_o * a
    scale = lr / len(y) if mean else lr
    if steps_only:
        return scale * step1, scale * step2
    return w1 + scale * step1, w2 + scale * step2


def _train_epoch_stochastic(X, y, W_input_hidden, W_hidden_output, lr, *, slope=_sigmoid_slope,
                            hidden_slope_at="a", sign=1.0, per_m=False, new_w2_first=False,
                            restart=False):
    """One epoch of per-record updates: each record's steps η x δ^h and η a δ^o are added
    before the next record. Each keyword, away from its default, is one typical mistake."""
    w1, w2 = np.array(W_input_hidden, dtype=float), np.array(W_hidden_output, dtype=float)
    start1, start2 = w1.copy(), w2.copy()
    scale = lr / len(y) if per_m else lr
    for x, target in zip(X, y, strict=True):
        a, y_hat, delta_o = _record(x, target, w1, w2, slope, sign)
        new_w2 = (start2 if restart else w2) + scale * delta_o * a
        delta_h = delta_o * (new_w2 if new_w2_first else w2) * _hidden_slope(
            slope, hidden_slope_at, a, y_hat)
        w1 = (start1 if restart else w1) + scale * x[:, None] * delta_h
        w2 = new_w2
    return w1, w2


def _cases() -> list[tuple]:
    rng = np.random.default_rng(5)
    square = (rng.normal(size=(4, 3)), np.array([1.0, 0.0, 1.0, 1.0]),
              rng.normal(0, 0.6, (3, 3)), rng.normal(0, 0.6, 3), 0.5)
    admissions_like = (rng.normal(size=(6, 6)).clip(-2, 2), np.array([0., 1, 0, 0, 1, 0]),
                       rng.normal(0, 6 ** -0.5, (6, 2)), rng.normal(0, 2 ** -0.5, 2), 1.0)
    one_record = (np.array([[0.1, 0.3]]), np.array([1.0]), np.array([[0.4], [-0.2]]),
                  np.array([0.1]), 0.5)
    all_rejected = (rng.normal(size=(5, 4)), np.zeros(5), rng.normal(0, 0.5, (4, 3)),
                    rng.normal(0, 0.5, 3), 2.0)
    return [square, admissions_like, one_record, all_rejected]


def _returned_unchanged(X, y, w1, w2, lr):
    return np.array(w1, dtype=float), np.array(w2, dtype=float)


_SLOPE_AT_OUTPUT = ("the hidden error terms use the output's slope f'(z); each hidden unit "
                    "needs the slope at its own input, f'(h_j).")
_WRONG_ORDER = ("the two weight arrays come back in the wrong order: the result is "
                "(W_input_hidden, W_hidden_output).")

_PRIME_ON_ACTIVATION = ("sigmoid_prime is applied to an activation, a value already through "
                        "σ; sigmoid_prime expects a unit's input.")


def _batch_mistakes() -> list[Mistake]:
    """The cheap slips of an epoch with one averaged update (loop or vectorised)."""
    return [
        Mistake("sign-flipped", partial(_train_epoch, sign=-1.0),
                "the sign is flipped: these updates make the error larger."),
        Mistake("no-mean", partial(_train_epoch, mean=False),
                "the update is not divided by m, the number of records."),
        Mistake("missing-hidden-slope", partial(_train_epoch, hidden_slope_at=None),
                "the hidden error term lacks the slope f'(h_j) of the hidden units."),
        Mistake("prime-of-activation",
                partial(_train_epoch, slope=sigmoid_prime), _PRIME_ON_ACTIVATION),
        Mistake("no-learning-rate", lambda X, y, w1, w2, lr: _train_epoch(X, y, w1, w2, 1.0),
                "the learning rate is missing from the update."),
        Mistake("returns-step", partial(_train_epoch, steps_only=True),
                "you return the steps; this exercise asks for the weights after the update."),
        Mistake("unchanged", _returned_unchanged,
                "the weights come back unchanged: nothing was added to them."),
        Mistake("hidden-slope-at-output",
                partial(_train_epoch, hidden_slope_at="y_hat"), _SLOPE_AT_OUTPUT),
        Mistake("swapped", lambda *case: _train_epoch(*case)[::-1], _WRONG_ORDER),
    ]


TRAIN_EPOCH = Exercise(
    "ex5.1", "train_epoch",
    reference=_train_epoch,
    cases=_cases(),
    mistakes=[
        *_batch_mistakes(),
        Mistake("updates-per-record", _train_epoch_stochastic,
                "the weights change after every record: this exercise sums the steps over "
                "the epoch and updates once, at the end."),
    ],
    outputs=OUTPUTS,
)


def check_train_epoch(train_epoch: Callable) -> None:
    """ex5.1: train_epoch(X, y, W_input_hidden, W_hidden_output, lr) for X (m, n_in),
    y (m,), weights (n_in, n_hidden) and (n_hidden,); returns the weights after one epoch
    (steps summed over the records in a loop, one averaged update at the end)."""
    TRAIN_EPOCH.check(train_epoch)


TRAIN_EPOCH_VECTORISED = Exercise(
    "ex5.2", "train_epoch_vectorised",
    reference=_train_epoch,
    cases=_cases(),
    mistakes=_batch_mistakes(),
    outputs=OUTPUTS,
)


def check_train_epoch_vectorised(train_epoch_vectorised: Callable) -> None:
    """ex5.2: train_epoch_vectorised(X, y, W_input_hidden, W_hidden_output, lr), the epoch of
    ex5.1 with matrix products over all records instead of a loop; the same weights."""
    TRAIN_EPOCH_VECTORISED.check(train_epoch_vectorised)


TRAIN_EPOCH_STOCHASTIC = Exercise(
    "ex5.3", "train_epoch_stochastic",
    reference=_train_epoch_stochastic,
    cases=_cases(),
    mistakes=[
        Mistake("one-update-no-mean", partial(_train_epoch, mean=False),
                "the weights change only once, at the end of the epoch: here each record's "
                "step is added before the next record is seen."),
        Mistake("one-update", _train_epoch,
                "this is one averaged update for the whole epoch (ex5.1); here the weights "
                "change after every record."),
        Mistake("step-divided-by-m", partial(_train_epoch_stochastic, per_m=True),
                "each record's step is divided by m, as if it were an average."),
        Mistake("uses-updated-weights", partial(_train_epoch_stochastic, new_w2_first=True),
                "the hidden error term uses W_hidden_output after this record's update; "
                "both error terms belong to the weights the record was run through."),
        Mistake("restarts-every-record", partial(_train_epoch_stochastic, restart=True),
                "every record's update starts again from the weights passed in, so only "
                "the last record's step survives."),
        Mistake("sign-flipped", partial(_train_epoch_stochastic, sign=-1.0),
                "the sign is flipped: these updates make the error larger."),
        Mistake("missing-hidden-slope", partial(_train_epoch_stochastic, hidden_slope_at=None),
                "the hidden error term lacks the slope f'(h_j) of the hidden units."),
        Mistake("unchanged", _returned_unchanged,
                "the weights come back unchanged: nothing was added to them."),
        Mistake("prime-of-activation",
                partial(_train_epoch_stochastic, slope=sigmoid_prime), _PRIME_ON_ACTIVATION),
        Mistake("hidden-slope-at-output", partial(_train_epoch_stochastic, hidden_slope_at="y_hat"),
                _SLOPE_AT_OUTPUT),
        Mistake("swapped", lambda *case: _train_epoch_stochastic(*case)[::-1], _WRONG_ORDER),
    ],
    outputs=OUTPUTS,
)


def check_train_epoch_stochastic(train_epoch_stochastic: Callable) -> None:
    """ex5.3: train_epoch_stochastic(X, y, W_input_hidden, W_hidden_output, lr): one pass over
    the records in their order, adding each record's steps η δ^h x and η δ^o a to the
    weights before the next record; returns the new weights."""
    TRAIN_EPOCH_STOCHASTIC.check(train_epoch_stochastic)
