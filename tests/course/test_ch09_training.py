"""The training exercises of chapter 9 (ex9.5-ex9.6, course.checks.ch09_training): an epoch
of mini-batch SGD and the training loop written the way learners write them get the right line,
the typical slips get exact lines, and the reference trains like ``helpers.Network``."""

from __future__ import annotations

import numpy as np
from conftest import failed_prefix, named_line, passed_line
from test_ch09 import backward, gradients, init_network  # a learner's, written as lists

from course.checks import ch09_network, ch09_training
from helpers import Network

# ---------- ex9.5 ----------

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
    assert check_line(ch09_training.check_sgd_epoch, sgd_epoch) == passed_line(ch09_training.SGD_EPOCH)


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

    line = check_line(ch09_training.check_sgd_epoch, in_place)
    assert line.startswith(failed_prefix(ch09_training.SGD_EPOCH) + "your function changed its argument "
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

    line = check_line(ch09_training.check_sgd_epoch, floor_batches)
    assert line.startswith(named_line(ch09_training.SGD_EPOCH, "shorter batch is dropped")), line


def test_the_gradients_passed_in_show_as_backward_in_messages():
    assert repr(ch09_training.SGD_EPOCH.cases[0][4]) == "backward"


# ---------- ex9.6 ----------

def test_train_composed_of_learner_functions_passes(check_line):
    def train(X, Y, sizes, epochs, lr, batch_size, seed):
        rng = np.random.default_rng(seed)
        weights, biases = init_network(sizes, rng)
        for _ in range(epochs):
            weights, biases = sgd_epoch(X, Y, weights, biases, gradients, lr, batch_size, rng)
        return weights, biases

    assert check_line(ch09_training.check_train, train) == passed_line(ch09_training.TRAIN)


def test_train_with_a_partial_of_backward_passes(check_line):
    from functools import partial

    from test_ch09 import cross_entropy_delta

    from helpers import softmax

    def train(X, Y, sizes, epochs, lr, batch_size, seed):
        rng = np.random.default_rng(seed)
        weights, biases = init_network(sizes, rng)
        softmax_backward = partial(backward, output=softmax, output_delta=cross_entropy_delta)
        for _ in range(epochs):
            weights, biases = sgd_epoch(X, Y, weights, biases, softmax_backward, lr, batch_size,
                                        rng)
        return weights, biases

    assert check_line(ch09_training.check_train, train) == passed_line(ch09_training.TRAIN)


def test_train_reference_gives_the_weights_of_helpers_network():
    X, Y, _, _ = ch09_network._net_case((5, 4, 3), 23, 3)
    net = Network((5, 4, 3), seed=4)
    net.fit(X, Y, epochs=6, lr=0.8, batch_size=5)
    weights, biases = ch09_network._train(X, Y, (5, 4, 3), 6, 0.8, 5, 4)
    for mine, theirs in zip(weights + biases, net.weights + net.biases, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-12)


# ---------- QA: slips a student makes (exact lines) ----------

def test_qa_ex9_5_steps_or_untouched_weights_returned_are_named(check_line):
    def steps(X, Y, weights, biases, gradients, lr, batch_size, rng):
        new_w, new_b = ch09_network._sgd_epoch(X, Y, weights, biases, gradients, lr, batch_size, rng)
        return ([n - w for n, w in zip(new_w, weights, strict=True)],
                [n - b for n, b in zip(new_b, biases, strict=True)])

    assert check_line(ch09_training.check_sgd_epoch, steps) == (
        "❌ not yet: ex9.5 sgd_epoch — you return the change of every parameter over the epoch; "
        "this exercise asks for the new weights and biases.")

    def untouched(X, Y, weights, biases, gradients, lr, batch_size, rng):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            gradients(X[order[start:start + batch_size]], Y[order[start:start + batch_size]],
                      weights, biases)  # the gradients are computed but never applied
        return list(weights), list(biases)

    assert check_line(ch09_training.check_sgd_epoch, untouched) == (
        "❌ not yet: ex9.5 sgd_epoch — the weights and biases come back as they were passed in: "
        "no step was added to them.")


def test_qa_ex9_6_batch_size_not_passed_on_is_named(check_line):
    def train(X, Y, sizes, epochs, lr, batch_size, seed):
        rng = np.random.default_rng(seed)
        weights, biases = ch09_network._init_network(sizes, rng)
        for _ in range(epochs):
            weights, biases = ch09_network._sgd_epoch(X, Y, weights, biases, ch09_network._backward_lists, lr,
                                              len(X), rng)
        return weights, biases

    assert check_line(ch09_training.check_train, train) == (
        "❌ not yet: ex9.6 train — every epoch takes one step over all the records: batch_size "
        "does not reach sgd_epoch.")


def test_qa_ex9_6_chapter_6s_backward_passed_as_it_is_is_named(check_line):
    def train(X, Y, sizes, epochs, lr, batch_size, seed):
        rng = np.random.default_rng(seed)
        weights, biases = init_network(sizes, rng)
        for _ in range(epochs):  # backward with its defaults: sigmoid outputs, mse_delta
            weights, biases = sgd_epoch(X, Y, weights, biases, backward, lr, batch_size, rng)
        return weights, biases

    assert check_line(ch09_training.check_train, train) == (
        "❌ not yet: ex9.6 train — the gradients are those of chapter 6's defaults, sigmoid "
        "outputs and the mean squared error: pass backward output=softmax and "
        "output_delta=cross_entropy_delta.")
