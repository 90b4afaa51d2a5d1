"""helpers._validate: the one set of input checks every helper uses."""

import numpy as np
import pytest

from helpers import _validate as v
from helpers.diagrams import node_positions
from helpers.net_nout_nin import init_params
from helpers.network import Network


def test_as_float_array_converts_and_names():
    assert v.as_float_array("x", [1, True]).dtype == np.float64
    assert v.as_float_array("x", np.ones(2, np.float32), dtype=np.float32).dtype == np.float32
    with pytest.raises(TypeError, match=r"^x: expected a number or an array of numbers, got NoneType None$"):
        v.as_float_array("x", None)
    with pytest.raises(ValueError, match=r"^x: expected finite numbers, got NaN at index \(1,\)$"):
        v.as_float_array("x", [0.0, np.nan])
    with pytest.raises(ValueError, match=r"^x: expected finite numbers, got inf at index \(0, 1\)$"):
        v.as_float_array("x", [[0.0, -np.inf]])
    with pytest.raises(ValueError, match=r"^x: expected 2 dimension\(s\), got shape \(3,\)$"):
        v.as_float_array("x", [1.0, 2.0, 3.0], ndim=2)


def test_a_number_too_large_for_float32_is_an_error_not_a_warning():
    with pytest.raises(ValueError, match=r"^X: expected numbers within ±3.4e\+38 \(the range of "
                                         r"float32\), got np.float64\(1e\+300\) at index \(1,\)$"):
        v.as_float_array("X", [1.0, 1e300], dtype=np.float32)


@pytest.mark.parametrize("sizes", [[2, True], [2.0, 1], [2, 2.5], [2], [2, 0], [2, -1], [2, "3"],
                                   [np.float64(2), 1], [np.bool_(True), 2]])
def test_one_layer_size_check_everywhere(sizes):
    """init_params, node_positions and Network reject the same layer sizes the same way."""
    message = r"expected at least two layers, each a positive integer number of units"
    for name, call in [("sizes", lambda: init_params(sizes, np.random.default_rng(0))),
                       ("layer_sizes", lambda: node_positions(sizes)),
                       ("sizes", lambda: Network(sizes))]:
        with pytest.raises(ValueError, match=f"^{name}: {message}"):
            call()


@pytest.mark.parametrize("sizes", [3, "23", None, {2, 3}])
def test_layer_sizes_must_be_a_sequence(sizes):
    with pytest.raises(TypeError, match="^sizes: expected a sequence of layer sizes"):
        v.layer_sizes("sizes", sizes)


def test_layer_sizes_accept_numpy_integers():
    assert v.layer_sizes("sizes", np.array([4, 3, 2])) == (4, 3, 2)


@pytest.mark.parametrize("value, err, words", [
    (0, ValueError, "expected a positive finite number, got 0"),
    (np.nan, ValueError, "expected a positive finite number, got nan"),
    (np.inf, ValueError, "got inf"), (True, TypeError, "got bool"), (None, TypeError, "got NoneType"),
    ("0.1", TypeError, "got str")])
def test_positive_number(value, err, words):
    with pytest.raises(err, match=f"^lr: .*{words}"):
        v.positive_number("lr", value)


@pytest.mark.parametrize("value, err", [(0, ValueError), (2.0, TypeError), (True, TypeError),
                                        (None, TypeError)])
def test_positive_int(value, err):
    with pytest.raises(err, match="^epochs: expected a positive whole number"):
        v.positive_int("epochs", value)
    assert v.positive_int("seed", 0, low=0) == 0


@pytest.mark.parametrize("value, err, words", [
    (None, TypeError, "got NoneType None with x"), ("0.5", TypeError, "got str"),
    ([1.0, 2.0], TypeError, r"of shape \(2,\)"), (np.nan, ValueError, "got nan"),
    (np.inf, ValueError, "got inf"), (object(), TypeError, "got object")])
def test_returned_number(value, err, words):
    with pytest.raises(err, match=f"^f: expected it to return .*{words}"):
        v.returned_number("f", value, "with x")


def test_rows_sum_to_one_tolerance():
    v.rows_sum_to_one("y", np.array([[0.5, 0.5 + 9e-7]]))
    with pytest.raises(ValueError, match=r"^y: expected every row to sum to 1 \(one-hot or a "
                                         r"probability distribution, within 1e-06\), row 1 "
                                         r"sums to 1.000002$"):
        v.rows_sum_to_one("y", np.array([[1.0, 0.0], [0.5, 0.500002]]))
    # float32 rows get their own round-off: 10 classes × 1.2e-7
    v.rows_sum_to_one("y", np.full((1, 10), 0.1, dtype=np.float32) * np.float32(1.0000001))


def test_choice_and_function():
    assert v.choice("loss", "mse", ("mse", "bce")) == "mse"
    with pytest.raises(ValueError, match=r"^loss: expected one of \('mse', 'bce'\), got 'hinge'$"):
        v.choice("loss", "hinge", ("mse", "bce"))
    with pytest.raises(TypeError, match="^f: expected a function of one array, got int$"):
        v.function("f", 3, "one array")
