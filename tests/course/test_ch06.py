"""Chapter 6's checks: the reference passes, every typical mistake gets its own line, a stub
is "not done", a learner's odd answers (second-call failure, ragged lists, no biases) give one
line, and the references are the gradients of the mean squared error at any depth."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import failed_prefix, named_line, passed_line

from course.checks import ch06
from helpers import net_nout_nin, numerical_gradient, sigmoid, sigmoid_prime
from helpers.net_nout_nin import mean_loss

EXERCISES = [ch06.INIT_WEIGHTS, ch06.FORWARD, ch06.LAYER_GRADIENTS, ch06.BACKWARD]
CHECKS = {"ex6.1": ch06.check_init_weights, "ex6.2": ch06.check_forward,
          "ex6.3": ch06.check_layer_gradients, "ex6.4": ch06.check_backward}


# ---------- written the way learners write them ----------

def init_weights(sizes, rng):
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in pairs]
    return weights, [rng.standard_normal(n) for n in sizes[1:]]


def forward(X, weights, biases):
    a, zs, acts = X, [], [X]
    for W, b in zip(weights, biases, strict=True):
        z = a @ W.T + b
        a = sigmoid(z)
        zs.append(z)
        acts.append(a)
    return zs, acts


def layer_gradients(delta, a_prev):
    return delta.T @ a_prev, delta.sum(axis=0)


def backward(X, y, weights, biases):
    zs, acts = forward(X, weights, biases)
    delta = (acts[-1] - y) / len(X) * sigmoid_prime(zs[-1])
    nabla_W, nabla_b = [None] * len(weights), [None] * len(biases)
    for i in reversed(range(len(weights))):
        nabla_W[i], nabla_b[i] = layer_gradients(delta, acts[i])
        if i:
            delta = (delta @ weights[i]) * sigmoid_prime(zs[i - 1])
    return nabla_W, nabla_b


LEARNERS = {"ex6.1": init_weights, "ex6.2": forward, "ex6.3": layer_gradients,
            "ex6.4": backward}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.ex_id)
def test_the_reference_and_a_learners_version_pass(exercise, check_line):
    assert check_line(CHECKS[exercise.ex_id], LEARNERS[exercise.ex_id]) == passed_line(exercise)
    if exercise.ex_id != "ex6.1":  # ex6.1's reference takes a seed; the learner's an rng
        assert check_line(CHECKS[exercise.ex_id], exercise.reference) == passed_line(exercise)


def test_the_references_are_the_networks_of_helpers_net_nout_nin():
    for sizes, seed in ch06.INIT_WEIGHTS.cases:
        want = net_nout_nin.init_params(list(sizes), np.random.default_rng(seed))
        for got, expected in zip(ch06._init_weights(sizes, seed), want, strict=True):
            assert [a.tolist() for a in got] == [a.tolist() for a in expected]
    for X, y, weights, biases in ch06._NET_CASES:
        for got, want in ((ch06._forward(X, weights, biases),
                           net_nout_nin.forward(weights, biases, X)),
                          (ch06._backward(X, y, weights, biases),
                           net_nout_nin.backward(weights, biases, X, y, "mse"))):
            for part, expected in zip(got, want, strict=True):
                assert len(part) == len(expected)
                for a, b in zip(part, expected, strict=True):
                    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def _as_learner(exercise, fn):
    """A mistake function in the learner's form (lists; ex6.1 takes an rng)."""
    if exercise.ex_id == "ex6.1":
        def learner(sizes, rng):
            seed_rng = np.random.default_rng(_SEEDS[tuple(sizes)])
            assert rng.bit_generator.state == seed_rng.bit_generator.state
            weights, biases = fn(sizes, _SEEDS[tuple(sizes)])
            return list(weights), list(biases)
        return learner
    return fn


_SEEDS = {tuple(sizes): seed for sizes, seed in ch06.INIT_WEIGHTS.cases}


# ---------- ex6.1: the answers issue 15 found without a line ----------

def test_ex6_1_a_function_that_fails_only_on_its_second_call_gives_one_line(check_line):
    calls = []

    def second_call_fails(sizes, rng):
        calls.append(sizes)
        if len(calls) > 1:
            raise RuntimeError("only once")
        return init_weights(sizes, rng)

    got = check_line(ch06.check_init_weights, second_call_fails)
    assert got.startswith(failed_prefix(ch06.INIT_WEIGHTS) + "your code raised RuntimeError: only "
                          "once"), got


