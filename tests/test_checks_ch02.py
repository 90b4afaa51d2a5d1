"""The chapter 2 check accepts right training loops and names the typical wrong ones."""

import numpy as np
import pytest

from course.checks.ch02 import check_train, train_cases
from helpers import sigmoid


def _line(capsys) -> str:
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    return out


def make_loop(sign=1.0, average=True, slope=True, reset_each_pass=True, per_record=False):
    """The per-record loop of the chapter, with switches for the typical mistakes."""
    def train(X, y, weights, lr, epochs):
        weights = np.array(weights, dtype=float)
        m = X.shape[0]
        del_w = np.zeros_like(weights)
        for _ in range(epochs):
            if reset_each_pass:
                del_w = np.zeros_like(weights)
            for x_i, y_i in zip(X, y, strict=True):
                out = sigmoid(np.dot(x_i, weights))
                err = (y_i - out) * (out * (1 - out) if slope else 1.0)
                if per_record:
                    weights += sign * lr * err * x_i / (m if average else 1)
                else:
                    del_w += err * x_i
            if not per_record:
                weights += sign * lr * del_w / (m if average else 1)
        return weights
    return train


def vectorised(X, y, weights, lr, epochs):
    w = np.asarray(weights, dtype=float).copy()
    for _ in range(epochs):
        out = sigmoid(X @ w)
        w += lr * X.T @ ((y - out) * out * (1 - out)) / len(y)
    return w


def in_place(X, y, weights, lr, epochs):  # changes the caller's array: wrong (issue 15)
    for _ in range(epochs):
        out = sigmoid(X @ weights)
        weights += lr * X.T @ ((y - out) * out * (1 - out)) / len(y)
    return weights


def test_changing_the_weights_in_place_is_named(capsys):
    check_train(in_place)
    assert _line(capsys) == ("❌ not yet: ex2.1 train — your function changed its argument "
                             "`weights` in place; later cells reuse it, so leave the arguments "
                             "as they came.\n")


@pytest.mark.parametrize("right", [make_loop(), vectorised])
def test_accepts_right_answers(right, capsys):
    check_train(right)
    assert _line(capsys) == "✅ correct: ex2.1 train on all 4 test inputs.\n"


@pytest.mark.parametrize(("wrong", "message"), [
    (make_loop(sign=-1.0), "wrong sign: the weights moved uphill"),
    (make_loop(average=False), "the step is m times too big"),
    (make_loop(per_record=True), "you update the weights after every record; this"),
    (make_loop(per_record=True, average=False), "after every record (and without averaging)"),
    (make_loop(slope=False), "the error term lacks the slope f'(h)"),
    (make_loop(reset_each_pass=False), "the weight step keeps growing"),
])
def test_names_each_mistake(wrong, message, capsys):
    check_train(wrong)
    line = _line(capsys)
    assert line.startswith("❌ not yet: ex2.1 train — ")
    assert message in line
    assert len(line) <= 201  # a long message drops the numbers to keep the line short


def test_cases_tell_the_mistakes_apart():
    mistakes = [make_loop(sign=-1.0), make_loop(average=False), make_loop(per_record=True),
                make_loop(per_record=True, average=False), make_loop(slope=False),
                make_loop(reset_each_pass=False)]
    for case in train_cases():
        if case[-1] < 2:
            continue  # one pass cannot show a missing reset
        results = [f(*[np.copy(a) for a in case]) for f in [make_loop(), *mistakes]]
        for i in range(len(results)):
            for j in range(i + 1, len(results)):
                assert not np.allclose(results[i], results[j], rtol=1e-6, atol=1e-9), (i, j)


def test_zero_epochs_returns_the_start(capsys):
    check_train(lambda X, y, weights, lr, epochs: vectorised(X, y, weights, lr, max(epochs, 1)))
    assert "wrong value" in _line(capsys)


def test_stub_exception_and_tuple(capsys):
    def stub(*args):
        raise NotImplementedError("ex2.1 is not done yet")
    check_train(stub)
    line = _line(capsys)
    assert line.startswith("⏳ not done yet: ex2.1 ") and "not done yet" in line

    def crash(X, y, weights, lr, epochs):
        return X @ np.ones(len(weights) + 1)
    check_train(crash)
    line = _line(capsys)
    assert "your code raised ValueError" in line and "Traceback" not in line

    check_train(lambda X, y, weights, lr, epochs: (vectorised(X, y, weights, lr, epochs), []))
    assert _line(capsys).startswith("❌ not yet: ex2.1 train — ")

