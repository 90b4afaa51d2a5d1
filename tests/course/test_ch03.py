"""Chapter 3's checks: the reference passes, every typical mistake gets its own line, a stub
is "not done", and the references compute what the chapter teaches."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import named_line, passed_line
from hypothesis import given, settings
from hypothesis import strategies as st

from course.checking import FAIL
from course.checks import ch03
from course.marks import verdict
from helpers import sigmoid

# ---------- ex3.1, written the way learners write it ----------

def forward_pass(x, W_input_hidden, W_hidden_output):
    hidden = sigmoid(np.dot(x, W_input_hidden))
    return sigmoid(np.dot(hidden, W_hidden_output))


@pytest.mark.parametrize("fn, words", [
    (forward_pass, None),
    (lambda x, w1, w2: np.dot(sigmoid(np.dot(x, w1)), w2), "output layer has no sigmoid"),
    (lambda x, w1, w2: sigmoid(np.dot(np.dot(x, w1), w2)), "only on the output layer"),
    (lambda x, w1, w2: sigmoid(forward_pass(x, w1, w2)), "twice on the output"),
    (lambda x, w1, w2: forward_pass(x, w1, w2).reshape(-1, 1), "column of shape"),
])
def test_ex3_1_learner_versions(fn, words, exercise_line):
    ex = ch03.FORWARD_PASS
    got = exercise_line(ex, fn)
    assert got == passed_line(ex) if words is None else got.startswith(named_line(ex, words)), got


def test_ex3_1_weights_the_wrong_way_round_are_named(check_line):
    # the square first input shows wrong numbers, the others raise as the mistake does
    got = check_line(ch03.check_forward_pass,
                     lambda x, w1, w2: sigmoid(np.dot(w2, sigmoid(np.dot(w1, x)))))
    assert got == (f"{verdict(FAIL, 'ex3.1', 'forward_pass')} — you multiply W @ (the layer's "
                   f"input) in both layers, the weights the wrong way round: row i of each "
                   f"matrix belongs to input i of its layer.")
    got = check_line(ch03.check_forward_pass, lambda x, w1, w2: sigmoid(sigmoid(w1 @ x) @ w2))
    assert got == (f"{verdict(FAIL, 'ex3.1', 'forward_pass')} — you multiply W_input_hidden @ "
                   f"x, the weights the wrong way round: row i of W_input_hidden belongs to "
                   f"input i.")


def test_ex3_1_a_result_instead_of_a_function(exercise_line):
    got = exercise_line(ch03.FORWARD_PASS,
                        forward_pass(np.ones(3), np.ones((3, 3)), np.ones((3, 3))))
    assert got.startswith(f"{verdict(FAIL, 'ex3.1', 'forward_pass')} — expected a function"), got


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.integers(0, 10_000))
def test_ex3_1_reference_is_the_double_sum(n_in, n_hidden, n_out, seed):
    rng = np.random.default_rng(seed)
    x, w1 = rng.normal(size=n_in), rng.normal(size=(n_in, n_hidden))
    w2 = rng.normal(size=(n_hidden, n_out))
    a = [sigmoid(sum(w1[i, j] * x[i] for i in range(n_in))) for j in range(n_hidden)]
    y_hat = [sigmoid(sum(w2[j, k] * a[j] for j in range(n_hidden))) for k in range(n_out)]
    np.testing.assert_allclose(ch03._forward_pass(x, w1, w2), y_hat, rtol=1e-12)


# ---------- ex3.2 and ex3.3: biases in both orientations ----------

def forward_pass_bias(x, W_input_hidden, b_hidden, W_hidden_output, b_output):
    a = sigmoid(np.dot(x, W_input_hidden) + b_hidden)
    return sigmoid(np.dot(a, W_hidden_output) + b_output)


def forward_pass_columns(x, W1, b1, W2, b2):
    column = np.array(x, ndmin=2).T
    return sigmoid(np.dot(W2, sigmoid(np.dot(W1, column) + b1)) + b2)


@pytest.mark.parametrize("fn, words", [
    (forward_pass_bias, None),
    (lambda x, w1, b1, w2, b2: forward_pass(x, w1, w2), "either layer"),
    (lambda x, w1, b1, w2, b2: sigmoid(np.dot(sigmoid(np.dot(x, w1)), w2) + b2), "b_hidden"),
    (lambda x, w1, b1, w2, b2: sigmoid((sigmoid(x @ w1) + b1) @ w2) + b2, "after σ"),
    (lambda x, w1, b1, w2, b2: sigmoid(sigmoid(x @ (w1 + b1)) @ (w2 + b2)), "before the product"),
])
def test_ex3_2_learner_versions(fn, words, exercise_line):
    ex = ch03.FORWARD_PASS_BIAS
    got = exercise_line(ex, fn)
    assert got == passed_line(ex) if words is None else got.startswith(named_line(ex, words)), got


@pytest.mark.parametrize("fn, words", [
    (forward_pass_columns, None),
    (lambda x, W1, b1, W2, b2: forward_pass_columns(x, W1, b1, W2, b2).ravel(), "comes out 1-D"),
    (lambda x, W1, b1, W2, b2: sigmoid(W2 @ sigmoid(W1 @ x.T + b1) + b2), "1-D array"),
    (lambda x, W1, b1, W2, b2: forward_pass_bias(x, W1.T, b1.ravel(), W2.T, b2.ravel()),
     "comes out 1-D"),
    (lambda x, W1, b1, W2, b2: sigmoid(W2 @ (W1 @ x[:, None] + b1) + b2), "only on the output"),
])
def test_ex3_3_learner_versions(fn, words, exercise_line):
    ex = ch03.FORWARD_PASS_COLUMNS
    got = exercise_line(ex, fn)
    assert got == passed_line(ex) if words is None else got.startswith(named_line(ex, words)), got


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.integers(0, 10_000))
def test_both_orientations_give_the_same_numbers(n_in, n_hidden, n_out, seed):
    rng = np.random.default_rng(seed)
    x, w1, b1 = rng.normal(size=n_in), rng.normal(size=(n_in, n_hidden)), rng.normal(size=n_hidden)
    w2, b2 = rng.normal(size=(n_hidden, n_out)), rng.normal(size=n_out)
    row = ch03._forward_pass_bias(x, w1, b1, w2, b2)
    column = ch03._forward_pass_columns(x, w1.T, b1[:, None], w2.T, b2[:, None])
    assert row.shape == (n_out,) and column.shape == (n_out, 1)
    np.testing.assert_allclose(column.ravel(), row, rtol=1e-12)
    np.testing.assert_allclose(ch03._forward_pass_bias(x, w1, 0 * b1, w2, 0 * b2),
                               ch03._forward_pass(x, w1, w2), rtol=1e-12)


# ---------- ex3.4: the initial weights ----------

def test_ex3_4_learner_versions(exercise_line):
    ex = ch03.INIT_WEIGHTS

    def init_weights(n_in, n_out, seed):
        return np.random.default_rng(seed).normal(0, 1 / np.sqrt(n_in), size=(n_in, n_out))

    def standard(n_in, n_out, seed):
        return np.random.default_rng(seed).standard_normal((n_in, n_out))

    def variance(n_in, n_out, seed):
        return np.random.default_rng(seed).normal(0, 1 / n_in, (n_in, n_out))

    def transposed(n_in, n_out, seed):
        return np.random.default_rng(seed).normal(0, n_in ** -0.5, (n_out, n_in))

    assert exercise_line(ex, init_weights) == passed_line(ex)
    assert exercise_line(ex, standard).startswith(named_line(ex, "standard deviation 1,"))
    assert exercise_line(ex, variance).startswith(named_line(ex, "variance"))
    assert exercise_line(ex, transposed).startswith(named_line(ex, "one row per unit"))


def test_ex3_4_reference_has_the_right_spread():
    W = ch03._init_weights(400, 300, 0)
    assert W.shape == (400, 300)
    assert abs(W.std() - 400 ** -0.5) < 0.01 * 400 ** -0.5 * 5
    assert abs(W.mean()) < 0.002


def test_ex3_3_no_output_sigmoid_is_named(check_line):
    got = check_line(ch03.check_forward_pass_columns,
                     lambda x, W1, b1, W2, b2: W2 @ sigmoid(W1 @ x[:, None] + b1) + b2)
    assert got == (f"{verdict(FAIL, 'ex3.3', 'forward_pass_columns')} — the output layer has "
                   f"no sigmoid: ŷ is σ of the output units' inputs. On test input 1: expected "
                   f"[[0.7395], ..., [0.1313]], got [[1.043], ..., [-1.889]].")


def _global_generator(n_in, n_out, seed):
    np.random.seed(seed)  # noqa: NPY002 - the slip under test
    return np.random.randn(n_in, n_out) / np.sqrt(n_in)  # noqa: NPY002


def _seed_ignored(n_in, n_out, seed):
    return np.random.default_rng(12345).normal(0, n_in ** -0.5, size=(n_in, n_out))


def _one_draw_too_many(n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    rng.normal()
    return rng.normal(0, n_in ** -0.5, size=(n_in, n_out))


HEAD_34 = verdict(FAIL, "ex3.4", "init_weights")
DRAWS = ("wrong value (on test input 1 of 5). These are not the draws of one rng.normal call on "
         "np.random.default_rng(seed): is the seed used, and is nothing drawn before?")


@pytest.mark.parametrize(("wrong", "rest"), [
    (lambda n_in, n_out, seed: np.random.default_rng(seed).normal(0, (2 / n_in) ** 0.5,
                                                                  (n_in, n_out)),
     "the standard deviation is √(2/n_in), He's start for ReLU units, not the one this chapter "
     "recommends for sigmoid units."),
    (lambda n_in, n_out, seed: np.random.default_rng(seed).normal(
        0, (2 / (n_in + n_out)) ** 0.5, (n_in, n_out)),
     "the standard deviation is √(2/(n_in + n_out)), Glorot's start, not the one this chapter "
     "recommends."),
    (_global_generator, "your numbers are draws of NumPy's old global generator (np.random.seed "
                        "with randn or np.random.normal), not of np.random.default_rng(seed)."),
    (_seed_ignored, DRAWS),
    (_one_draw_too_many, DRAWS),
])
def test_ex3_4_more_mistakes_by_name(wrong, rest, check_line):
    assert check_line(ch03.check_init_weights, wrong) == f"{HEAD_34} — {rest}"
