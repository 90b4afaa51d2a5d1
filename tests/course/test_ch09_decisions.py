"""The capstone's decisions (ex9.7-ex9.11, course.checks.ch09_decisions): the references are
what the notebook says they are, the search check catches a search that reads the test set and
puts the learner's test set back, and the slips learners make get their exact lines."""

from __future__ import annotations

import linecache

import numpy as np
from conftest import passed_line
from test_ch09 import forward  # a learner's chapter 6 forward

from course.checks import ch09, ch09_decisions, ch09_network
from helpers import binary_cross_entropy, categorical_cross_entropy, softmax

SEARCH_ON_TEST = '''
import numpy as np

def search(X_train, Y_train, X_val, Y_val, settings, epochs, batch_size, seed):
    accuracies = []
    for lr, hidden in settings:
        sizes = (X_train.shape[1], hidden, Y_train.shape[1])
        weights, biases = train(X_train, Y_train, sizes, epochs, lr, batch_size, seed)
        P = forward(X_test, weights, biases, output=softmax)[1][-1]
        accuracies.append(np.mean(np.argmax(P, axis=1) == y_test))
    return settings[int(np.argmax(accuracies))], accuracies
'''

SEARCH_ON_VALIDATION = SEARCH_ON_TEST.replace("X_test", "X_val").replace(
    "== y_test", "== np.argmax(Y_val, axis=1)")


def notebook_search(source: str) -> tuple:
    """The learner's search defined in a notebook-like namespace that holds a test set."""
    namespace = {"train": ch09_network._train, "forward": forward, "softmax": softmax,
                 "X_test": np.ones((3, 4)), "Y_test": np.eye(3), "y_test": np.arange(3)}
    name = f"<notebook cell {len(linecache.cache)}>"  # its source readable, as in Jupyter
    linecache.cache[name] = (len(source), None, source.splitlines(keepends=True), name)
    exec(compile(source, name, "exec"), namespace)
    return namespace["search"], namespace


def test_a_search_that_reads_the_test_set_is_named_and_the_test_set_put_back(check_line):
    search, namespace = notebook_search(SEARCH_ON_TEST)
    test_set = namespace["X_test"], namespace["Y_test"], namespace["y_test"]
    assert check_line(ch09.check_search, search) == (
        "❌ not yet: ex9.9 search — your search reads the test set (X_test, Y_test or y_test): "
        "choose on the validation set only; the test set is used once, at the very end.")
    assert (namespace["X_test"], namespace["Y_test"], namespace["y_test"]) == test_set


def test_a_search_on_the_validation_set_passes_and_adds_no_test_set(check_line):
    search, namespace = notebook_search(SEARCH_ON_VALIDATION)
    del namespace["Y_test"]
    assert check_line(ch09.check_search, search) == passed_line(ch09.SEARCH)
    assert "Y_test" not in namespace and namespace["X_test"].shape == (3, 4)


def test_search_reference_chooses_the_first_highest_validation_accuracy():
    for case in ch09_decisions._SEARCH_CASES:
        best, accuracies = ch09_decisions._search(*case)
        assert best == case[4][accuracies.index(max(accuracies))]


def test_search_choosing_the_last_of_equal_accuracies_is_wrong(check_line):
    def search(X_train, Y_train, X_val, Y_val, settings, epochs, batch_size, seed):
        best, accuracies = ch09_decisions._search(X_train, Y_train, X_val, Y_val, settings,
                                                  epochs, batch_size, seed)
        last = len(accuracies) - 1 - int(np.argmax(accuracies[::-1]))
        return settings[last], accuracies

    assert check_line(ch09.check_search, search) == (
        "❌ not yet: ex9.9 search — on a tie the last of the best settings is chosen; take the "
        "first (as np.argmax does).")


def test_sanity_checks_reference_loss_is_the_helpers_cross_entropy_near_ln_k():
    for X, Y, sizes, *_, seed in ch09_decisions._sanity_cases():
        weights, biases = ch09._init_network(sizes, np.random.default_rng(seed))
        P = ch09_network._probabilities(X, weights, biases)
        initial, _ = ch09_decisions._sanity_checks(X, Y, sizes, 1, 1.0, 5, seed)
        assert np.isclose(initial, categorical_cross_entropy(Y, P), rtol=1e-12)
        assert abs(initial - np.log(sizes[-1])) < 0.7  # inputs of variance about 3: wider


