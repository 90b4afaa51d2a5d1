import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import numerical_gradient, relative_error, sigmoid, sigmoid_prime, softmax

finite = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)


def test_known_values():
    assert sigmoid(0) == 0.5
    assert sigmoid(0.07) == pytest.approx(0.5174928577, abs=1e-10)
    assert sigmoid_prime(0) == 0.25


def test_scalar_in_float_out_and_shape_kept():
    assert isinstance(sigmoid(1.0), float)
    assert isinstance(sigmoid_prime(np.float32(1.0)), float)
    z = np.arange(6.0).reshape(2, 3)
    assert sigmoid(z).shape == (2, 3)
    assert sigmoid_prime(z).shape == (2, 3)


def test_no_overflow_warning_for_huge_inputs():
    z = np.array([-1e308, -1000.0, -745.0, 0.0, 745.0, 1000.0, 1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s, ds = sigmoid(z), sigmoid_prime(z)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds))
    assert s[0] == 0.0 and s[-1] == 1.0
    assert ds[0] == 0.0 and ds[-1] == 0.0


@given(finite)
def test_sigmoid_stays_in_closed_unit_interval_and_is_symmetric(z):
    s = sigmoid(z)
    assert 0.0 <= s <= 1.0
    assert s + sigmoid(-z) == pytest.approx(1.0, abs=1e-12)


@given(st.floats(min_value=-30, max_value=30))
def test_open_interval_where_representable(z):
    assert 0.0 < sigmoid(z) < 1.0


@given(finite)
def test_slope_between_zero_and_quarter(z):
    assert 0.0 <= sigmoid_prime(z) <= 0.25


def test_sigmoid_prime_matches_finite_differences():
    for z in np.linspace(-6, 6, 25):
        numeric = numerical_gradient(lambda v: sigmoid(v[0]), [z])
        assert relative_error([sigmoid_prime(z)], numeric) < 1e-7


@pytest.mark.parametrize("fn", [sigmoid, sigmoid_prime])
@pytest.mark.parametrize("bad, err, words", [
    ("1.0", TypeError, "got str"),
    (None, TypeError, "got NoneType"),
    (np.array(["a", "b"]), TypeError, "dtype <U1"),
    ([[1, 2], [3]], TypeError, "rectangular"),
    (np.array([1.0, np.nan]), ValueError, "NaN"),
    (np.array([np.inf]), ValueError, "inf"),
])
def test_bad_input_is_named(fn, bad, err, words):
    with pytest.raises(err, match="^z: ") as info:
        fn(bad)
    assert words in str(info.value)


# ---- softmax ----------------------------------------------------------------------------

rows = arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)),
              elements=st.floats(-500, 500, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(z=rows, shift=st.floats(-1000, 1000))
def test_softmax_rows_are_distributions_and_ignore_a_constant_shift(z, shift):
    p = softmax(z)
    assert p.shape == z.shape
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(softmax(z + shift), p, atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(z=arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 5)), elements=finite))
def test_softmax_of_any_finite_input_is_a_distribution_without_warnings(z):
    p = softmax(z)
    assert np.all(np.isfinite(p)) and np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)


def test_softmax_of_a_vector_and_of_huge_numbers():
    np.testing.assert_allclose(softmax([0.0, 0.0]), [0.5, 0.5])
    np.testing.assert_allclose(softmax([1000.0, 0.0, -1000.0]), [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(softmax([1e308, -1e308]), [1.0, 0.0])  # the gap overflows
    with pytest.raises(ValueError, match=r"^z: expected 1 or 2 dimension\(s\), got shape \(2, 2, 2\)$"):
        softmax(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match=r"^z: expected at least one entry per row"):
        softmax(np.zeros((2, 0)))


def test_float32_stays_float32():
    z = np.array([[-100.0, 0.0, 3e38]], dtype=np.float32)
    assert sigmoid(z).dtype == np.float32 and softmax(z).dtype == np.float32
    assert sigmoid(np.float32(2.0)) == pytest.approx(0.8807970779778823, rel=1e-7)


def test_softmax_prime_through_finite_differences():
    z = np.array([0.5, -1.0, 2.0])
    for k in range(3):
        numeric = numerical_gradient(lambda v, k=k: softmax(v)[k], z)
        p = softmax(z)
        analytic = p[k] * ((np.arange(3) == k) - p)  # ∂p_k/∂z_j = p_k (1[j = k] − p_j)
        assert relative_error(analytic, numeric) < 1e-7
