"""Chapter 1's checks (ex1.1-ex1.4): right answers pass, each typical mistake gets its own
exact line, a stub is "not done", and the first input of each check tells the mistakes apart."""

import numpy as np
import pytest

from course.checks.ch01 import (
    ERROR_TERM,
    SIGMOID_PRIME,
    UNIT_OUTPUT,
    WEIGHT_STEP,
    check_error_term,
    check_sigmoid_prime,
    check_unit_output,
    check_weight_step,
)
from course.marks import FAIL, PASS, TODO, verdict
from helpers import sigmoid

CHECKS = {"ex1.1": (check_sigmoid_prime, SIGMOID_PRIME), "ex1.2": (check_unit_output, UNIT_OUTPUT),
          "ex1.3": (check_error_term, ERROR_TERM), "ex1.4": (check_weight_step, WEIGHT_STEP)}
IDS = sorted(CHECKS)


def _line(check_line, ex_id, fn) -> str:
    return check_line(CHECKS[ex_id][0], fn)  # the shared fixture: exactly one line


def _head(mark, ex_id):
    return verdict(mark, ex_id, CHECKS[ex_id][1].title)


def _sigmoid_prime_from_scratch(z):  # a different, equally right way
    e = np.exp(-np.asarray(z, dtype=float))
    return e / (1 + e) ** 2


RIGHT = {
    "ex1.1": [lambda z: sigmoid(z) * (1 - sigmoid(z)), _sigmoid_prime_from_scratch],
    "ex1.2": [lambda x, w: sigmoid(np.sum(x * w)), lambda x, w: float(sigmoid(w @ x))],
    "ex1.3": [lambda y, y_hat, h: (y - y_hat) * y_hat * (1 - y_hat),  # σ'(h) through ŷ
              lambda y, y_hat, h: (y - y_hat) * sigmoid(h) * (1 - sigmoid(h))],
    "ex1.4": [lambda lr, delta, x: lr * delta * np.asarray(x),
              lambda lr, delta, x: np.multiply(x, lr * delta)],
}
N_CASES = {"ex1.1": 4, "ex1.2": 4, "ex1.3": 5, "ex1.4": 4}

