"""Chapter 7's checks: the reference passes, every typical mistake and tempting wrong answer
gets its own line, a stub is "not done", and the references are the gradients of the mean
binary cross-entropy (finite differences)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import failed_prefix, passed_line

from course.checking import PASS
from course.checks import ch07
from course.marks import verdict
from helpers import binary_cross_entropy, numerical_gradient, sigmoid_prime
from helpers.net_nout_nin import forward

# ---------- the quizzes ----------

@pytest.mark.parametrize("quiz, check, right", [
    (ch07.ITERATION_ORDER, ch07.check_iteration_order, [1, 4, 5, 2, 3]),
    (ch07.CROSS_ENTROPY, ch07.check_cross_entropy, 0.223),
])
def test_a_quiz_passes_the_answer_the_chapter_works_out(quiz, check, right, check_line):
    # every quiz's stored answer, wrong answers and blank: tests/course/test_exercises.py
    assert check_line(check, right) == f"{verdict(PASS, quiz.ex_id, quiz.title)}."


def test_ex7_2_the_source_slip_23_is_explained_as_minus_ln_01(check_line):
    assert check_line(ch07.check_cross_entropy, 2.3) == (
        failed_prefix(ch07.CROSS_ENTROPY) + "that is −ln 0.1 = 2.303, the loss if the true class "
        "had "
        "been given p = 0.1; here it got 0.8.")
    assert check_line(ch07.check_cross_entropy, -np.log(0.8)) == (
        f"{verdict(PASS, 'ex7.2', 'cross_entropy')}.")


# ---------- written the way learners write them ----------

def backward(X, y, W1, b1, W2, b2, W3, b3):
    (z1, z2, _), (a0, a1, a2, p) = forward([W1, W2, W3], [b1, b2, b3], X)
    dz3 = (p - y) / len(X)
    dz2 = (dz3 @ W3) * sigmoid_prime(z2)
    dz1 = (dz2 @ W2) * sigmoid_prime(z1)
    return (dz1.T @ a0, dz1.sum(0), dz2.T @ a1, dz2.sum(0), dz3.T @ a2, dz3.sum(0))


def test_ex7_4_a_learners_version_passes_and_in_place_changes_are_named(check_line):
    assert check_line(ch07.check_backward, backward) == passed_line(ch07.BACKWARD)

    def scaled_in_place(X, y, W1, b1, W2, b2, W3, b3):
        W3 *= 1.0 + 1e-9  # "harmless" in-place change
        return backward(X, y, W1, b1, W2, b2, W3, b3)

    got = check_line(ch07.check_backward, scaled_in_place)
    assert got.startswith(failed_prefix(ch07.BACKWARD) + "your function changed its argument `W3` "
                          "in place"), got


def test_ex7_4_reference_matches_finite_differences():
    X, y, *params = ch07.BACKWARD.cases[0]
    grads = ch07.BACKWARD.reference(X, y, *params)
    for i in range(6):
        def loss(v, i=i):
            p = [*params[:i], v, *params[i + 1:]]
            return binary_cross_entropy(y, forward(p[0::2], p[1::2], X)[1][-1])
        np.testing.assert_allclose(grads[i], numerical_gradient(loss, params[i]), rtol=1e-6,
                                   atol=1e-9)


def test_ex7_3_reference_is_the_slope_of_the_mean_cross_entropy_in_z():
    p, y = ch07.OUTPUT_DELTA.cases[0]
    z = np.log(p / (1 - p))
    numeric = numerical_gradient(lambda v: binary_cross_entropy(y, 1 / (1 + np.exp(-v))), z)
    np.testing.assert_allclose(ch07.OUTPUT_DELTA.reference(p, y), numeric, rtol=1e-6)


# ---------- QA: slips a student makes (exact lines) ----------

def test_qa_ex7_1_counting_from_zero_and_gradient_before_average(check_line):
    assert check_line(ch07.check_iteration_order, [0, 3, 4, 1, 2]) == (
        "❌ not yet: ex7.1 iteration_order — the steps are numbered from 1, as in the list "
        "above, not from 0.")
    assert check_line(ch07.check_iteration_order, [1, 4, 2, 5, 3]) == (
        "❌ not yet: ex7.1 iteration_order — the gradient here is the gradient of the average "
        "loss, so the m losses are averaged before it.")
    assert check_line(ch07.check_iteration_order, np.array([1, 4, 5, 2, 3])) == (
        "✅ correct: ex7.1 iteration_order.")
    assert check_line(ch07.check_iteration_order, "1, 4, 5, 2, 3") == (
        "❌ not yet: ex7.1 iteration_order — expected a list of 5 numbers, got a str ('1, 4, 5, "
        "2, 3').")


def test_qa_ex7_2_near_misses_and_other_logarithms(check_line):
    # "at least three decimals": anything within rtol 2e-3 of -ln 0.8 = 0.22314 passes
    # (0.223, 0.2232), the neighbours of the third decimal are named, 0.2 and 0.22 too few
    assert check_line(ch07.check_cross_entropy, 0.2232) == (
        "✅ correct: ex7.2 cross_entropy.")
    assert check_line(ch07.check_cross_entropy, 0.224) == (
        "❌ not yet: ex7.2 cross_entropy — close, but the third decimal is off: check the "
        "rounding.")
    assert check_line(ch07.check_cross_entropy, 0.2) == (
        "❌ not yet: ex7.2 cross_entropy — too few decimals, or 1 − 0.8, which is no logarithm "
        "at all: give the cross-entropy to at least three decimals.")
    assert check_line(ch07.check_cross_entropy, 0.0744) == (
        "❌ not yet: ex7.2 cross_entropy — you divide by the number of classes; the "
        "cross-entropy of one record is a sum over the classes, not a mean.")
    assert check_line(ch07.check_cross_entropy, 0.322) == (
        "❌ not yet: ex7.2 cross_entropy — that is a base-2 logarithm; cross-entropy uses the "
        "natural logarithm, ln.")
    assert check_line(ch07.check_cross_entropy, "0.223") == (
        "❌ not yet: ex7.2 cross_entropy — expected a number, got a str ('0.223'): write the "
        "number without quotes.")


def _backward_prime_of_a(X, y, W1, b1, W2, b2, W3, b3):
    (z1, z2, _), (a0, a1, a2, p) = forward([W1, W2, W3], [b1, b2, b3], X)
    dz3 = (p - y) / len(X)
    dz2 = (dz3 @ W3) * sigmoid_prime(a2)  # the slip: the slope of an activation
    dz1 = (dz2 @ W2) * sigmoid_prime(a1)
    return (dz1.T @ a0, dz1.sum(axis=0), dz2.T @ a1, dz2.sum(axis=0), dz3.T @ a2,
            dz3.sum(axis=0))


def test_qa_ex7_4_sigmoid_prime_of_a_and_layer_3_first_are_named(check_line):
    assert check_line(ch07.check_backward, _backward_prime_of_a) == (
        "❌ not yet: ex7.4 backward — sigmoid_prime is applied to an activation a^[l], a value "
        "already through σ; sigmoid_prime expects Z^[l].")

    def layer_3_first(*args):
        dW1, db1, dW2, db2, dW3, db3 = ch07._backward(*args)
        return dW3, db3, dW2, db2, dW1, db1

    assert check_line(ch07.check_backward, layer_3_first) == (
        "❌ not yet: ex7.4 backward — the gradients come back layer 3 first; the tuple starts "
        "with dW1 and db1.")

