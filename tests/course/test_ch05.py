"""Chapter 5's checks: the reference passes, every typical mistake gets its own line, a stub
is "not done", and the references are gradient descent on the MSE (loop = vectorised)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import failed_prefix, named_line, passed_line

from course.checks import ch05
from helpers import mse, numerical_gradient, relative_error, sigmoid, sigmoid_prime

# ---------- written the way learners write them ----------

def train_epoch(X, y, W_input_hidden, W_hidden_output, lr):
    dw1, dw2 = np.zeros(W_input_hidden.shape), np.zeros(W_hidden_output.shape)
    for x, t in zip(X, y, strict=True):
        a = sigmoid(np.dot(x, W_input_hidden))
        out = sigmoid(np.dot(a, W_hidden_output))
        d_out = (t - out) * out * (1 - out)
        d_hid = d_out * W_hidden_output * a * (1 - a)
        dw2 += d_out * a
        dw1 += d_hid * x[:, None]
    return W_input_hidden + lr * dw1 / len(X), W_hidden_output + lr * dw2 / len(X)


def _variant(sign=1.0, divide=True, slope=True, online=False, prime=False):
    def fn(X, y, W_input_hidden, W_hidden_output, lr):
        w1, w2 = W_input_hidden.copy(), W_hidden_output.copy()
        dw1, dw2 = np.zeros(w1.shape), np.zeros(w2.shape)
        for x, t in zip(X, y, strict=True):
            a = sigmoid(np.dot(x, w1))
            out = sigmoid(np.dot(a, w2))
            f = sigmoid_prime if prime else (lambda v: v * (1 - v))
            d_out = (out - t if sign < 0 else t - out) * f(out)
            d_hid = d_out * w2 * (f(a) if slope else 1)
            if online:
                w1 += lr * d_hid * x[:, None]
                w2 += lr * d_out * a
            else:
                dw1 += d_hid * x[:, None]
                dw2 += d_out * a
        m = len(X) if divide else 1
        return w1 + lr * dw1 / m, w2 + lr * dw2 / m
    return fn


def train_epoch_vectorised(X, y, W_input_hidden, W_hidden_output, lr):
    A = sigmoid(X @ W_input_hidden)
    y_hat = sigmoid(A @ W_hidden_output)
    delta_o = (y - y_hat) * y_hat * (1 - y_hat)
    delta_h = delta_o[:, None] * W_hidden_output * A * (1 - A)
    m = len(y)
    return (W_input_hidden + lr * X.T @ delta_h / m,
            W_hidden_output + lr * A.T @ delta_o / m)


def train_epoch_stochastic(X, y, W_input_hidden, W_hidden_output, lr):
    w1, w2 = W_input_hidden.copy(), W_hidden_output.copy()
    for x, t in zip(X, y, strict=True):
        a = sigmoid(x @ w1)
        out = sigmoid(a @ w2)
        d_out = (t - out) * out * (1 - out)
        d_hid = d_out * w2 * a * (1 - a)
        w2 = w2 + lr * d_out * a
        w1 = w1 + lr * np.outer(x, d_hid)
    return w1, w2


def stochastic_new_w2_first(X, y, W_input_hidden, W_hidden_output, lr):
    w1, w2 = W_input_hidden.copy(), W_hidden_output.copy()
    for x, t in zip(X, y, strict=True):
        a = sigmoid(x @ w1)
        out = sigmoid(a @ w2)
        d_out = (t - out) * out * (1 - out)
        w2 += lr * d_out * a
        w1 += lr * np.outer(x, d_out * w2 * a * (1 - a))
    return w1, w2


def stochastic_from_the_start(X, y, W_input_hidden, W_hidden_output, lr):
    w1, w2 = W_input_hidden, W_hidden_output
    for x, t in zip(X, y, strict=True):
        a = sigmoid(x @ w1)
        out = sigmoid(a @ w2)
        d_out = (t - out) * out * (1 - out)
        d_hid = d_out * w2 * a * (1 - a)
        new_w1 = W_input_hidden + lr * np.outer(x, d_hid)
        new_w2 = W_hidden_output + lr * d_out * a
        w1, w2 = new_w1, new_w2
    return w1, w2


@pytest.mark.parametrize("fn, words", [
    (train_epoch, None),
    (_variant(), None),
    (_variant(sign=-1.0), "sign is flipped"),
    (_variant(divide=False), "not divided by m"),
    (_variant(slope=False), "lacks the slope"),
    (_variant(prime=True), "sigmoid_prime is applied"),
    (_variant(online=True), "change after every record"),
    (lambda X, y, w1, w2, lr: (w1.copy(), w2.copy()), "unchanged"),
])
def test_ex5_1_learner_versions(fn, words, exercise_line):
    ex = ch05.TRAIN_EPOCH
    got = exercise_line(ex, fn)
    assert got == passed_line(ex) if words is None else got.startswith(named_line(ex, words)), got


def test_ex5_1_changing_the_weights_in_place_is_named(exercise_line):
    def in_place(X, y, W_input_hidden, W_hidden_output, lr):
        w1, w2 = train_epoch(X, y, W_input_hidden, W_hidden_output, lr)
        W_input_hidden[...] = w1
        return W_input_hidden, w2

    got = exercise_line(ch05.TRAIN_EPOCH, in_place)
    assert got.startswith(failed_prefix(ch05.TRAIN_EPOCH) + "your function changed its argument "
                                                     "`W_input_hidden` in place"), got


@pytest.mark.parametrize("fn, words", [
    (train_epoch_vectorised, None),
    (lambda X, y, w1, w2, lr: train_epoch_vectorised(X, y, w1, w2, lr * len(y)),
     "not divided by m"),
    (lambda X, y, w1, w2, lr: tuple(2 * w - v for w, v in zip(
        (w1, w2), train_epoch_vectorised(X, y, w1, w2, lr), strict=True)), "sign is flipped"),
])
def test_ex5_2_learner_versions(fn, words, exercise_line):
    ex = ch05.TRAIN_EPOCH_VECTORISED
    got = exercise_line(ex, fn)
    assert got == passed_line(ex) if words is None else got.startswith(named_line(ex, words)), got


def test_ex5_2_forgetting_the_column_of_delta_o_raises(exercise_line):
    def no_column(X, y, W_input_hidden, W_hidden_output, lr):
        A = sigmoid(X @ W_input_hidden)
        y_hat = sigmoid(A @ W_hidden_output)
        delta_o = (y - y_hat) * y_hat * (1 - y_hat)
        delta_h = delta_o * W_hidden_output * A * (1 - A)
        return W_input_hidden + lr * X.T @ delta_h / len(y), W_hidden_output + lr * A.T @ delta_o / len(y)

    got = exercise_line(ch05.TRAIN_EPOCH_VECTORISED, no_column)
    assert got.startswith(failed_prefix(ch05.TRAIN_EPOCH_VECTORISED)
                          + "your code raised ValueError"), got


@pytest.mark.parametrize("fn, words", [
    (train_epoch_stochastic, None),
    (train_epoch, "one averaged update"),
    (_variant(divide=False), "only once, at the end"),
    (stochastic_new_w2_first, "after this record's update"),
    (stochastic_from_the_start, "starts again from the weights passed in"),
])
def test_ex5_3_learner_versions(fn, words, exercise_line):
    ex = ch05.TRAIN_EPOCH_STOCHASTIC
    got = exercise_line(ex, fn)
    assert got == passed_line(ex) if words is None else got.startswith(named_line(ex, words)), got


def test_ex5_3_updating_copies_passes_and_updating_the_arguments_is_named(exercise_line):
    got = exercise_line(ch05.TRAIN_EPOCH_STOCHASTIC, _variant(online=True, divide=False))
    assert got == passed_line(ch05.TRAIN_EPOCH_STOCHASTIC), got  # it copies first: fine

    def in_place(X, y, W_input_hidden, W_hidden_output, lr):
        for x, t in zip(X, y, strict=True):
            a = sigmoid(x @ W_input_hidden)
            out = sigmoid(a @ W_hidden_output)
            d_out = (t - out) * out * (1 - out)
            d_hid = d_out * W_hidden_output * a * (1 - a)
            W_hidden_output += lr * d_out * a
            W_input_hidden += lr * np.outer(x, d_hid)
        return W_input_hidden, W_hidden_output

    got = exercise_line(ch05.TRAIN_EPOCH_STOCHASTIC, in_place)
    assert got.startswith(failed_prefix(ch05.TRAIN_EPOCH_STOCHASTIC) + "your function changed its "
                                                               "argument `W_input_hidden`"), got


# ---------- the references ----------

def test_loop_and_vectorised_references_agree_and_are_gradient_descent_on_the_mse():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(7, 3)), rng.integers(0, 2, 7).astype(float)
    w1, w2, lr = rng.normal(size=(3, 2)), rng.normal(size=2), 0.3
    new1, new2 = ch05._train_epoch(X, y, w1, w2, lr)
    vec1, vec2 = train_epoch_vectorised(X, y, w1, w2, lr)
    np.testing.assert_allclose(new1, vec1, rtol=1e-12)
    np.testing.assert_allclose(new2, vec2, rtol=1e-12)

    def loss(a, b):
        return mse(y, sigmoid(sigmoid(X @ a) @ b))

    g1 = numerical_gradient(lambda v: loss(v, w2), w1)
    g2 = numerical_gradient(lambda v: loss(w1, v), w2)
    assert relative_error(new1 - w1, -lr * g1) < 1e-6
    assert relative_error(new2 - w2, -lr * g2) < 1e-6


def test_stochastic_reference_on_one_record_is_m_times_the_averaged_step():
    X, y = np.array([[0.1, 0.3]]), np.array([1.0])
    w1, w2 = np.array([[0.4], [-0.2]]), np.array([0.1])
    s1, s2 = ch05._train_epoch_stochastic(X, y, w1, w2, 0.5)
    b1, b2 = ch05._train_epoch(X, y, w1, w2, 0.5)
    np.testing.assert_allclose(s1, b1, rtol=1e-12)
    np.testing.assert_allclose(s2 - w2, [0.0301534884], atol=1e-10)


# ---------- QA: slips a student makes (exact lines) ----------

def _epoch_hidden_slope_of_output(X, y, W_input_hidden, W_hidden_output, lr):
    A = sigmoid(X @ W_input_hidden)
    y_hat = sigmoid(A @ W_hidden_output)
    delta_o = (y - y_hat) * y_hat * (1 - y_hat)
    delta_h = delta_o[:, None] * W_hidden_output * (y_hat * (1 - y_hat))[:, None]
    m = len(y)
    return (W_input_hidden + lr * X.T @ delta_h / m, W_hidden_output + lr * A.T @ delta_o / m)


def test_qa_ex5_1_hidden_slope_taken_at_the_output_is_named(check_line):
    assert check_line(ch05.check_train_epoch, _epoch_hidden_slope_of_output) == (
        "❌ not yet: ex5.1 train_epoch — the hidden error terms use the output's slope f'(z); "
        "each hidden unit needs the slope at its own input, f'(h_j).")


def test_qa_ex5_2_results_in_the_wrong_order_are_named(check_line):
    def swapped(X, y, W_input_hidden, W_hidden_output, lr):
        new_ih, new_ho = ch05._train_epoch(X, y, W_input_hidden, W_hidden_output, lr)
        return new_ho, new_ih

    assert check_line(ch05.check_train_epoch_vectorised, swapped) == (
        "❌ not yet: ex5.2 train_epoch_vectorised — the two weight arrays come back in the wrong "
        "order: the result is (W_input_hidden, W_hidden_output).")


def test_qa_ex5_3_sigmoid_prime_of_an_activation_is_named(check_line):
    def stochastic(X, y, W_input_hidden, W_hidden_output, lr):
        w1, w2 = W_input_hidden.copy(), W_hidden_output.copy()
        for x, target in zip(X, y, strict=True):
            a = sigmoid(x @ w1)
            y_hat = sigmoid(a @ w2)
            delta_o = (target - y_hat) * sigmoid_prime(y_hat)
            delta_h = delta_o * w2 * sigmoid_prime(a)
            w2 = w2 + lr * delta_o * a
            w1 = w1 + lr * x[:, None] * delta_h
        return w1, w2

    assert check_line(ch05.check_train_epoch_stochastic, stochastic) == (
        "❌ not yet: ex5.3 train_epoch_stochastic — sigmoid_prime is applied to an activation, a "
        "value already through σ; sigmoid_prime expects a unit's input.")

