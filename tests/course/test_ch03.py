"""Chapter 3's checks: the reference passes, every typical mistake gets its own line, a stub
is "not done", and the references compute what the chapter teaches."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import failed_prefix, named_line, passed_line, todo_prefix
from hypothesis import given, settings
from hypothesis import strategies as st

from course.checking import FAIL
from course.checks import ch03
from course.marks import verdict
from helpers import sigmoid

STUB = ("replace the NotImplementedError line in its cell with your code, run that cell, then "
        "run this one again.")

# ---------- ex3.1, written the way learners write it ----------

def forward_pass(x, W_input_hidden, b_hidden, W_hidden_output, b_output):
    hidden = sigmoid(np.dot(x, W_input_hidden) + b_hidden)
    return sigmoid(np.dot(hidden, W_hidden_output) + b_output)


@pytest.mark.parametrize("fn, words", [
    (forward_pass, None),
    (lambda x, w1, b1, w2, b2: sigmoid(np.dot(sigmoid(np.dot(x, w1)), w2)), "either layer"),
    (lambda x, w1, b1, w2, b2: sigmoid(np.dot(sigmoid(np.dot(x, w1)), w2) + b2),
     "b_hidden is never added"),
    (lambda x, w1, b1, w2, b2: sigmoid((sigmoid(x @ w1) + b1) @ w2) + b2, "after σ"),
    (lambda x, w1, b1, w2, b2: sigmoid(sigmoid(x @ w1 + b1) @ w2) + b2,
     "b_output is added after the output's σ"),
    (lambda x, w1, b1, w2, b2: sigmoid(sigmoid(x @ (w1 + b1)) @ (w2 + b2)), "before the product"),
    (lambda x, w1, b1, w2, b2: sigmoid(sigmoid(x @ w1 + b2) @ w2 + b1), "swapped"),
    (lambda *c: np.dot(sigmoid(np.dot(c[0], c[1]) + c[2]), c[3]) + c[4],
     "output layer has no sigmoid"),
    (lambda *c: sigmoid(forward_pass(*c)), "twice on the output"),
    (lambda *c: forward_pass(*c).reshape(-1, 1), "column of shape"),
])
def test_ex3_1_learner_versions(fn, words, exercise_line):
    ex = ch03.FORWARD_PASS
    got = exercise_line(ex, fn)
    assert got == passed_line(ex) if words is None else got.startswith(named_line(ex, words)), got


def test_ex3_1_weights_the_wrong_way_round_are_named(check_line):
    # the square first input shows wrong numbers, the others raise as the mistake does
    got = check_line(ch03.check_forward_pass,
                     lambda x, w1, b1, w2, b2: sigmoid(np.dot(w2, sigmoid(np.dot(w1, x) + b1)) + b2))
    assert got == (f"{failed_prefix(ch03.FORWARD_PASS)}you multiply W @ (the layer's "
                   f"input) in both layers, the weights the wrong way round: row i of each "
                   f"matrix belongs to input i of its layer.")


def test_ex3_1_a_bias_after_the_output_sigmoid_line(check_line):
    got = check_line(ch03.check_forward_pass,
                     lambda x, w1, b1, w2, b2: sigmoid(sigmoid(x @ w1 + b1) @ w2) + b2)
    assert got == (f"{failed_prefix(ch03.FORWARD_PASS)}b_output is added after the output's σ: "
                   f"a bias belongs inside the unit's input, so ŷ can even leave (0, 1).")


def test_ex3_1_stub_is_not_done(check_line):
    def stub(x, W_input_hidden, b_hidden, W_hidden_output, b_output):
        raise NotImplementedError("ex3.1 is not done yet")

    assert check_line(ch03.check_forward_pass, stub) == todo_prefix(ch03.FORWARD_PASS) + STUB


def test_ex3_1_a_result_instead_of_a_function(exercise_line):
    got = exercise_line(ch03.FORWARD_PASS,
                        forward_pass(np.ones(3), np.ones((3, 3)), np.ones(3), np.ones((3, 3)),
                                     np.ones(3)))
    assert got.startswith(f"{verdict(FAIL, 'ex3.1', 'forward_pass')} — expected a function"), got


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.integers(0, 10_000))
def test_ex3_1_reference_is_the_double_sum(n_in, n_hidden, n_out, seed):
    rng = np.random.default_rng(seed)
    x, w1, b1 = rng.normal(size=n_in), rng.normal(size=(n_in, n_hidden)), rng.normal(size=n_hidden)
    w2, b2 = rng.normal(size=(n_hidden, n_out)), rng.normal(size=n_out)
    a = [sigmoid(sum(w1[i, j] * x[i] for i in range(n_in)) + b1[j]) for j in range(n_hidden)]
    y_hat = [sigmoid(sum(w2[j, k] * a[j] for j in range(n_hidden)) + b2[k])
             for k in range(n_out)]
    np.testing.assert_allclose(ch03._forward_pass(x, w1, b1, w2, b2), y_hat, rtol=1e-12)
    column = sigmoid(w2.T @ sigmoid(w1.T @ x[:, None] + b1[:, None]) + b2[:, None])
    np.testing.assert_allclose(column.ravel(), y_hat, rtol=1e-12)  # the chapter's other form


# ---------- ex3.2 (derive): the spread of h ----------

def spread_of_h(n_in, sd_w, sd_x):
    return n_in * (sd_w * sd_x) ** 2, (n_in ** -0.5) / sd_x


def test_ex3_2_another_correct_form_passes(exercise_line):
    assert exercise_line(ch03.SPREAD_OF_H, spread_of_h) == passed_line(ch03.SPREAD_OF_H)


@pytest.mark.parametrize("fn, rest", [
    (lambda n, sw, sx: (n * sw * sx, 1 / (n * sx)),
     "your variance is n_in · sd_w · sd_x: a variance is the square of a standard deviation, so "
     "Var(w_i x_i) needs squares."),
    (lambda n, sw, sx: (n * (sw ** 2 + sx ** 2), 1 / (sx * np.sqrt(n))),
     "your variance adds sd_w² and sd_x²: the variance of a product of independent factors of "
     "mean 0 is the product of their variances."),
    (lambda n, sw, sx: (n * sw ** 2 * sx ** 2, 1 / np.sqrt(n)),
     "your variance is right, but your sd_w leaves sd_x out: with sd_x ≠ 1 it does not give "
     "Var(h) = 1. On n_in=50, sd_w=0.3, sd_x=2: expected [18, 0.07071], got [18, 0.1414]."),
])
def test_ex3_2_mistake_lines(fn, rest, check_line):
    def learner(n_in, sd_w, sd_x):
        return fn(n_in, sd_w, sd_x)

    assert check_line(ch03.check_spread_of_h, learner) == failed_prefix(ch03.SPREAD_OF_H) + rest


def test_ex3_2_stub_is_not_done(check_line):
    def stub(n_in, sd_w, sd_x):
        raise NotImplementedError("ex3.2 is not done yet")

    assert check_line(ch03.check_spread_of_h, stub) == todo_prefix(ch03.SPREAD_OF_H) + STUB


@pytest.mark.parametrize("n_in, sd_w, sd_x", [(50, 0.3, 2.0), (4, 1.0, 1.0), (1, 2.0, 0.5)])
def test_ex3_2_reference_is_the_measured_variance(n_in, sd_w, sd_x):
    rng = np.random.default_rng(n_in)
    records = 100_000
    h = np.sum(rng.normal(0, sd_w, (records, n_in)) * rng.normal(0, sd_x, (records, n_in)), axis=1)
    variance, sd_for_one = ch03._spread_of_h(n_in, sd_w, sd_x)
    assert abs(h.var() / variance - 1) < 0.05  # the estimate's own error is below 1 %
    h_one = np.sum(rng.normal(0, sd_for_one, (records, n_in))
                   * rng.normal(0, sd_x, (records, n_in)), axis=1)
    assert abs(h_one.var() - 1) < 0.05


# ---------- ex3.3: the initial weights of a network ----------

def init_network(sizes, seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]


def _fresh_generator(sizes, seed):
    return [np.random.default_rng(seed).normal(0, n_in ** -0.5, (n_in, n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]


def _first_layer_scale(sizes, seed):
    rng = np.random.default_rng(seed)
    return [rng.normal(0, sizes[0] ** -0.5, (n_in, n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]


def _global_generator(sizes, seed):
    np.random.seed(seed)  # noqa: NPY002 - the slip under test
    return [np.random.randn(n_in, n_out) / np.sqrt(n_in)  # noqa: NPY002
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]


def _seed_ignored(sizes, seed):
    rng = np.random.default_rng(12345)
    return [rng.normal(0, n_in ** -0.5, (n_in, n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]


HEAD_33 = failed_prefix(ch03.INIT_NETWORK)


def test_ex3_3_standard_normal_scaled_passes(exercise_line):
    assert exercise_line(ch03.INIT_NETWORK, init_network) == passed_line(ch03.INIT_NETWORK)


@pytest.mark.parametrize(("wrong", "rest"), [
    (_fresh_generator, "every layer starts a new generator with the same seed, so the layers "
                       "begin with the same numbers: make one generator and draw every layer "
                       "from it."),
    (_first_layer_scale, "every layer uses the scale of the first one: each layer's sum runs "
                         "over its own n_in inputs."),
    (_global_generator, "your numbers are draws of NumPy's old global generator (np.random.seed "
                        "with randn or np.random.normal), not of np.random.default_rng(seed)."),
    (_seed_ignored, "These are not the draws of np.random.default_rng(seed), one rng.normal call per layer in order: is "
                    "the seed used once, and is nothing else drawn?"),
])
def test_ex3_3_mistakes_by_name(wrong, rest, check_line):
    assert check_line(ch03.check_init_network, wrong) == HEAD_33 + rest


def test_ex3_3_stub_is_not_done(check_line):
    def stub(sizes, seed):
        raise NotImplementedError("ex3.3 is not done yet")

    assert check_line(ch03.check_init_network, stub) == todo_prefix(ch03.INIT_NETWORK) + STUB


def test_ex3_3_reference_has_the_right_spread_in_every_layer():
    weights = ch03._init_network([400, 300, 100], 0)
    assert [W.shape for W in weights] == [(400, 300), (300, 100)]
    for W, n_in in zip(weights, (400, 300), strict=True):
        assert abs(W.std() * n_in ** 0.5 - 1) < 0.02
        assert abs(W.mean()) < 0.002
