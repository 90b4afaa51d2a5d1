"""benchmarks/fast_network.py: the buffered variant of helpers.network.Network computes the
same training (to rounding) and allocates almost nothing per epoch."""

from __future__ import annotations

import importlib.util
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from helpers.network import Network

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("fast_network",
                                               ROOT / "benchmarks" / "fast_network.py")
fast_network = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fast_network)
FastNetwork = fast_network.FastNetwork

COMBOS = [("sigmoid", "mse"), ("sigmoid", "bce"), ("softmax", "mse"), ("softmax", "cce")]


def _data(output, n=50, d=6, k=3, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)).astype(dtype)
    if output == "softmax":
        Y = np.eye(k, dtype=dtype)[rng.integers(0, k, n)]
    else:
        Y = rng.uniform(0, 1, (n, k)).astype(dtype)
    return X, Y


@pytest.mark.parametrize(("output", "loss"), COMBOS)
def test_one_epoch_gives_the_same_weights(output, loss):
    X, Y = _data(output)
    plain = Network((6, 8, 5, 3), output=output, loss=loss, seed=3)
    fast = FastNetwork((6, 8, 5, 3), output=output, loss=loss, seed=3)
    plain.train_epoch(X, Y, lr=0.5, batch_size=16)  # 50 records: the last batch holds 2
    fast.train_epoch(X, Y, lr=0.5, batch_size=16)
    for a, b in zip(plain.weights + plain.biases, fast.weights + fast.biases, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("output", "loss"), COMBOS)
def test_training_ends_at_the_same_weights_to_1e_9(output, loss):
    X, Y = _data(output, n=120)
    plain = Network((6, 8, 5, 3), output=output, loss=loss, seed=5)
    fast = FastNetwork((6, 8, 5, 3), output=output, loss=loss, seed=5)
    histories = [net.fit(X, Y, epochs=20, lr=0.5, batch_size=16, validation=(X[:30], Y[:30]))
                 for net in (plain, fast)]
    for a, b in zip(plain.weights + plain.biases, fast.weights + fast.biases, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-9)
    assert not np.allclose(plain.weights[0], Network((6, 8, 5, 3), seed=5).weights[0])  # trained
    for key in histories[0]:
        np.testing.assert_allclose(histories[0][key], histories[1][key], rtol=1e-9)


def test_bad_settings_name_the_argument_as_in_network():
    X, Y = _data("softmax")
    net = FastNetwork((6, 4, 3), seed=0)
    for kwargs, name in [({"lr": 0}, "lr"), ({"lr": 0.1, "batch_size": 0}, "batch_size")]:
        with pytest.raises(ValueError, match=f"^{name}: expected a positive"):
            net.train_epoch(X, Y, **kwargs)
    with pytest.raises(ValueError, match="^Y: expected shape"):
        net.train_epoch(X, Y[:5], lr=0.1)


def test_float32_fit_agrees_and_stays_float32():
    X, Y = _data("softmax", n=64, dtype=np.float32)
    plain = Network((6, 8, 3), seed=1, dtype=np.float32)
    fast = FastNetwork((6, 8, 3), seed=1, dtype=np.float32)
    history = [net.fit(X, Y, epochs=3, lr=0.5, batch_size=16) for net in (plain, fast)]
    assert all(W.dtype == np.float32 for W in fast.weights + fast.biases)
    for a, b in zip(plain.weights, fast.weights, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(history[0]["loss"], history[1]["loss"], rtol=1e-4)


def test_gradients_agree():
    X, Y = _data("softmax")
    plain, fast = Network((6, 4, 3), seed=2), FastNetwork((6, 4, 3), seed=2)
    (pw, pb), (fw, fb) = plain.gradients(X, Y), fast.gradients(X, Y)
    for a, b in zip(pw + pb, fw + fb, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_an_epoch_after_the_first_allocates_almost_nothing():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2000, 100))
    Y = np.eye(10)[rng.integers(0, 10, 2000)]
    net = FastNetwork((100, 200, 10), seed=0)
    net.train_epoch(X, Y, lr=0.1, batch_size=200)  # makes the buffers
    tracemalloc.start()
    net.train_epoch(X, Y, lr=0.1, batch_size=200)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # the permutation and the checks of X and Y on entry, a few numbers a record; a single
    # (200, 200) float64 temporary made in a step would already be 320 kB
    assert peak < 6 * 8 * 2000 + 32_000
