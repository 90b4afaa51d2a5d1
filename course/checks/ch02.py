"""Checks for the exercises of 02_gradient_descent_admissions: the data preparation (ex2.1),
batch gradient descent written as a loop over records (ex2.2) and vectorised (ex2.3).

The first input of every check is one on which the reference and each typical mistake give
different answers, so a mistake is named only when it really explains the learner's answer.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
from numpy.typing import NDArray

from helpers.activations import sigmoid

from ..checking import Exercise, Mistake, Source

# ex2.1 · the data preparation --------------------------------------------------------------

_RANKS = (1, 2, 3, 4)


def _features(df, ranks, keep_rank):
    cols = [df["gre"].to_numpy(float), df["gpa"].to_numpy(float)]
    if keep_rank:
        cols.append(df["rank"].to_numpy(float))
    return np.column_stack(cols + [(df["rank"] == r).to_numpy(float) for r in ranks])


def _prepare(train, test, *, stats="train", ddof=0, keep_rank=False, drop_first=False,
             present_only=False, scale=True, scale_dummies=False, ranks=_RANKS, minmax=False):
    """The preparation of the chapter; each keyword, away from its default, is one typical
    mistake."""
    import pandas as pd  # here and in _applicants: pandas is slow to load

    everything = pd.concat([train, test])
    bases = {"train": (train, train), "all": (everything, everything), "own": (train, test)}

    def one(df, base):
        used = [r for r in ranks if (df["rank"] == r).any()] if present_only else ranks
        if drop_first:  # pd.get_dummies(..., drop_first=True): the first rank present goes
            used = used[1:]
        X = _features(df, used, keep_rank)
        if scale:
            k = X.shape[1] if scale_dummies else 2
            ref = _features(base, used, keep_rank)[:, :k]
            low, spread = ((ref.min(axis=0), np.ptp(ref, axis=0)) if minmax
                           else (ref.mean(axis=0), ref.std(axis=0, ddof=ddof)))
            with np.errstate(divide="ignore", invalid="ignore"):  # a mistake may divide by 0
                X[:, :k] = (X[:, :k] - low) / spread
        return X, df["admit"].to_numpy(float)

    base_train, base_test = bases[stats]
    return (*one(train, base_train), *one(test, base_test))


def _applicants(rng, m, ranks):
    import pandas as pd

    return pd.DataFrame({"admit": (rng.random(m) < 0.35).astype(int),
                         "gre": 20.0 * rng.integers(15, 41, size=m),
                         "gpa": np.round(rng.uniform(2.3, 4.0, size=m), 2),
                         "rank": np.asarray(ranks, dtype=int)})


def _prepare_cases() -> list[tuple]:
    rng = np.random.default_rng(22)
    # the test set has no rank-4 applicant: a split must still get all four rank columns
    first = (_applicants(rng, 8, [1, 2, 3, 4, 2, 3, 4, 1]), _applicants(rng, 4, [2, 1, 3, 2]))
    larger = (_applicants(rng, 30, rng.integers(1, 5, size=30)),
              _applicants(rng, 10, [1, 2, 3, 4, 1, 2, 3, 4, 2, 3]))
    one_test_row = (_applicants(rng, 6, [4, 3, 2, 1, 1, 2]), _applicants(rng, 1, [3]))
    return [first, larger, one_test_row]


class _MadeOnFirstUse(Sequence):
    """The cases ``make()`` returns, made when a check first needs them (they are DataFrames,
    and importing pandas would slow down the set-up cell that imports this module)."""

    def __init__(self, make: Callable[[], list[tuple]]):
        self._make, self._cases = make, None

    def _all(self) -> list[tuple]:
        if self._cases is None:
            self._cases = self._make()
        return self._cases

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())


def _uses_helpers(code: Source) -> str | None:
    source = code.text or ""
    for name in ("prepare_admissions", "one_hot_rank", "standardise"):
        if re.search(rf"\b{name}\s*\(", source):
            return (f"your function calls the course's {name}; this exercise asks you to "
                    f"write that preparation yourself.")
    return None


def _columns_hint(case, got, expected) -> str | None:
    try:
        n_got, n_expected = np.shape(got[0])[1], np.shape(expected[0])[1]
    except (IndexError, TypeError, ValueError):
        return None
    if n_got != n_expected:
        return (f"X_train has {n_got} columns; the six features are gre, gpa, rank_1, "
                f"rank_2, rank_3, rank_4.")
    return _order_hint(np.asarray(got[0], dtype=float), expected[0])


def _order_hint(got: np.ndarray, expected: np.ndarray) -> str | None:
    """X_train's columns are the right ones in another order."""
    if got.shape != expected.shape or np.allclose(got, expected):
        return None
    found = [next((j for j in range(got.shape[1]) if np.allclose(got[:, j], expected[:, i])),
                  None) for i in range(expected.shape[1])]
    if None in found or len(set(found)) != len(found):
        return None
    return ("X_train holds the right columns in another order; the order asked for is gre, "
            "gpa, rank_1, rank_2, rank_3, rank_4.")


