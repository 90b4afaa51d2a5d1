"""Chapter 1's checks (ex1.1-ex1.4): right answers pass, each typical mistake gets its own
exact line, a stub is "not done", and the first input of each check tells the mistakes apart.
ex1.2 is a derivation: its reference is proved equal to the finite difference of E."""

import numpy as np
import pytest

from course.checks.ch01 import (
    DE_DW,
    DELTA_RULE_STEP,
    SIGMOID_PRIME,
    TRAIN_UNIT,
    check_dE_dw,
    check_delta_rule_step,
    check_sigmoid_prime,
    check_train_unit,
)
from course.marks import FAIL, PASS, TODO, verdict
from helpers import numerical_gradient, sigmoid

CHECKS = {"ex1.1": (check_sigmoid_prime, SIGMOID_PRIME), "ex1.2": (check_dE_dw, DE_DW),
          "ex1.3": (check_delta_rule_step, DELTA_RULE_STEP),
          "ex1.4": (check_train_unit, TRAIN_UNIT)}
IDS = sorted(CHECKS)


def _line(check_line, ex_id, fn) -> str:
    return check_line(CHECKS[ex_id][0], fn)  # the shared fixture: exactly one line


def _head(mark, ex_id):
    return verdict(mark, ex_id, CHECKS[ex_id][1].title)


def _sigmoid_prime_from_scratch(z):  # a different, equally right way
    e = np.exp(-np.asarray(z, dtype=float))
    return e / (1 + e) ** 2


def _out(x, w):
    return sigmoid(x @ w)


def _slope(x, w):
    return _out(x, w) * (1 - _out(x, w))


def _error(x, y, w):
    return 0.5 * (y - sigmoid(x @ w)) ** 2


def _step(x, y, w, lr):
    return w + lr * (y - _out(x, w)) * _slope(x, w) * x


def _train_outputs(x, y, w, lr, steps):  # a learner's loop: a list, appended to
    outputs = [_out(x, w)]
    for _ in range(steps):
        w = _step(x, y, w, lr)
        outputs.append(_out(x, w))
    return np.array(outputs)


def _train_preallocated(x, y, w, lr, steps):  # another right loop: an array filled in
    outputs = np.empty(steps + 1)
    for k in range(steps + 1):
        outputs[k] = _out(x, w)
        w = _step(x, y, w, lr)
    return outputs


def _train_kept_nothing(x, y, w, lr, steps):
    outputs = [_out(x, w)]
    for _ in range(steps):
        _step(x, y, w, lr)  # the new weights are thrown away
        outputs.append(_out(x, w))
    return np.array(outputs)


def _train_uphill(x, y, w, lr, steps):
    outputs = [_out(x, w)]
    for _ in range(steps):
        w = w - (_step(x, y, w, lr) - w)
        outputs.append(_out(x, w))
    return np.array(outputs)


def _train_from_start(x, y, w, lr, steps):
    current, outputs = w, [_out(x, w)]
    for _ in range(steps):
        current = current + (_step(x, y, w, lr) - w)  # the step of the starting weights
        outputs.append(_out(x, current))
    return np.array(outputs)


def _train_returns_weights(x, y, w, lr, steps):
    for _ in range(steps):
        w = _step(x, y, w, lr)
    return w


RIGHT = {
    "ex1.1": [lambda z: sigmoid(z) * (1 - sigmoid(z)), _sigmoid_prime_from_scratch],
    "ex1.2": [lambda x, y, w: (_out(x, w) - y) * _slope(x, w) * x,
              lambda x, y, w: -(y - sigmoid(np.dot(x, w))) * np.exp(-(x @ w))
              / (1 + np.exp(-(x @ w))) ** 2 * x,
              lambda x, y, w: numerical_gradient(lambda v: _error(x, y, v), w)],
    "ex1.3": [_step, lambda x, y, w, lr: w - lr * (_out(x, w) - y) * _slope(x, w) * x],
    "ex1.4": [_train_outputs, _train_preallocated],
}
N_CASES = {"ex1.1": 4, "ex1.2": 4, "ex1.3": 4, "ex1.4": 4}

ON_11 = "On z=-1.5: expected 0.149146, got"
ON_12 = "On x=[0.1, 0.3], y=0.2, w=[-0.8, 0.5]: expected [0.0079276, 0.023783], got"
ON_13 = "On x=[0.1, 0.3], y=0.2, w=[-0.8, 0.5], lr=0.5: expected [-0.804, 0.4881], got"
ON_13_LONG = ("On x=[0.1, 0.3], y=0.2, w=[-0.8, 0.5], lr=0.5: expected [-0.80396, 0.48811], "
              "got")
ON_14_SHORT = ("On x=[0.1, 0.3], y=0.2, w=[-0.8, 0.5], lr=50, steps=2: expected [0.5175, "
               "0.4191, 0.3559], got")
ON_14 = ("On x=[0.1, 0.3], y=0.2, w=[-0.8, 0.5], lr=50, steps=2: expected [0.51749, 0.41912, "
         "0.35592], got")
