"""Chapter 8's checks: the reference passes, every typical mistake gets its own line, a stub
is "not done", and learners' own versions (more exact, in place, rounded) get the right line."""

from __future__ import annotations

import numpy as np
from conftest import failed_prefix, passed_line, todo_prefix

from course.checks import ch08

# ---------- ex8.1 ----------

def test_ex8_1_the_reference_predicts_the_measured_errors_within_one_percent():
    for (f, prime, x, eps), case in zip(ch08.TAYLOR, ch08.TRUNCATION_ERRORS.cases, strict=True):
        measured = ((f(x + eps) - f(x)) / eps - prime(x),
                    (f(x + eps) - f(x - eps)) / (2 * eps) - prime(x))
        np.testing.assert_allclose(ch08.TRUNCATION_ERRORS.reference(*case), measured, rtol=1e-2)


def test_ex8_1_the_reference_stub_and_every_mistake_get_their_line(check_line):
    ex = ch08.TRUNCATION_ERRORS
    assert check_line(ch08.check_truncation_errors, ex.reference) == passed_line(ex)

    def stub(d2, d3, eps):
        raise NotImplementedError("ex8.1 is not done yet")

    assert check_line(ch08.check_truncation_errors, stub) == (
        todo_prefix(ex) + "replace the NotImplementedError line in its cell with your code, run "
        "that cell, then run this one again.")
    for mistake in ex.mistakes:
        assert check_line(ch08.check_truncation_errors, mistake.fn).startswith(
            failed_prefix(ex) + mistake.message), mistake.id


def test_ex8_1_one_more_correct_term_passes_and_no_half_is_named_exactly(check_line):
    def with_next_term(d2, d3, eps):
        return eps * d2 / 2 + eps ** 2 * d3 / 6, eps ** 2 * d3 / 6

    assert check_line(ch08.check_truncation_errors, with_next_term) == passed_line(
        ch08.TRUNCATION_ERRORS)
    got = check_line(ch08.check_truncation_errors, lambda d2, d3, eps: (eps * d2, eps ** 2 * d3 / 6))
    assert got.startswith("❌ not yet: ex8.1 truncation_errors — your forward error misses the 1/2 "
                          "of Taylor's ε²/2 f'' term, divided by ε."), got


# ---------- ex8.2 ----------

def test_ex8_2_zero_over_zero_names_the_input(check_line):
    got = check_line(ch08.check_rel_error,
                     lambda a, n: np.abs(a - n) / np.maximum(np.abs(a), np.abs(n)))
    assert got.startswith(failed_prefix(ch08.REL_ERROR)) and "NaN" in got and "a=0, n=0" in got, got
    got = check_line(ch08.check_rel_error, lambda a, n: abs(a - n) / max(abs(a), abs(n)))
    assert got.startswith(failed_prefix(ch08.REL_ERROR)) and "ZeroDivisionError" in got, got


# ---------- ex8.3 ----------

def rel_error(a, n):
    scale = max(abs(a), abs(n))
    return 0.0 if scale == 0 else abs(a - n) / scale


def layer_errors(loss, weights, biases, nabla_w, nabla_b, eps):
    # the way the notebook's heading asks: copies, nudged one entry at a time
    def largest(params, grads, which):
        out = []
        for k, (P, G) in enumerate(zip(params, grads, strict=True)):
            worst = 0.0
            for index in np.ndindex(P.shape):
                trial = [p.copy() for p in params]
                trial[k][index] += eps
                up = loss(trial, biases) if which == "W" else loss(weights, trial)
                trial[k][index] -= 2 * eps
                down = loss(trial, biases) if which == "W" else loss(weights, trial)
                worst = max(worst, rel_error(G[index], (up - down) / (2 * eps)))
            out.append(worst)
        return out
    return largest(weights, nabla_w, "W"), largest(biases, nabla_b, "b")


def test_ex8_3_a_learners_loop_over_copies_passes(check_line):
    assert check_line(ch08.check_layer_errors, layer_errors) == passed_line(ch08.LAYER_ERRORS)


