"""Chapter 2's checks: ex2.1 (the data preparation), ex2.2 (the gradient of the MSE, a
derivation: its reference is proved equal to the finite difference), ex2.3 (batch gradient
descent as a loop over records) and ex2.4 (the same, vectorised). Right answers pass, each typical mistake,
written as a learner would write it, gets its own exact line, and a stub is "not done"."""

import numpy as np
import pytest

from course.checks.ch02 import (
    MSE_GRADIENT,
    PREPARE,
    TRAIN,
    TRAIN_VECTORISED,
    check_mse_gradient,
    check_prepare,
    check_train,
    check_train_vectorised,
    train_cases,
)
from course.marks import FAIL, PASS, TODO, verdict
from helpers import (
    load_admissions,
    mse,
    numerical_gradient,
    one_hot_rank,
    prepare_admissions,
    sigmoid,
)


def _line(check_line, check, fn) -> str:
    return check_line(check, fn)  # the shared fixture: exactly one line


# ex2.1 -------------------------------------------------------------------------------------

def make_prepare(stats="train", ddof=0, keep_rank=False, drop_first=False, present_only=False,
                 scale=True, scale_dummies=False):
    """A learner's pandas preparation, with switches for the typical mistakes."""
    import pandas as pd  # here, not at collection: every pytest process collects this file

    def prepare(train, test):
        both = pd.concat([train, test])
        out = []
        for df in (train, test):
            base = {"train": train, "all": both, "own": df}[stats]
            X = df.drop(columns="admit") if keep_rank else df[["gre", "gpa"]].copy()
            dummies = pd.get_dummies(df["rank"], prefix="rank", drop_first=drop_first)
            if not (present_only or drop_first):
                names = [f"rank_{r}" for r in range(2 if drop_first else 1, 5)]
                dummies = dummies.reindex(columns=names, fill_value=0)
            X = pd.concat([X, dummies.astype(float)], axis=1)
            columns = list(X.columns) if scale_dummies else ["gre", "gpa"]
            if scale_dummies:
                base = pd.concat([base[["gre", "gpa"]],
                                  pd.get_dummies(base["rank"], prefix="rank").astype(float)],
                                 axis=1)
            if scale:
                X[columns] = (X[columns] - base[columns].mean()) / base[columns].std(ddof=ddof)
            out += [X.to_numpy(float), df["admit"].to_numpy(float)]
        return tuple(out)
    return prepare


def prepare_numpy(train, test):  # a different, equally right way
    gp = train[["gre", "gpa"]].to_numpy(float)
    mean, sd = gp.mean(axis=0), gp.std(axis=0)
    out = []
    for df in (train, test):
        ranks = df["rank"].to_numpy()[:, None] == np.arange(1, 5)
        X = np.hstack([(df[["gre", "gpa"]].to_numpy(float) - mean) / sd, ranks.astype(float)])
        out += [X, df["admit"].to_numpy(float)]
    return tuple(out)


