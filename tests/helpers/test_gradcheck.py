"""helpers.gradcheck: numerical gradients, relative errors, and check_gradients in the three
parameter forms the networks use; no "agrees" and no NaN from a loss that returns none."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import numerical_gradient, relative_error
from helpers.gradcheck import ArrayCheck, check_gradients
from helpers.net_nout_nin import backward, init_params, mean_loss


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


# ---- check_gradients ---------------------------------------------------------------------

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


def test_check_gradients_errors_name_the_argument():
    with pytest.raises(TypeError, match="^loss: expected a function"):
        check_gradients(3, PARAMS, GRADS)
    with pytest.raises(ValueError, match=r"^grads: expected an entry for every parameter, "
                                         r"missing \['b'\]"):
        check_gradients(quadratic_loss, PARAMS, {"W": GRADS["W"]})
    with pytest.raises(ValueError, match=r"^grads\['W'\]: expected shape \(2, 3\)"):
        check_gradients(quadratic_loss, PARAMS, {"W": GRADS["W"].T, "b": GRADS["b"]})


# ---- the forms of the networks ------------------------------------------------------------

def _net6():
    weights, biases = init_params([2, 3, 1], np.random.default_rng(0))
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    return weights, biases, X, y


def test_weights_and_biases_lists_need_no_adapter():
    weights, biases, X, y = _net6()
    results = check_gradients(lambda ws, bs: mean_loss(ws, bs, X, y, "bce"), (weights, biases),
                              backward(weights, biases, X, y, "bce"))
    assert [(r.name, r.shape) for r in results] == [("W1", (3, 2)), ("b1", (3,)),
                                                    ("W2", (1, 3)), ("b2", (1,))]
    assert all(r.max_rel_error < 1e-7 for r in results)


def test_the_list_form_gives_the_dict_form_results():
    weights, biases, X, y = _net6()
    nabla_w, nabla_b = backward(weights, biases, X, y)
    as_lists = check_gradients(lambda ws, bs: mean_loss(ws, bs, X, y), (weights, biases),
                               (nabla_w, nabla_b))
    as_dict = check_gradients(
        lambda p: mean_loss([p["W1"], p["W2"]], [p["b1"], p["b2"]], X, y),
        {"W1": weights[0], "b1": biases[0], "W2": weights[1], "b2": biases[1]},
        {"W1": nabla_w[0], "b1": nabla_b[0], "W2": nabla_w[1], "b2": nabla_b[1]})
    assert as_lists == as_dict


@pytest.mark.parametrize("params, grads, err, words", [
    ("W", {"W": 1}, TypeError, r"^params: expected a dict of arrays or a pair \(weights, biases\)"),
    (([np.ones(2)], []), ([np.ones(2)], []), ValueError,
     r"^params: expected one bias vector per weight matrix, got 1 weights and 0 biases$"),
    (([np.ones((1, 2))], [np.ones(1)]), ([np.ones((1, 2))], []), ValueError,
     r"^grads: expected 1 weight and 1 bias gradients"),
    (([np.ones((1, 2))], [np.ones(1)]), ([np.ones((2, 1))], [np.ones(1)]), ValueError,
     r"^nabla_w\[0\]: expected shape \(1, 2\), the shape of W1, got \(2, 1\)$"),
    ({"W": np.ones(2)}, [np.ones(2)], TypeError, r"^grads: expected a dict with the keys of params"),
])
def test_bad_structures_are_named(params, grads, err, words):
    with pytest.raises(err, match=words):
        check_gradients(lambda *a: 0.0, params, grads)


@pytest.mark.parametrize("bad, err, words", [
    (None, TypeError, r"^loss: expected it to return one number, got NoneType None at the "
                      r"parameters given$"),
    (np.nan, ValueError, r"^loss: expected it to return a finite number, got nan at the "
                         r"parameters given$"),
    (np.inf, ValueError, r"^loss: expected it to return a finite number, got inf"),
    ("0.5", TypeError, r"^loss: expected it to return one number, got str"),
])
def test_a_loss_that_returns_no_number_never_agrees(bad, err, words):
    with pytest.raises(err, match=words):
        check_gradients(lambda p: bad, {"w": np.ones(2)}, {"w": np.zeros(2)})


def test_a_loss_that_fails_only_when_perturbed_is_named_with_the_entry():
    def loss(p):
        return np.nan if p["w"][1] > 1 else float(np.sum(p["w"]))
    with pytest.raises(ValueError, match=r"^loss: expected it to return a finite number, got nan "
                                         r"with w\[1\] \+ eps$"):
        check_gradients(loss, {"w": np.ones(2)}, {"w": np.ones(2)})


@pytest.mark.parametrize("bad", [None, np.nan, -np.inf, [1.0, 2.0]])
def test_numerical_gradient_never_returns_nan(bad):
    with pytest.raises((TypeError, ValueError), match=r"^f: expected it to return"):
        numerical_gradient(lambda v: bad, [1.0, 2.0])


def test_an_overflowing_difference_is_an_error():
    with pytest.raises(ValueError, match=r"^f: expected values whose difference fits in a float, "
                                         r"got 1e\+308 and -1e\+308 at x\[0\] ± eps$"):
        numerical_gradient(lambda v: 1e308 * np.sign(v[0]), [0.0])


def test_an_eps_too_small_to_move_x_is_an_error():
    with pytest.raises(ValueError, match=r"^eps: expected a step that moves x\[0\] = 1e\+12, "
                                         r"got eps = 1e-06, which rounds to a step of"):
        numerical_gradient(lambda v: float(v[0] ** 2), [1e12])
    assert numerical_gradient(lambda v: float(v[0]), [1e12], eps=100.0)[0] == pytest.approx(1.0)


def test_relative_error_of_huge_opposite_numbers_is_two():
    assert relative_error([-1e308], [1e308]) == 2.0  # was inf: |a − b| overflowed
    assert relative_error([1e308, 1.0], [-1e308, 1.0]) == 2.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e308, 1e308), min_size=1, max_size=4),
       st.lists(st.floats(-1e308, 1e308), min_size=1, max_size=4))
def test_relative_error_of_any_finite_pair_lies_in_0_2(a, b):
    n = min(len(a), len(b))
    assert 0.0 <= relative_error(a[:n], b[:n]) <= 2.0


def test_a_loss_that_changes_its_arguments_changes_nothing_here():
    W = np.array([1.0, 2.0])

    def rude(p):
        value = float(np.sum(p["W"] ** 2))
        p["W"] *= 10  # would move every later difference if it reached our arrays
        return value
    result = check_gradients(rude, {"W": W}, {"W": 2 * W})[0]
    assert result.max_rel_error < 1e-8 and W.tolist() == [1.0, 2.0]

    def rude_f(v):
        value = float(np.sum(v ** 2))
        v[:] = 0.0
        return value
    np.testing.assert_allclose(numerical_gradient(rude_f, W), 2 * W, rtol=1e-8)


def test_one_default_step_for_every_centred_difference():
    import inspect

    from helpers import gradcheck

    defaults = {fn.__name__: inspect.signature(fn).parameters["eps"].default
                for fn in (gradcheck.numerical_gradient, gradcheck.check_gradients)}
    assert defaults == {"numerical_gradient": 1e-6, "check_gradients": 1e-6}
    # at it, the error of a smooth slope of order one is far below the agreement line 1e-6
    assert abs(gradcheck.numerical_gradient(np.sin, 0.3)[()] - np.cos(0.3)) < 1e-9
