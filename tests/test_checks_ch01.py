"""The chapter 1 checks accept the reference, name typical mistakes, and stay one line."""

import numpy as np
import pytest

from course.checks.ch01 import (
    check_error_term,
    check_sigmoid_prime,
    check_unit_output,
    check_weight_step,
)
from helpers import sigmoid


def _line(capsys) -> str:
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    return out


def _stub(ex_id):
    def stub(*args):
        raise NotImplementedError(f"{ex_id} is not done yet")
    return stub


def _crash(*args):
    return np.array([1.0, 2.0]) @ np.ones(3)  # a shape error inside learner code


def _sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


def _sigmoid_prime_from_scratch(z):  # a different, equally right way
    e = np.exp(-np.asarray(z, dtype=float))
    return e / (1 + e) ** 2


def _unit_output(x, w):
    return sigmoid(np.sum(x * w))


def _error_term(y, y_hat, h):
    return (y - y_hat) * y_hat * (1 - y_hat)  # σ'(h) through ŷ: also right


def _weight_step(lr, delta, x):
    return lr * delta * np.asarray(x)


CASES = {
    "ex1.1": (check_sigmoid_prime, [_sigmoid_prime, _sigmoid_prime_from_scratch], [
        (lambda z: sigmoid(z), "you return σ(z), the sigmoid itself"),
        (lambda z: z * (1 - z), "you put z itself into σ(1 − σ)"),
        (lambda z: sigmoid(z) * (sigmoid(z) - 1), "wrong sign: the sigmoid only rises"),
        (lambda z: sigmoid(z) * (1 - z), "you mix σ(z) and z"),
    ]),
    "ex1.2": (check_unit_output, [_unit_output, lambda x, w: float(sigmoid(w @ x))], [
        (lambda x, w: np.dot(x, w), "you return h, the weighted sum"),
        (lambda x, w: sigmoid(x * w), "you return σ of every product"),
        (lambda x, w: x * w, "you return every product w_i·x_i"),
    ]),
    "ex1.3": (check_error_term, [_error_term], [
        (lambda y, y_hat, h: (y_hat - y) * y_hat * (1 - y_hat), "wrong sign: the error in δ"),
        (lambda y, y_hat, h: y - y_hat, "you return the error y − ŷ alone"),
        (lambda y, y_hat, h: (y - y_hat) * sigmoid(y_hat) * (1 - sigmoid(y_hat)),
         "you take the slope at ŷ"),
        (lambda y, y_hat, h: (y - y_hat) * y_hat, "you multiply by σ(h)"),
    ]),
    "ex1.4": (check_weight_step, [_weight_step, lambda lr, delta, x: np.multiply(x, lr * delta)], [
        (lambda lr, delta, x: -lr * delta * x, "wrong sign: the minus of gradient descent"),
        (lambda lr, delta, x: delta * x, "the learning rate η is missing"),
        (lambda lr, delta, x: [lr * delta * x[0], lr * delta * x[1]],
         "you wrote out two entries by hand"),
        (lambda lr, delta, x: lr * delta * x.sum(), "you return one number"),
        (lambda lr, delta, x: lr * delta, "you return η·δ alone"),
    ]),
}
IDS = sorted(CASES)


@pytest.mark.parametrize("ex_id", IDS)
def test_accepts_right_answers(ex_id, capsys):
    check, rights, _ = CASES[ex_id]
    for right in rights:
        check(right)
        assert _line(capsys).startswith(f"✅ {ex_id} ")


@pytest.mark.parametrize(("ex_id", "k"), [(e, k) for e in IDS for k in range(len(CASES[e][2]))])
def test_names_each_mistake(ex_id, k, capsys):
    check, _, mistakes = CASES[ex_id]
    wrong, message = mistakes[k]
    check(wrong)
    line = _line(capsys)
    assert line.startswith(f"❌ {ex_id} ")
    assert message in line
    assert "expected" in line and "got" in line


@pytest.mark.parametrize("ex_id", IDS)
def test_stub_is_not_done_yet(ex_id, capsys):
    CASES[ex_id][0](_stub(ex_id))
    line = _line(capsys)
    assert line.startswith(f"⏳ {ex_id} ") and "not done yet" in line


@pytest.mark.parametrize("ex_id", IDS)
def test_learner_exception_is_one_line(ex_id, capsys):
    CASES[ex_id][0](_crash)
    line = _line(capsys)
    assert line.startswith(f"❌ {ex_id} ")
    assert "your code raised ValueError" in line
    assert "Traceback" not in line


@pytest.mark.parametrize("ex_id", IDS)
def test_none_and_non_function(ex_id, capsys):
    check = CASES[ex_id][0]
    check(lambda *args: None)
    assert "returned None" in _line(capsys)
    check(0.5)
    assert "expected a function" in _line(capsys)


def test_unknown_wrong_answer_gets_a_diagnosis_not_a_mistake_name(capsys):
    check_weight_step(lambda lr, delta, x: lr * delta * x + 1.0)
    line = _line(capsys)
    assert line.startswith("❌ ex1.4 ") and "wrong value" in line


def test_error_term_keeps_shape_of_batches(capsys):
    check_error_term(lambda y, y_hat, h: float(np.mean((y - y_hat) * y_hat * (1 - y_hat))))
    assert "wrong shape" in _line(capsys)
