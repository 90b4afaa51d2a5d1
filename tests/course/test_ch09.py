"""Chapter 9's checks: the reference passes, every typical mistake gets its own line, a stub is
"not done", answers written the way learners write them get the right line, and the
references are what the notebook says they are (gradients of the mean cross-entropy, the
same training as ``helpers.Network``)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from conftest import failed_prefix, named_line, passed_line

from course import marks
from course.checking import TODO
from course.checks import ch09
from course.marks import verdict
from helpers import Network, categorical_cross_entropy, check_gradients, sigmoid, softmax

EXERCISES = [ch09.ONE_HOT, ch09.SOFTMAX, ch09.CROSS_ENTROPY_DELTA, ch09.INIT_NETWORK,
             ch09.FORWARD, ch09.BACKWARD, ch09.SGD_EPOCH, ch09.TRAIN]


def not_done(ex) -> str:
    return (f"{verdict(TODO, ex.ex_id, ex.title)} — replace the NotImplementedError line in "
            f"its cell with your code, run that cell, then run this one again.")


def needs(ex, other) -> str:
    return (f"{verdict(TODO, ex.ex_id, ex.title)} — it needs {other.ex_id}, which is not done "
            f"yet. Finish {other.ex_id}, run its cell, then run this one again.")


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.ex_id)
def test_every_exercise_names_the_function_its_cell_defines(ex, monkeypatch):
    monkeypatch.delitem(marks._names, ex.title)  # put back after the test
    dataclasses.replace(ex)  # made again, it registers its names (by default its title)
    assert marks.exercise_for_function(ex.title) == ex.ex_id


# ---------- ex9.1 ----------

def test_one_hot_written_other_ways(check_line):
    def with_eye(labels, n_classes):
        return np.eye(n_classes)[np.asarray(labels)]

    def with_a_loop(labels, n_classes):
        rows = []
        for label in labels:
            row = [0] * n_classes
            row[label] = 1
            rows.append(row)
        return np.array(rows)

    assert check_line(ch09.check_one_hot, with_eye) == passed_line(ch09.ONE_HOT)
    assert check_line(ch09.check_one_hot, with_a_loop) == passed_line(ch09.ONE_HOT)
    line = check_line(ch09.check_one_hot, lambda labels, n: np.eye(max(labels) + 1)[labels])
    assert line.startswith(named_line(ch09.ONE_HOT, "largest label")), line


def test_one_hot_crash_and_non_function(check_line):
    line = check_line(ch09.check_one_hot, lambda labels, n_classes: labels.shape_of_nothing)
    assert line.startswith(failed_prefix(ch09.ONE_HOT) + "your code raised AttributeError"), line
    line = check_line(ch09.check_one_hot, [[1, 0], [0, 1]])  # a result, not the function
    assert line.startswith(failed_prefix(ch09.ONE_HOT) + "expected a function, got a list"), line


# ---------- ex9.2 ----------

def test_naive_softmax_shows_the_overflow_warning_then_names_the_mistake(check_output):
    def softmax_naive(Z):
        E = np.exp(Z)
        return E / E.sum(axis=1, keepdims=True)

    lines = check_output(ch09.check_softmax, softmax_naive)
    assert lines[-1].startswith(named_line(ch09.SOFTMAX, "no row maximum")), lines
    assert lines[0] == "your function printed:"
    assert any("RuntimeWarning: overflow encountered in exp" in line for line in lines[1:-1])


def test_softmax_without_keepdims_raises_on_non_square_batches_and_is_named(check_line):
    def softmax_no_keepdims(Z):
        E = np.exp(Z - np.max(Z, axis=1))
        return E / np.sum(E, axis=1, keepdims=True)

    line = check_line(ch09.check_softmax, softmax_no_keepdims)
    assert line.startswith(named_line(ch09.SOFTMAX, "shape (N,)")), line


def test_softmax_written_with_a_loop_over_records_passes(check_line):
    def softmax_rows(Z):
        out = np.empty_like(Z)
        for n, z in enumerate(Z):
            e = np.exp(z - z.max())
            out[n] = e / e.sum()
        return out

    assert check_line(ch09.check_softmax, softmax_rows) == passed_line(ch09.SOFTMAX)


def test_softmax_reference_is_the_helpers_softmax():
    for (Z,) in ch09.SOFTMAX.cases:
        np.testing.assert_allclose(ch09._softmax(Z), softmax(Z), rtol=1e-15)


# ---------- ex9.3 ----------

def test_cross_entropy_delta_is_the_slope_of_the_mean_loss_in_the_logits():
    rng = np.random.default_rng(0)
    Z, Y = rng.normal(size=(4, 3)), ch09._one_hot([0, 2, 1, 2], 3)

    def loss(params):
        return categorical_cross_entropy(Y, softmax(params["Z"]))

    [result] = check_gradients(loss, {"Z": Z}, {"Z": ch09._cross_entropy_delta(softmax(Z), Y)})
    assert result.max_rel_error < 1e-7


def test_cross_entropy_delta_from_the_mean_over_every_entry_is_named(check_line):
    line = check_line(ch09.check_cross_entropy_delta, lambda P, Y: (P - Y) / np.size(P))
    assert line.startswith(named_line(ch09.CROSS_ENTROPY_DELTA, "N·K")), line


# ---------- ex9.4 ----------

def init_network(sizes, rng):
    weights, biases = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        weights.append(rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_out)))
        biases.append(np.zeros(n_out))
    return weights, biases


def test_init_network_with_rng_normal_and_lists_passes(check_line):
    # normal(0, s) draws the same numbers as standard_normal() * s
    assert check_line(ch09.check_init_network, init_network) == passed_line(ch09.INIT_NETWORK)


def test_init_network_from_a_new_generator_is_wrong(check_line):
    def fresh(sizes, rng):
        return init_network(sizes, np.random.default_rng(0))

    line = check_line(ch09.check_init_network, fresh)
    assert line.startswith(failed_prefix(ch09.INIT_NETWORK)
                           + "weights: result 1: wrong value"), line


def test_init_network_reference_starts_like_helpers_network():
    net = Network((64, 5, 10), seed=7)
    weights, biases = ch09._init_network((64, 5, 10), np.random.default_rng(7))
    for a, b in zip(weights + biases, net.weights + net.biases, strict=True):
        np.testing.assert_array_equal(a, b)


# ---------- ex9.5 and ex9.6 ----------

def forward(X, weights, biases):
    activations = [X]
    for W, b in zip(weights[:-1], biases[:-1], strict=True):
        activations.append(sigmoid(activations[-1] @ W + b))
    activations.append(ch09._softmax(activations[-1] @ weights[-1] + biases[-1]))
    return activations


def backward(X, Y, weights, biases):
    activations = forward(X, weights, biases)
    delta = ch09._cross_entropy_delta(activations[-1], Y)
    nabla_w, nabla_b = [], []
    for layer in range(len(weights), 0, -1):
        nabla_w.insert(0, activations[layer - 1].T @ delta)
        nabla_b.insert(0, np.sum(delta, axis=0))
        A = activations[layer - 1]
        delta = delta @ weights[layer - 1].T * A * (1 - A)
    return nabla_w, nabla_b


def test_forward_and_backward_written_as_lists_pass(check_line):
    assert check_line(ch09.check_forward, forward) == passed_line(ch09.FORWARD)
    assert check_line(ch09.check_backward, backward) == passed_line(ch09.BACKWARD)


def test_backward_waiting_for_forward_says_which_exercise(check_line):
    def backward_on_a_stub(X, Y, weights, biases):
        raise NotImplementedError("ex9.5 is not done yet")  # what forward's stub raises

    assert (check_line(ch09.check_backward, backward_on_a_stub)
            == needs(ch09.BACKWARD, ch09.FORWARD))


def test_backward_with_the_hidden_slope_at_the_wrong_activation_is_named(check_line):
    def slope_of_activation(X, Y, weights, biases):
        activations = forward(X, weights, biases)
        delta = (activations[-1] - Y) / len(X)
        nabla_w, nabla_b = [None] * len(weights), [None] * len(weights)
        for i in reversed(range(len(weights))):
            nabla_w[i], nabla_b[i] = activations[i].T @ delta, delta.sum(axis=0)
            s = sigmoid(activations[i])
            delta = (delta @ weights[i].T) * s * (1 - s)
        return nabla_w, nabla_b

    line = check_line(ch09.check_backward, slope_of_activation)
    assert line.startswith(named_line(ch09.BACKWARD, "sigmoid_prime is applied")), line


def test_backward_reference_agrees_with_check_gradients_for_weights_and_biases():
    for X, Y, weights, biases in ch09._NETS:
        def loss(w, b, X=X, Y=Y):
            return categorical_cross_entropy(Y, ch09._forward(X, w, b)[-1])

        nabla_w, nabla_b = ch09._backward(X, Y, weights, biases)
        results = check_gradients(loss, (weights, biases), (list(nabla_w), list(nabla_b)))
        assert len(results) == 2 * len(weights)
        assert max(r.max_rel_error for r in results) < 1e-6


# ---------- ex9.7 ----------

def sgd_epoch(X, Y, weights, biases, gradients, lr, batch_size, rng):
    weights, biases = [W.copy() for W in weights], [b.copy() for b in biases]
    order = rng.permutation(len(X))
    X, Y = X[order], Y[order]
    for start in range(0, len(X), batch_size):
        nabla_w, nabla_b = gradients(X[start:start + batch_size], Y[start:start + batch_size],
                                     weights, biases)
        for W, b, dW, db in zip(weights, biases, nabla_w, nabla_b, strict=True):
            W -= lr * dW  # in place, on the copies
            b -= lr * db
    return weights, biases


def test_sgd_epoch_shuffling_the_arrays_and_updating_copies_passes(check_line):
    assert check_line(ch09.check_sgd_epoch, sgd_epoch) == passed_line(ch09.SGD_EPOCH)


def test_sgd_epoch_updating_the_weights_passed_in_is_named(check_line):
    def in_place(X, Y, weights, biases, gradients, lr, batch_size, rng):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            nabla_w, nabla_b = gradients(X[batch], Y[batch], weights, biases)
            for W, b, dW, db in zip(weights, biases, nabla_w, nabla_b, strict=True):
                W -= lr * dW
                b -= lr * db
        return weights, biases

    line = check_line(ch09.check_sgd_epoch, in_place)
    assert line.startswith(failed_prefix(ch09.SGD_EPOCH) + "your function changed its argument "
                                                   "`weights` in place"), line


def test_sgd_epoch_whole_batches_only_is_named(check_line):
    def floor_batches(X, Y, weights, biases, gradients, lr, batch_size, rng):
        order = rng.permutation(len(X))
        for k in range(len(X) // batch_size):
            batch = order[k * batch_size:(k + 1) * batch_size]
            nabla_w, nabla_b = gradients(X[batch], Y[batch], weights, biases)
            weights = [W - lr * dW for W, dW in zip(weights, nabla_w, strict=True)]
            biases = [b - lr * db for b, db in zip(biases, nabla_b, strict=True)]
        return weights, biases

    line = check_line(ch09.check_sgd_epoch, floor_batches)
    assert line.startswith(named_line(ch09.SGD_EPOCH, "shorter batch is dropped")), line


def test_the_gradients_passed_in_show_as_backward_in_messages():
    assert repr(ch09.SGD_EPOCH.cases[0][4]) == "backward"


# ---------- ex9.8 ----------

def test_train_composed_of_learner_functions_passes(check_line):
    def train(X, Y, sizes, epochs, lr, batch_size, seed):
        rng = np.random.default_rng(seed)
        weights, biases = init_network(sizes, rng)
        for _ in range(epochs):
            weights, biases = sgd_epoch(X, Y, weights, biases, backward, lr, batch_size, rng)
        return weights, biases

    assert check_line(ch09.check_train, train) == passed_line(ch09.TRAIN)


def test_train_reference_gives_the_weights_of_helpers_network():
    X, Y, _, _ = ch09._net_case((5, 4, 3), 23, 3)
    net = Network((5, 4, 3), seed=4)
    net.fit(X, Y, epochs=6, lr=0.8, batch_size=5)
    weights, biases = ch09._train(X, Y, (5, 4, 3), 6, 0.8, 5, 4)
    for mine, theirs in zip(weights + biases, net.weights + net.biases, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-12)


# ---------- QA: slips a student makes (exact lines) ----------

def test_qa_ex9_1_a_width_of_10_is_named(check_line):
    assert check_line(ch09.check_one_hot, lambda labels, n_classes: np.eye(10)[labels]) == (
            "❌ not yet: ex9.1 one_hot — the width is always 10, the number of digits; it must "
            "be n_classes, the number the function is given.")


def test_qa_ex9_2_subtracting_the_row_minimum_is_not_stable(check_output):
    def softmax_min(Z):
        E = np.exp(Z - Z.min(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)

    lines = check_output(ch09.check_softmax, softmax_min)
    assert lines[0] == "your function printed:"  # NumPy's overflow warnings, then the line
    assert lines[-1] == (
        "❌ not yet: ex9.2 softmax — the row minimum is subtracted: in a row whose logits spread "
        "widely, e^z of the largest still overflows to inf, and the row becomes NaN.")


def test_qa_ex9_3_dividing_by_the_number_of_classes_is_named(check_line):
    assert check_line(ch09.check_cross_entropy_delta, lambda P, Y: (P - Y) / P.shape[1]) == (
            "❌ not yet: ex9.3 cross_entropy_delta — you divide by K, the number of classes "
            "(columns); the mean is over the N records, the rows.")


def test_qa_ex9_4_own_argument_names_and_other_draws(check_line):
    def init_network(s, r):  # the learner's own names; r.normal draws what standard_normal does
        weights = [r.normal(0.0, 1 / np.sqrt(n_in), (n_in, n_out))
                   for n_in, n_out in zip(s[:-1], s[1:], strict=True)]
        return weights, [np.zeros(n) for n in s[1:]]

    assert check_line(ch09.check_init_network, init_network) == (
        "✅ correct: ex9.4 init_network on all 3 test inputs.")

    def by_n_out(sizes, rng):
        weights = [rng.standard_normal((n_in, n_out)) / np.sqrt(n_out)
                   for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]
        return weights, [np.zeros(n) for n in sizes[1:]]

    assert check_line(ch09.check_init_network, by_n_out) == (
        "❌ not yet: ex9.4 init_network — the weights are scaled by 1/√n_out; the scale that "
        "keeps a weighted input the size of one input counts the inputs, 1/√n_in.")


def test_qa_ex9_6_sigma_for_its_slope_and_the_pair_swapped_are_named(check_line):
    assert check_line(ch09.check_backward, lambda *args: ch09._backward(
        *args, slope=lambda A: A)) == (
            "❌ not yet: ex9.6 backward — the hidden error terms are multiplied by A^l = σ(Z^l) "
            "where its slope A^l(1 − A^l) belongs.")
    assert check_line(ch09.check_backward, lambda *args: ch09._backward(*args)[::-1]) == (
            "❌ not yet: ex9.6 backward — the pair comes back in the wrong order: the result is "
            "(nabla_w, nabla_b).")


def test_qa_ex9_7_steps_or_untouched_weights_returned_are_named(check_line):
    def steps(X, Y, weights, biases, gradients, lr, batch_size, rng):
        new_w, new_b = ch09._sgd_epoch(X, Y, weights, biases, gradients, lr, batch_size, rng)
        return ([n - w for n, w in zip(new_w, weights, strict=True)],
                [n - b for n, b in zip(new_b, biases, strict=True)])

    assert check_line(ch09.check_sgd_epoch, steps) == (
        "❌ not yet: ex9.7 sgd_epoch — you return the change of every parameter over the epoch; "
        "this exercise asks for the new weights and biases.")

    def untouched(X, Y, weights, biases, gradients, lr, batch_size, rng):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            gradients(X[order[start:start + batch_size]], Y[order[start:start + batch_size]],
                      weights, biases)  # the gradients are computed but never applied
        return list(weights), list(biases)

    assert check_line(ch09.check_sgd_epoch, untouched) == (
        "❌ not yet: ex9.7 sgd_epoch — the weights and biases come back as they were passed in: "
        "no step was added to them.")


def test_qa_ex9_8_batch_size_not_passed_on_is_named(check_line):
    def train(X, Y, sizes, epochs, lr, batch_size, seed):
        rng = np.random.default_rng(seed)
        weights, biases = ch09._init_network(sizes, rng)
        for _ in range(epochs):
            weights, biases = ch09._sgd_epoch(X, Y, weights, biases, ch09._backward_lists, lr,
                                              len(X), rng)
        return weights, biases

    assert check_line(ch09.check_train, train) == (
        "❌ not yet: ex9.8 train — every epoch takes one step over all the records: batch_size "
        "does not reach sgd_epoch.")

