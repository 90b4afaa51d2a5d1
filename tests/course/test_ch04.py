"""Chapter 4's checks: the reference passes, every typical mistake gets its own line, a stub
is "not done", the hints point the right way, and the references are −η times the gradient."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import failed_prefix, named_line, passed_line, todo_prefix
from hypothesis import given, settings
from hypothesis import strategies as st

from course.checks import ch04
from helpers import numerical_gradient, sigmoid, sigmoid_prime

# ---------- ex4.3, written the way learners write it ----------

def forward(x, W_input_hidden, W_hidden_output):
    a = sigmoid(np.dot(x, W_input_hidden))
    return a, sigmoid(np.dot(a, W_hidden_output))


def backprop_step(x, y, W_input_hidden, W_hidden_output, lr):
    a, out = forward(x, W_input_hidden, W_hidden_output)
    d_out = (y - out) * out * (1 - out)
    d_hid = np.dot(W_hidden_output, d_out) * a * (1 - a)
    return lr * d_hid * x[:, None], lr * d_out * a[:, None]


def bp_prime_of_activation(x, y, W_input_hidden, W_hidden_output, lr):
    a, out = forward(x, W_input_hidden, W_hidden_output)
    d_out = (y - out) * sigmoid_prime(out)
    d_hid = np.dot(W_hidden_output, d_out) * sigmoid_prime(a)
    return lr * d_hid * x[:, None], lr * d_out * a[:, None]


def bp_transposed(x, y, W_input_hidden, W_hidden_output, lr):
    s1, s2 = backprop_step(x, y, W_input_hidden, W_hidden_output, lr)
    return s1.T, s2.T


def bp_no_hidden_slope(x, y, W_input_hidden, W_hidden_output, lr):
    a, out = forward(x, W_input_hidden, W_hidden_output)
    d_out = (y - out) * out * (1 - out)
    return lr * np.dot(W_hidden_output, d_out) * x[:, None], lr * d_out * a[:, None]


def bp_updated_weights(x, y, W_input_hidden, W_hidden_output, lr):
    s1, s2 = backprop_step(x, y, W_input_hidden, W_hidden_output, lr)
    return W_input_hidden + s1, W_hidden_output + s2


@pytest.mark.parametrize("fn, words", [
    (bp_prime_of_activation, "sigmoid_prime is applied to an activation"),
    (bp_transposed, "both steps are transposed"),
    (lambda *c: tuple(-s for s in backprop_step(*c)), "sign is flipped"),
    (bp_no_hidden_slope, "hidden error term lacks the slope"),
    (bp_updated_weights, "updated weights"),
    (lambda *c: backprop_step(*c)[::-1], "wrong order"),
])
def test_ex4_3_learner_mistakes(fn, words, exercise_line):
    ex = ch04.BACKPROP_STEP
    assert exercise_line(ex, fn).startswith(named_line(ex, words))


def test_ex4_3_learner_version_passes(exercise_line):
    assert exercise_line(ch04.BACKPROP_STEP, backprop_step) == passed_line(ch04.BACKPROP_STEP)


def test_ex4_3_hint_points_at_the_hidden_error_term(exercise_line):
    def hidden_half(*c):
        s1, s2 = backprop_step(*c)
        return 0.5 * s1 + 1e-3, s2

    got = exercise_line(ch04.BACKPROP_STEP, hidden_half)
    # "the 1st result (delta_W_input_hidden): wrong value (on x=...)." and the advice would be
    # over 200 characters: the advice alone says where to look
    assert got == (failed_prefix(ch04.BACKPROP_STEP) + "Finite differences agree with your "
                   "delta_W_hidden_output but not with your delta_W_input_hidden: look at the "
                   "hidden error term.")


def test_ex4_3_hint_on_a_1d_step_names_the_right_direction(exercise_line):
    def flattened(*c):
        s1, s2 = backprop_step(*c)
        return s1.ravel(), s2

    got = exercise_line(ch04.BACKPROP_STEP, flattened)
    assert got == (failed_prefix(ch04.BACKPROP_STEP) + "Your delta_W_input_hidden is 1-D where "
                   "a matrix of shape (2, 1) is meant; `.T` leaves a 1-D array unchanged.")
    assert "a column where a 1-D array is meant" not in got


def test_ex4_3_dot_t_on_1d_arrays_raises_numpys_error(exercise_line):
    def with_dot_t(x, y, W_input_hidden, W_hidden_output, lr):
        a, out = forward(x, W_input_hidden, W_hidden_output)
        d_out = (y - out) * out * (1 - out)
        d_hid = np.dot(W_hidden_output, d_out) * a * (1 - a)
        return lr * d_hid * x.T, lr * d_out * a.T

    got = exercise_line(ch04.BACKPROP_STEP, with_dot_t)
    assert got.startswith(failed_prefix(ch04.BACKPROP_STEP) + "your code raised ValueError"), got
    assert got.endswith("operands could not be broadcast together with shapes (2,) (3,)."), got


def test_ex4_3_returning_one_matrix(exercise_line):
    got = exercise_line(ch04.BACKPROP_STEP, lambda *c: backprop_step(*c)[0])
    assert got.startswith(failed_prefix(ch04.BACKPROP_STEP) + "expected 2 results"), got


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(0, 10_000))
def test_ex4_3_reference_is_minus_lr_times_the_gradient(n_in, n_hidden, n_out, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=n_in), rng.uniform(size=n_out)
    w1, w2, lr = rng.normal(size=(n_in, n_hidden)), rng.normal(size=(n_hidden, n_out)), 0.7

    def loss(a, b):
        return 0.5 * float(np.sum((y - sigmoid(sigmoid(x @ a) @ b)) ** 2))

    s1, s2 = ch04._backprop_step(x, y, w1, w2, lr)
    np.testing.assert_allclose(s1, -lr * numerical_gradient(lambda v: loss(v, w2), w1),
                               rtol=1e-5, atol=1e-10)
    np.testing.assert_allclose(s2, -lr * numerical_gradient(lambda v: loss(w1, v), w2),
                               rtol=1e-5, atol=1e-10)


def test_worked_example_numbers():
    s1, s2 = ch04._backprop_step(np.array([0.1, 0.3]), np.array([1.0]),
                                 np.array([[0.4], [-0.2]]), np.array([[0.1]]), 0.5)
    np.testing.assert_allclose(s2.ravel(), [0.0301534884], atol=1e-10)
    np.testing.assert_allclose(s1.ravel(), [0.00015228, 0.00045683], atol=5e-9)
    x, y, w, W = ch04.DE_DW.cases[1]
    np.testing.assert_allclose(-0.5 * ch04._dE_dw(x, y, w, W), [0.00015228, 0.00045683],
                               atol=5e-9)
    np.testing.assert_allclose(-ch04._dE_dw(x, y, w, W) / x / 0.1 / (sigmoid(-0.02)
                               * (1 - sigmoid(-0.02))), 0.1218322354, atol=1e-10)  # δ^o


# ---------- ex4.1 (derive) ----------

STUB = ("replace the NotImplementedError line in its cell with your code, run that cell, then "
        "run this one again.")


def dE_dw(x, y, w, W):
    h = np.dot(x, w)
    y_hat = sigmoid(W * sigmoid(h))
    return (y_hat - y) * sigmoid_prime(W * sigmoid(h)) * W * sigmoid_prime(h) * x


@pytest.mark.parametrize("fn, words", [
    (dE_dw, None),
    (lambda *c: -dE_dw(*c), "wrong sign"),
    (lambda x, y, w, W: dE_dw(x, y, w, W) / sigmoid_prime(np.dot(x, w)), "slope σ'(h)"),
    (lambda x, y, w, W: (dE_dw(x, y, w, W) / x)[0], "lacks the factor"),
    (lambda x, y, w, W: dE_dw(x, y, w, W) / W, "weight W on the way back"),
    (lambda *c: 2 * dE_dw(*c), "twice the gradient"),
    (lambda *c: dE_dw(*c) / 2, "half the gradient"),
])
def test_ex4_1_learner_versions(fn, words, exercise_line):
    ex = ch04.DE_DW
    got = exercise_line(ex, fn)
    assert got == passed_line(ex) if words is None else got.startswith(named_line(ex, words)), got


def test_ex4_1_missing_output_slope_line(check_line):
    def no_output_slope(x, y, w, W):
        a = sigmoid(np.dot(w, x))
        return -(y - sigmoid(W * a)) * W * a * (1 - a) * x

    assert check_line(ch04.check_dE_dw, no_output_slope) == (
        failed_prefix(ch04.DE_DW) + "the slope σ'(z) = ŷ(1 − ŷ) of the output unit is missing: "
        "ŷ = σ(z).")


def test_ex4_1_the_output_weights_gradient_is_named(check_line):
    def output_gradient(x, y, w, W):
        a = sigmoid(np.dot(w, x))
        y_hat = sigmoid(W * a)
        return (y_hat - y) * y_hat * (1 - y_hat) * a

    assert check_line(ch04.check_dE_dw, output_gradient) == (
        failed_prefix(ch04.DE_DW) + "you return ∂E/∂W, the gradient of the hidden→output weight "
        "(its factor is a); the question is about the input→hidden weights w_i.")


def test_ex4_1_stub_is_not_done(check_line):
    def stub(x, y, w, W):
        raise NotImplementedError("ex4.1 is not done yet")

    assert check_line(ch04.check_dE_dw, stub) == todo_prefix(ch04.DE_DW) + STUB


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 5), st.floats(0, 1), st.floats(-3, 3), st.integers(0, 10_000))
def test_ex4_1_reference_is_the_finite_difference_of_the_error(n_in, y, W, seed):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=n_in), rng.normal(size=n_in)

    def error(v):
        return 0.5 * (y - sigmoid(W * sigmoid(np.dot(v, x)))) ** 2

    np.testing.assert_allclose(ch04._dE_dw(x, y, w, W), numerical_gradient(error, w),
                               rtol=1e-5, atol=1e-10)


# ---------- ex4.2 ----------

@pytest.mark.parametrize("fn, words", [
    (lambda lr, delta, x: lr * delta * x[:, None], None),
    (lambda lr, delta, x: lr * np.outer(x, delta), None),
    (lambda lr, delta, x: lr * np.outer(delta, x), "transposed"),
    (lambda lr, delta, x: lr * delta[:, None] * x, "transposed"),
    (lambda lr, delta, x: delta * x[:, None], "learning rate"),
])
def test_ex4_2_learner_versions(fn, words, exercise_line):
    ex = ch04.WEIGHT_STEP_MATRIX
    got = exercise_line(ex, fn)
    assert got == passed_line(ex) if words is None else got.startswith(named_line(ex, words)), got


def test_ex4_2_without_the_column_raises(exercise_line):
    got = exercise_line(ch04.WEIGHT_STEP_MATRIX, lambda lr, delta, x: lr * delta * x)
    assert got.startswith(failed_prefix(ch04.WEIGHT_STEP_MATRIX)
                          + "your code raised ValueError"), got


def test_ex4_3_missing_output_slope_is_named(check_line):
    def no_output_slope(x, y, W_input_hidden, W_hidden_output, lr):
        a, out = forward(x, W_input_hidden, W_hidden_output)
        d_out = y - out
        d_hid = np.dot(W_hidden_output, d_out) * a * (1 - a)
        return lr * d_hid * x[:, None], lr * d_out * a[:, None]
    # it was "off by a factor of 4.002" on the first input, a coincidence of its numbers
    assert check_line(ch04.check_backprop_step, no_output_slope) == (
        failed_prefix(ch04.BACKPROP_STEP) + "the output error term lacks the slope f'(z_k) of the "
        "output units.")


def test_ex4_3_hidden_sums_the_wrong_way_round_are_named(check_line):
    def transposed_sum(x, y, W_input_hidden, W_hidden_output, lr):
        a, out = forward(x, W_input_hidden, W_hidden_output)
        d_out = (y - out) * out * (1 - out)
        d_hid = np.dot(W_hidden_output.T, d_out) * a * (1 - a)
        return lr * d_hid * x[:, None], lr * d_out * a[:, None]

    assert check_line(ch04.check_backprop_step, transposed_sum) == (
        failed_prefix(ch04.BACKPROP_STEP) + "your hidden error term multiplies "
        "W_hidden_output.T by δ^o: row j of W_hidden_output already holds the weights leaving "
        "hidden unit j.")


def test_ex4_3_one_sum_for_every_hidden_unit_is_named(exercise_line):
    def one_sum(x, y, W_input_hidden, W_hidden_output, lr):
        a, out = forward(x, W_input_hidden, W_hidden_output)
        d_out = (y - out) * out * (1 - out)
        d_hid = np.sum(W_hidden_output * d_out) * a * (1 - a)
        return lr * d_hid * x[:, None], lr * d_out * a[:, None]

    ex = ch04.BACKPROP_STEP
    assert exercise_line(ex, one_sum).startswith(named_line(ex, "the same sum")), one_sum


def test_ex4_3_stub_is_not_done(check_line):
    def stub(x, y, W_input_hidden, W_hidden_output, lr):
        raise NotImplementedError("ex4.3 is not done yet")

    assert check_line(ch04.check_backprop_step, stub) == todo_prefix(ch04.BACKPROP_STEP) + STUB


def test_ex4_3_one_matrix_gets_no_hint_about_its_rows(check_line):
    assert check_line(ch04.check_backprop_step, lambda *c: backprop_step(*c)[0]) == (
        failed_prefix(ch04.BACKPROP_STEP) + "expected 2 results (delta_W_input_hidden, "
        "delta_W_hidden_output), got a NumPy array.")
