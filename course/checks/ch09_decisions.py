"""Checks for the capstone's decisions in 09_capstone_digits (re-exported by ``ch09``).

ex9.7 the two sanity checks (the untrained network's loss, overfitting 20 records); ex9.8
training with a log per epoch (the learning curves); ex9.9 a search over settings, chosen on
the validation set; ex9.10 the ReLU's slope (derive), checked against finite differences, for
chapter 6's backward to run a ReLU network; ex9.11 the negative log-likelihood of a Bernoulli
model. The checks verify
the method: the numbers follow from the data they are given, the choice is the argmax of
validation accuracy, and the search never reads the test set (a search that names it is told
so, and the check hides a poisoned ``X_test``/``Y_test``/``y_test`` in the learner's notebook
while it runs).
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial

import numpy as np

from helpers import numerical_gradient, sigmoid_prime

from ..checking import Exercise, Mistake
from .ch09_network import (
    _backward_lists,
    _forward,
    _init_network,
    _probabilities,
    _sgd_epoch,
    _train,
)

__all__ = ["BERNOULLI_NLL", "RELU_PRIME", "SANITY_CHECKS", "SEARCH", "TRAIN_LOGGED",
           "check_bernoulli_nll", "check_relu_prime", "check_sanity_checks", "check_search",
           "check_train_logged"]


def _loss(X, Y, weights, biases, *, log=np.log, mean=True, output_softmax=True):
    """The mean categorical cross-entropy of the network on (X, Y)."""
    P = (_probabilities(X, weights, biases) if output_softmax
         else _forward(X, weights, biases)[1][-1])
    per_record = -np.sum(Y * log(P), axis=1)
    return per_record.mean() if mean else per_record.sum()


def _accuracy(X, Y, weights, biases, *, count=False):
    right = np.sum(np.argmax(_probabilities(X, weights, biases), axis=1) == np.argmax(Y, axis=1))
    return float(right if count else right / len(X))


def _blobs(n, n_in, n_out, seed):
    """n records of n_out noisy clusters in n_in dimensions, one-hot targets."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 1.5, (n_out, n_in))
    labels = rng.integers(0, n_out, n)
    return centres[labels] + rng.normal(0, 1.0, (n, n_in)), np.eye(n_out)[labels]


# ---------------------------------------------------------------------------------------
# ex9.7 the sanity checks

def _sanity_checks(X, Y, sizes, epochs, lr, batch_size, seed, *, log=np.log, mean=True,
                   overfit_all=False, score_all=False, before=False, output_softmax=True):
    """(loss of the untrained network on X, Y; training accuracy after overfitting the first
    20 records). Each keyword, away from its default, is one typical mistake."""
    weights, biases = _init_network(sizes, np.random.default_rng(seed))
    initial = _loss(X, Y, weights, biases, log=log, mean=mean, output_softmax=output_softmax)
    few = slice(None) if overfit_all else slice(0, 20)
    weights, biases = ((weights, biases) if before
                       else _train(X[few], Y[few], sizes, epochs, lr, batch_size, seed))
    scored = slice(None) if score_all else slice(0, 20)
    return float(initial), _accuracy(X[scored], Y[scored], weights, biases)


def _sanity_cases() -> list[tuple]:
    cases = []
    for (n, sizes, seed), (epochs, lr, batch_size) in ((((30, (4, 6, 3), 1)), (30, 2.0, 5)),
                                                       (((26, (3, 5, 4), 2)), (40, 2.0, 4))):
        X, Y = _blobs(n, sizes[0], sizes[-1], seed)
        cases.append((X, Y, sizes, epochs, lr, batch_size, seed))
    return cases


SANITY_CHECKS = Exercise(
    "ex9.7", "sanity_checks",
    reference=_sanity_checks,
    cases=_sanity_cases(),
    mistakes=[
        Mistake("summed-loss", partial(_sanity_checks, mean=False),
                "the initial loss is summed over the records; the loss is their mean (ln K "
                "for K classes, whatever the number of records)."),
        Mistake("log10", partial(_sanity_checks, log=np.log10),
                "the initial loss uses log10; cross-entropy uses the natural logarithm, ln."),
        Mistake("no-minus", lambda *case: (-_sanity_checks(*case)[0], _sanity_checks(*case)[1]),
                "the initial loss is negative: the minus sign of −Σ y ln p is missing."),
        Mistake("overfit-on-all", partial(_sanity_checks, overfit_all=True),
                "the network is trained on every record; the sanity check trains on the first "
                "20 only, so that a working network must learn them all."),
        Mistake("scored-on-all", partial(_sanity_checks, score_all=True),
                "the accuracy is measured on every record; it is the accuracy on the 20 "
                "records the network was trained on."),
        Mistake("scored-before-training", partial(_sanity_checks, before=True),
                "the accuracy is that of the untrained network: train on the 20 records first."),
        Mistake("sigmoid-output", partial(_sanity_checks, output_softmax=False),
                "the initial loss is computed on sigmoid outputs, chapter 6's default: call "
                "forward with output=softmax."),
    ],
    outputs=("initial_loss", "overfit_accuracy"),
)