def test_ex6_1_ragged_nested_lists_give_one_line(check_line):
    got = check_line(ch06.check_init_weights, lambda sizes, rng: ([[0.3, 0.4], [0.1]],
                                                                  [[1, 1], [1]]))
    assert got == failed_prefix(ch06.INIT_WEIGHTS) + ("weights: result 1: expected a NumPy array, "
                                               "got a list.")


@pytest.mark.parametrize("fn, end", [
    (lambda s, r: init_weights(s, r)[0], "Return a pair (weights, biases): are the biases "
                                         "missing?"),
    (lambda s, r: (init_weights(s, r)[0], [r.standard_normal(n) for n in s]),
     "Inputs have no biases: one bias vector per layer after the inputs."),
    (lambda s, r: init_weights(s, np.random.default_rng()),
     "draw all from the rng given, with rng.standard_normal, weights first."),
    (lambda s, r: ([np.zeros((o, i)) for i, o in zip(s[:-1], s[1:], strict=True)],
                   init_weights(s, r)[1]),
     "Every weight is the same number, so the neurons of a layer stay identical."),
])
def test_ex6_1_structure_hints(fn, end, check_line):
    got = check_line(ch06.check_init_weights, fn)
    assert got.startswith(failed_prefix(ch06.INIT_WEIGHTS)) and got.endswith(end), got


def test_ex6_1_the_first_attempts_weights_are_shown_as_a_wrong_shape(check_line):
    got = check_line(ch06.check_init_weights, lambda s, r: (
        [np.array([0.3, 0.4]), np.array([0.1])], [np.ones(2), np.ones(1)]))
    assert got == failed_prefix(ch06.INIT_WEIGHTS) + ("weights: result 1: wrong shape: expected "
                                               "(2, 2), got (2,) (on sizes=[2, 2, 1], seed=0).")


def test_ex6_1_not_a_function(check_line):
    got = check_line(ch06.check_init_weights, init_weights([2, 1], np.random.default_rng(0)))
    assert got == failed_prefix(ch06.INIT_WEIGHTS) + ("expected a function, got a tuple. Pass the "
                                               "function itself, without calling it.")


# ---------- ex6.4: depths and finite differences ----------

def test_ex6_4_cases_cover_several_depths_including_2_2_1_and_2_3_3_1():
    sizes = [[W.shape[1] for W in weights] + [weights[-1].shape[0]]
             for _, _, weights, _ in ch06.BACKWARD.cases]
    assert [2, 2, 1] in sizes and [2, 3, 3, 1] in sizes and len({len(s) for s in sizes}) >= 3


@pytest.mark.parametrize("case", range(len(ch06.BACKWARD.cases)))
def test_ex6_4_reference_matches_finite_differences(case):
    X, y, weights, biases = ch06.BACKWARD.cases[case]
    nabla_W, nabla_b = ch06.BACKWARD.reference(X, y, weights, biases)
    for k in range(len(weights)):
        num_W = numerical_gradient(
            lambda W, k=k: mean_loss([*weights[:k], W, *weights[k + 1:]], biases, X, y),
            weights[k])
        num_b = numerical_gradient(
            lambda b, k=k: mean_loss(weights, [*biases[:k], b, *biases[k + 1:]], X, y),
            biases[k])
        np.testing.assert_allclose(nabla_W[k], num_W, rtol=1e-6, atol=1e-10)
        np.testing.assert_allclose(nabla_b[k], num_b, rtol=1e-6, atol=1e-10)


def test_ex6_4_sigma_for_sigma_prime_is_named_erratum_4(check_line):
    def with_sigma(X, y, weights, biases):
        zs, acts = forward(X, weights, biases)
        delta = (acts[-1] - y) / len(X) * sigmoid_prime(zs[-1])
        nabla_W, nabla_b = [None] * len(weights), [None] * len(biases)
        for i in reversed(range(len(weights))):
            nabla_W[i], nabla_b[i] = layer_gradients(delta, acts[i])
            if i:
                delta = (delta @ weights[i]) * sigmoid(zs[i - 1])
        return nabla_W, nabla_b

    assert check_line(ch06.check_backward, with_sigma).startswith(
        named_line(ch06.BACKWARD, "σ(z) where the slope"))