WRONG = [
    ("ex1.1", lambda z: sigmoid(z),
     f"you return σ(z), the sigmoid itself, not its slope. {ON_11} 0.182426."),
    ("ex1.1", lambda z: z * (1 - z),
     f"you put z itself into σ(1 − σ), where the sigmoid of z belongs. {ON_11} -3.75."),
    ("ex1.1", lambda z: sigmoid(z) * (sigmoid(z) - 1),
     f"wrong sign: the sigmoid only rises, so its slope is never negative. {ON_11} -0.149146."),
    ("ex1.1", lambda z: sigmoid(z) * (1 - z),
     f"you mix σ(z) and z in the product σ(1 − σ). {ON_11} 0.456064."),
    ("ex1.1", lambda z: sigmoid(sigmoid(z)) * (1 - sigmoid(sigmoid(z))),
     f"you take the sigmoid twice: your answer is the slope at σ(z), not at z. {ON_11} 0.247932."),
    ("ex1.1", lambda z: 1 - sigmoid(z),
     f"you return 1 − σ(z), only one of the two factors of the slope. {ON_11} 0.817574."),
    ("ex1.2", lambda x, y, w: (y - _out(x, w)) * _slope(x, w) * x,
     f"wrong sign: your answer is −∂E/∂w_i (y − ŷ falls when ŷ grows). {ON_12} "
     f"[-0.0079276, -0.023783]."),
    ("ex1.2", lambda x, y, w: (_out(x, w) - y) * x,
     f"the slope σ'(h) is missing: w_i reaches ŷ only through h, and ŷ = σ(h). {ON_12} "
     f"[0.031749, 0.095248]."),
    ("ex1.2", lambda x, y, w: (_out(x, w) - y) * _slope(x, w),
     f"the factor x_i = ∂h/∂w_i is missing: one number, not one entry per weight. {ON_12} "
     f"0.0792761."),
    ("ex1.2", lambda x, y, w: 0.5 * (_out(x, w) - y) * _slope(x, w) * x,
     f"your answer is half the gradient: the 2 from the square cancels the ½. {ON_12} "
     f"[0.0039638, 0.011891]."),
    ("ex1.2", lambda x, y, w: 2 * (_out(x, w) - y) * _slope(x, w) * x,
     f"your answer is twice the gradient: E has a ½ in front of the square. {ON_12} "
     f"[0.015855, 0.047566]."),
    ("ex1.2", lambda x, y, w: (_out(x, w) - y) * sigmoid(_out(x, w)) * (1 - sigmoid(_out(x, w))) * x,
     "you take the slope at ŷ, σ'(ŷ); the chain rule differentiates σ at its input h. On "
     "x=[0.1, 0.3], y=0.2, w=[-0.8, 0.5]: expected [0.007928, 0.02378], got [0.007429, 0.02229]."),
    ("ex1.2", lambda x, y, w: (_out(x, w) - y) * _out(x, w) * x,
     f"you multiply by σ(h) = ŷ, the sigmoid itself, where its slope σ'(h) belongs. {ON_12} "
     f"[0.01643, 0.04929]."),
    ("ex1.2", lambda x, y, w: (_out(x, w) - y) * _slope(x, w) * w,
     f"you multiply by w_i: that is ∂h/∂x_i; E needs ∂h/∂w_i. {ON_12} [-0.063421, 0.039638]."),
    ("ex1.2", lambda x, y, w: (_out(x, w) - y) * _slope(x, w) * x.sum(),
     f"you multiply by Σ_j x_j; only the term w_i x_i of h holds w_i. {ON_12} 0.0317104."),
    ("ex1.3", lambda x, y, w, lr: w - lr * (y - _out(x, w)) * _slope(x, w) * x,
     f"you subtract the step; δ already holds the minus. {ON_13_LONG} [-0.79604, 0.51189]."),
    ("ex1.3", lambda x, y, w, lr: lr * (y - _out(x, w)) * _slope(x, w) * x,
     f"you return the step Δw; the function returns the new weights. {ON_13} "
     f"[-0.003964, -0.01189]."),
    ("ex1.3", lambda x, y, w, lr: w + lr * (y - _out(x, w)) * x,
     f"δ lacks the slope σ'(h): your step uses the error y − ŷ alone. {ON_13_LONG} "
     f"[-0.81587, 0.45238]."),
    ("ex1.3", lambda x, y, w, lr: w + lr * (y - _out(x, w)) * sigmoid(_out(x, w))
     * (1 - sigmoid(_out(x, w))) * x,
     f"you take the slope at ŷ, σ'(ŷ); f' belongs at the unit's input h. {ON_13} "
     f"[-0.8037, 0.4889]."),
    ("ex1.3", lambda x, y, w, lr: w + lr * (y - x @ w) * _slope(x, w) * x,
     f"your ŷ is h: the sigmoid is missing. {ON_13_LONG} [-0.79838, 0.50487]."),
    ("ex1.3", lambda x, y, w, lr: w + (y - _out(x, w)) * _slope(x, w) * x,
     f"the learning rate lr is missing from your step. {ON_13_LONG} [-0.80793, 0.47622]."),
    ("ex1.3", lambda x, y, w, lr: w + lr * (y - _out(x, w)) * _slope(x, w),
     f"each weight moves by the same lr·δ, without its own input x_i. {ON_13_LONG} "
     f"[-0.83964, 0.46036]."),
    ("ex1.4", _train_kept_nothing,
     f"the weights never change: is each new w kept? {ON_14_SHORT} [0.5175, 0.5175, 0.5175]."),
    ("ex1.4", _train_uphill,
     f"your steps go uphill: they are subtracted. {ON_14} [0.51749, 0.61453, 0.72259]."),
    ("ex1.4", _train_from_start,
     f"each step is taken at the starting weights. {ON_14} [0.51749, 0.41912, 0.32679]."),
    ("ex1.4", lambda x, y, w, lr, steps: _train_outputs(x, y, w, lr, steps)[1:],
     f"the starting ŷ is missing. {ON_14} [0.41912, 0.35592]."),
    ("ex1.4", lambda x, y, w, lr, steps: _train_outputs(x, y, w, lr, steps)[:-1],
     f"the last ŷ, after all the steps, is missing. {ON_14} [0.51749, 0.41912]."),
    ("ex1.4", lambda x, y, w, lr, steps: _train_outputs(x, y, w, lr, steps + 1),
     f"you take one step too many. {ON_14} [0.51749, 0.41912, 0.35592, 0.31608]."),
    ("ex1.4", lambda x, y, w, lr, steps: _train_outputs(x, y, w, 1.0, steps),
     f"lr is missing from your steps. {ON_14} [0.51749, 0.51551, 0.51354]."),
    ("ex1.4", _train_returns_weights,
     f"you return the final weights, not the outputs ŷ. {ON_14} [-1.4631, -1.4893]."),
]


