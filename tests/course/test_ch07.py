"""Chapter 7's checks: the reference passes, every typical mistake gets its own line, a stub
is "not done", and the references are what finite differences and the chapter's helpers say
(∂L/∂z of the cross-entropy, the mean cost and its δ, gradient descent)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import passed_line

from course.checks import ch07
from helpers import binary_cross_entropy, net_nout_nin, numerical_gradient, sigmoid
from helpers.net_nout_nin import LOSSES, mean_loss

# ---------- the references are right ----------

def test_ex7_1_reference_is_the_finite_difference_of_the_loss_in_z():
    for z, y in ch07.DL_DZ.cases:
        z, y = np.atleast_1d(np.asarray(z, float)), np.atleast_1d(np.asarray(y, float))
        numeric = [numerical_gradient(lambda v, k=k, y=y: binary_cross_entropy(y[k:k + 1],
                                                                           sigmoid(v)), z[k:k + 1])
                   for k in range(z.size)]
        np.testing.assert_allclose(ch07.DL_DZ.reference(z, y), np.ravel(numeric), rtol=1e-6)


def test_ex7_2_reference_is_the_helpers_cost_and_the_slope_of_the_mean_in_z():
    for P, Y in ch07.COST_AND_DELTA.cases:
        C, dZ = ch07.COST_AND_DELTA.reference(P, Y)
        assert C == pytest.approx(LOSSES["bce"].value(Y, P), rel=1e-12)
        Z = np.log(P / (1 - P))
        numeric = numerical_gradient(lambda v, Y=Y: binary_cross_entropy(Y, sigmoid(v)), Z)
        np.testing.assert_allclose(dZ, numeric, rtol=1e-6)


def test_ex7_3_reference_is_plain_gradient_descent_and_the_cost_falls():
    X, y, weights, biases, lr, epochs, forward, backward = ch07.GRADIENT_DESCENT.cases[0]
    assert (repr(forward), repr(backward)) == ("forward", "backward")  # as a line shows them
    new_w, new_b, costs = ch07.GRADIENT_DESCENT.reference(*ch07.GRADIENT_DESCENT.cases[0])
    nabla_w, nabla_b = net_nout_nin.backward(weights, biases, X, y, "bce")
    one_w, _, one_cost = ch07.GRADIENT_DESCENT.reference(X, y, weights, biases, lr, 1, forward,
                                                         backward)
    np.testing.assert_allclose(one_w[0], weights[0] - lr * nabla_w[0], rtol=1e-12)
    assert one_cost == [pytest.approx(mean_loss(weights, biases, X, y, "bce"), rel=1e-12)]
    assert len(costs) == epochs and costs[-1] < costs[0]
    assert mean_loss(list(new_w), list(new_b), X, y, "bce") < costs[-1]


def test_ex7_3_the_network_passed_in_is_chapter_6s_under_the_cross_entropys_delta():
    X, y, weights, biases, *_, forward, backward = ch07.GRADIENT_DESCENT.cases[1]
    got = backward(X, y, weights, biases, output_delta=ch07._bce_delta)
    want = net_nout_nin.backward(weights, biases, X, y, "bce")
    assert all(isinstance(part, list) for part in got)
    for part, expected in zip(got, want, strict=True):
        for g, w in zip(part, expected, strict=True):
            np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(forward(X, weights, biases)[1][-1],
                               net_nout_nin.forward(weights, biases, X)[1][-1], rtol=1e-12)


# ---------- QA: slips a student makes (exact lines) ----------

def test_qa_ex7_1_a_division_form_of_the_chain_rule_passes(check_line):
    def dL_dz(z, y):  # the chain rule as written out, not simplified
        p = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
        return -(y / p - (1 - y) / (1 - p)) * p * (1 - p)

    assert check_line(ch07.check_dL_dz, dL_dz) == passed_line(ch07.DL_DZ)


def test_qa_ex7_1_the_squared_error_slope_is_named_exactly(check_line):
    assert check_line(ch07.check_dL_dz, lambda z, y: (sigmoid(z) - y) * sigmoid(z) * (
        1 - sigmoid(z))) == (
        "❌ not yet: ex7.1 dL_dz — your answer is (p − y)·p(1 − p): the ∂L/∂p of cross-entropy "
        "carries a 1/(p(1 − p)) that cancels the slope of the sigmoid.")


def test_qa_ex7_2_mean_by_np_mean_passes_and_a_summed_cost_is_named(check_line):
    def cost_and_delta(P, Y):
        return -np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)), (P - Y) / P.shape[0]

    assert check_line(ch07.check_cost_and_delta, cost_and_delta) == passed_line(
        ch07.COST_AND_DELTA)
    got = check_line(ch07.check_cost_and_delta, lambda P, Y: (
        -np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)), (P - Y) / len(P)))
    assert got.startswith("❌ not yet: ex7.2 cost_and_delta — your C is the sum of the m "
                          "losses; C is their mean."), got


def bce_delta(Z, A, Y):  # the notebook's cell before ex7.3, around ex7.2
    return cost_and_delta(A, Y)[1]


def cost_and_delta(P, Y):
    return ch07._cost_and_delta(P, Y)


def _descent_in_place(X, y, weights, biases, lr, epochs, forward, backward):
    costs = []
    for _ in range(epochs):
        costs.append(cost_and_delta(forward(X, weights, biases)[1][-1], y)[0])
        nabla_w, nabla_b = backward(X, y, weights, biases, output_delta=bce_delta)
        for W, g in zip(weights, nabla_w, strict=True):
            W -= lr * g  # the arrays passed in change
        for b, g in zip(biases, nabla_b, strict=True):
            b -= lr * g
    return weights, biases, costs


def test_qa_ex7_3_updating_the_callers_arrays_in_place_is_named(check_line):
    assert check_line(ch07.check_gradient_descent, _descent_in_place) == (
        "❌ not yet: ex7.3 gradient_descent — your function changed its argument `weights` in "
        "place; later cells reuse it, so leave the arguments as they came.")


def test_qa_ex7_3_a_list_comprehension_version_passes(check_line):
    def gradient_descent(X, y, weights, biases, lr, epochs, forward, backward):
        costs = []
        for _ in range(epochs):
            costs.append(cost_and_delta(forward(X, weights, biases)[1][-1], y)[0])
            nabla_w, nabla_b = backward(X, y, weights, biases, output_delta=bce_delta)
            weights = [W - lr * dW for W, dW in zip(weights, nabla_w, strict=True)]
            biases = [b - lr * db for b, db in zip(biases, nabla_b, strict=True)]
        return weights, biases, costs

    assert check_line(ch07.check_gradient_descent, gradient_descent) == passed_line(
        ch07.GRADIENT_DESCENT)


def test_qa_ex7_3_backward_left_at_its_default_output_delta_is_named(check_line):
    def gradient_descent(X, y, weights, biases, lr, epochs, forward, backward):
        costs = []
        for _ in range(epochs):
            costs.append(cost_and_delta(forward(X, weights, biases)[1][-1], y)[0])
            nabla_w, nabla_b = backward(X, y, weights, biases)  # the squared error's delta
            weights = [W - lr * dW for W, dW in zip(weights, nabla_w, strict=True)]
            biases = [b - lr * db for b, db in zip(biases, nabla_b, strict=True)]
        return weights, biases, costs

    assert check_line(ch07.check_gradient_descent, gradient_descent) == (
        "❌ not yet: ex7.3 gradient_descent — your gradients are those of the squared error "
        "(backward's default output_delta); pass the cross-entropy's, bce_delta, as "
        "output_delta.")


def test_qa_ex7_3_the_first_versions_signature_is_named(check_line):
    def gradient_descent(X, y, weights, biases, lr, epochs):
        return weights, biases, []

    assert check_line(ch07.check_gradient_descent, gradient_descent) == (
        "❌ not yet: ex7.3 gradient_descent — your function takes 6 arguments (X, y, weights, "
        "biases, lr, epochs), but the check passes 8 (X, y, weights, biases, lr, epochs, "
        "forward, backward).")
