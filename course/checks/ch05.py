"""Checks for the exercises of 05_backprop_admissions.

ex5.1 one epoch of backpropagation record by record (steps summed, one averaged update);
ex5.2 the same epoch vectorised over all records; ex5.3 one epoch of per-record
(stochastic) updates, the weights changing after every record.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers import sigmoid, sigmoid_prime

from ..checking import Exercise, Mistake

__all__ = ["check_train_epoch", "check_train_epoch_stochastic",
           "check_train_epoch_vectorised"]

OUTPUTS = ("W_input_hidden", "W_hidden_output")


def _epoch(X, y, w1, w2, lr, *, sign=1.0, mean=True, hidden_slope=True, slope=None,
           online=False, steps_only=False, online_per_m=False, new_w2_first=False,
           restart=False, hidden_slope_at_output=False):
    """One epoch of per-record backprop, with switches that reproduce typical mistakes."""
    w1, w2 = np.array(w1, dtype=float), np.array(w2, dtype=float)
    start1, start2 = w1.copy(), w2.copy()
    slope = slope or (lambda act: act * (1 - act))
    step1, step2 = np.zeros_like(w1), np.zeros_like(w2)
    m = len(y)
    for x, target in zip(X, y, strict=True):
        a = sigmoid(x @ w1)
        y_hat = sigmoid(a @ w2)
        delta_o = sign * (target - y_hat) * slope(y_hat)
        if online:  # the update after every record
            scale = lr / m if online_per_m else lr
            new_w2 = (start2 if restart else w2) + scale * delta_o * a
            delta_h = delta_o * (new_w2 if new_w2_first else w2) * _hidden_slope(
                slope, a, y_hat, hidden_slope, hidden_slope_at_output)
            w1 = (start1 if restart else w1) + scale * x[:, None] * delta_h
            w2 = new_w2
        else:
            delta_h = delta_o * w2 * _hidden_slope(slope, a, y_hat, hidden_slope,
                                                   hidden_slope_at_output)
            step1, step2 = step1 + x[:, None] * delta_h, step2 + delta_o * a
    if online:
        return w1, w2
    scale = lr / m if mean else lr
    if steps_only:
        return scale * step1, scale * step2
    return w1 + scale * step1, w2 + scale * step2


def _hidden_slope(slope, a, y_hat, hidden_slope, at_output):
    if not hidden_slope:
        return 1.0
    return slope(y_hat) if at_output else slope(a)


def _train_epoch(X, y, W_input_hidden, W_hidden_output, lr):
    return _epoch(X, y, W_input_hidden, W_hidden_output, lr)


def _train_epoch_stochastic(X, y, W_input_hidden, W_hidden_output, lr):
    return _epoch(X, y, W_input_hidden, W_hidden_output, lr, online=True)


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
        Mistake("sign-flipped-updates-make", lambda *c: _epoch(*c, sign=-1.0),
                "the sign is flipped: these updates make the error larger."),
        Mistake("update-divided-number-records", lambda *c: _epoch(*c, mean=False),
                "the update is not divided by m, the number of records."),
        Mistake("hidden-error-term-lacks", lambda *c: _epoch(*c, hidden_slope=False),
                "the hidden error term lacks the slope f'(h_j) of the hidden units."),
        Mistake("mistake", lambda *c: _epoch(*c, slope=sigmoid_prime), _PRIME_ON_ACTIVATION),
        Mistake("learning-rate-missing-update", lambda *c: _epoch(*c[:4], 1.0),
                "the learning rate is missing from the update."),
        Mistake("return-steps-exercise-asks", lambda *c: _epoch(*c, steps_only=True),
                "you return the steps; this exercise asks for the weights after the update."),
        Mistake("weights-come-back-unchanged", _returned_unchanged,
                "the weights come back unchanged: nothing was added to them."),
        Mistake("mistake-2", lambda *c: _epoch(*c, hidden_slope_at_output=True), _SLOPE_AT_OUTPUT),
        Mistake("mistake-3", lambda *c: _epoch(*c)[::-1], _WRONG_ORDER),
    ]


TRAIN_EPOCH = Exercise(
    "ex5.1", "train_epoch",
    reference=_train_epoch,
    cases=_cases(),
    mistakes=[
        *_batch_mistakes(),
        Mistake("weights-change-after-record", lambda *c: _epoch(*c, online=True),
                "the weights change after every record: this exercise sums the steps over "
                "the epoch and updates once, at the end."),
    ],
    outputs=OUTPUTS,
    names=("train_epoch",),
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
    names=("train_epoch_vectorised",),
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
        Mistake("weights-change-once-end", lambda *c: _epoch(*c, mean=False),
                "the weights change only once, at the end of the epoch: here each record's "
                "step is added before the next record is seen."),
        Mistake("averaged-update-whole-epoch", lambda *c: _epoch(*c),
                "this is one averaged update for the whole epoch (ex5.1); here the weights "
                "change after every record."),
        Mistake("record-step-divided-if", lambda *c: _epoch(*c, online=True, online_per_m=True),
                "each record's step is divided by m, as if it were an average."),
        Mistake("hidden-error-term-uses", lambda *c: _epoch(*c, online=True, new_w2_first=True),
                "the hidden error term uses W_hidden_output after this record's update; "
                "both error terms belong to the weights the record was run through."),
        Mistake("record-update-starts-again", lambda *c: _epoch(*c, online=True, restart=True),
                "every record's update starts again from the weights passed in, so only "
                "the last record's step survives."),
        Mistake("sign-flipped-updates-make", lambda *c: _epoch(*c, online=True, sign=-1.0),
                "the sign is flipped: these updates make the error larger."),
        Mistake("hidden-error-term-lacks", lambda *c: _epoch(*c, online=True, hidden_slope=False),
                "the hidden error term lacks the slope f'(h_j) of the hidden units."),
        Mistake("weights-come-back-unchanged", _returned_unchanged,
                "the weights come back unchanged: nothing was added to them."),
        Mistake("mistake",
                lambda *c: _epoch(*c, online=True, slope=sigmoid_prime), _PRIME_ON_ACTIVATION),
        Mistake("mistake-2", lambda *c: _epoch(*c, online=True, hidden_slope_at_output=True),
                _SLOPE_AT_OUTPUT),
        Mistake("mistake-3", lambda *c: _epoch(*c, online=True)[::-1], _WRONG_ORDER),
    ],
    outputs=OUTPUTS,
    names=("train_epoch_stochastic",),
)


def check_train_epoch_stochastic(train_epoch_stochastic: Callable) -> None:
    """ex5.3: train_epoch_stochastic(X, y, W_input_hidden, W_hidden_output, lr): one pass over
    the records in their order, adding each record's steps η δ^h x and η δ^o a to the
    weights before the next record; returns the new weights."""
    TRAIN_EPOCH_STOCHASTIC.check(train_epoch_stochastic)
