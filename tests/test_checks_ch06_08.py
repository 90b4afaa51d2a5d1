"""The checks of chapters 6-8 accept a right answer and name typical wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

from course.checking import FAIL, PASS, TODO
from course.checks.ch06 import check_init_weights


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
