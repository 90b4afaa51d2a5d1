import numpy as np
import pytest

from course.checking import Mistake, compare, exercise_id, fmt, not_done_message, run_check
from course.marks import _pending
from course.notebook import _note_for


def ref(x, w):
    return float(np.dot(x, w))


def square(a):
    return a**2


CASES = [(np.array([1.0, 2.0]), np.array([3.0, 4.0]))]


@pytest.mark.parametrize("got, expected, words", [
    (None, 1.0, "returned None: is a `return` missing?"),
    ("abc", 1.0, "expected a number or an array of numbers, got str"),
    (np.ones((3, 2)), np.ones((2, 3)), "wrong shape: expected (2, 3), got (3, 2), the transpose"),
    (np.ones((3, 1)), np.ones(3), "same number of entries, arranged differently"),
    (np.ones(4), np.ones(3), "wrong shape: expected (3,), got (4,)"),
    (np.array([1.0, np.nan]), np.array([1.0, 2.0]), "contains NaN"),
    (np.array([[1.0, 3.0], [2.0, 4.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]), "looks transposed"),
    (np.array([-1.0, -2.0]), np.array([1.0, 2.0]), "wrong sign"),
    (np.array([0.5, 1.0]), np.array([1.0, 2.0]), "off by a factor of 0.5"),
    (np.array([1.0, 5.0]), np.array([1.0, 2.0]), "wrong value: expected [1, 2], got [1, 5]"),
    ((1.0,), (1.0, 2.0), "expected 2 results"),
    ((1.0, 3.0), (1.0, 2.0), "result 2: wrong value"),
])
def test_compare_diagnoses(got, expected, words):
    assert words in compare(got, expected)


def test_compare_accepts_lists_tuples_and_close_values():
    assert compare([1.0, 2.0], np.array([1.0, 2.0])) is None
    assert compare((np.ones(2), 3.0), (np.ones(2), 3.0 + 1e-12)) is None
    assert compare(np.float32(0.1), 0.1, rtol=1e-6) is None


def test_named_outputs_in_messages():
    msg = compare((np.ones(2), np.ones(3)), (np.ones(2), np.ones(2)), ("delta_W1", "delta_W2"))
    assert msg.startswith("delta_W2: wrong shape")


def test_pass_not_done_and_non_function():
    assert run_check("ex9.9", "t", ref, ref, CASES).line.startswith("✅ ex9.9 t: correct on all 1")

    def stub(x, w):
        raise NotImplementedError(not_done_message("ex9.9"))
    fb = run_check("ex9.9", "t", stub, ref, CASES)
    assert not fb.passed and fb.line.startswith("⏳ ex9.9 t: not done yet")
    assert "expected a function, got float" in run_check("ex9.9", "t", 1.5, ref, CASES).line


def test_learner_exception_is_one_line_with_input():
    def broken(x, w):
        return x[5]
    line = run_check("ex9.9", "t", broken, ref, CASES).line
    assert line.startswith("❌ ex9.9 t: your code raised IndexError: index 5 is out of bounds")
    assert "on the input x=[1, 2], w=[3, 4]" in line
    assert "\n" not in line and "Traceback" not in line


def test_mistake_is_named_with_expected_and_got():
    mistakes = [Mistake(lambda x, w: x * w, "you return the products; add them up.")]
    line = run_check("ex9.9", "t", lambda x, w: x * w, ref, CASES, mistakes).line
    assert line == ("❌ ex9.9 t: you return the products; add them up. On the input "
                    "x=[1, 2], w=[3, 4]: expected 11, got [3, 8].")


def test_a_mistake_that_cannot_run_does_not_match():
    mistakes = [Mistake(lambda x, w: 1 / 0, "never")]
    line = run_check("ex9.9", "t", lambda x, w: -ref(x, w), ref, CASES, mistakes).line
    assert "wrong sign" in line and "never" not in line


def test_learner_that_mutates_its_input_cannot_corrupt_the_check():
    a = np.array([1.0, 2.0, 3.0])

    def sneaky(v):
        v *= 10  # changes its argument in place
        return v**2
    fb = run_check("ex9.9", "t", sneaky, square, [(a,)])
    assert a.tolist() == [1.0, 2.0, 3.0]
    assert "off by a factor of 100" in fb.line


def test_reference_sees_untouched_inputs():
    seen = []

    def reference(v):
        seen.append(v.copy())
        return v
    run_check("ex9.9", "t", lambda v: v.fill(0) or v, reference, [(np.ones(2),)])
    assert seen[0].tolist() == [1.0, 1.0]


def test_fmt_is_short_and_rounded():
    assert fmt(1 / 3) == "0.333333"
    assert fmt(np.arange(100.0)).count(",") < 10
    assert fmt((1.0, np.array([1.0, 2.0]))) == "(1, [1, 2])"


def test_exercise_id_and_notes():
    assert exercise_id(NotImplementedError("ex1.2 is not done yet")) == "ex1.2"
    assert exercise_id(NotImplementedError("something else")) is None
    assert exercise_id(ValueError("ex1.2")) is None
    _pending.clear()
    assert _note_for(NameError("name 'w' is not defined")) is None  # a real typo: traceback
    note = _note_for(NotImplementedError("ex3.1 is not done yet"))
    assert note.startswith("⏳ This cell needs exercise ex3.1, which is not done yet")
    note = _note_for(NameError("name 'w' is not defined"))
    assert "needs a result of exercise ex3.1" in note and "name 'w' is not defined" in note
    assert run_check("ex3.1", "t", ref, ref, CASES).passed
    assert _note_for(NameError("name 'w' is not defined")) is None