PREPARE = Exercise(
    "ex2.1", "prepare",
    reference=_prepare,
    cases=_MadeOnFirstUse(_prepare_cases),
    mistakes=[
        Mistake("test-rows-leak", partial(_prepare, stats="all"),
                "you scale with the mean and sd of all rows, test rows included: the test "
                "set leaks into training."),
        Mistake("test-scaled-by-itself", partial(_prepare, stats="own"),
                "you scale the test rows with their own mean and sd, not the training set's."),
        Mistake("sample-sd", partial(_prepare, ddof=1),
                "you divide by m − 1 (the sample sd, pandas' default .std()); this course's sd "
                "divides by m."),
        Mistake("rank-column-kept", partial(_prepare, keep_rank=True),
                "X has 7 columns: the original rank column is still there beside the dummies."),
        Mistake("first-dummy-dropped",
                partial(_prepare, drop_first=True, present_only=True),
                "you drop one rank dummy (drop_first); each of the four ranks gets a column."),
        Mistake("missing-rank-column", partial(_prepare, present_only=True),
                "a split lacks the column of a rank it does not contain; both need all four."),
        Mistake("not-standardised", partial(_prepare, scale=False),
                "gre and gpa are not standardised."),
        Mistake("dummies-standardised", partial(_prepare, scale_dummies=True),
                "you standardise the rank dummies too; only gre and gpa are scaled."),
        Mistake("ranks-from-0", partial(_prepare, ranks=(0, 1, 2, 3)),
                "your dummies are for ranks 0, 1, 2 and 3 (range(4) starts at 0); the ranks "
                "are 1 to 4."),
        Mistake("min-max-scaling", partial(_prepare, minmax=True),
                "you scale gre and gpa to [0, 1] with their min and max; standardising "
                "uses the mean and the sd."),
        Mistake("sklearn-order",
                lambda tr, te: (lambda a, b, c, d: (a, c, b, d))(*_prepare(tr, te)),
                "your results come in the order (X_train, X_test, y_train, y_test), "
                "scikit-learn's; this function returns (X_train, y_train, X_test, y_test)."),
    ],
    outputs=("X_train", "y_train", "X_test", "y_test"),
    structure=_uses_helpers,
    hint=_columns_hint,
)


def check_prepare(prepare: Callable) -> None:
    """ex2.1: ``prepare(train, test)`` for two DataFrames with columns admit, gre, gpa, rank;
    returns (X_train, y_train, X_test, y_test): X of shape (records, 6) with columns gre, gpa,
    rank_1..rank_4, gre and gpa standardised with the training rows' mean and sd (divided by
    m), y of shape (records,)."""
    PREPARE.check(prepare)


# ex2.2 and ex2.3 · batch gradient descent ---------------------------------------------------

def _train(X, y, weights, lr, epochs, *, sign=1.0, per_m=True, slope="h", reset=True,
           update=True, return_step=False) -> NDArray[np.float64]:
    """Batch gradient descent on one sigmoid unit; each keyword, away from its default, is one
    typical mistake."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = np.array(weights, dtype=float)
    m = X.shape[0]
    step = np.zeros_like(w)
    last = np.zeros_like(w)
    for _ in range(epochs):
        if reset:
            step = np.zeros_like(w)
        y_hat = sigmoid(X @ w)
        factor = {"h": y_hat * (1 - y_hat), "y_hat": sigmoid(y_hat) * (1 - sigmoid(y_hat)),
                  "none": 1.0}[slope]
        step = step + ((y - y_hat) * factor) @ X
        last = sign * lr * step / (m if per_m else 1)
        if update:
            w = w + last
    return last if return_step else w


def _train_per_record(X, y, weights, lr, epochs, *, per_m=True) -> NDArray[np.float64]:
    """Updates after every record (in data order), divided by m unless ``per_m`` is False."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = np.array(weights, dtype=float)
    scale = X.shape[0] if per_m else 1
    for _ in range(epochs):
        for x_i, y_i in zip(X, y, strict=True):
            out = sigmoid(x_i @ w)
            w = w + lr * (y_i - out) * out * (1 - out) * x_i / scale
    return w