def test_the_reference_is_prepare_admissions():
    admissions = load_admissions()
    order = np.random.default_rng(42).permutation(len(admissions))
    test, train = admissions.iloc[order[:40]], admissions.iloc[order[40:]]
    ours = PREPARE.reference(train, test)
    for a, b in zip(ours, prepare_admissions(admissions, test_fraction=0.1, seed=42),
                    strict=True):
        assert np.allclose(a, b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("right", [make_prepare(), prepare_numpy])
def test_prepare_right_answers_pass(right, check_line):
    assert _line(check_line, check_prepare, right) == \
        f"{verdict(PASS, 'ex2.1', 'prepare')} on all 3 test inputs."


HEAD_22 = verdict(FAIL, "ex2.1", "prepare")


@pytest.mark.parametrize(("wrong", "rest"), [
    (make_prepare(stats="all"), "you scale with the mean and sd of all rows, test rows included: "
                                "the test set leaks into training."),
    (make_prepare(stats="own"), "you scale the test rows with their own mean and sd, not the "
                                "training set's."),
    (make_prepare(ddof=1), "you divide by m − 1 (the sample sd, pandas' default .std()); this "
                           "course's sd divides by m."),
    (make_prepare(keep_rank=True), "X has 7 columns: the original rank column is still there "
                                   "beside the dummies."),
    (make_prepare(drop_first=True), "you drop one rank dummy (drop_first); each of the four "
                                    "ranks gets a column."),
    (make_prepare(present_only=True), "a split lacks the column of a rank it does not contain; "
                                      "both need all four."),
    (make_prepare(scale=False), "gre and gpa are not standardised."),
    (make_prepare(scale_dummies=True), "you standardise the rank dummies too; only gre and gpa "
                                       "are scaled."),
])
def test_prepare_mistakes(wrong, rest, check_line):
    assert _line(check_line, check_prepare, wrong) == f"{HEAD_22} — {rest}"


def test_prepare_that_calls_the_course_helpers_is_told_so(check_line):
    def prepare(train, test):
        tr, te = one_hot_rank(train), one_hot_rank(test)
        return tr, te
    assert _line(check_line, check_prepare, prepare) == (
        f"{HEAD_22} — your function calls the course's one_hot_rank; this exercise asks you to "
        f"write that preparation yourself.")


def test_prepare_that_changes_train_in_place_is_told_so(check_line):
    right = make_prepare()

    def prepare(train, test):
        train["rank"] = train["rank"].astype(int)
        train["gre"] = train["gre"] + 0.0
        train.loc[train.index[0], "gpa"] = 0.0
        return right(train, test)
    line = _line(check_line, check_prepare, prepare)
    assert line.startswith(f"{HEAD_22} — your function changed its argument `train` in place")


def test_prepare_with_an_unknown_column_count_gets_the_column_hint(check_line):
    def prepare(train, test):
        X_train, y_train, X_test, y_test = make_prepare()(train, test)
        return X_train[:, :5], y_train, X_test[:, :5], y_test
    line = _line(check_line, check_prepare, prepare)
    assert line.startswith(HEAD_22)
    assert "X_train has 5 columns; the six features are gre, gpa, rank_1" in line


def test_prepare_stub(check_line):
    def stub(train, test):
        raise NotImplementedError("ex2.1 is not done yet")
    assert _line(check_line, check_prepare, stub).startswith(
        f"{verdict(TODO, 'ex2.1', 'prepare')} — ")


def test_the_first_prepare_input_tells_every_mistake_apart():
    train, test = PREPARE.cases[0]
    results = [f(train, test) for f in [PREPARE.reference] + [m.fn for m in PREPARE.mistakes]]
    for i in range(len(results)):
        for j in range(i + 1, len(results)):
            same = all(np.shape(a) == np.shape(b) and np.allclose(a, b, equal_nan=True)
                       for a, b in zip(results[i], results[j], strict=True))
            assert not same, (i, j)
    assert not (test["rank"] == 4).any()  # a split without rank 4: its column must still be there


# ex2.2 ---------------------------------------------------------------------------------------

def _delta(X, y, w):
    out = sigmoid(X @ w)
    return (y - out) * out * (1 - out)


def _gradient_loop(X, y, w):  # a right answer with a loop over the records
    grad = np.zeros_like(w)
    for x_mu, y_mu in zip(X, y, strict=True):
        out = sigmoid(x_mu @ w)
        grad -= (y_mu - out) * out * (1 - out) * x_mu
    return grad / len(y)


RIGHT_22 = [lambda X, y, w: -X.T @ _delta(X, y, w) / len(y),
            lambda X, y, w: np.mean(-_delta(X, y, w)[:, None] * X, axis=0),
            _gradient_loop,
            lambda X, y, w: numerical_gradient(lambda v: mse(y, sigmoid(X @ v)), w)]


@pytest.mark.parametrize("right", RIGHT_22)
def test_mse_gradient_right_answers_pass(right, check_line):
    assert _line(check_line, check_mse_gradient, right) == (
        f"{verdict(PASS, 'ex2.2', 'mse_gradient')} on all 4 test inputs.")


def test_the_mse_gradient_reference_is_the_finite_difference_of_the_mse():
    for X, y, w in MSE_GRADIENT.cases:
        numeric = numerical_gradient(lambda v, X=X, y=y: mse(y, sigmoid(X @ v)), w)
        np.testing.assert_allclose(MSE_GRADIENT.reference(X, y, w), numeric, rtol=1e-7,
                                   atol=1e-10)


ON_22 = "On X=(3 × 2 array), y=[1, 0, 1], w=[0.5, -0.25]: expected [0.052513, 0.052265], got"
WRONG_22 = [
    (lambda X, y, w: X.T @ _delta(X, y, w) / len(y),
     f"wrong sign: your answer is −∇E, the direction that lowers E. {ON_22} "
     f"[-0.052513, -0.052265]."),
    (lambda X, y, w: -X.T @ _delta(X, y, w),
     f"m times too big: your gradient is the SSE's, not the MSE's. {ON_22} [0.15754, 0.1568]."),
    (lambda X, y, w: -X.T @ _delta(X, y, w) / (2 * len(y)),
     f"half the gradient: the 2 from the square cancels the ½. {ON_22} [0.026257, 0.026133]."),
    (lambda X, y, w: -2 * X.T @ _delta(X, y, w) / len(y),
     f"twice the gradient: E has a ½ in front of the sum. {ON_22} [0.10503, 0.10453]."),
    (lambda X, y, w: -X.T @ _delta(X, y, w) / len(w),
     f"you divide by n, the number of features, not by m. {ON_22} [0.07877, 0.078398]."),
    (lambda X, y, w: -X.T @ (y - sigmoid(X @ w)) / len(y),
     f"the slope σ'(h) is missing from your δ. {ON_22} [0.2108, 0.2374]."),
    (lambda X, y, w: -X.T @ ((y - sigmoid(X @ w)) * sigmoid(sigmoid(X @ w))
                             * (1 - sigmoid(sigmoid(X @ w)))) / len(y),
     f"you take the slope at ŷ, σ'(ŷ), not at h. {ON_22} [0.052581, 0.052166]."),
    (lambda X, y, w: -_delta(X, y, w)[:, None] * X / len(y),
     "your answer has one row per record: the records' parts are not added up."),
    (lambda X, y, w: np.mean(-_delta(X, y, w)[:, None] * X, axis=1),
     "you average over the features (axis=1): one number per record, where the gradient has "
     "one per weight."),
]


@pytest.mark.parametrize(("wrong", "rest"), WRONG_22)
def test_mse_gradient_mistakes(wrong, rest, check_line):
    assert _line(check_line, check_mse_gradient, wrong) == (
        f"{verdict(FAIL, 'ex2.2', 'mse_gradient')} — {rest}")


def test_mse_gradient_stub(check_line):
    def stub(X, y, w):
        raise NotImplementedError("ex2.2 is not done yet")
    assert _line(check_line, check_mse_gradient, stub) == (
        f"{verdict(TODO, 'ex2.2', 'mse_gradient')} — replace the NotImplementedError line in its "
        f"cell with your code, run that cell, then run this one again.")


def test_the_first_mse_gradient_input_tells_every_mistake_apart():
    case = MSE_GRADIENT.cases[0]
    results = [np.asarray(f(*case), dtype=float)
               for f in [MSE_GRADIENT.reference] + [m.fn for m in MSE_GRADIENT.mistakes]]
    for i in range(len(results)):
        for j in range(i + 1, len(results)):
            same = results[i].shape == results[j].shape and np.allclose(results[i], results[j])
            assert not same, (i, j)


# ex2.3 and ex2.4 ---------------------------------------------------------------------------

def make_loop(sign=1.0, average=True, slope="h", reset_each_pass=True, per_record=False,
              extra_epoch=False, update=True, return_step=False, use_lr=True):
    """The per-record loop of the chapter, with switches for the typical mistakes."""
    def train(X, y, weights, lr, epochs):
        weights = np.array(weights, dtype=float)
        m = X.shape[0]
        del_w = np.zeros_like(weights)
        step = np.zeros_like(weights)
        for _ in range(epochs + (1 if extra_epoch else 0)):
            if reset_each_pass:
                del_w = np.zeros_like(weights)
            for x_i, y_i in zip(X, y, strict=True):
                out = sigmoid(np.dot(x_i, weights))
                slope_at = {"h": out * (1 - out), "y_hat": sigmoid(out) * (1 - sigmoid(out)),
                            "none": 1.0}[slope]
                err = (y_i - out) * slope_at
                if per_record:
                    weights += sign * lr * err * x_i / (m if average else 1)
                else:
                    del_w += err * x_i
            if not per_record:
                step = sign * (lr if use_lr else 1.0) * del_w / (m if average else 1)
                if update:
                    weights += step
        return step if return_step else weights
    return train


def make_vectorised(sign=1.0, average=True, slope="h", extra_epoch=False, update=True,
                    return_step=False, use_lr=True):
    """A learner's vectorised loop, with switches for the typical mistakes."""
    def train_vectorised(X, y, weights, lr, epochs):
        w = np.array(weights, dtype=float)
        step = np.zeros_like(w)
        for _ in range(epochs + (1 if extra_epoch else 0)):
            h = X @ w
            out = sigmoid(h)
            slope_at = {"h": out * (1 - out), "y_hat": sigmoid(out) * (1 - sigmoid(out)),
                        "none": 1.0}[slope]
            delta = (y - out) * slope_at
            step = sign * (lr if use_lr else 1.0) * (X.T @ delta) / (len(y) if average else 1)
            if update:
                w = w + step
        return step if return_step else w
    return train_vectorised


COMMON = [  # (switches, message) for both exercises
    ({"sign": -1.0}, "wrong sign: the weights moved uphill, against the error."),
    ({"average": False}, "the update is m times too big: the summed step is not divided by m."),
    ({"use_lr": False}, "the learning rate lr is missing from the update."),
    ({"slope": "y_hat"}, "you take the slope at ŷ, σ'(ŷ); it belongs at the unit's input h."),
    ({"slope": "none"}, "the error term lacks the slope σ'(h) of the sigmoid."),
    ({"extra_epoch": True}, "you run one epoch too many."),
    ({"update": False}, "the weights you return are the starting weights: nothing was updated."),
    ({"return_step": True},
     "you return the last update, the step; the function returns the weights."),
]
LOOP_ONLY = [
    ({"per_record": True}, "you update the weights after every record; the exercise asks for "
                           "one update per epoch, after all records."),
    ({"per_record": True, "average": False},
     "you update the weights after every record (and without dividing by m)."),
    ({"reset_each_pass": False},
     "the weight step keeps growing from one epoch to the next: it is not reset."),
]


@pytest.mark.parametrize(("check", "right", "ex_id", "title"), [
    (check_train, make_loop(), "ex2.3", "train"),
    (check_train, make_vectorised(), "ex2.3", "train"),
    (check_train_vectorised, make_vectorised(), "ex2.4", "train_vectorised"),
])
def test_training_right_answers_pass(check, right, ex_id, title, check_line):
    assert _line(check_line, check, right) == f"{verdict(PASS, ex_id, title)} on all 4 test inputs."


@pytest.mark.parametrize(("switches", "message"), COMMON + LOOP_ONLY)
def test_train_mistakes(switches, message, check_line):
    line = _line(check_line, check_train, make_loop(**switches))
    assert line.startswith(f"{verdict(FAIL, 'ex2.3', 'train')} — {message}")


@pytest.mark.parametrize(("switches", "message"), COMMON)
def test_train_vectorised_mistakes(switches, message, check_line):
    line = _line(check_line, check_train_vectorised, make_vectorised(**switches))
    assert line.startswith(f"{verdict(FAIL, 'ex2.4', 'train_vectorised')} — {message}")


def test_a_mistake_line_too_long_for_its_input_names_only_the_mistake(check_line):
    # the input (X, y, weights, lr, epochs) and the weights do not fit in one line together;
    # numbers without their input would cite an input the learner never sees
    assert _line(check_line, check_train, make_loop(extra_epoch=True)) == (
        f"{verdict(FAIL, 'ex2.3', 'train')} — you run one epoch too many.")


def test_a_loop_over_records_is_not_vectorised(check_line):
    assert _line(check_line, check_train_vectorised, make_loop()) == (
        f"{verdict(FAIL, 'ex2.4', 'train_vectorised')} — your function loops over the records; "
        f"this exercise asks for matrix products over all records at once.")


def test_changing_the_weights_in_place_is_named(check_line):
    def in_place(X, y, weights, lr, epochs):
        for _ in range(epochs):
            out = sigmoid(X @ weights)
            weights += lr * X.T @ ((y - out) * out * (1 - out)) / len(y)
        return weights
    for check, exercise in [(check_train, TRAIN), (check_train_vectorised, TRAIN_VECTORISED)]:
        line = _line(check_line, check, in_place)
        assert line.startswith(f"{verdict(FAIL, exercise.ex_id, exercise.title)} — your "
                               f"function changed its argument `weights` in place")


@pytest.mark.parametrize(("check", "ex_id", "title"), [
    (check_train, "ex2.3", "train"), (check_train_vectorised, "ex2.4", "train_vectorised")])
def test_training_stub(check, ex_id, title, check_line):
    def stub(X, y, weights, lr, epochs):
        raise NotImplementedError(f"{ex_id} is not done yet")
    assert _line(check_line, check, stub) == (
        f"{verdict(TODO, ex_id, title)} — replace the NotImplementedError line in its cell with "
        f"your code, run that cell, then run this one again.")


def test_the_first_training_input_tells_every_mistake_apart():
    case = train_cases()[0]
    assert case[-1] >= 2  # a missing reset only shows from the second epoch on
    fns = [TRAIN.reference] + [m.fn for m in TRAIN.mistakes]
    results = [f(*[np.copy(a) for a in case]) for f in fns]
    for i in range(len(results)):
        for j in range(i + 1, len(results)):
            assert not np.allclose(results[i], results[j], rtol=1e-6, atol=1e-9), (i, j)


def test_a_mistake_is_named_when_it_explains_every_wrong_input(check_line):
    # one epoch where none is asked: wrong only on the epochs = 0 input, and that is the mistake
    def at_least_one_epoch(X, y, weights, lr, epochs):
        return make_vectorised()(X, y, weights, lr, max(epochs, 1))
    assert _line(check_line, check_train, at_least_one_epoch) == (
        f"{verdict(FAIL, 'ex2.3', 'train')} — you run one epoch too many.")


def test_at_least_three_mistakes_each():
    for exercise in (PREPARE, MSE_GRADIENT, TRAIN, TRAIN_VECTORISED):
        assert len(exercise.mistakes) >= 3


# QA regressions (student-at-the-keyboard scenarios) -----------------------------------------

def _reordered(order):
    right = make_prepare()

    def prepare(train, test):
        X_train, y_train, X_test, y_test = right(train, test)
        keep = [X_train[:, order], X_test[:, order]]
        return keep[0], y_train, keep[1], y_test
    return prepare


def _ranks_from_zero(train, test):
    out = []
    for df in (train, test):
        X = (df[["gre", "gpa"]] - train[["gre", "gpa"]].mean()) / train[["gre", "gpa"]].std(ddof=0)
        for r in range(4):
            X[f"rank_{r}"] = (df["rank"] == r).astype(float)
        out += [X.to_numpy(float), df["admit"].to_numpy(float)]
    return tuple(out)


def _min_max(train, test):
    low, high = train[["gre", "gpa"]].min(), train[["gre", "gpa"]].max()
    out = []
    for df in (train, test):
        X = (df[["gre", "gpa"]] - low) / (high - low)
        for r in range(1, 5):
            X[f"rank_{r}"] = (df["rank"] == r).astype(float)
        out += [X.to_numpy(float), df["admit"].to_numpy(float)]
    return tuple(out)


def _sklearn_order(train, test):
    X_train, y_train, X_test, y_test = make_prepare()(train, test)
    return X_train, X_test, y_train, y_test


@pytest.mark.parametrize(("wrong", "rest"), [
    (_reordered([1, 0, 2, 3, 4, 5]),
     "the 1st result (X_train): wrong value. X_train holds the right columns in another "
     "order; the order asked for is gre, gpa, rank_1, rank_2, rank_3, rank_4."),
    (_reordered([2, 3, 4, 5, 0, 1]),
     "the 1st result (X_train): wrong value. X_train holds the right columns in another "
     "order; the order asked for is gre, gpa, rank_1, rank_2, rank_3, rank_4."),
    (_ranks_from_zero, "your dummies are for ranks 0, 1, 2 and 3 (range(4) starts at 0); the "
                       "ranks are 1 to 4."),
    (_min_max, "you scale gre and gpa to [0, 1] with their min and max; standardising uses the "
               "mean and the sd."),
    (_sklearn_order, "your results come in the order (X_train, X_test, y_train, y_test), "
                     "scikit-learn's; this function returns (X_train, y_train, X_test, y_test)."),
])
def test_prepare_more_mistakes_by_name(wrong, rest, check_line):
    assert _line(check_line, check_prepare, wrong) == f"{HEAD_22} — {rest}"


def test_a_shape_line_too_long_for_its_dataframe_inputs_keeps_the_diagnosis(check_line):
    # with "(on train=(a DataFrame of 8 rows), test=(a DataFrame of 4 rows))" it would be 208
    # characters; a DataFrame input shown by its rows is tested in test_judge.py
    def y_as_column(train, test):
        X_train, y_train, X_test, y_test = make_prepare()(train, test)
        return X_train, y_train[:, None], X_test, y_test[:, None]
    assert _line(check_line, check_prepare, y_as_column) == (
        f"{HEAD_22} — the 2nd result (y_train): wrong shape: expected (8,), got (8, 1) (same "
        f"number of entries, arranged differently).")


def _one_epoch_too_few(X, y, weights, lr, epochs):
    w = np.array(weights, dtype=float)
    for _ in range(epochs - 1):
        out = sigmoid(X @ w)
        w = w + lr * X.T @ ((y - out) * out * (1 - out)) / len(y)
    return w


def _step_not_reset_vectorised(X, y, weights, lr, epochs):
    w = np.array(weights, dtype=float)
    del_w = np.zeros_like(w)
    for _ in range(epochs):
        out = sigmoid(X @ w)
        del_w += X.T @ ((y - out) * out * (1 - out))
        w = w + lr * del_w / len(y)
    return w


@pytest.mark.parametrize(("check", "exercise"), [(check_train, TRAIN),
                                                 (check_train_vectorised, TRAIN_VECTORISED)])
@pytest.mark.parametrize(("wrong", "rest"), [
    (_one_epoch_too_few, "you run one epoch too few."),
    (_step_not_reset_vectorised, "the weight step keeps growing from one epoch to the next: it "
                                 "is not reset."),
])
def test_training_more_mistakes_by_name(check, exercise, wrong, rest, check_line):
    assert _line(check_line, check, wrong) == (
        f"{verdict(FAIL, exercise.ex_id, exercise.title)} — {rest}")


def _loop_over_range(X, y, weights, lr, epochs):
    w = np.array(weights, dtype=float)
    m = X.shape[0]
    for _ in range(epochs):
        del_w = np.zeros_like(w)
        for i in range(m):
            out = sigmoid(np.dot(X[i], w))
            del_w += (y[i] - out) * out * (1 - out) * X[i]
        w += lr * del_w / m
    return w


def _calls_train(X, y, weights, lr, epochs):
    return train(X, y, weights, lr, epochs)


def train(X, y, weights, lr, epochs):  # the learner's ex2.3, as _calls_train finds it
    return _loop_over_range(X, y, weights, lr, epochs)


def _vectorised_with_while(X, y, weights, lr, epochs):
    w = np.array(weights, dtype=float)
    done = 0
    while done < epochs:
        out = sigmoid(X @ w)
        w = w + lr * X.T @ ((y - out) * out * (1 - out)) / len(y)
        done += 1
    return w


def test_a_loop_over_range_of_records_is_not_vectorised(check_line):
    assert _line(check_line, check_train_vectorised, _loop_over_range) == (
        f"{verdict(FAIL, 'ex2.4', 'train_vectorised')} — your function loops over the records; "
        f"this exercise asks for matrix products over all records at once.")


def test_calling_the_loop_version_is_not_vectorised(check_line):
    assert _line(check_line, check_train_vectorised, _calls_train) == (
        f"{verdict(FAIL, 'ex2.4', 'train_vectorised')} — your function calls train, your loop "
        f"over the records from ex2.3; this exercise asks for matrix products over all records "
        f"at once.")


def test_one_while_loop_over_the_epochs_is_vectorised(check_line):
    assert _line(check_line, check_train_vectorised, _vectorised_with_while) == (
        f"{verdict(PASS, 'ex2.4', 'train_vectorised')} on all 4 test inputs.")


def _one_epoch(X, y, w):  # a learner's helper: one pass over the records
    del_w = np.zeros_like(w)
    for x_i, y_i in zip(X, y, strict=True):
        out = sigmoid(x_i @ w)
        del_w += (y_i - out) * out * (1 - out) * x_i
    return del_w


def _with_a_looping_helper(X, y, weights, lr, epochs):
    w = np.array(weights, dtype=float)
    for _ in range(epochs):
        w = w + lr * _one_epoch(X, y, w) / len(y)
    return w


def test_a_loop_inside_a_helper_of_ones_own_is_not_vectorised(check_line):
    assert _line(check_line, check_train_vectorised, _with_a_looping_helper) == (
        f"{verdict(FAIL, 'ex2.4', 'train_vectorised')} — your function loops over the records; "
        f"this exercise asks for matrix products over all records at once.")
