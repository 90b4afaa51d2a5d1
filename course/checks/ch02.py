"""Check for the exercise of 02_gradient_descent_admissions: the batch training loop."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from helpers.activations import sigmoid

from ..checking import Mistake, report, run_check


def _batch_epochs(X, y, weights, lr, epochs, sign=1.0, per_m=True, slope=True,
                  reset=True) -> NDArray[np.float64]:
    """Batch gradient descent on one sigmoid unit; the flags switch on typical mistakes."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = np.array(weights, dtype=float)
    m = X.shape[0]
    step = np.zeros_like(w)
    for _ in range(epochs):
        if reset:
            step = np.zeros_like(w)
        y_hat = sigmoid(X @ w)
        delta = (y - y_hat) * (y_hat * (1 - y_hat) if slope else 1.0)
        step = step + delta @ X
        w = w + sign * lr * step / (m if per_m else 1)
    return w


def _per_record(X, y, weights, lr, epochs, per_m=True) -> NDArray[np.float64]:
    """Updates after every record (stochastic order = data order), averaged by m unless
    ``per_m`` is False."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = np.array(weights, dtype=float)
    scale = X.shape[0] if per_m else 1
    for _ in range(epochs):
        for x_i, y_i in zip(X, y, strict=True):
            out = sigmoid(x_i @ w)
            w = w + lr * (y_i - out) * out * (1 - out) * x_i / scale
    return w


def _train(X, y, weights, lr, epochs):
    return _batch_epochs(X, y, weights, lr, epochs)


def train_cases() -> list[tuple]:
    """(X, y, weights, lr, epochs) inputs of the check: batches of 3 to 8 records."""
    rng = np.random.default_rng(2)
    cases = []
    for m, n, lr, epochs in [(6, 3, 0.5, 1), (8, 4, 2.0, 3), (5, 2, 0.1, 10), (3, 3, 1.0, 0)]:
        X = rng.normal(size=(m, n))
        y = (rng.random(m) < 0.5).astype(float)
        y[:2] = [0.0, 1.0]  # both classes in every case
        cases.append((X, y, rng.normal(scale=n ** -0.5, size=n), lr, epochs))
    return cases


def check_train(train: Callable) -> None:
    """ex2.1: ``train(X, y, weights, lr, epochs)`` returns the weights (shape of ``weights``)
    after ``epochs`` batch updates w += η Δw / m with Δw = Σ_records δ x."""
    mistakes = [
        Mistake(lambda *a: _batch_epochs(*a, sign=-1.0),
                "wrong sign: the weights moved uphill. δ = (y − ŷ) f'(h) already carries the "
                "minus of gradient descent, and the step is added."),
        Mistake(lambda *a: _batch_epochs(*a, per_m=False),
                "the step is m times too big: the summed Δw must be averaged over the m "
                "records."),
        Mistake(_per_record,
                "you update the weights after every record; this exercise asks for one update "
                "per pass, after all records have been added into the weight step."),
        Mistake(lambda *a: _per_record(*a, per_m=False),
                "you update the weights after every record (and without averaging); this "
                "exercise asks for one averaged update per pass."),
        Mistake(lambda *a: _batch_epochs(*a, slope=False),
                "the error term lacks the slope f'(h) of the sigmoid: δ is the error times "
                "f'(h)."),
        Mistake(lambda *a: _batch_epochs(*a, reset=False),
                "the weight step keeps growing from one pass to the next: set it back to zero "
                "at the start of every pass."),
    ]
    report(run_check("ex2.1", "train", train, _train, train_cases(), mistakes))