ON_11 = "On z=-1.5: expected 0.149146, got"
ON_12 = "On x=[0.1, 0.3], w=[-0.8, 0.5]: expected 0.517493, got"
ON_13 = "On y=0.2, y_hat=0.5175, h=0.07: expected -0.0792761, got"
ON_14 = "On lr=0.5, delta=-0.07928, x=[0.1, 0.3]: expected [-0.0039638, -0.011891], got"
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
    ("ex1.2", lambda x, w: np.dot(x, w),
     f"you return h, the weighted sum: the sigmoid is missing. {ON_12} 0.07."),
    ("ex1.2", lambda x, w: sigmoid(x * w),
     f"you return σ of every product w_i·x_i separately; ŷ is one number. {ON_12} "
     f"[0.48001, 0.53743]."),
    ("ex1.2", lambda x, w: x * w,
     f"you return every product w_i·x_i, neither added up nor through the sigmoid. {ON_12} "
     f"[-0.08, 0.15]."),
    ("ex1.2", lambda x, w: 1 / (1 + np.exp(np.dot(x, w))),
     f"you return σ(−h) = 1 − σ(h): a sign slip, in the exponent or in front of σ. {ON_12} "
     f"0.482507."),
    ("ex1.2", lambda x, w: 1 - sigmoid(np.dot(x, w)),  # the same number, the other slip
     f"you return σ(−h) = 1 − σ(h): a sign slip, in the exponent or in front of σ. {ON_12} "
     f"0.482507."),
    ("ex1.2", lambda x, w: sigmoid(np.dot(x, w)) * (1 - sigmoid(np.dot(x, w))),
     f"you return the slope σ'(h), not the output σ(h). {ON_12} 0.249694."),
    ("ex1.2", lambda x, w: sigmoid(np.sum(x + w)),
     f"you add x_i and w_i; in h each input is multiplied by its own weight. {ON_12} 0.524979."),
    ("ex1.3", lambda y, y_hat, h: (y_hat - y) * y_hat * (1 - y_hat),
     f"wrong sign: your error is output minus target, ŷ − y. {ON_13} 0.0792761."),
    ("ex1.3", lambda y, y_hat, h: y - y_hat,
     f"you return the error y − ŷ alone: the slope f'(h) is missing. {ON_13} -0.317493."),
    ("ex1.3", lambda y, y_hat, h: (y - y_hat) * sigmoid(y_hat) * (1 - sigmoid(y_hat)),
     f"you take the slope at ŷ, σ'(ŷ); f' belongs at the unit's input h. {ON_13} -0.0742877."),
    ("ex1.3", lambda y, y_hat, h: (y - y_hat) * y_hat,
     f"you multiply by σ(h) = ŷ, the sigmoid itself, not its slope. {ON_13} -0.1643."),
    ("ex1.3", lambda y, y_hat, h: (y - y_hat) * h * (1 - h),
     f"your slope is h(1 − h): h is the unit's input, not its output. {ON_13} -0.0206688."),
    ("ex1.3", lambda y, y_hat, h: (y - y_hat) * y * (1 - y),
     f"your slope is y(1 − y), from the target y; f'(h) comes from the unit's output. {ON_13} "
     f"-0.0507989."),
    ("ex1.3", lambda y, y_hat, h: (y - y_hat) ** 2 * y_hat * (1 - y_hat),
     f"you square the error (y − ŷ)²; δ uses the error itself, y − ŷ. {ON_13} 0.0251696."),
    ("ex1.4", lambda lr, delta, x: -lr * delta * x,
     f"wrong sign: the minus of gradient descent is already inside delta. {ON_14} "
     f"[0.0039638, 0.011891]."),
    ("ex1.4", lambda lr, delta, x: delta * x,
     f"the learning rate lr is missing from your step. {ON_14} [-0.0079276, -0.023783]."),
    ("ex1.4", lambda lr, delta, x: lr * x,
     f"the error term delta is missing from your step. {ON_14} [0.05, 0.15]."),
    ("ex1.4", lambda lr, delta, x: [lr * delta * x[0], lr * delta * x[1]],
     "you wrote out two entries by hand; x can have any number of inputs. On lr=0.1, "
     "delta=0.25, x=[1, -2, 3]: expected [0.025, -0.05, 0.075], got [0.025, -0.05]."),
    ("ex1.4", lambda lr, delta, x: lr * delta * x.sum(),
     f"you return one number; Δw has one entry per input x_i. {ON_14} -0.0158552."),
    ("ex1.4", lambda lr, delta, x: lr * delta,
     "you return lr·delta alone; each weight's step is also scaled by its own input x_i. "
     "On lr=0.5, delta=-0.07928, x=[0.1, 0.3]: expected [-0.003964, -0.01189], got -0.03964."),
    ("ex1.4", lambda lr, delta, x: x + lr * delta * x,
     f"you return x plus the step: Δw is the step alone. {ON_14} [0.096036, 0.28811]."),
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
            # the hand-written two entries equal the reference on two inputs: its own case decides
            assert not same or (ex_id == "ex1.4" and {i, j} == {0, 4}), (i, j)


@pytest.mark.parametrize("ex_id", IDS)
def test_learner_exception_is_one_line(ex_id, check_line):
    def crash(*args):
        return np.array([1.0, 2.0]) @ np.ones(3)  # a shape error inside learner code
    line = _line(check_line, ex_id, crash)
    assert line.startswith(f"{_head(FAIL, ex_id)} — your code raised ValueError")
    assert "Traceback" not in line


def test_changing_x_in_place_is_named(check_line):
    def in_place(lr, delta, x):
        x *= lr * delta
        return x
    line = _line(check_line, "ex1.4", in_place)
    assert line.startswith(_head(FAIL, "ex1.4")) and "`x` in place" in line


def test_an_unknown_wrong_answer_gets_a_diagnosis_not_a_mistake_name(check_line):
    line = _line(check_line, "ex1.4", lambda lr, delta, x: lr * delta * x + 1.0)
    assert line.startswith(f"{_head(FAIL, 'ex1.4')} — wrong value")


def test_error_term_keeps_the_shape_of_batches(check_line):
    line = _line(check_line, "ex1.3",
                 lambda y, y_hat, h: float(np.mean((y - y_hat) * y_hat * (1 - y_hat))))
    assert line.startswith(_head(FAIL, "ex1.3")) and "shape" in line
