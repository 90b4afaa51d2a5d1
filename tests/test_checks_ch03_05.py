"""The checks of chapters 3-5 accept a right answer and name typical wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

from course.checking import FAIL, PASS
from course.checks.ch05 import _train_epoch, check_train_epoch
from helpers import mse, numerical_gradient, relative_error, sigmoid


def run(check, fn, capsys) -> str:
    check(fn)
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out  # exactly one line
    return out


# ---------- chapter 5: one epoch of backprop ----------

def train_epoch(X, y, W_input_hidden, W_hidden_output, lr):
    W_input_hidden, W_hidden_output = W_input_hidden.copy(), W_hidden_output.copy()
    dw1, dw2 = np.zeros(W_input_hidden.shape), np.zeros(W_hidden_output.shape)
    for x, t in zip(X, y, strict=True):
        a = sigmoid(np.dot(x, W_input_hidden))
        out = sigmoid(np.dot(a, W_hidden_output))
        d_out = (t - out) * out * (1 - out)
        d_hid = d_out * W_hidden_output * a * (1 - a)
        dw2 += d_out * a
        dw1 += d_hid * x[:, None]
    W_input_hidden += lr * dw1 / len(X)
    W_hidden_output += lr * dw2 / len(X)
    return W_input_hidden, W_hidden_output


def _variant(sign=1.0, divide=True, slope=True, transposed=False, online=False):
    def fn(X, y, W_input_hidden, W_hidden_output, lr):
        w1, w2 = W_input_hidden.copy(), W_hidden_output.copy()
        dw1, dw2 = np.zeros(w1.shape), np.zeros(w2.shape)
        for x, t in zip(X, y, strict=True):
            a = sigmoid(np.dot(x, w1))
            out = sigmoid(np.dot(a, w2))
            d_out = (out - t if sign < 0 else t - out) * out * (1 - out)
            d_hid = d_out * w2 * (a * (1 - a) if slope else 1)
            step = d_hid[:, None] * x if transposed else d_hid * x[:, None]
            if online:
                w1 += lr * step
                w2 += lr * d_out * a
            else:
                dw1 += step
                dw2 += d_out * a
        m = len(X) if divide else 1
        return w1 + lr * dw1 / m, w2 + lr * dw2 / m
    return fn


def test_ch05_accepts_reference(capsys):
    assert run(check_train_epoch, train_epoch, capsys).startswith(PASS)
    assert run(check_train_epoch, _variant(), capsys).startswith(PASS)


@pytest.mark.parametrize("fn, words", [
    (_variant(sign=-1.0), "sign is flipped"),
    (_variant(divide=False), "not divided by m"),
    (_variant(slope=False), "hidden error term lacks the slope"),
    # the mistake gives numbers where this version raises, so it is not named (issue 15)
    (_variant(transposed=True), "your code raised ValueError"),
    (_variant(online=True), "change after every record"),
])
def test_ch05_names_mistakes(fn, words, capsys):
    out = run(check_train_epoch, fn, capsys)
    assert out.startswith(FAIL) and words in out, out


def test_ch05_does_not_touch_callers_arrays(capsys):
    def in_place(X, y, W_input_hidden, W_hidden_output, lr):
        w1, w2 = train_epoch(X, y, W_input_hidden, W_hidden_output, lr)
        W_input_hidden[...] = w1
        W_hidden_output[...] = w2
        return W_input_hidden, W_hidden_output

    assert run(check_train_epoch, in_place, capsys).startswith(
        "❌ not yet: ex5.1 train_epoch — your function changed its argument `W_input_hidden` "
        "in place")


def test_ch05_reference_is_gradient_descent_on_the_mse():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(7, 3)), rng.integers(0, 2, 7).astype(float)
    w1, w2, lr = rng.normal(size=(3, 2)), rng.normal(size=2), 0.3

    def loss(a, b):
        return mse(y, sigmoid(sigmoid(X @ a) @ b))

    new1, new2 = _train_epoch(X, y, w1, w2, lr)
    g1 = numerical_gradient(lambda v: loss(v, w2), w1)
    g2 = numerical_gradient(lambda v: loss(w1, v), w2)
    assert relative_error(new1 - w1, -lr * g1) < 1e-6
    assert relative_error(new2 - w2, -lr * g2) < 1e-6
