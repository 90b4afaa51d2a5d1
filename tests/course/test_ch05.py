"""Chapter 5's checks: the reference passes, every typical mistake gets its own line, a stub
is "not done", and the references are what finite differences say (the epoch of ex5.1 is
gradient descent on the MSE, ex5.2's gradients are the finite differences of E)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import failed_prefix, named_line, passed_line

from course.checks import ch05
from helpers import mse, numerical_gradient, relative_error, sigmoid, sigmoid_prime

# ---------- the references are right ----------

def _loss(X, y):
    return lambda w1, w2: mse(y, sigmoid(sigmoid(X @ w1) @ w2))


@pytest.mark.parametrize("case", ch05.BATCH_GRADIENTS.cases)
def test_ex5_2_reference_is_the_finite_difference_of_the_mse(case):
    X, y, w1, w2 = case
    loss = _loss(X, y)
    nabla1, nabla2 = ch05._batch_gradients(X, y, w1, w2)
    assert relative_error(nabla1, numerical_gradient(lambda v: loss(v, w2), w1)) < 1e-6
    assert relative_error(nabla2, numerical_gradient(lambda v: loss(w1, v), w2)) < 1e-6


def test_ex5_1_reference_is_one_gradient_descent_step_on_the_mse():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(7, 3)), rng.integers(0, 2, 7).astype(float)
    w1, w2, lr = rng.normal(size=(3, 2)), rng.normal(size=2), 0.3
    new1, new2 = ch05._train_epoch(X, y, w1, w2, lr)
    loss = _loss(X, y)
    assert relative_error(new1 - w1, -lr * numerical_gradient(lambda v: loss(v, w2), w1)) < 1e-6
    assert relative_error(new2 - w2, -lr * numerical_gradient(lambda v: loss(w1, v), w2)) < 1e-6


def test_ex5_3_reference_counts_add_up_and_give_the_accuracy():
    p, labels, threshold = ch05.CONFUSION_COUNTS.cases[1]
    counts = ch05._confusion_counts(p, labels, threshold)
    assert counts == (1, 1, 2, 2)  # p = 0.5 at the threshold 0.5 is called rejected
    assert (counts[0] + counts[3]) / len(p) == np.mean((p > threshold) == (labels == 1))


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


@pytest.mark.parametrize("fn, words", [
    (train_epoch, None),
    (_variant(), None),
    (_variant(sign=-1.0), "sign is flipped"),
    (_variant(divide=False), "not divided by m"),
    (_variant(slope=False), "lacks the slope"),
    (_variant(prime=True), "sigmoid_prime is applied"),
    (_variant(online=True, divide=False), "change after every record"),
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


def test_qa_ex5_1_hidden_slope_taken_at_the_output_is_named(check_line):
    def epoch(X, y, W_input_hidden, W_hidden_output, lr):
        A = sigmoid(X @ W_input_hidden)
        y_hat = sigmoid(A @ W_hidden_output)
        delta_o = (y - y_hat) * y_hat * (1 - y_hat)
        delta_h = delta_o[:, None] * W_hidden_output * (y_hat * (1 - y_hat))[:, None]
        m = len(y)
        return (W_input_hidden + lr * X.T @ delta_h / m, W_hidden_output + lr * A.T @ delta_o / m)

    assert check_line(ch05.check_train_epoch, epoch) == (
        "❌ not yet: ex5.1 train_epoch — the hidden error terms use the output's slope f'(z); "
        "each hidden unit needs the slope at its own input, f'(h_j).")


def gradients_by_loop(X, y, W_input_hidden, W_hidden_output):
    """A correct answer of another form: the sums over the records in a loop, a minus in front."""
    g1, g2 = np.zeros_like(W_input_hidden), np.zeros_like(W_hidden_output)
    for x, t in zip(X, y, strict=True):
        a = sigmoid(x @ W_input_hidden)
        out = sigmoid(a @ W_hidden_output)
        g2 -= (t - out) * out * (1 - out) * a
        g1 -= np.outer(x, (t - out) * out * (1 - out) * W_hidden_output * a * (1 - a))
    return g1 / len(y), g2 / len(y)


def gradients_einsum(X, y, W_input_hidden, W_hidden_output):
    A = sigmoid(X @ W_input_hidden)
    out = sigmoid(A @ W_hidden_output)
    d_out = (out - y) * out * (1 - out)
    d_hid = np.einsum("m,j,mj->mj", d_out, W_hidden_output, A * (1 - A))
    return np.einsum("mi,mj->ij", X, d_hid) / len(y), np.mean(d_out[:, None] * A, axis=0)


def steps_not_gradients(X, y, W_input_hidden, W_hidden_output):
    g1, g2 = gradients_by_loop(X, y, W_input_hidden, W_hidden_output)
    return -g1, -g2


@pytest.mark.parametrize("fn, words", [
    (gradients_by_loop, None),
    (gradients_einsum, None),
    (steps_not_gradients, "point downhill"),
    (lambda *case: tuple(2 * g for g in gradients_by_loop(*case)), "twice the size"),
    (lambda *case: (gradients_by_loop(*case)[0].T, gradients_by_loop(*case)[1]), "transposed"),
])
def test_ex5_2_learner_versions(fn, words, exercise_line):
    ex = ch05.BATCH_GRADIENTS
    got = exercise_line(ex, fn)
    assert got == passed_line(ex) if words is None else got.startswith(named_line(ex, words)), got


def test_qa_ex5_2_the_sum_without_the_mean_is_named(check_line):
    def summed(X, y, W_input_hidden, W_hidden_output):
        A = sigmoid(X @ W_input_hidden)
        y_hat = sigmoid(A @ W_hidden_output)
        delta_o = (y - y_hat) * y_hat * (1 - y_hat)
        delta_h = delta_o[:, None] * W_hidden_output * A * (1 - A)
        return -X.T @ delta_h, -A.T @ delta_o

    assert check_line(ch05.check_batch_gradients, summed) == (
        "❌ not yet: ex5.2 batch_gradients — your gradients are m times too large: E is the mean "
        "over the m records, so each sum over the records carries a 1/m.")


def counts_with_numpy_ints(p, labels, threshold):
    called, admitted = p > threshold, labels == 1
    return (np.count_nonzero(called & admitted), np.count_nonzero(called & ~admitted),
            np.count_nonzero(~called & admitted), np.count_nonzero(~called & ~admitted))


def counts_by_loop(p, labels, threshold):
    tp = fp = fn = tn = 0
    for prob, label in zip(p, labels, strict=True):
        if prob > threshold:
            tp, fp = tp + (label == 1), fp + (label == 0)
        else:
            fn, tn = fn + (label == 1), tn + (label == 0)
    return tp, fp, fn, tn


@pytest.mark.parametrize("fn, words", [
    (counts_with_numpy_ints, None),
    (counts_by_loop, None),
    (lambda p, labels, t: counts_by_loop(p, labels, 0.5), "ignore the threshold"),
    (lambda p, labels, t: counts_by_loop(p, labels, t)[::-1], None),
])
def test_ex5_3_learner_versions(fn, words, exercise_line):
    ex = ch05.CONFUSION_COUNTS
    got = exercise_line(ex, fn)
    if fn.__name__ == "<lambda>" and words is None:  # all four reversed: a wrong value, unnamed
        assert got.startswith(failed_prefix(ex)), got
        return
    assert got == passed_line(ex) if words is None else got.startswith(named_line(ex, words)), got


def test_qa_ex5_3_greater_or_equal_is_named(check_line):
    def at_or_above(p, labels, threshold):
        called = p >= threshold
        return (int(np.sum(called & (labels == 1))), int(np.sum(called & (labels == 0))),
                int(np.sum(~called & (labels == 1))), int(np.sum(~called & (labels == 0))))

    assert check_line(ch05.check_confusion_counts, at_or_above) == (
        "❌ not yet: ex5.3 confusion_counts — an output exactly at the threshold counts as "
        "admitted in yours; the call is \"admitted\" only for ŷ > threshold.")
