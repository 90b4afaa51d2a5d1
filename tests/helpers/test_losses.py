import numpy as np
import pytest
from hypothesis import given, settings
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
def test_categorical_cross_entropy_values():
    # the chapter 7 quiz: y = (1, 0, 0), p = (0.8, 0.1, 0.1) gives −ln 0.8
    assert categorical_cross_entropy([1, 0, 0], [0.8, 0.1, 0.1]) == pytest.approx(-np.log(0.8))
    assert categorical_cross_entropy([[1, 0], [0, 1]], [[1.0, 0.0], [0.0, 1.0]]) == 0.0
    assert np.isfinite(categorical_cross_entropy([[1, 0]], [[0.0, 1.0]]))
    assert categorical_cross_entropy([[1, 0], [0, 1]], [[0.5, 0.5], [0.5, 0.5]]) == \
        pytest.approx(np.log(2))


def test_categorical_cross_entropy_validation():
    with pytest.raises(ValueError, match="^y and p:"):
        categorical_cross_entropy([[1, 0]], [[0.5, 0.25, 0.25]])
    with pytest.raises(ValueError, match=r"^p:.*\[0.0, 1.0\]"):
        categorical_cross_entropy([[1, 0]], [[1.5, -0.5]])


# ---- the loss objects -------------------------------------------------------------------

def test_the_functions_are_the_methods_of_the_loss_objects():
    from helpers.losses import MSE, SSE, BinaryCrossEntropy, CategoricalCrossEntropy
    assert (sse, sse_prime, mse, mse_prime) == (SSE.value, SSE.prime, MSE.value, MSE.prime)
    assert binary_cross_entropy is BinaryCrossEntropy.value
    assert categorical_cross_entropy_prime is CategoricalCrossEntropy.prime


def test_each_delta_is_the_derivative_in_z_through_its_output():
    from helpers import sigmoid, softmax
    from helpers.losses import MSE, SSE, BinaryCrossEntropy, CategoricalCrossEntropy
    z = np.array([[0.3, -1.2], [2.0, 0.1], [-0.4, 0.7]])
    t = np.array([[1.0, 0.0], [0.25, 1.0], [0.0, 0.5]])
    for loss in (SSE, MSE, BinaryCrossEntropy):
        numeric = numerical_gradient(lambda v, loss=loss: loss.value(t, sigmoid(v)), z)
        assert relative_error(loss.delta(t, sigmoid(z)), numeric) < 1e-7, loss.__name__
    onehot = np.eye(2)[[0, 1, 1]]
    numeric = numerical_gradient(lambda v: CategoricalCrossEntropy.value(onehot, softmax(v)), z)
    assert relative_error(CategoricalCrossEntropy.delta(onehot, softmax(z)), numeric) < 1e-7


def test_values_from_logits_are_exact_where_probabilities_round_to_0_or_1():
    from helpers import sigmoid, softmax
    from helpers.losses import BinaryCrossEntropy, CategoricalCrossEntropy
    z = np.array([[2.0, -1.0, 0.5]])
    y = np.array([[0.0, 1.0, 0.0]])
    assert CategoricalCrossEntropy.value_from_logits(y, z) == pytest.approx(
        categorical_cross_entropy(y, softmax(z)), rel=1e-12)
    assert BinaryCrossEntropy.value_from_logits(y, z) == pytest.approx(
        binary_cross_entropy(y, sigmoid(z)), rel=1e-12)
    assert CategoricalCrossEntropy.value_from_logits([[0.0, 1.0]], [[0.0, -5000.0]]) == \
        pytest.approx(5000.0)
    assert BinaryCrossEntropy.value_from_logits([1.0], [-5000.0]) == pytest.approx(5000.0)


def test_categorical_cross_entropy_targets_must_sum_to_one():
    for fn in (categorical_cross_entropy, categorical_cross_entropy_prime):
        with pytest.raises(ValueError, match=r"^y: expected every row to sum to 1 \(one-hot or a "
                                             r"probability distribution, within 1e-06\), row 1 "
                                             r"sums to 0.5$"):
            fn([[1.0, 0.0], [0.5, 0.0]], [[0.5, 0.5], [0.5, 0.5]])
    with pytest.raises(ValueError, match=r"^y: .* the row sums to 0.9$"):
        categorical_cross_entropy([0.9, 0.0], [0.5, 0.5])


@pytest.mark.parametrize("fn", [sse, mse])
def test_huge_finite_differences_give_the_number_or_an_error_never_a_warning(fn):
    assert fn([1e153, 0.0], [-1e153, 0.0]) == pytest.approx(2e306 / (2 if fn is mse else 1))
    with pytest.raises(ValueError, match=r"^y and y_hat: expected predictions close enough to "
                                         r"the targets for the squared error to fit in a float "
                                         r"\(at most 1.8e308\), got about 10\^400$"):
        fn([1e200], [-1e200])


def test_primes_of_huge_differences():
    np.testing.assert_allclose(mse_prime([1e308, 0.0], [-1e308, 0.0]), [-1e308, 0.0])
    with pytest.raises(ValueError, match=r"^y and y_hat: expected a difference ŷ − y that fits in "
                                         r"a float \(at most ±1.8e\+308\), got ŷ = -1e\+308 and "
                                         r"y = 1e\+308 at index \(0,\)$"):
        sse_prime([1e308], [-1e308])


def test_cross_entropy_uses_every_probability_as_it_is():
    """p = 1e-300 costs −ln 1e-300 ≈ 690.8 (an EPS of 1e-15 used to cap it at 34.5)"""
    assert binary_cross_entropy([1.0], [1e-300]) == pytest.approx(300 * np.log(10))
    assert categorical_cross_entropy([1.0, 0.0], [1e-300, 1.0]) == pytest.approx(300 * np.log(10))
    # an exact 0 is raised to the smallest normal float: the largest finite answer
    assert binary_cross_entropy([1.0], [0.0]) == pytest.approx(-np.log(np.finfo(float).tiny))
    assert np.all(np.isfinite(binary_cross_entropy_prime([1.0, 0.0], [0.0, 1.0])))


floats = st.floats(-1e300, 1e300, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(arrays(np.float64, 4, elements=floats), arrays(np.float64, 4, elements=floats))
def test_any_finite_inputs_give_a_number_or_a_named_error(a, b):
    for fn in (sse, mse, sse_prime, mse_prime):
        try:
            out = fn(a, b)
        except ValueError as exc:
            assert str(exc).startswith("y and y_hat: expected")
        else:
            assert np.all(np.isfinite(out))


@settings(max_examples=80, deadline=None)
@given(arrays(np.float64, 4, elements=st.floats(0, 1)), arrays(np.float64, 4, elements=st.floats(0, 1)))
def test_cross_entropy_of_any_probabilities_is_finite(y, p):
    assert np.isfinite(binary_cross_entropy(y, p))
    assert np.all(np.isfinite(binary_cross_entropy_prime(y, p)))