# ---------- QA: slips a student makes (exact lines) ----------

def test_qa_ex6_1_changing_sizes_in_place_is_named(check_line):
    def init_weights(sizes, rng):
        pairs = zip(sizes[:-1], sizes[1:], strict=True)
        weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in pairs]
        biases = [rng.standard_normal(n) for n in sizes[1:]]
        sizes.pop()  # a slip: the caller's list loses its last entry
        return weights, biases

    assert check_line(ch06.check_init_weights, init_weights) == (
        "❌ not yet: ex6.1 init_weights — your function changed its argument `sizes` in place "
        "(on sizes=[2, 2, 1], seed=0); later cells reuse it, so leave the arguments as they "
        "came.")


def test_qa_ex6_1_and_ex6_3_a_pair_in_the_wrong_order_is_named(check_line):
    def init_weights(sizes, rng):
        pairs = zip(sizes[:-1], sizes[1:], strict=True)
        weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in pairs]
        return [rng.standard_normal(n) for n in sizes[1:]], weights

    assert check_line(ch06.check_init_weights, init_weights) == (
        "❌ not yet: ex6.1 init_weights — the pair comes back in the wrong order: the result is "
        "(weights, biases).")
    assert check_line(ch06.check_layer_gradients,
                      lambda delta, a_prev: (delta.sum(axis=0), delta.T @ a_prev)) == (
                          "❌ not yet: ex6.3 layer_gradients — the pair comes back in the wrong "
                          "order: the result is (nabla_W, nabla_b).")


def test_qa_ex6_3_only_nabla_w_divided_by_m_is_named(check_line):
    def layer_gradients(delta, a_prev):
        return delta.T @ a_prev / len(delta), delta.sum(axis=0)

    assert check_line(ch06.check_layer_gradients, layer_gradients) == (
        "❌ not yet: ex6.3 layer_gradients — your nabla_W is divided by m, but delta already "
        "carries the 1/m of the mean cost.")


def test_qa_ex6_2_a_pair_in_the_wrong_order_is_named(check_line):
    def forward(X, weights, biases):
        zs, activations = [], [X]
        for W, b in zip(weights, biases, strict=True):
            zs.append(activations[-1] @ W.T + b)
            activations.append(sigmoid(zs[-1]))
        return activations, zs

    assert check_line(ch06.check_forward, forward) == (
        "❌ not yet: ex6.2 forward — the pair comes back in the wrong order: the result is (zs, "
        "activations).")


def _backward_last_first(X, y, weights, biases):
    zs, acts = ch06._forward(X, weights, biases)
    delta = (acts[-1] - y) / len(X) * sigmoid_prime(zs[-1])
    nabla_W, nabla_b = [], []
    for i in range(len(weights) - 1, -1, -1):
        nabla_W.append(delta.T @ acts[i])  # appended from the top: the last layer comes first
        nabla_b.append(delta.sum(axis=0))
        if i:
            delta = (delta @ weights[i]) * sigmoid_prime(zs[i - 1])
    return nabla_W, nabla_b


def test_qa_ex6_4_gradients_last_layer_first_or_pair_swapped_are_named(check_line):
    assert check_line(ch06.check_backward, _backward_last_first) == (
        "❌ not yet: ex6.4 backward — the gradients come back last layer first; nabla_W[0] "
        "belongs to weights[0], W^1.")
    assert check_line(ch06.check_backward, lambda X, y, weights, biases: ch06._backward(
        X, y, weights, biases)[::-1]) == (
            "❌ not yet: ex6.4 backward — the pair comes back in the wrong order: the result is "
            "(nabla_W, nabla_b).")


def test_qa_ex6_1_a_hint_keeps_the_line_within_two_projector_lines(check_line):
    def uniform(sizes, rng):  # the right shapes from rng.random: the hint comes with the line
        pairs = zip(sizes[:-1], sizes[1:], strict=True)
        return ([rng.random((n_out, n_in)) for n_in, n_out in pairs],
                [rng.random(n) for n in sizes[1:]])

    assert check_line(ch06.check_init_weights, uniform) == (
        "❌ not yet: ex6.1 init_weights — weights: result 1: wrong value (on test input 1 of 4). "
        "Right shapes, other numbers: draw all from the rng given, with rng.standard_normal, "
        "weights first.")
