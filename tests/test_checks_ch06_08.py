"""The checks of chapters 6-8 accept a right answer and name typical wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

from course.checking import FAIL, PASS, TODO
from course.checks.ch06 import check_init_weights
from course.checks.ch07 import check_backward
from helpers import sigmoid, sigmoid_prime
from helpers.small_nets import forward


def run(check, fn, capsys) -> str:
    check(fn)
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out  # exactly one line
    return out


def stub(*args):
    raise NotImplementedError("exercise is not done yet")


# ---------- chapter 6: init_weights ----------

def init_weights(sizes, rng):
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in pairs]
    return weights, [rng.standard_normal(n) for n in sizes[1:]]


def init_transposed(sizes, rng):
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    weights = [rng.standard_normal((n_in, n_out)) for n_in, n_out in pairs]
    return weights, [rng.standard_normal(n) for n in sizes[1:]]


def init_column_biases(sizes, rng):
    weights, biases = init_weights(sizes, rng)
    return weights, [b.reshape(-1, 1) for b in biases]


def init_no_biases(sizes, rng):
    return init_weights(sizes, rng)[0]


def init_input_biases(sizes, rng):
    weights, _ = init_weights(sizes, rng)
    return weights, [rng.standard_normal(n) for n in sizes]


def init_biases_first(sizes, rng):
    biases = [rng.standard_normal(n) for n in sizes[1:]]
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in pairs]
    return weights, biases


def init_bias_per_weight(sizes, rng):
    weights, _ = init_weights(sizes, rng)
    return weights, [np.zeros_like(W) for W in weights]


def init_global_rng(sizes, rng):
    return init_weights(sizes, np.random.default_rng())


def init_zeros(sizes, rng):
    weights, biases = init_weights(sizes, rng)
    return [np.zeros_like(W) for W in weights], biases


def init_learners_weights(sizes, rng):  # the learner's [[0.3, 0.4], [0.1]]
    return [np.array([0.3, 0.4]), np.array([0.1])], [np.ones(2), np.ones(1)]


def test_ch06_accepts_reference(capsys):
    assert run(check_init_weights, init_weights, capsys).startswith(PASS)


@pytest.mark.parametrize("fn, words", [
    (init_transposed, "transposed"),
    (init_column_biases, "columns of shape (n, 1)"),
    (init_no_biases, "Are the biases missing?"),
    (init_input_biases, "Inputs have no biases"),
    (init_biases_first, "draw the biases before the weights"),
    (init_bias_per_weight, "one bias per neuron"),
    (init_global_rng, "same seed gave different numbers"),
    (init_zeros, "every weight is the same number"),
    (init_learners_weights, "weights[0]: wrong shape: expected (2, 2), got (2,)"),
])
def test_ch06_names_mistakes(fn, words, capsys):
    out = run(check_init_weights, fn, capsys)
    assert out.startswith(FAIL) and words in out, out


def test_ch06_not_done_and_not_a_function(capsys):
    assert run(check_init_weights, stub, capsys).startswith(TODO)
    out = run(check_init_weights, init_weights([2, 1], np.random.default_rng(0)), capsys)
    assert out.startswith(FAIL) and "expected a function" in out


def test_ch06_reports_what_the_code_raised(capsys):
    def broken(sizes, rng):
        return [rng.standard_normal((n, n)) for n in sizes[2]]
    out = run(check_init_weights, broken, capsys)
    assert out.startswith(FAIL) and "TypeError" in out, out


# ---------- chapter 7: the backward pass ----------

def backward(X, y, W1, b1, W2, b2, W3, b3):
    (z1, z2, _), (h0, h1, h2, p) = forward([W1, W2, W3], [b1, b2, b3], X)
    m = len(X)
    dz3 = (p - y) / m
    dz2 = (dz3 @ W3) * sigmoid_prime(z2)
    dz1 = (dz2 @ W2) * sigmoid_prime(z1)
    return (dz1.T @ h0, dz1.sum(0), dz2.T @ h1, dz2.sum(0), dz3.T @ h2, dz3.sum(0))


def make_backward(slope=sigmoid_prime, transpose=False, per_record=True, bias="sum",
                  mse_output=False, sign=1.0):
    def wrong(X, y, W1, b1, W2, b2, W3, b3):
        (z1, z2, z3), (h0, h1, h2, p) = forward([W1, W2, W3], [b1, b2, b3], X)
        m = len(X) if per_record else 1
        dz3 = sign * (p - y) / m
        if mse_output:
            dz3 = dz3 * p * (1 - p)
        dz2 = (dz3 @ W3) * slope(z2)
        dz1 = (dz2 @ W2) * slope(z1)

        def pair(dz, h):
            dW = h.T @ dz if transpose else dz.T @ h
            db = {"sum": dz.sum(0), "none": dz, "keepdims": dz.sum(0, keepdims=True)}[bias]
            return dW, db
        return (*pair(dz1, h0), *pair(dz2, h1), *pair(dz3, h2))
    return wrong


def test_ch07_accepts_reference(capsys):
    assert run(check_backward, backward, capsys).startswith(PASS)


@pytest.mark.parametrize("fn, words", [
    (make_backward(slope=sigmoid), "σ(z) where the slope σ'(z)"),
    (make_backward(transpose=True), "weight gradients are transposed"),
    (make_backward(per_record=False), "m times too large"),
    (make_backward(bias="none"), "one row per record"),
    (make_backward(bias="keepdims"), "rows of shape (1, n)"),
    (make_backward(mse_output=True), "p(1 − p) at the output"),
    (make_backward(sign=-1.0), "dW1: wrong sign"),
])
def test_ch07_names_mistakes(fn, words, capsys):
    out = run(check_backward, fn, capsys)
    assert out.startswith(FAIL) and words in out, out


def test_ch07_not_done(capsys):
    assert run(check_backward, stub, capsys).startswith(TODO)


def test_ch07_reference_matches_finite_differences():
    from helpers import binary_cross_entropy, numerical_gradient
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((6, 2)), rng.integers(0, 2, (6, 1)).astype(float)
    params = [rng.standard_normal(s) for s in [(3, 2), (3,), (3, 3), (3,), (1, 3), (1,)]]
    grads = backward(X, y, *params)
    for i in range(6):
        def loss(v, i=i):
            p = [*params[:i], v, *params[i + 1:]]
            out = forward(p[0::2], p[1::2], X)[1][-1]
            return binary_cross_entropy(y, out)
        numeric = numerical_gradient(loss, params[i])
        np.testing.assert_allclose(grads[i], numeric, rtol=1e-6, atol=1e-9)