@pytest.mark.parametrize("ex_id", IDS)
def test_right_answers_pass(ex_id, check_line):
    for right in RIGHT[ex_id]:
        assert _line(check_line, ex_id, right) == \
            f"{_head(PASS, ex_id)} on all {N_CASES[ex_id]} test inputs."


@pytest.mark.parametrize(("ex_id", "wrong", "rest"), WRONG)
def test_each_mistake_gets_its_own_line(ex_id, wrong, rest, check_line):
    assert _line(check_line, ex_id, wrong) == f"{_head(FAIL, ex_id)} — {rest}"


def test_at_least_three_mistakes_each():
    for _, exercise in CHECKS.values():
        assert len(exercise.mistakes) >= 3


@pytest.mark.parametrize("ex_id", IDS)
def test_stub_is_not_done(ex_id, check_line):
    def stub(*args):
        raise NotImplementedError(f"{ex_id} is not done yet")
    assert _line(check_line, ex_id, stub) == (
        f"{_head(TODO, ex_id)} — replace the NotImplementedError line in its cell with your "
        f"code, run that cell, then run this one again.")


@pytest.mark.parametrize("ex_id", IDS)
def test_the_first_input_tells_every_mistake_apart(ex_id):
    exercise = CHECKS[ex_id][1]
    case = exercise.cases[0]
    results = [np.asarray(f(*case), dtype=float)
               for f in [exercise.reference] + [m.fn for m in exercise.mistakes]]
    for i in range(len(results)):
        for j in range(i + 1, len(results)):
            same = results[i].shape == results[j].shape and np.allclose(results[i], results[j])
            assert not same, (i, j)


def test_the_gradient_reference_is_the_finite_difference_of_E():
    for x, y, w in DE_DW.cases:
        numeric = numerical_gradient(lambda v, x=x, y=y: _error(x, y, v), w)
        np.testing.assert_allclose(DE_DW.reference(x, y, w), numeric, rtol=1e-7, atol=1e-10)


def test_the_step_is_minus_lr_times_the_gradient():
    for (x, y, w), (*_, lr) in zip(DE_DW.cases, DELTA_RULE_STEP.cases, strict=True):
        np.testing.assert_allclose(DELTA_RULE_STEP.reference(x, y, w, lr) - w,
                                   -lr * DE_DW.reference(x, y, w), rtol=1e-12)


@pytest.mark.parametrize("ex_id", IDS)
def test_learner_exception_is_one_line(ex_id, check_line):
    def crash(*args):
        return np.array([1.0, 2.0]) @ np.ones(3)  # a shape error inside learner code
    line = _line(check_line, ex_id, crash)
    assert line.startswith(f"{_head(FAIL, ex_id)} — your code raised ValueError")
    assert "Traceback" not in line


def test_changing_w_in_place_is_named(check_line):
    def in_place(x, y, w, lr):
        w += lr * (y - _out(x, w)) * _slope(x, w) * x
        return w
    line = _line(check_line, "ex1.3", in_place)
    assert line.startswith(_head(FAIL, "ex1.3")) and "`w` in place" in line


def test_an_unknown_wrong_answer_gets_a_diagnosis_not_a_mistake_name(check_line):
    line = _line(check_line, "ex1.2", lambda x, y, w: (_out(x, w) - y) * _slope(x, w) * x + 1)
    assert line.startswith(f"{_head(FAIL, 'ex1.2')} — wrong value")
