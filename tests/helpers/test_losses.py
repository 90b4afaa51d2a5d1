import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import (
    binary_cross_entropy,
    binary_cross_entropy_prime,
    categorical_cross_entropy,
    categorical_cross_entropy_prime,
    mse,
    mse_prime,
    numerical_gradient,
    relative_error,
    sse,
    sse_prime,
)

y = np.array([1.0, 0.0, 1.0, 0.5])
y_hat = np.array([0.8, 0.3, 0.6, 0.5])


def test_conventions():
    assert sse(y, y_hat) == pytest.approx(0.5 * (0.04 + 0.09 + 0.16))
    assert mse(y, y_hat) == pytest.approx(sse(y, y_hat) / 4)
    assert sse(0.2, 0.5174928577) == pytest.approx(0.5 * 0.3174928577**2)


def test_mse_of_a_column_of_records_divides_by_records():
    col, col_hat = y[:, None], y_hat[:, None]
    assert mse(col, col_hat) == pytest.approx(mse(y, y_hat))


@pytest.mark.parametrize("loss, prime", [(sse, sse_prime), (mse, mse_prime),
                                         (binary_cross_entropy, binary_cross_entropy_prime)])
def test_derivatives_match_finite_differences(loss, prime):
    numeric = numerical_gradient(lambda p: loss(y, p), y_hat)
    assert relative_error(prime(y, y_hat), numeric) < 1e-7


def test_cross_entropy_values():
    assert binary_cross_entropy([1.0], [0.8]) == pytest.approx(-np.log(0.8))
    assert binary_cross_entropy([0.0, 1.0], [0.1, 0.9]) == pytest.approx(-np.log(0.9))


def test_cross_entropy_finite_at_zero_and_one():
    assert binary_cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    worst = binary_cross_entropy([1.0, 0.0], [0.0, 1.0])
    assert np.isfinite(worst) and worst > 30
    grad = binary_cross_entropy_prime([1.0, 0.0, 0.5], [0.0, 1.0, 1.0])
    assert np.all(np.isfinite(grad))


probs = arrays(np.float64, 5, elements=st.floats(0.0, 1.0))


@given(probs, probs)
def test_losses_non_negative(a, b):
    assert sse(a, b) >= 0 and mse(a, b) >= 0
    assert binary_cross_entropy(np.round(a), b) >= 0


@given(probs)
def test_zero_at_perfect_prediction(a):
    assert sse(a, a) == 0 and mse(a, a) == 0
    assert np.all(sse_prime(a, a) == 0)
    targets = np.round(a)
    assert binary_cross_entropy(targets, targets) == 0.0


@pytest.mark.parametrize("fn", [sse, sse_prime, mse, mse_prime])
def test_shape_mismatch_names_both(fn):
    with pytest.raises(ValueError, match=r"y and y_hat: expected the same shape, got \(4,\) and \(4, 1\)"):
        fn(y, y_hat[:, None])


@pytest.mark.parametrize("fn", [binary_cross_entropy, binary_cross_entropy_prime])
def test_cross_entropy_rejects_out_of_range(fn):
    with pytest.raises(ValueError, match=r"^p: expected values in \[0.0, 1.0\], got min -0.1"):
        fn([1.0, 0.0], [-0.1, 0.5])
    with pytest.raises(ValueError, match=r"^y: expected values in \[0.0, 1.0\], got min 0 and max 2"):
        fn([2.0, 0.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="y and p: expected the same shape"):
        fn([1.0], [0.5, 0.5])


@pytest.mark.parametrize("fn", [sse, mse, binary_cross_entropy])
def test_nan_wrong_type_and_empty(fn):
    with pytest.raises(ValueError, match="NaN"):
        fn([1.0, 0.0], [np.nan, 0.5])
    with pytest.raises(TypeError, match="^y: expected"):
        fn("1,0", [0.5, 0.5])
    with pytest.raises(ValueError, match="at least one record"):
        fn([], [])


def test_categorical_cross_entropy_derivative_and_softmax_shortcut():
    from helpers import softmax
    y3 = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    p3 = np.array([[0.7, 0.2, 0.1], [0.3, 0.3, 0.4]])
    numeric = numerical_gradient(lambda p: categorical_cross_entropy(y3, p), p3)
    assert relative_error(categorical_cross_entropy_prime(y3, p3), numeric) < 1e-7
    # through a softmax the chain rule collapses to (p - y)/m
    z = np.array([[0.5, -1.0, 2.0], [0.0, 0.3, -0.2]])
    numeric = numerical_gradient(lambda v: categorical_cross_entropy(y3, softmax(v)), z)
    assert relative_error((softmax(z) - y3) / 2, numeric) < 1e-7
    assert np.all(np.isfinite(categorical_cross_entropy_prime(y3, np.zeros((2, 3)))))
