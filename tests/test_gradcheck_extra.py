"""check_gradients: one report per parameter array, pointing at the worst entry."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.gradcheck import ArrayCheck, check_gradients


def quadratic_loss(params):
    # L = sum(A * W**2) / 2 + sum(b**3) / 3: dL/dW = A * W, dL/db = b**2
    return float(0.5 * np.sum(A * params["W"] ** 2) + np.sum(params["b"] ** 3) / 3)


A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
PARAMS = {"W": np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]), "b": np.array([1.0, -2.0])}
GRADS = {"W": A * PARAMS["W"], "b": PARAMS["b"] ** 2}


def test_correct_gradients_pass_everywhere():
    results = check_gradients(quadratic_loss, PARAMS, GRADS)
    assert [r.name for r in results] == ["W", "b"]
    assert [r.shape for r in results] == [(2, 3), (2,)]
    assert all(isinstance(r, ArrayCheck) and r.max_rel_error < 1e-8 for r in results)


def test_a_wrong_entry_is_located():
    grads = {"W": GRADS["W"].copy(), "b": GRADS["b"]}
    grads["W"][1, 2] *= 1.5
    W, b = check_gradients(quadratic_loss, PARAMS, grads)
    assert W.worst_index == (1, 2)
    assert W.max_rel_error == pytest.approx(1 / 3, rel=1e-6)
    assert W.analytic == pytest.approx(1.5 * W.numerical, rel=1e-6)
    assert b.max_rel_error < 1e-8


def test_nothing_is_modified():
    params = {k: v.copy() for k, v in PARAMS.items()}
    grads = {k: v.copy() for k, v in GRADS.items()}
    check_gradients(quadratic_loss, params, grads)
    for k in PARAMS:
        np.testing.assert_array_equal(params[k], PARAMS[k])
        np.testing.assert_array_equal(grads[k], GRADS[k])


def test_zero_gradients_count_as_agreement():
    result = check_gradients(lambda p: 1.0, {"w": np.ones(3)}, {"w": np.zeros(3)})[0]
    assert result.max_rel_error == 0.0 and result.worst_index == (0,)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=1, max_size=5))
def test_sum_of_sines(values):
    x = np.array(values)
    result = check_gradients(lambda p: float(np.sum(np.sin(p["x"]))), {"x": x},
                             {"x": np.cos(x)})[0]
    assert result.max_rel_error < 1e-6 or np.abs(np.cos(x)).min() < 1e-6


def test_errors_name_the_argument():
    with pytest.raises(TypeError, match="^loss: expected a function"):
        check_gradients(3, PARAMS, GRADS)
    with pytest.raises(ValueError, match=r"^grads: expected an entry for every parameter, "
                                         r"missing \['b'\]"):
        check_gradients(quadratic_loss, PARAMS, {"W": GRADS["W"]})
    with pytest.raises(ValueError, match=r"^grads\['W'\]: expected shape \(2, 3\)"):
        check_gradients(quadratic_loss, PARAMS, {"W": GRADS["W"].T, "b": GRADS["b"]})