def check_sanity_checks(sanity_checks: Callable) -> None:
    """ex9.7: sanity_checks(X, Y, sizes, epochs, lr, batch_size, seed) -> (initial_loss,
    overfit_accuracy): the mean cross-entropy on (X, Y) of init_network(sizes,
    default_rng(seed)), and the training accuracy of train(X[:20], Y[:20], ...) on them."""
    SANITY_CHECKS.check(sanity_checks)


# ---------------------------------------------------------------------------------------
# ex9.8 training with a log per epoch

def _train_logged(X, Y, X_val, Y_val, sizes, epochs, lr, batch_size, seed, *, before=False,
                  running=False, with_val=False, mean=True, count=False):
    """(weights, biases, log): log row e holds, after epoch e + 1, the training loss and
    accuracy and the validation loss and accuracy. Each keyword, away from its default, is
    one typical mistake."""
    rng = np.random.default_rng(seed)
    weights, biases = _init_network(sizes, rng)
    X_fit, Y_fit = (np.vstack([X, X_val]), np.vstack([Y, Y_val])) if with_val else (X, Y)
    rows = []
    for _ in range(epochs):
        new = _sgd_epoch(X_fit, Y_fit, weights, biases, _backward_lists, lr, batch_size, rng)
        if not before:
            weights, biases = new
        rows.append([_loss(X, Y, weights, biases, mean=mean),
                     _accuracy(X, Y, weights, biases, count=count),
                     _loss(X_val, Y_val, weights, biases, mean=mean),
                     _accuracy(X_val, Y_val, weights, biases, count=count)])
        if before:
            weights, biases = new
    log = np.array(rows)
    if running:
        log[:, [0, 2]] = np.cumsum(log[:, [0, 2]], axis=0)
    return tuple(weights), tuple(biases), log


def _logged_cases() -> list[tuple]:
    cases = []
    for sizes, n, epochs, lr, batch_size, seed in (((4, 5, 3), 18, 4, 1.0, 4, 3),
                                                     ((3, 4, 4, 2), 12, 3, 2.0, 5, 4)):
        X, Y = _blobs(n + 8, sizes[0], sizes[-1], 50 + seed)
        cases.append((X[:n], Y[:n], X[n:], Y[n:], sizes, epochs, lr, batch_size, seed))
    return cases


TRAIN_LOGGED = Exercise(
    "ex9.8", "train_logged",
    reference=_train_logged,
    cases=_logged_cases(),
    mistakes=[
        Mistake("logged-before-epoch", partial(_train_logged, before=True),
                "each row is logged before its epoch's training: the first row is the untrained "
                "network and the last epoch is never logged."),
        Mistake("loss-not-reset", partial(_train_logged, running=True),
                "the losses are running totals over the epochs: start each epoch's loss afresh."),
        Mistake("trained-on-validation", partial(_train_logged, with_val=True),
                "the network is trained on the validation records too; they only measure it."),
        Mistake("summed-loss", partial(_train_logged, mean=False),
                "the losses are sums over the records; log their mean, as the training "
                "minimises it."),
        Mistake("accuracy-as-count", partial(_train_logged, count=True),
                "the accuracies are counts of right answers; log the fraction right."),
    ],
    outputs=("weights", "biases", "log"),
)


def check_train_logged(train_logged: Callable) -> None:
    """ex9.8: train_logged(X, Y, X_val, Y_val, sizes, epochs, lr, batch_size, seed) ->
    (weights, biases, log): train's run, and log (epochs, 4), row e after epoch e + 1:
    training loss, training accuracy, validation loss, validation accuracy."""
    TRAIN_LOGGED.check(train_logged)


# ---------------------------------------------------------------------------------------
# ex9.9 a search over settings, chosen on the validation set

