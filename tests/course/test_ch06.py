"""Chapter 6's checks: the reference passes, every typical mistake gets its own line, a stub
is "not done", a learner's odd answers (second-call failure, ragged lists, no biases) give one
line, and the references are the gradients of the mean squared error at any depth."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import failed_prefix, named_line, passed_line, todo_prefix

from course.checks import ch06, ch06_network
from helpers import net_nout_nin, numerical_gradient, sigmoid, sigmoid_prime
from helpers.net_nout_nin import mean_loss

EXERCISES = [ch06.INIT_WEIGHTS, ch06.OUTPUT_GRADIENTS, ch06.FORWARD, ch06.BACKWARD]
CHECKS = {"ex6.1": ch06.check_init_weights, "ex6.2": ch06.check_output_gradients,
          "ex6.3": ch06.check_forward, "ex6.4": ch06.check_backward}


# ---------- written the way learners write them ----------

def init_weights(sizes, rng):
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in pairs]
    return weights, [rng.standard_normal(n) for n in sizes[1:]]


def forward(X, weights, biases, activation=sigmoid, output=sigmoid):
    a, zs, acts = X, [], [X]
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        z = a @ W.T + b
        a = output(z) if i == len(weights) - 1 else activation(z)
        zs.append(z)
        acts.append(a)
    return zs, acts


def output_gradients(a_prev, y, W, b):
    a = sigmoid(W @ a_prev + b)
    delta = (a - y) * a * (1 - a)
    return delta[:, None] * a_prev[None, :], delta


def layer_gradients(delta, a_prev):
    return delta.T @ a_prev, delta.sum(axis=0)


def mse_delta(Z, A, Y):
    return (A - Y) * sigmoid_prime(Z) / len(Y)


def backward(X, y, weights, biases, activation=sigmoid, slope=sigmoid_prime, output=sigmoid,
             output_delta=mse_delta):
    zs, acts = forward(X, weights, biases, activation=activation, output=output)
    delta = output_delta(zs[-1], acts[-1], y)
    nabla_w, nabla_b = [None] * len(weights), [None] * len(biases)
    for i in reversed(range(len(weights))):
        nabla_w[i], nabla_b[i] = layer_gradients(delta, acts[i])
        if i:
            delta = (delta @ weights[i]) * slope(zs[i - 1])
    return nabla_w, nabla_b


LEARNERS = {"ex6.1": init_weights, "ex6.2": output_gradients, "ex6.3": forward,
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
    for X, y, weights, biases in (case for case in ch06._NET_CASES if len(case) == 4):
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
    assert got == failed_prefix(ch06.INIT_WEIGHTS) + (
        "the 1st result (weights), its 1st entry: expected a NumPy array, got a list.")


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
    assert got == failed_prefix(ch06.INIT_WEIGHTS) + (
        "the 1st result (weights), its 1st entry: wrong shape: expected (2, 2), got (2,) "
        "(on sizes=[2, 2, 1], seed=0).")


def test_ex6_1_not_a_function(check_line):
    got = check_line(ch06.check_init_weights, init_weights([2, 1], np.random.default_rng(0)))
    assert got == failed_prefix(ch06.INIT_WEIGHTS) + ("expected a function, got a tuple. Pass the "
                                               "function itself, without calling it.")


# ---------- ex6.2: the derivation, against finite differences ----------

@pytest.mark.parametrize("case", ch06.OUTPUT_GRADIENTS.cases)
def test_ex6_2_reference_is_the_finite_difference_of_the_cost_of_one_record(case):
    a_prev, y, W, b = case

    def cost(W, b):
        return 0.5 * np.sum((sigmoid(W @ a_prev + b) - y) ** 2)

    nabla_w, nabla_b = ch06._output_gradients(a_prev, y, W, b)
    np.testing.assert_allclose(nabla_w, numerical_gradient(lambda v: cost(v, b), W),
                               rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(nabla_b, numerical_gradient(lambda v: cost(W, v), b),
                               rtol=1e-6, atol=1e-10)


@pytest.mark.parametrize("mistake", ch06.OUTPUT_GRADIENTS.mistakes, ids=lambda m: m.id)
def test_ex6_2_every_mistake_gets_its_own_line(mistake, check_line):
    got = check_line(ch06.check_output_gradients, mistake.fn)
    assert got.startswith(failed_prefix(ch06.OUTPUT_GRADIENTS) + mistake.message), got


def test_ex6_2_a_stub_is_not_done(check_line):
    def output_gradients(a_prev, y, W, b):
        raise NotImplementedError("ex6.2 is not done yet")

    assert check_line(ch06.check_output_gradients, output_gradients) == (
        todo_prefix(ch06.OUTPUT_GRADIENTS) + "replace the NotImplementedError line in its cell "
        "with your code, run that cell, then run this one again.")


def test_qa_ex6_2_the_chain_rule_by_loops_passes_and_a_missing_slope_is_named(check_line):
    def by_loops(a_prev, y, W, b):
        z = W @ a_prev + b
        nabla_w, nabla_b = np.zeros_like(W), np.zeros_like(b)
        for j in range(len(b)):
            delta_j = (sigmoid(z[j]) - y[j]) * sigmoid_prime(z[j])
            nabla_b[j] = delta_j
            for k in range(len(a_prev)):
                nabla_w[j, k] = delta_j * a_prev[k]
        return nabla_w, nabla_b

    assert check_line(ch06.check_output_gradients, by_loops) == passed_line(ch06.OUTPUT_GRADIENTS)

    def no_slope(a_prev, y, W, b):
        delta = sigmoid(W @ a_prev + b) - y
        return np.outer(delta, a_prev), delta

    assert check_line(ch06.check_output_gradients, no_slope) == (
        "❌ not yet: ex6.2 output_gradients — your δ lacks the slope σ'(z): a = σ(z), and the "
        "chain rule passes through σ.")


# ---------- ex6.4: depths and finite differences ----------

def test_ex6_4_cases_cover_several_depths_including_2_2_1_and_2_3_3_1():
    sizes = [[W.shape[1] for W in weights] + [weights[-1].shape[0]]
             for _, _, weights, _, *_ in ch06.BACKWARD.cases]
    assert [2, 2, 1] in sizes and [2, 3, 3, 1] in sizes and len({len(s) for s in sizes}) >= 3


def _cost_of(X, y, pieces):
    """The mean cost whose δ^[L] the case's output_delta is: the MSE by default, the binary
    cross-entropy for ce_delta after a sigmoid, the MSE of a linear output after identity."""
    if not pieces:
        return lambda weights, biases: mean_loss(weights, biases, X, y)
    activation, _, output, _ = pieces

    def cost(weights, biases):
        A = ch06._forward(X, weights, biases, activation, output)[1][-1]
        if output is ch06_network.SIGMOID:
            return -np.mean(np.sum(y * np.log(A) + (1 - y) * np.log(1 - A), axis=1))
        return np.sum((A - y) ** 2) / (2 * len(y))
    return cost


@pytest.mark.parametrize("case", range(len(ch06.BACKWARD.cases)))
def test_ex6_4_reference_matches_finite_differences(case):
    X, y, weights, biases, *pieces = ch06.BACKWARD.cases[case]
    nabla_w, nabla_b = ch06.BACKWARD.reference(X, y, weights, biases, *pieces)
    cost = _cost_of(X, y, pieces)
    for k in range(len(weights)):
        num_w = numerical_gradient(
            lambda W, k=k: cost([*weights[:k], W, *weights[k + 1:]], biases), weights[k])
        num_b = numerical_gradient(
            lambda b, k=k: cost(weights, [*biases[:k], b, *biases[k + 1:]]), biases[k])
        np.testing.assert_allclose(nabla_w[k], num_w, rtol=1e-6, atol=1e-10)
        np.testing.assert_allclose(nabla_b[k], num_b, rtol=1e-6, atol=1e-10)


def test_ex6_4_sigma_for_sigma_prime_is_named_erratum_4(check_line):
    def with_sigma(X, y, weights, biases, activation=sigmoid, slope=sigmoid_prime,
                   output=sigmoid, output_delta=mse_delta):
        zs, acts = forward(X, weights, biases, activation, output)
        delta = output_delta(zs[-1], acts[-1], y)
        nabla_w, nabla_b = [None] * len(weights), [None] * len(biases)
        for i in reversed(range(len(weights))):
            nabla_w[i], nabla_b[i] = layer_gradients(delta, acts[i])
            if i:
                delta = (delta @ weights[i]) * activation(zs[i - 1])
        return nabla_w, nabla_b

    assert check_line(ch06.check_backward, with_sigma).startswith(
        named_line(ch06.BACKWARD, "σ(z), where its slope σ'(z)"))


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


def test_qa_ex6_1_and_ex6_2_a_pair_in_the_wrong_order_is_named(check_line):
    def init_weights(sizes, rng):
        pairs = zip(sizes[:-1], sizes[1:], strict=True)
        weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in pairs]
        return [rng.standard_normal(n) for n in sizes[1:]], weights

    assert check_line(ch06.check_init_weights, init_weights) == (
        "❌ not yet: ex6.1 init_weights — the pair comes back in the wrong order: the result is "
        "(weights, biases).")
    assert check_line(ch06.check_output_gradients,
                      lambda *case: output_gradients(*case)[::-1]) == (
                          "❌ not yet: ex6.2 output_gradients — the pair comes back in the wrong "
                          "order: the result is (nabla_w, nabla_b).")


def test_qa_ex6_3_a_pair_in_the_wrong_order_is_named(check_line):
    def forward(X, weights, biases, activation=sigmoid, output=sigmoid):
        zs, activations = [], [X]
        for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
            zs.append(activations[-1] @ W.T + b)
            activations.append((output if i == len(weights) - 1 else activation)(zs[-1]))
        return activations, zs

    assert check_line(ch06.check_forward, forward) == (
        "❌ not yet: ex6.3 forward — the pair comes back in the wrong order: the result is (zs, "
        "activations).")


def _backward_last_first(X, y, weights, biases, activation=sigmoid, slope=sigmoid_prime,
                         output=sigmoid, output_delta=mse_delta):
    zs, acts = ch06._forward(X, weights, biases, activation, output)
    delta = output_delta(zs[-1], acts[-1], y)
    nabla_w, nabla_b = [], []
    for i in range(len(weights) - 1, -1, -1):
        nabla_w.append(delta.T @ acts[i])  # appended from the top: the last layer comes first
        nabla_b.append(delta.sum(axis=0))
        if i:
            delta = (delta @ weights[i]) * slope(zs[i - 1])
    return nabla_w, nabla_b


def test_qa_ex6_4_gradients_last_layer_first_or_pair_swapped_are_named(check_line):
    assert check_line(ch06.check_backward, _backward_last_first) == (
        "❌ not yet: ex6.4 backward — the gradients come back last layer first; nabla_w[0] "
        "belongs to weights[0], W^[1].")
    assert check_line(ch06.check_backward, lambda *case, **pieces: ch06._backward(
        *case, **pieces)[::-1]) == (
            "❌ not yet: ex6.4 backward — the pair comes back in the wrong order: the result is "
            "(nabla_w, nabla_b).")


def test_qa_ex6_1_a_hint_keeps_the_line_within_two_projector_lines(check_line):
    def uniform(sizes, rng):  # the right shapes from rng.random: the hint comes with the line
        pairs = zip(sizes[:-1], sizes[1:], strict=True)
        return ([rng.random((n_out, n_in)) for n_in, n_out in pairs],
                [rng.random(n) for n in sizes[1:]])

    assert check_line(ch06.check_init_weights, uniform) == (
        "❌ not yet: ex6.1 init_weights — the 1st result (weights), its 1st entry: wrong value. "
        "Right shapes, other numbers: draw all from the rng given, with rng.standard_normal, "
        "weights first.")


# ---------- the keyword parameters of ex6.3 and ex6.4: slips that ignore them ----------

def test_qa_ex6_3_sigmoid_written_in_place_of_activation_is_named(check_line):
    def forward(X, weights, biases, activation=sigmoid, output=sigmoid):
        a, zs, acts = X, [], [X]
        for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
            zs.append(a @ W.T + b)
            a = output(zs[-1]) if i == len(weights) - 1 else sigmoid(zs[-1])  # the slip
            acts.append(a)
        return zs, acts

    assert check_line(ch06.check_forward, forward) == (
        "❌ not yet: ex6.3 forward — your hidden layers use σ whatever `activation` is passed: "
        "later chapters pass another one, so apply `activation` there.")


def test_qa_ex6_3_and_ex6_4_the_first_versions_signature_is_named(check_line):
    def forward(X, weights, biases):  # the def line of the course's first version
        return [X @ weights[0].T + biases[0]], [X, sigmoid(X @ weights[0].T + biases[0])]

    assert check_line(ch06.check_forward, forward) == (
        "❌ not yet: ex6.3 forward — your function takes 3 arguments (X, weights, biases), but "
        "the check passes 5 (X, weights, biases, activation, output).")

    def backward(X, y, weights, biases):
        return [], []

    assert check_line(ch06.check_backward, backward) == (
        "❌ not yet: ex6.4 backward — your function takes 4 arguments (X, y, weights, biases), "
        "but the check passes 8 (X, y, weights, biases, activation, slope, output, "
        "output_delta).")


def _backward_with(top=None, forward_keywords=True, slope_fn=None, mse=mse_delta):
    """The learner's backward with one slip: BP1 written ``top``, the forward pass without
    the keywords, the recursion's slope ``slope_fn``, or a slip in their ``mse``."""
    def backward(X, y, weights, biases, activation=sigmoid, slope=sigmoid_prime,
                 output=sigmoid, output_delta=mse):
        keywords = {"activation": activation, "output": output} if forward_keywords else {}
        zs, acts = forward(X, weights, biases, **keywords)
        delta = (top or output_delta)(zs[-1], acts[-1], y)
        nabla_w, nabla_b = [None] * len(weights), [None] * len(biases)
        for i in reversed(range(len(weights))):
            nabla_w[i], nabla_b[i] = layer_gradients(delta, acts[i])
            if i:
                delta = (delta @ weights[i]) * (slope_fn or slope)(zs[i - 1])
        return nabla_w, nabla_b
    return backward


