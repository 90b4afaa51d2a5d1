"""helpers.net_nout_nin, the (n_out, n_in) networks of chapters 6-8: shapes, agreement with
finite differences, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import numerical_gradient
from helpers.net_nout_nin import backward, forward, init_params, mean_loss


def test_init_shapes_and_draw_order():
    weights, biases = init_params([2, 3, 3, 1], np.random.default_rng(0))
    assert [W.shape for W in weights] == [(3, 2), (3, 3), (1, 3)]
    assert [b.shape for b in biases] == [(3,), (3,), (1,)]
    first = np.random.default_rng(0).standard_normal((3, 2))
    np.testing.assert_array_equal(weights[0], first)


def test_forward_shapes():
    weights, biases = init_params([2, 2, 1], np.random.default_rng(1))
    zs, hs = forward(weights, biases, np.ones((5, 2)))
    assert [z.shape for z in zs] == [(5, 2), (5, 1)]
    assert [h.shape for h in hs] == [(5, 2), (5, 2), (5, 1)]


@settings(max_examples=15, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
       m=st.integers(1, 5), seed=st.integers(0, 1000), loss=st.sampled_from(["mse", "bce"]))
def test_backward_matches_finite_differences(sizes, m, seed, loss):
    rng = np.random.default_rng(seed)
    weights, biases = init_params(sizes, rng)
    X = rng.standard_normal((m, sizes[0]))
    y = rng.integers(0, 2, (m, sizes[-1])).astype(float)
    nabla_w, nabla_b = backward(weights, biases, X, y, loss)
    for i in range(len(weights)):
        def f_w(W, i=i):
            return mean_loss([*weights[:i], W, *weights[i + 1:]], biases, X, y, loss)

        def f_b(b, i=i):
            return mean_loss(weights, [*biases[:i], b, *biases[i + 1:]], X, y, loss)
        np.testing.assert_allclose(nabla_w[i], numerical_gradient(f_w, weights[i], 1e-5),
                                   rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(nabla_b[i], numerical_gradient(f_b, biases[i], 1e-5),
                                   rtol=1e-5, atol=1e-8)


def test_errors_name_the_argument():
    weights, biases = init_params([2, 2, 1], np.random.default_rng(0))
    X, y = np.ones((3, 2)), np.ones((3, 1))
    with pytest.raises(ValueError, match=r"^sizes: expected at least two layers, each a positive integer number of units \(inputs first\), got \[2\]$"):
        init_params([2], np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"^X: expected 2 columns \(inputs\), got shape \(3, 3\)"):
        forward(weights, biases, np.ones((3, 3)))
    with pytest.raises(ValueError, match=r"^biases\[0\]: expected 1 dimension"):
        forward(weights, [np.ones((2, 1)), biases[1]], X)
    with pytest.raises(ValueError, match=r"^biases\[0\]: expected shape \(2,\)"):
        forward(weights, [np.ones(3), biases[1]], X)
    with pytest.raises(ValueError, match=r"^weights\[1\]: expected 2 columns"):
        forward([weights[0], np.ones((1, 3))], biases, X)
    with pytest.raises(ValueError, match="^weights and biases: expected one of each per layer"):
        forward(weights, biases[:1], X)
    with pytest.raises(ValueError, match=r"^y: expected shape \(3, 1\)"):
        backward(weights, biases, X, np.ones(3))
    with pytest.raises(ValueError, match="^loss: expected one of"):
        mean_loss(weights, biases, X, y, loss="hinge")
    with pytest.raises(TypeError, match="^rng: expected np.random.default_rng"):
        init_params([2, 1], 0)
    with pytest.raises(TypeError, match="^weights: expected a list of arrays, one per layer, got ndarray"):
        forward(np.ones((2, 2)), biases, X)
    with pytest.raises(ValueError, match=r"^y: expected values in \[0.0, 1.0\], got min 2 and max 2"):
        backward(weights, biases, X, 2 * y, loss="bce")


def test_the_output_deltas_are_the_loss_objects():
    from helpers.losses import MSE, BinaryCrossEntropy
    from helpers.net_nout_nin import LOSSES
    assert LOSSES == {"mse": MSE, "bce": BinaryCrossEntropy}