def _search(X_train, Y_train, X_val, Y_val, settings, epochs, batch_size, seed, *,
            on_train=False, with_val=False, lowest=False, count=False, last=False):
    """(best setting, validation accuracy of each setting): one network per (lr, hidden),
    trained on the training set only. Each keyword, away from its default, is one typical
    mistake."""
    X_fit, Y_fit = ((np.vstack([X_train, X_val]), np.vstack([Y_train, Y_val])) if with_val
                    else (X_train, Y_train))
    X_score, Y_score = (X_train, Y_train) if on_train else (X_val, Y_val)
    scores = []
    for lr, hidden in settings:
        sizes = (X_train.shape[1], hidden, Y_train.shape[1])
        weights, biases = _train(X_fit, Y_fit, sizes, epochs, lr, batch_size, seed)
        scores.append(_accuracy(X_score, Y_score, weights, biases, count=count))
    pick = np.argmin if lowest else np.argmax
    best = settings[len(scores) - 1 - int(pick(scores[::-1])) if last else int(pick(scores))]
    return tuple(best), tuple(scores)


def _search_cases() -> list[tuple]:
    cases = []
    for n_train, n_in, n_out, seed, settings in (
            (24, 4, 3, 5, [(0.1, 2), (2.0, 2), (2.0, 6)]),
            (20, 3, 4, 6, [(0.5, 4), (0.05, 3), (4.0, 5), (1.0, 2)])):
        X, Y = _blobs(n_train + 12, n_in, n_out, 60 + seed)
        cases.append((X[:n_train], Y[:n_train], X[n_train:], Y[n_train:], settings, 3, 4,
                      seed))
    return cases


_TEST_NAMES = ("X_test", "Y_test", "y_test")
_READS_TEST = ("your search reads the test set (X_test, Y_test or y_test): choose on the "
               "validation set only; the test set is used once, at the very end.")


class TestSetRead(Exception):
    """Raised by the poisoned test set when anything reads it."""


class _Poisoned(np.ndarray):
    """An array that raises TestSetRead whenever it is used."""

    def _read(self, *args, **kwargs):
        raise TestSetRead("the search read the test set, which the check had hidden")

    __array_ufunc__ = __array_function__ = __getitem__ = __len__ = __iter__ = _read
    __float__ = __array__ = _read


def _reads_test_set(source) -> str | None:
    """The learner's search, or a function of theirs it calls, names the test set."""
    for text in (source.text, *(text for _, text in source.helpers)):
        try:
            tree = ast.parse(textwrap.dedent(text or ""))
        except SyntaxError:
            continue
        if any(isinstance(n, ast.Name) and n.id in _TEST_NAMES for n in ast.walk(tree)):
            return _READS_TEST
    return None


@contextmanager
def _test_set_hidden(function: Callable):
    """Poison X_test, Y_test and y_test in the namespace ``function`` was defined in (the
    learner's notebook) while the check runs; put back what was there afterwards."""
    namespace = getattr(function, "__globals__", None)
    if not isinstance(namespace, dict):
        yield
        return
    saved = {name: namespace[name] for name in _TEST_NAMES if name in namespace}
    namespace.update({name: np.zeros((2, 2)).view(_Poisoned) for name in _TEST_NAMES})
    try:
        yield
    finally:
        for name in _TEST_NAMES:
            namespace.pop(name, None)
        namespace.update(saved)


_SEARCH_CASES = _search_cases()

SEARCH = Exercise(
    "ex9.9", "search",
    reference=_search,
    cases=_SEARCH_CASES,
    mistakes=[
        Mistake("chosen-on-training", partial(_search, on_train=True),
                "the accuracies are measured on the training set; choose on the validation set, "
                "which the networks never trained on."),
        Mistake("trained-on-validation", partial(_search, with_val=True),
                "the networks are trained on the validation records too, so their validation "
                "accuracy is no longer a fair measure; train on the training set only."),
        Mistake("lowest-chosen", partial(_search, lowest=True),
                "the setting chosen has the lowest validation accuracy; take the highest."),
        Mistake("last-on-a-tie", partial(_search, last=True),
                "on a tie the last of the best settings is chosen; take the first (as np.argmax "
                "does)."),
        Mistake("accuracy-as-count", partial(_search, count=True),
                "the accuracies are counts of right answers; return the fraction right."),
    ],
    outputs=("best", "accuracies"),
    structure=_reads_test_set,
)