@pytest.mark.parametrize("backward, message", [
    (_backward_with(top=mse_delta), "δ^[L] is always the squared error's: call `output_delta`, "
     "later chapters pass another cost's."),
    (_backward_with(top=lambda Z, A, Y: (A - Y) * sigmoid_prime(Z) / len(Y)),
     "δ^[L] is always the squared error's: call `output_delta`, later chapters pass another "
     "cost's."),
    (_backward_with(forward_keywords=False), "your forward pass runs with σ everywhere: pass "
     "`activation` and `output` on to forward, later chapters change them."),
    (_backward_with(slope_fn=sigmoid_prime), "the recursion uses sigmoid_prime whatever `slope` "
     "is passed: use `slope`, the slope of the activation the forward pass used."),
    (_backward_with(mse=lambda Z, A, Y: (A - Y) * sigmoid_prime(Z)), "your mse_delta is m times "
     "too large: the cost is the mean over the m records, so δ^[L] carries a 1/m."),
    (_backward_with(mse=lambda Z, A, Y: (A - Y) / len(Y)), "your mse_delta lacks the slope "
     "σ'(Z^[L]) of the output: under squared error it does not cancel."),
], ids=["mse-delta-called", "mse-written-out", "forward-without-keywords", "sigmoid-prime-kept",
        "mse-delta-no-mean", "mse-delta-no-slope"])