def test_qa_ex9_7_log10_is_named(check_line):
    def with_log10(X, Y, sizes, epochs, lr, batch_size, seed):
        initial, accuracy = ch09_decisions._sanity_checks(X, Y, sizes, epochs, lr, batch_size,
                                                          seed)
        return initial / np.log(10), accuracy

    assert check_line(ch09.check_sanity_checks, with_log10) == (
        "❌ not yet: ex9.7 sanity_checks — the initial loss uses log10; cross-entropy uses the "
        "natural logarithm, ln.")


def test_train_logged_reference_trains_as_train_and_logs_the_final_weights():
    for X, Y, X_val, Y_val, sizes, epochs, lr, batch_size, seed in (
            ch09_decisions._logged_cases()):
        weights, biases, log = ch09_decisions._train_logged(X, Y, X_val, Y_val, sizes, epochs,
                                                            lr, batch_size, seed)
        assert log.shape == (epochs, 4)
        expected = ch09_network._train(X, Y, sizes, epochs, lr, batch_size, seed)
        for mine, theirs in zip(weights + biases, expected[0] + expected[1], strict=True):
            np.testing.assert_array_equal(mine, theirs)
        P_val = ch09_network._probabilities(X_val, weights, biases)
        assert np.isclose(log[-1, 2], categorical_cross_entropy(Y_val, P_val), rtol=1e-12)
        assert log[-1, 3] == np.mean(P_val.argmax(axis=1) == Y_val.argmax(axis=1))


def test_qa_ex9_8_loss_summed_over_epochs_is_named(check_line):
    def running(X, Y, X_val, Y_val, sizes, epochs, lr, batch_size, seed):
        weights, biases, log = ch09_decisions._train_logged(X, Y, X_val, Y_val, sizes, epochs,
                                                            lr, batch_size, seed)
        log[:, 0], log[:, 2] = np.cumsum(log[:, 0]), np.cumsum(log[:, 2])
        return weights, biases, log

    assert check_line(ch09.check_train_logged, running) == (
        "❌ not yet: ex9.8 train_logged — the losses are running totals over the epochs: start "
        "each epoch's loss afresh.")


def test_relu_prime_reference_is_the_step_away_from_the_kink():
    for (Z,) in ch09_decisions._relu_cases():
        assert np.min(np.abs(Z)) > 0.01
        np.testing.assert_allclose(ch09_decisions._relu_prime(Z), (Z > 0) * 1.0, rtol=0,
                                   atol=1e-8)


def test_relu_prime_written_with_where_or_a_cast_passes(check_line):
    assert check_line(ch09.check_relu_prime, lambda Z: np.where(Z > 0, 1.0, 0.0)) == (
        passed_line(ch09.RELU_PRIME))
    assert check_line(ch09.check_relu_prime, lambda Z: (Z > 0).astype(float)) == (
        passed_line(ch09.RELU_PRIME))


def test_qa_ex9_10_the_activation_for_its_slope_is_named(check_line):
    assert check_line(ch09.check_relu_prime, lambda Z: np.maximum(Z, 0)) == (
        "❌ not yet: ex9.10 relu_prime — this is max(0, Z), the activation itself; its slope is "
        "what you need.")


def test_bernoulli_nll_reference_over_m_is_the_binary_cross_entropy():
    for p, y in ch09_decisions._nll_cases():
        assert np.isclose(ch09_decisions._bernoulli_nll(p, y) / len(p),
                          binary_cross_entropy(y, p), rtol=1e-12)


def test_bernoulli_nll_as_minus_log_of_the_product_passes(check_line):
    def bernoulli_nll(p, y):
        return -np.log(np.prod(p ** y * (1 - p) ** (1 - y)))

    assert check_line(ch09.check_bernoulli_nll, bernoulli_nll) == passed_line(ch09.BERNOULLI_NLL)


def test_qa_ex9_11_the_mean_is_named(check_line):
    def bernoulli_nll(p, y):
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))

    assert check_line(ch09.check_bernoulli_nll, bernoulli_nll) == (
        "❌ not yet: ex9.11 bernoulli_nll — this is the mean over the records; the likelihood "
        "multiplies the records' probabilities, so its −ln is a sum.")


def test_a_search_reading_the_test_set_without_naming_it_meets_the_poison(check_line):
    search, namespace = notebook_search(SEARCH_ON_TEST.replace(
        "forward(X_test,", "forward(globals()['X_' + 'test'],").replace(
        "== y_test", "== globals()['y_' + 'test']"))
    test_set = namespace["X_test"]
    line = check_line(ch09.check_search, search)
    assert line == ("❌ not yet: ex9.9 search — your code raised TestSetRead: the search read "
                    "the test set, which the check had hidden at line 9 of your cell.")
    assert namespace["X_test"] is test_set
