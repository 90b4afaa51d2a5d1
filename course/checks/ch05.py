"""Checks for the exercises of 05_backprop_admissions.

ex5.1 one epoch of backpropagation record by record (steps summed, one averaged update);
ex5.2 (derive) the gradients ∂E/∂w and ∂E/∂W of the mean squared error for all records at
once, in matrix form, before the text shows it; ex5.3 the four counts of a classifier's
right and wrong calls (true and false admitted, missed and rightly rejected) at a threshold.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from helpers import sigmoid, sigmoid_prime

from ..checking import Exercise, Mistake

__all__ = ["check_batch_gradients", "check_confusion_counts", "check_train_epoch"]

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


# ---------- ex5.1 ----------

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


def _train_epoch_per_record(X, y, W_input_hidden, W_hidden_output, lr):
    """The slip of updating after every record (chapter 2's stochastic updates)."""
    w1, w2 = np.array(W_input_hidden, dtype=float), np.array(W_hidden_output, dtype=float)
    for x, target in zip(X, y, strict=True):
        a, y_hat, delta_o = _record(x, target, w1, w2, _sigmoid_slope, 1.0)
        delta_h = delta_o * w2 * _sigmoid_slope(a)
        w1, w2 = w1 + lr * x[:, None] * delta_h, w2 + lr * delta_o * a
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
_PRIME_ON_ACTIVATION = ("sigmoid_prime is applied to an activation, a value already through "
                        "σ; sigmoid_prime expects a unit's input.")

TRAIN_EPOCH = Exercise(
    "ex5.1", "train_epoch",
    reference=_train_epoch,
    cases=_cases(),
    mistakes=[
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
        Mistake("swapped", lambda *case: _train_epoch(*case)[::-1],
                "the two weight arrays come back in the wrong order: the result is "
                "(W_input_hidden, W_hidden_output)."),
        Mistake("updates-per-record", _train_epoch_per_record,
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


# ---------- ex5.2 ----------

def _batch_gradients(X, y, W_input_hidden, W_hidden_output, *, slope=_sigmoid_slope,
                     output_slope=True, hidden_slope_at="a", sign=-1.0, scale=1.0,
                     mean=True, transpose=False):
    """(∂E/∂w, ∂E/∂W) of E = 1/(2m) Σ (y − ŷ)² in matrix form: −Xᵀδ^h/m and −Aᵀδ^o/m
    (test_ch05 proves they are the finite differences of E). Each keyword, away from its
    default, is one typical mistake."""
    A = sigmoid(X @ W_input_hidden)
    y_hat = sigmoid(A @ W_hidden_output)
    delta_o = (y - y_hat) * (slope(y_hat) if output_slope else 1.0)
    delta_h = delta_o[:, None] * W_hidden_output * _hidden_slope(
        slope, hidden_slope_at, A, y_hat[:, None])
    factor = sign * scale / (len(y) if mean else 1)
    nabla_w = factor * (X.T @ delta_h)
    return (nabla_w.T if transpose else nabla_w), factor * (A.T @ delta_o)


BATCH_GRADIENTS = Exercise(
    "ex5.2", "batch_gradients",
    reference=_batch_gradients,
    cases=[case[:4] for case in _cases()],
    mistakes=[
        Mistake("sign-flipped", partial(_batch_gradients, sign=1.0),
                "your gradients point downhill, the way the weights should move; the gradient "
                "points where E grows: ∂E/∂ŷ = −(y − ŷ), with a minus."),
        Mistake("no-mean", partial(_batch_gradients, mean=False),
                "your gradients are m times too large: E is the mean over the m records, so "
                "each sum over the records carries a 1/m."),
        Mistake("half-kept", partial(_batch_gradients, scale=0.5),
                "your gradients are half the size: the 2 of the square cancels the ½ of E."),
        Mistake("squared-twice", partial(_batch_gradients, scale=2.0),
                "your gradients are twice the size: the 2 of the square cancels the ½ of E, "
                "it does not double it."),
        Mistake("missing-output-slope", partial(_batch_gradients, output_slope=False),
                "your gradients lack the output's slope f'(z) = ŷ(1 − ŷ): ŷ = f(z), and the "
                "chain rule passes through f."),
        Mistake("missing-hidden-slope", partial(_batch_gradients, hidden_slope_at=None),
                "your ∂E/∂w lacks the hidden units' slope f'(h_j) = a_j(1 − a_j): a_j = f(h_j)."),
        Mistake("hidden-slope-at-output",
                partial(_batch_gradients, hidden_slope_at="y_hat"), _SLOPE_AT_OUTPUT),
        Mistake("prime-of-activation",
                partial(_batch_gradients, slope=sigmoid_prime), _PRIME_ON_ACTIVATION),
        Mistake("transposed", partial(_batch_gradients, transpose=True),
                "your ∂E/∂w is transposed: entry (i, j) is ∂E/∂w_ij, input i to hidden unit "
                "j, the shape of W_input_hidden."),
        Mistake.swapped(_batch_gradients, "∂E/∂W_input_hidden", "∂E/∂W_hidden_output"),
    ],
    outputs=("nabla_w_input_hidden", "nabla_w_hidden_output"),
)


def check_batch_gradients(batch_gradients: Callable) -> None:
    """ex5.2: batch_gradients(X, y, W_input_hidden, W_hidden_output) -> (∂E/∂W_input_hidden,
    ∂E/∂W_hidden_output) of E = 1/(2m) Σ (y − ŷ)² for X (m, n_in), y (m,), weights
    (n_in, n_hidden) and (n_hidden,): two arrays shaped like the weights."""
    BATCH_GRADIENTS.check(batch_gradients)


# ---------- ex5.3 ----------

def _confusion_counts(p, labels, threshold, *, admitted=np.greater, fixed=None, share=False):
    """(true admitted, false admitted, missed, rightly rejected): ŷ > threshold is a call of
    "admitted". Each keyword, away from its default, is one typical mistake."""
    called = admitted(np.asarray(p), threshold if fixed is None else fixed)
    actual = np.asarray(labels) == 1
    counts = [int(np.sum(called & actual)), int(np.sum(called & ~actual)),
              int(np.sum(~called & actual)), int(np.sum(~called & ~actual))]
    return tuple(c / len(actual) for c in counts) if share else tuple(counts)


def _confusion_cases() -> list[tuple]:
    rng = np.random.default_rng(53)
    drawn = (rng.uniform(size=12).round(3), (rng.uniform(size=12) < 0.4).astype(float), 0.5)
    at_threshold = (np.array([0.5, 0.7, 0.2, 0.5, 0.9, 0.1]),
                    np.array([1.0, 1.0, 0.0, 0.0, 0.0, 1.0]), 0.5)
    low_threshold = (np.array([0.35, 0.25, 0.6, 0.1, 0.31, 0.45, 0.28]),
                     np.array([1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0]), 0.3)
    return [drawn, at_threshold, low_threshold]


CONFUSION_COUNTS = Exercise(
    "ex5.3", "confusion_counts",
    reference=_confusion_counts,
    cases=_confusion_cases(),
    mistakes=[
        Mistake("at-threshold-admitted", partial(_confusion_counts, admitted=np.greater_equal),
                "an output exactly at the threshold counts as admitted in yours; the call is "
                "\"admitted\" only for ŷ > threshold."),
        Mistake("threshold-ignored", partial(_confusion_counts, fixed=0.5),
                "your calls ignore the threshold argument: they always cut at 0.5."),
        Mistake("call-reversed", partial(_confusion_counts, admitted=np.less),
                "your calls are reversed: an output above the threshold means \"admitted\"."),
        Mistake("false-swapped", lambda *case: (lambda c: (c[0], c[2], c[1], c[3]))(
                    _confusion_counts(*case)),
                "your false admitted and missed are swapped: a false admitted is called "
                "admitted but was rejected (label 0)."),
        Mistake("true-swapped", lambda *case: (lambda c: (c[3], c[1], c[2], c[0]))(
                    _confusion_counts(*case)),
                "your true admitted and rightly rejected are swapped: the first count is "
                "called admitted and admitted (label 1)."),
        Mistake("shares", partial(_confusion_counts, share=True),
                "your counts are shares of the records; return how many records, whole "
                "numbers that add up to m."),
    ],
    outputs=("true_admitted", "false_admitted", "missed", "rightly_rejected"),
)


def check_confusion_counts(confusion_counts: Callable) -> None:
    """ex5.3: confusion_counts(p, labels, threshold) -> (true admitted, false admitted,
    missed, rightly rejected) for outputs p (m,) and labels y (m,) of 0 and 1; a record is
    called "admitted" when p > threshold."""
    CONFUSION_COUNTS.check(confusion_counts)
