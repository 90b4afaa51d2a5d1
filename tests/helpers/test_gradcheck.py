import numpy as np
import pytest

from helpers import numerical_gradient, relative_error


def test_gradient_of_a_quadratic():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([[0.5, -1.0]]).T
    numeric = numerical_gradient(lambda v: (0.5 * v.T @ A @ v).item(), x)
    assert numeric.shape == (2, 1)
    np.testing.assert_allclose(numeric, A @ x, rtol=1e-8, atol=1e-8)


def test_input_is_left_untouched():
    x = np.array([1.0, 2.0, 3.0])
    seen = []
    numerical_gradient(lambda v: seen.append(v is x) or float(np.sum(v**2)), x)
    assert x.tolist() == [1.0, 2.0, 3.0]
    assert not any(seen)


def test_relative_error():
    assert relative_error([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert relative_error([1.0], [1.1]) == pytest.approx(0.1 / 1.1)
    assert relative_error([0.0], [1e-9]) == 1.0
    assert relative_error([-2.0], [2.0]) == 2.0


def test_errors_name_the_argument():
    with pytest.raises(TypeError, match="^f: expected a function"):
        numerical_gradient(3, [1.0])
    with pytest.raises(TypeError, match="^f: expected it to return one number, got ndarray of shape \\(2,\\)"):
        numerical_gradient(lambda v: v, [1.0, 2.0])
    with pytest.raises(ValueError, match="^eps: expected a positive finite number, got -1"):
        numerical_gradient(np.sum, [1.0], eps=-1)
    with pytest.raises(TypeError, match="^eps: expected a positive number, got str"):
        numerical_gradient(np.sum, [1.0], eps="small")
    with pytest.raises(ValueError, match="^x: expected finite numbers, got NaN"):
        numerical_gradient(np.sum, [np.nan])
    with pytest.raises(ValueError, match=r"a and b: expected the same shape, got \(2,\) and \(3,\)"):
        relative_error([1.0, 2.0], [1.0, 2.0, 3.0])