def check_search(search: Callable) -> None:
    """ex9.9: search(X_train, Y_train, X_val, Y_val, settings, epochs, batch_size, seed) ->
    (best, accuracies): for each (lr, hidden) in settings, train (n_in, hidden, n_out) on the
    training set, its validation accuracy; best is the setting of the highest (the first on a
    tie). The test set is never read: it is poisoned while the check runs, and a search that
    names it is told so."""
    with _test_set_hidden(search):
        SEARCH.check(search)



# ---------------------------------------------------------------------------------------
# ex9.10 the ReLU's slope (derive), against finite differences

def _relu(Z):
    return np.maximum(Z, 0.0)


def _relu_prime(Z):
    """The slope of max(0, z) at every entry of Z, by centred differences (no entry of the
    cases is near the kink at 0): any correct derivation agrees with it."""
    return numerical_gradient(lambda Z_: float(np.sum(_relu(Z_))), Z)


def _relu_cases() -> list[tuple]:
    cases = []
    for shape, seed in (((3, 4), 70), ((2, 3), 71), ((5,), 72)):
        Z = np.random.default_rng(seed).normal(0, 1, shape)
        Z[np.abs(Z) < 0.05] = 0.5  # no kink inside a finite difference's step
        cases.append((Z,))
    return cases


RELU_PRIME = Exercise(
    "ex9.10", "relu_prime",
    reference=_relu_prime,
    cases=_relu_cases(),
    mistakes=[
        Mistake("activation-for-slope", _relu,
                "this is max(0, Z), the activation itself; its slope is what you need."),
        Mistake("sigmoid-slope", sigmoid_prime,
                "this is the sigmoid's slope σ(Z)(1 − σ(Z)); work out the slope of max(0, z) on "
                "each side of 0."),
        Mistake("slope-reversed", lambda Z: (Z < 0).astype(float),
                "the slope is 1 where Z < 0 and 0 where Z > 0: the other way round."),
        Mistake("slope-everywhere-1", np.ones_like,
                "the slope is 1 everywhere, the slope of z itself; where z < 0 the ReLU is flat."),
    ],
    atol=1e-7,
)


def check_relu_prime(relu_prime: Callable) -> None:
    """ex9.10: relu_prime(Z) for an array Z -> the slope of max(0, z) at each entry, an array
    shaped like Z (1.0 where Z > 0, 0.0 elsewhere), compared with centred differences."""
    RELU_PRIME.check(relu_prime)


# ---------------------------------------------------------------------------------------
# ex9.11 the negative log-likelihood of a Bernoulli model

def _bernoulli_nll(p, y, *, mean=False, sign=1.0, ones_only=False):
    """−ln Π p^y (1 − p)^(1 − y) over the records. Each keyword, away from its default, is
    one typical mistake."""
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    log_likelihood = y * np.log(p) + (0.0 if ones_only else (1 - y) * np.log(1 - p))
    total = log_likelihood.mean() if mean else log_likelihood.sum()
    return float(-sign * total)


def _nll_cases() -> list[tuple]:
    rng = np.random.default_rng(80)
    cases = [(np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 0.0]))]
    for m in (5, 8):
        cases.append((rng.uniform(0.05, 0.95, m), rng.integers(0, 2, m).astype(float)))
    return cases


BERNOULLI_NLL = Exercise(
    "ex9.11", "bernoulli_nll",
    reference=_bernoulli_nll,
    cases=_nll_cases(),
    mistakes=[
        Mistake("mean-not-sum", partial(_bernoulli_nll, mean=True),
                "this is the mean over the records; the likelihood multiplies the records' "
                "probabilities, so its −ln is a sum."),
        Mistake("no-minus", partial(_bernoulli_nll, sign=-1.0),
                "this is the log-likelihood itself; the negative log-likelihood has a minus sign."),
        Mistake("ones-only", partial(_bernoulli_nll, ones_only=True),
                "only the records with y = 1 count: a record with y = 0 has probability 1 − p, "
                "and its −ln(1 − p) belongs in the sum too."),
        Mistake("likelihood-itself", lambda p, y: float(np.prod(np.where(np.asarray(y) == 1, p,
                                                                         1 - np.asarray(p)))),
                "this is the likelihood, the product itself; return −ln of it."),
    ],
)


def check_bernoulli_nll(bernoulli_nll: Callable) -> None:
    """ex9.11: bernoulli_nll(p, y) for probabilities p (m,) of y = 1 and labels y (m,) of 0s
    and 1s -> −ln Π p^y (1 − p)^(1 − y), one number."""
    BERNOULLI_NLL.check(bernoulli_nll)