def test_qa_ex6_4_a_piece_ignored_or_a_slip_in_mse_delta_is_named(backward, message,
                                                                   check_line):
    assert check_line(ch06.check_backward, backward) == (
        "❌ not yet: ex6.4 backward — " + message)


def test_qa_ex6_4_dividing_by_m_in_backward_too_is_named(check_line):
    def backward(X, y, weights, biases, activation=sigmoid, slope=sigmoid_prime,
                 output=sigmoid, output_delta=mse_delta):
        nabla_w, nabla_b = _backward_with()(X, y, weights, biases, activation, slope, output,
                                            output_delta)
        return [g / len(X) for g in nabla_w], [g / len(X) for g in nabla_b]

    assert check_line(ch06.check_backward, backward) == (
        "❌ not yet: ex6.4 backward — δ^[L] is divided by m once more: output_delta already "
        "carries the 1/m of the mean.")


def test_ex6_4_a_stub_mse_delta_makes_backward_not_done(check_line):
    def mse_delta(Z, A, Y):
        raise NotImplementedError("ex6.4 is not done yet")

    def backward(X, y, weights, biases, activation=sigmoid, slope=sigmoid_prime,
                 output=sigmoid, output_delta=mse_delta):
        return _backward_with()(X, y, weights, biases, activation, slope, output, output_delta)

    assert check_line(ch06.check_backward, backward) == (
        todo_prefix(ch06.BACKWARD) + "replace the NotImplementedError line in its cell with your "
        "code, run that cell, then run this one again.")