def test_ex8_3_nudging_the_arguments_in_place_is_named(check_line):
    def in_place(loss, weights, biases, nabla_w, nabla_b, eps):
        errors = ([], [])
        for params, grads, out in ((weights, nabla_w, errors[0]), (biases, nabla_b, errors[1])):
            for P, G in zip(params, grads, strict=True):
                worst = 0.0
                for index in np.ndindex(P.shape):
                    P[index] += eps
                    up = loss(weights, biases)
                    P[index] -= 2 * eps
                    down = loss(weights, biases)
                    P[index] += eps  # not exactly the old value in floating point
                    worst = max(worst, rel_error(G[index], (up - down) / (2 * eps)))
                out.append(worst)
        return errors

    got = check_line(ch08.check_layer_errors, in_place)
    assert got.startswith(failed_prefix(ch08.LAYER_ERRORS) + "your function changed its argument "
                          "`weights` in place"), got


def test_ex8_3_the_reference_points_at_the_layer_of_a_planted_bug():
    loss, weights, biases, nabla_w, nabla_b, eps = ch08.LAYER_ERRORS.cases[1]  # σ for σ'
    errors_W, errors_b = ch08.LAYER_ERRORS.reference(loss, weights, biases, nabla_w, nabla_b,
                                                     eps)
    assert errors_W[2] < 1e-7 and errors_b[2] < 1e-7  # the output layer is right
    assert min(errors_W[:2] + errors_b[:2]) > 1e-2  # every layer below the bug is off


# ---------- QA: slips a student makes (exact lines) ----------

def test_qa_ex8_2_a_padded_denominator_or_no_division_is_named(check_line):
    assert check_line(ch08.check_rel_error, lambda a, n: abs(a - n) / (
        max(abs(a), abs(n)) + 1e-12)) == (
            "❌ not yet: ex8.2 rel_error — a small number is added to the denominator: for "
            "slopes as small as 1e-9 it changes the result; the case where both are 0 needs its "
            "own answer.")
    assert check_line(ch08.check_rel_error, lambda a, n: abs(a - n) / max(
        1e-8, abs(a), abs(n))) == (
            "❌ not yet: ex8.2 rel_error — the denominator has a floor (such as 1e-8): for "
            "slopes smaller than it the result is too small; the case where both are 0 needs "
            "its own answer.")
    assert check_line(ch08.check_rel_error, lambda a, n: abs(a - n)) == (
        "❌ not yet: ex8.2 rel_error — this is the absolute difference |a − n|; the relative "
        "error divides it by the size of the larger number. On a=-0.0021, n=-0.002: expected "
        "0.047619, got 0.0001.")


def test_qa_ex8_3_absolute_errors_and_the_pair_swapped_are_named(check_line):
    def absolute(loss, weights, biases, nabla_w, nabla_b, eps):
        def worst(params, grads, nudge_weights):
            out = []
            for k, grad in enumerate(grads):
                biggest = 0.0
                for index in np.ndindex(params[k].shape):
                    slopes = []
                    for step in (eps, -eps):
                        trial = [p.copy() for p in params]
                        trial[k][index] += step
                        slopes.append(loss(trial, biases) if nudge_weights
                                      else loss(weights, trial))
                    biggest = max(biggest, abs(grad[index] - (slopes[0] - slopes[1]) / (2 * eps)))
                out.append(biggest)
            return out
        return worst(weights, nabla_w, True), worst(biases, nabla_b, False)

    assert check_line(ch08.check_layer_errors, absolute) == (
        "❌ not yet: ex8.3 layer_errors — you take the largest absolute difference |a − n|; the "
        "check compares relative errors, the difference divided by the larger size.")
    assert check_line(ch08.check_layer_errors,
                      lambda *args: ch08._layer_errors(*args)[::-1]) == (
                          "❌ not yet: ex8.3 layer_errors — the pair comes back in the wrong "
                          "order: the result is (errors_W, errors_b).")