def train_cases() -> list[tuple]:
    """(X, y, weights, lr, epochs) inputs of the checks: batches of 3 to 8 records. The first
    runs three epochs with lr = 2, so that every typical mistake shows."""
    rng = np.random.default_rng(2)
    cases = []
    for m, n, lr, epochs in [(6, 3, 0.5, 1), (8, 4, 2.0, 3), (5, 2, 0.1, 10), (3, 3, 1.0, 0)]:
        X = rng.normal(size=(m, n))
        y = (rng.random(m) < 0.5).astype(float)
        y[:2] = [0.0, 1.0]  # both classes in every case
        cases.append((X, y, rng.normal(scale=n ** -0.5, size=n), lr, epochs))
    return [cases[1], cases[0], cases[2], cases[3]]


def _mistakes(loop: bool) -> list[Mistake]:
    common = [
        Mistake("sign-flipped", partial(_train, sign=-1.0),
                "wrong sign: the weights moved uphill, against the error."),
        Mistake("no-mean", partial(_train, per_m=False),
                "the update is m times too big: the summed step is not divided by m."),
        Mistake("no-learning-rate", lambda X, y, w, lr, epochs: _train(X, y, w, 1.0, epochs),
                "the learning rate lr is missing from the update."),
        Mistake("slope-at-output", partial(_train, slope="y_hat"),
                "you take the slope at ŷ, σ'(ŷ); it belongs at the unit's input h."),
        Mistake("missing-slope", partial(_train, slope="none"),
                "the error term lacks the slope σ'(h) of the sigmoid."),
        Mistake("one-epoch-too-many", lambda X, y, w, lr, epochs: _train(X, y, w, lr, epochs + 1),
                "you run one epoch too many."),
        Mistake("one-epoch-too-few", lambda X, y, w, lr, epochs: _train(X, y, w, lr, epochs - 1),
                "you run one epoch too few."),
        Mistake("step-not-reset", partial(_train, reset=False),
                "the weight step keeps growing from one epoch to the next: it is not reset."),
        Mistake("unchanged", partial(_train, update=False),
                "the weights you return are the starting weights: nothing was updated."),
        Mistake("returns-step", partial(_train, return_step=True),
                "you return the last update, the step; the function returns the weights."),
    ]
    if not loop:
        return common
    return common + [
        Mistake("updates-per-record", _train_per_record,
                "you update the weights after every record; the exercise asks for one update "
                "per epoch, after all records."),
        Mistake("updates-per-record-no-mean", partial(_train_per_record, per_m=False),
                "you update the weights after every record (and without dividing by m)."),
    ]


TRAIN = Exercise(
    "ex2.2", "train",
    reference=_train,
    cases=train_cases(),
    mistakes=_mistakes(loop=True),
)


def check_train(train: Callable) -> None:
    """ex2.2: ``train(X, y, weights, lr, epochs)`` returns the weights (shape of ``weights``)
    after ``epochs`` batch updates w += η Δw / m with Δw = Σ_records δ x, as a loop."""
    TRAIN.check(train)


_LOOPS = (ast.For, ast.While, ast.comprehension)


def _tree(source: str) -> ast.AST | None:
    try:
        return ast.parse(source)
    except SyntaxError:  # a lambda cut out of a longer line
        return None


def _called(tree: ast.AST | None) -> set[str]:
    return set() if tree is None else {n.func.id for n in ast.walk(tree)
                                       if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def _loops(tree: ast.AST | None) -> int:
    return 0 if tree is None else sum(isinstance(n, _LOOPS) for n in ast.walk(tree))


def _loops_over_records(code: Source) -> str | None:
    if code.text is None:
        return None
    source, tree = code.text, _tree(code.text)
    calls = _called(tree)
    if "train" in calls:
        return ("your function calls train, your loop over the records from ex2.2; this "
                "exercise asks for matrix products over all records at once.")
    loops = _loops(tree)
    for name, text in code.helpers:  # the learner's own helpers (defined where fn is) count
        if name in calls:
            loops += _loops(_tree(text))
    # one loop runs over the epochs; a second one (or a zip over X and y) runs over records
    if loops > 1 or re.search(r"\bzip\s*\(|\bfor\s+\w+(\s*,\s*\w+)*\s+in\s+"
                              r"(X|enumerate\s*\(\s*X)\b", source):
        return ("your function loops over the records; this exercise asks for matrix "
                "products over all records at once.")
    return None


TRAIN_VECTORISED = Exercise(
    "ex2.3", "train_vectorised",
    reference=_train,
    cases=train_cases(),
    mistakes=_mistakes(loop=False),
    structure=_loops_over_records,
)


def check_train_vectorised(train_vectorised: Callable) -> None:
    """ex2.3: ``train_vectorised(X, y, weights, lr, epochs)``: the same result as ex2.2's
    ``train``, with matrix products instead of a loop over the records."""
    TRAIN_VECTORISED.check(train_vectorised)
