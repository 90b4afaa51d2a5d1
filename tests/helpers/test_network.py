"""helpers.network: gradients against finite differences, dtypes, seeding, validation,
training, and no warning or silent result on any finite input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import binary_cross_entropy, mse, numerical_gradient, relative_error
from helpers.activations import softmax
from helpers.losses import categorical_cross_entropy
from helpers.network import Network

COMBOS = [("sigmoid", "mse"), ("sigmoid", "bce"), ("softmax", "mse"), ("softmax", "cce")]


def _data(output: str, loss: str, n: int = 9, d: int = 4, k: int = 3, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    if output == "softmax":
        Y = np.eye(k)[rng.integers(0, k, n)]
    else:
        Y = rng.uniform(0, 1, (n, k))  # soft targets exercise every term of the loss
    return X, Y


def _numerical(net: Network, params: list[np.ndarray], X, Y) -> list[np.ndarray]:
    grads = []
    for p in params:
        def f(value, p=p):
            old = p.copy()
            p[...] = value
            try:
                return net.loss(X, Y)
            finally:
                p[...] = old
        grads.append(numerical_gradient(f, p))
    return grads


@pytest.mark.parametrize(("output", "loss"), COMBOS)
def test_gradients_match_finite_differences_in_every_layer(output, loss):
    net = Network((4, 5, 6, 3), output=output, loss=loss, seed=1)
    X, Y = _data(output, loss)
    nabla_w, nabla_b = net.gradients(X, Y)
    numeric_w, numeric_b = _numerical(net, net.weights, X, Y), _numerical(net, net.biases, X, Y)
    for i, (analytic, numeric) in enumerate(zip(nabla_w, numeric_w, strict=True)):
        assert analytic.shape == net.weights[i].shape
        assert relative_error(analytic, numeric) < 1e-4, f"W^{i + 1}"
    for i, (analytic, numeric) in enumerate(zip(nabla_b, numeric_b, strict=True)):
        assert analytic.shape == net.biases[i].shape
        assert relative_error(analytic, numeric) < 1e-4, f"b^{i + 1}"


@pytest.mark.parametrize("loss", ["mse", "bce"])
def test_gradients_with_a_single_sigmoid_output_and_1d_targets(loss):
    net = Network((3, 4, 1), output="sigmoid", loss=loss, seed=2)
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((8, 3)), rng.integers(0, 2, 8).astype(float)
    nabla_w, _ = net.gradients(X, y)
    for analytic, numeric in zip(nabla_w, _numerical(net, net.weights, X, y), strict=True):
        assert relative_error(analytic, numeric) < 1e-4


@pytest.mark.parametrize(("output", "loss", "reference"),
                         [("sigmoid", "mse", mse), ("sigmoid", "bce", binary_cross_entropy),
                          ("softmax", "mse", mse), ("softmax", "cce", categorical_cross_entropy)])
def test_loss_agrees_with_the_loss_helpers(output, loss, reference):
    net = Network((4, 5, 3), output=output, loss=loss, seed=4)
    X, Y = _data(output, loss)
    assert net.loss(X, Y) == pytest.approx(reference(Y, net.forward(X)), rel=1e-10)


def test_forward_matches_the_equations_of_the_chapters():
    net = Network((4, 5, 3), output="softmax", loss="cce", seed=5)
    X, _ = _data("softmax", "cce")
    from helpers import sigmoid
    hidden = sigmoid(X @ net.weights[0].T + net.biases[0])  # W^l of shape (n_out, n_in)
    np.testing.assert_allclose(net.forward(X), softmax(hidden @ net.weights[1].T + net.biases[1]))


def test_cross_entropy_stays_finite_when_the_network_is_very_sure_and_wrong():
    for output, loss in [("softmax", "cce"), ("sigmoid", "bce")]:
        net = Network((2, 3, 2), output=output, loss=loss, seed=0)
        net.weights[-1][...] = [[800.0] * 3, [-800.0] * 3]
        X = np.ones((2, 2))
        Y = np.array([[0.0, 1.0], [0.0, 1.0]])
        value = net.loss(X, Y)  # RuntimeWarnings are errors in this suite
        assert np.isfinite(value) and value > 100
        nabla_w, _ = net.gradients(X, Y)
        assert all(np.all(np.isfinite(g)) for g in nabla_w)


def test_float32_mode_keeps_float32_everywhere():
    net = Network((4, 6, 3), seed=0, dtype=np.float32)
    X, Y = _data("softmax", "cce", n=50)  # float64 input is converted once, on entry
    history = net.fit(X, Y, epochs=3, lr=0.5, batch_size=16, validation=(X, Y))
    assert all(W.dtype == np.float32 for W in net.weights + net.biases)
    assert net.forward(X).dtype == np.float32
    nabla_w, nabla_b = net.gradients(X, Y)
    assert all(g.dtype == np.float32 for g in nabla_w + nabla_b)
    assert all(np.isfinite(v) for v in history["loss"])


def test_float32_and_float64_agree_closely():
    X, Y = _data("softmax", "cce", n=40)
    a = Network((4, 6, 3), seed=7, dtype=np.float32)
    b = Network((4, 6, 3), seed=7)
    a.fit(X, Y, epochs=2, lr=0.3, batch_size=8)
    b.fit(X, Y, epochs=2, lr=0.3, batch_size=8)
    np.testing.assert_allclose(a.forward(X), b.forward(X), atol=1e-5)


def test_the_same_seed_gives_the_same_network_and_the_same_training():
    X, Y = _data("softmax", "cce", n=30)
    runs = []
    for _ in range(2):
        net = Network((4, 5, 3), seed=11)
        runs.append((net, net.fit(X, Y, epochs=4, lr=0.5, batch_size=7)))
    (a, ha), (b, hb) = runs
    assert ha == hb
    for Wa, Wb in zip(a.weights + a.biases, b.weights + b.biases, strict=True):
        np.testing.assert_array_equal(Wa, Wb)
    other = Network((4, 5, 3), seed=12)
    assert not np.array_equal(other.weights[0], Network((4, 5, 3), seed=11).weights[0])


def test_initial_weights_have_the_taught_scale():
    net = Network((400, 300, 10), seed=0)
    assert net.weights[0].shape == (300, 400) and net.biases[0].shape == (300,)
    assert net.weights[0].std() == pytest.approx(1 / np.sqrt(400), rel=0.02)
    assert not net.biases[0].any()


def test_training_reduces_the_loss_on_a_small_problem():
    rng = np.random.default_rng(0)
    centres = np.array([[2.0, 0.0], [-2.0, 1.0], [0.0, -2.0]])
    labels = rng.integers(0, 3, 300)
    X = centres[labels] + 0.5 * rng.standard_normal((300, 2))
    Y = np.eye(3)[labels]
    net = Network((2, 8, 3), seed=0)
    before = net.loss(X, Y)
    history = net.fit(X, Y, epochs=30, lr=1.0, batch_size=20)
    assert history["loss"][-1] < 0.3 * before
    assert history["accuracy"][-1] > 0.95
    assert net.accuracy(X, Y) == history["accuracy"][-1]
    assert (net.predict(X) == labels).mean() == history["accuracy"][-1]


def test_sigmoid_network_learns_xor():
    X = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
    y = np.array([0.0, 1, 1, 0])
    net = Network((2, 4, 1), output="sigmoid", loss="bce", seed=3)
    net.fit(X, y, epochs=3000, lr=2.0, batch_size=4)
    assert list(net.predict(X)) == [0, 1, 1, 0]


def test_the_last_batch_may_be_smaller_and_a_batch_may_exceed_the_data():
    X, Y = _data("softmax", "cce", n=10)
    for batch_size in (3, 10, 64):
        net = Network((4, 5, 3), seed=0)
        net.train_epoch(X, Y, lr=0.1, batch_size=batch_size)
        assert all(np.all(np.isfinite(W)) for W in net.weights)


def test_one_full_batch_epoch_is_one_gradient_step():
    X, Y = _data("softmax", "cce", n=12)
    net = Network((4, 5, 3), seed=0)
    nabla_w, nabla_b = net.gradients(X, Y)
    expected = [W - 0.1 * g for W, g in zip(net.weights, nabla_w, strict=True)]
    expected_b = [b - 0.1 * g for b, g in zip(net.biases, nabla_b, strict=True)]
    net.train_epoch(X, Y, lr=0.1, batch_size=12)  # order of records does not matter here
    for W, e in zip(net.weights + net.biases, expected + expected_b, strict=True):
        np.testing.assert_allclose(W, e, rtol=1e-12, atol=1e-14)


def test_gradients_leave_the_weights_alone():
    X, Y = _data("softmax", "cce")
    net = Network((4, 5, 3), seed=0)
    before = [W.copy() for W in net.weights]
    net.gradients(X, Y)
    for W, b in zip(net.weights, before, strict=True):
        np.testing.assert_array_equal(W, b)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"sizes": (4,)}, "sizes"), ({"sizes": (4, 0, 3)}, "sizes"), ({"sizes": "43"}, "sizes"),
    ({"sizes": (4, 2.5, 3)}, "sizes"), ({"output": "relu"}, "output"),
    ({"loss": "hinge"}, "loss"), ({"loss": "bce"}, "loss"),
    ({"output": "sigmoid", "loss": "cce"}, "loss"),
    ({"sizes": (4, 1), "output": "softmax"}, "sizes"),
    ({"seed": -1}, "seed"), ({"seed": 1.5}, "seed"), ({"dtype": np.int64}, "dtype"),
    ({"dtype": "nonsense"}, "dtype"),
])
def test_bad_construction_names_the_argument(kwargs, name):
    args = {"sizes": (4, 5, 3), "output": "softmax", "loss": "cce", "seed": 0} | kwargs
    with pytest.raises((TypeError, ValueError), match=f"^{name}:"):
        Network(**args)


def test_bad_data_and_settings_name_the_argument():
    net = Network((4, 5, 3), seed=0)
    X, Y = _data("softmax", "cce")
    bad_x = X.copy()
    bad_x[2, 1] = np.nan
    cases = [
        (lambda: net.forward(X[:, :3]), "X", "shape"),
        (lambda: net.forward(X[0]), "X", "2-D"),
        (lambda: net.forward("data"), "X", "array of numbers"),
        (lambda: net.forward(bad_x), "X", "finite"),
        (lambda: net.forward(np.empty((0, 4))), "X", "at least one record"),
        (lambda: net.loss(X, Y[:5]), "Y", "shape"),
        (lambda: net.loss(X, Y * 0.5), "Y", "sum to 1"),
        (lambda: net.loss(X, Y * 2), "Y", r"\[0, 1\]"),
        (lambda: net.train_epoch(X, Y, lr=0), "lr", "positive"),
        (lambda: net.train_epoch(X, Y, lr="fast"), "lr", "positive"),
        (lambda: net.train_epoch(X, Y, lr=0.1, batch_size=0), "batch_size", "positive"),
        (lambda: net.train_epoch(X, Y, lr=0.1, batch_size=2.0), "batch_size", "whole"),
        (lambda: net.fit(X, Y, epochs=0, lr=0.1), "epochs", "positive"),
        (lambda: net.fit(X, Y, epochs=1, lr=0.1, validation=X), "validation", "pair"),
        (lambda: net.fit(X, Y, epochs=1, lr=0.1, validation=(X, Y[:, :2])), "Y_val", "shape"),
    ]
    for call, name, words in cases:
        with pytest.raises((TypeError, ValueError), match=f"^{name}:.*{words}"):
            call()


def test_binary_cross_entropy_targets_must_lie_in_0_1():
    net = Network((2, 3, 1), output="sigmoid", loss="bce", seed=0)
    with pytest.raises(ValueError, match=r"^Y:.*\[0, 1\]"):
        net.loss(np.zeros((2, 2)), np.array([0.0, 2.0]))


def test_the_losses_are_the_loss_objects():
    from helpers.losses import MSE, BinaryCrossEntropy, CategoricalCrossEntropy
    assert Network((2, 3, 2)).cost is CategoricalCrossEntropy
    assert Network((2, 3, 1), output="sigmoid", loss="bce").cost is BinaryCrossEntropy
    assert Network((2, 3, 1), output="sigmoid", loss="mse").cost is MSE


def test_cce_targets_must_sum_to_one_within_1e6():
    """rows summing to 1 ± 1e-3 were accepted, although δ = (A − Y)/N is then up to 5 % off"""
    net = Network((4, 5, 3), seed=0)
    X, Y = _data("softmax", "cce")
    off = Y.copy()
    off[4] = [0.5, 0.5005, 0.0]
    with pytest.raises(ValueError, match=r"^Y: expected every row to sum to 1 \(one-hot or a "
                                         r"probability distribution, within 1e-06\), row 4 sums "
                                         r"to 1.0005$"):
        net.gradients(X, off)
    near = Y.copy()
    near[4] = [0.5, 0.5000005, 0.0]  # within 1e-6: far above float64 round-off
    net.gradients(X, near)


def test_float32_network_gives_errors_not_warnings_on_huge_finite_inputs():
    net = Network((4, 5, 3), seed=0, dtype=np.float32)
    X, Y = _data("softmax", "cce")
    with pytest.raises(ValueError, match=r"^X: expected numbers within ±3.4e\+38 \(the range of "
                                         r"float32\), got np.float64\(1e\+300\) at index \(0, 0\)$"):
        net.forward(np.full((2, 4), 1e300))
    with pytest.raises(ValueError, match=r"^X: expected inputs and weights whose weighted sums "
                                         r"fit in float32, got Z\^1 overflowing"):
        net.loss(np.full((9, 4), 3e38, dtype=np.float32), Y)
    big = np.full((9, 4), 1e30, dtype=np.float32)  # huge, but Z fits: a number, no warning
    assert np.isfinite(net.loss(big, Y))
    assert np.all(np.isfinite(net.gradients(big, Y)[0][0]))


def test_weighted_sums_beyond_float64_are_an_error_not_a_warning():
    net = Network((4, 5, 1), output="sigmoid", loss="mse", seed=0)
    with pytest.raises(ValueError, match=r"^X: expected inputs and weights whose weighted sums "
                                         r"fit in float64, got Z\^1 overflowing \(scale the "
                                         r"inputs, or lower the learning rate if training "
                                         r"diverged\)$"):
        net.forward(np.full((2, 4), 1.7e308))


@settings(max_examples=25, deadline=None)
@given(X=arrays(np.float64, (3, 2), elements=st.floats(-1e30, 1e30)),
       dtype=st.sampled_from([np.float32, np.float64]))
def test_finite_inputs_give_finite_outputs_without_warnings(X, dtype):
    for output, loss in COMBOS:
        net = Network((2, 3, 2), output=output, loss=loss, seed=0, dtype=dtype)
        Y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
        assert np.isfinite(net.loss(X, Y))
        assert all(np.all(np.isfinite(g)) for g in sum(net.gradients(X, Y), []))
        assert np.all((net.forward(X) >= 0) & (net.forward(X) <= 1))


def test_check_gradients_takes_a_network():
    from helpers.gradcheck import check_gradients
    net = Network((4, 5, 3), seed=1)
    X, Y = _data("softmax", "cce")
    results = check_gradients(net, X, Y)
    assert [r.name for r in results] == ["W1", "b1", "W2", "b2"]
    assert all(r.max_rel_error < 1e-6 for r in results)
    assert net.weights[0].shape == (5, 4)  # put back after the check
