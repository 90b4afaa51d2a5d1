"""The check machinery as a student meets it: every scenario ends in the one exact line a
student sees under the check cell (issue 15), and under nbgrader a check that does not pass
raises (issue 17)."""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest

from course.checking import (
    Exercise,
    Mistake,
    Quiz,
    compare,
    exercise_id,
    fmt,
    not_done_message,
)
from course.marks import kernel


def _step(lr, delta, x):
    return lr * delta * x


def _unit(x, w):
    return float(1 / (1 + np.exp(-np.dot(x, w))))


STEP = Exercise(
    "ex99.1", "weight_step", reference=_step,
    cases=[(0.5, -0.25, np.array([0.1, 0.3])), (2.0, 0.5, np.array([1.0, -2.0, 3.0]))],
    mistakes=[Mistake("m1", lambda lr, delta, x: delta * x, "the learning rate is missing."),
              Mistake("m2", lambda lr, delta, x: -lr * delta * x, "wrong sign: the step goes uphill.")],
    names=("weight_step",))
UNIT = Exercise(
    "ex99.2", "unit_output", reference=_unit,
    cases=[(np.array([0.1, 0.3]), np.array([-0.8, 0.5])), (np.zeros(3), np.ones(3))],
    names=("unit_output",))
FAST = Exercise("ex99.1", "weight_step", reference=_step, cases=STEP.cases, time_limit=0.2)

HEAD = "❌ not yet: ex99.1 weight_step — "
ON_1 = "on lr=0.5, delta=-0.25, x=[0.1, 0.3]"


@pytest.fixture(autouse=True)
def _fresh_marks():
    kernel.forget_progress()
    yield
    kernel.forget_progress()


# ---------- verdicts carry words ----------

def test_a_right_answer_is_correct(check_line):
    assert check_line(STEP.check, _step) == "✅ correct: ex99.1 weight_step on all 2 test inputs."


def test_after_a_pass_the_line_says_to_rerun_the_cells_that_waited(check_line):
    kernel.mark_needed("ex99.1")  # a cell below stopped on "ex99.1 is not done yet"
    assert check_line(STEP.check, _step) == (
        "✅ correct: ex99.1 weight_step on all 2 test inputs. Now run the cells below it again: "
        "some stopped because it was not done.")
    assert check_line(STEP.check, _step) == "✅ correct: ex99.1 weight_step on all 2 test inputs."


def test_a_stub_is_not_done(check_line):
    def stub(lr, delta, x):
        raise NotImplementedError(not_done_message("ex99.1"))
    assert check_line(STEP.check, stub) == (
        "⏳ not done yet: ex99.1 weight_step — replace the NotImplementedError line in its cell "
        "with your code, run that cell, then run this one again.")


def test_a_bare_not_implemented_error_is_not_done_too(check_line):
    def weight_step(lr, delta, x):  # nbgrader's own stub: no exercise id in the message
        raise NotImplementedError()
    assert check_line(STEP.check, weight_step).startswith("⏳ not done yet: ex99.1 weight_step — ")


def test_a_stub_called_from_another_exercise_names_that_exercise(check_line):
    def weight_step(lr, delta, x):
        raise NotImplementedError(not_done_message("ex99.1"))

    def error_term(x, w):  # ex99.2 is written, but calls the stub of ex99.1
        return weight_step(1.0, _unit(x, w), x)
    assert check_line(UNIT.check, error_term) == (
        "⏳ not done yet: ex99.2 unit_output — it needs ex99.1, which is not done yet. Finish "
        "ex99.1, run its cell, then run this one again.")
    assert "ex99.1" in kernel.pending


def test_a_value_instead_of_a_function(check_line):
    assert check_line(STEP.check, 0.5) == (
        HEAD + "expected a function, got a float. Pass the function itself, without calling it.")


def test_wrong_number_of_arguments_names_the_students_parameters(check_line):
    assert check_line(STEP.check, lambda lr, x: lr * x) == (
        HEAD + "your function takes 2 arguments (lr, x), but the check passes 3 (lr, delta, x).")


# ---------- false ✅ closed: arguments changed in place, result types ----------

def test_changing_an_argument_in_place_is_named(check_line):
    def sneaky(lr, delta, x):
        x *= lr * delta  # right numbers, but the caller's x is now the step
        return x
    assert check_line(STEP.check, sneaky) == (
        HEAD + f"your function changed its argument `x` in place ({ON_1}); later cells reuse "
        "it, so leave the arguments as they came.")


def test_argument_names_are_the_students_own(check_line):
    def sneaky(eta, d, inputs):
        inputs[0] = 0.0
        return eta * d * inputs
    assert "your function changed its argument `inputs` in place" in check_line(STEP.check,
                                                                              sneaky)


def test_may_change_allows_an_in_place_exercise(check_line):
    def in_place(lr, delta, x):
        x *= lr * delta
        return x
    allowed = Exercise("ex99.1", "weight_step", reference=_step, cases=STEP.cases,
                       may_change=("x",))
    assert check_line(allowed.check, in_place).startswith("✅ correct: ex99.1 weight_step")


def test_the_callers_arrays_and_the_reference_stay_untouched():
    x = np.array([0.1, 0.3])
    Exercise("ex99.1", "t", _step, [(0.5, 1.0, x)]).run(lambda lr, delta, v: v.fill(7) or v)
    assert x.tolist() == [0.1, 0.3]


@pytest.mark.parametrize("answer, words", [
    (lambda lr, delta, x: list(lr * delta * x), "expected a NumPy array, got a list"),
    (lambda lr, delta, x: tuple(lr * delta * x), "expected a NumPy array, got a tuple"),
    (lambda lr, delta, x: (lr * delta * x).astype(complex),
     "expected an array of real numbers, got an array of complex numbers"),
    (lambda lr, delta, x: lr * delta * x > -1, "expected an array of real numbers, got an "
                                              "array of True/False values"),
])
def test_an_array_exercise_needs_an_array_of_real_numbers(check_line, answer, words):
    assert check_line(STEP.check, answer) == HEAD + words + "."


def test_ragged_nested_lists_are_one_line(check_line):
    ragged = Exercise("ex99.1", "weight_step", reference=lambda x: np.ones((2, 2)) * x,
                      cases=[(1.0,)])
    assert check_line(ragged.check, lambda x: [[1.0, 1.0], [1.0]]) == (
        HEAD + "expected a NumPy array, got a list.")
    assert check_line(ragged.check, lambda x: np.array([[1.0, 1.0], [1.0]], dtype=object)) == (
        HEAD + "expected an array of real numbers, got an array of Python objects (rows of "
        "different lengths?).")


@pytest.mark.parametrize("answer, words", [
    (lambda x, w: f"{_unit(x, w):.4f}", "expected a number, got a str ('0.5175')"),
    (lambda x, w: complex(_unit(x, w)), "expected a real number, got a complex number "
                                        "(0.5175+0j)"),
    (lambda x, w: [_unit(x, w)], "expected a number, got a list"),
    (lambda x, w: np.array([_unit(x, w)]), "expected a number, got an array of shape (1,)"),
    (lambda x, w: _unit(x, w) > 0, "expected a number, got a bool (True)"),
    (lambda x, w: None, "your function returned None: is a `return` missing?"),
])
def test_a_number_exercise_needs_a_real_number(check_line, answer, words):
    end = "" if words.endswith("?") else "."  # a question ends the line as it is, never "?."
    assert check_line(UNIT.check, answer) == "❌ not yet: ex99.2 unit_output — " + words + end


def test_numpy_scalars_and_0d_arrays_count_as_numbers(check_line):
    for answer in (lambda x, w: np.float64(_unit(x, w)), lambda x, w: np.array(_unit(x, w)),
                   lambda x, w: np.float32(_unit(x, w))):
        loose = Exercise("ex99.2", "unit_output", reference=_unit, cases=UNIT.cases, rtol=1e-6)
        assert check_line(loose.check, answer).startswith("✅ correct"), answer


def test_tuples_are_checked_part_by_part(check_line):
    pair = Exercise("ex99.1", "steps", reference=lambda a: (a * 2.0, float(a.sum())),
                    cases=[(np.array([1.0, 2.0]),)], outputs=("delta_W", "total"))
    assert check_line(pair.check, lambda a: (list(a * 2), float(a.sum()))) == (
        "❌ not yet: ex99.1 steps — delta_W: expected a NumPy array, got a list.")
    assert check_line(pair.check, lambda a: [a * 2, a.sum()]).startswith("✅ correct")


# ---------- no raw traceback: time limit, Interrupt, exit, input, later calls ----------

def test_an_endless_loop_is_stopped_by_the_time_limit(check_line):
    def endless(lr, delta, x):
        while True:
            pass
    assert check_line(FAST.check, endless) == (
        f"{HEAD}your function did not finish within 0.2 s ({ON_1}): a loop that never ends?")


def test_the_time_limit_works_off_the_main_thread_too():
    def endless(lr, delta, x):
        n = 0
        while True:
            n += 1
    found = []
    thread = threading.Thread(target=lambda: found.append(FAST.run(endless)))
    thread.start()
    thread.join(30)
    assert found and found[0].line == (
        f"{HEAD}your function did not finish within 0.2 s ({ON_1}): a loop that never ends?")


def test_interrupt_is_one_line(check_line):
    def stuck(lr, delta, x):
        raise KeyboardInterrupt  # what the Interrupt button does inside the function
    assert check_line(STEP.check, stuck) == (
        f"{HEAD}interrupted while your function ran ({ON_1}); if it never finishes, look for "
        "a loop that does not end.")
    assert STEP.run(stuck).interrupted


def test_exit_is_one_line(check_line):
    assert check_line(STEP.check, lambda lr, delta, x: sys.exit()) == (
        HEAD + "your function called exit() (SystemExit), which would stop the notebook; a "
        "function hands back its result with `return`.")


def test_input_is_one_line_not_not_done(check_line):
    def asks(lr, delta, x):
        return float(input("learning rate? ")) * delta * x
    stdin = sys.stdin
    assert check_line(STEP.check, asks) == (
        HEAD + "your function calls input(), but a check gives it its inputs as arguments and "
        "no one can type during a check.")
    assert sys.stdin is stdin  # given back after the check


def test_stdin_not_implemented_is_input_not_not_done(check_line):
    class StdinNotImplementedError(NotImplementedError):  # what ipykernel raises
        pass

    def asks(lr, delta, x):
        raise StdinNotImplementedError("raw_input was called, but this frontend does not "
                                       "support input requests.")
    assert check_line(STEP.check, asks).startswith(HEAD + "your function calls input()")


def test_a_failure_on_the_second_call_is_one_line(check_line):
    calls = []

    def flaky(lr, delta, x):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("state left over from the first call")
        return lr * delta * x
    assert check_line(STEP.check, flaky) == (  # the second test input, named as given
        HEAD + "your code raised RuntimeError: state left over from the first call on lr=2, "
        "delta=0.5, x=[1, -2, 3].")


def test_an_exception_names_the_input_and_no_internal_names(check_line):
    line = check_line(STEP.check, lambda lr, delta, x: x[5])
    assert line.startswith(HEAD + "your code raised IndexError: index 5 is out of bounds")
    assert line.endswith(f" {ON_1}.")

    class _Fn:
        def __call__(self, a, b):
            return a + b
    line = check_line(STEP.check, _Fn())
    assert line == HEAD + "your function takes 2 arguments (a, b), but the check passes 3 " \
                          "(lr, delta, x)."


def test_a_result_that_breaks_comparing_is_one_line(check_line):
    class Weird:
        def __array__(self, *args, **kwargs):
            raise RuntimeError("no")
    line = check_line(STEP.check, lambda lr, delta, x: Weird())
    assert line == HEAD + "expected a NumPy array, got a Weird."


# ---------- printed output is captured, shortened, and the verdict is last ----------

def test_a_large_print_is_shortened_and_the_verdict_comes_last(check_output):
    def chatty(lr, delta, x):
        for i in range(20_000):
            print("step", i)
        return lr * delta * x
    assert check_output(STEP.check, chatty) == [
        "your function printed:", "  step 0", "  step 1", "  step 2",
        "  ... 39997 more lines", "✅ correct: ex99.1 weight_step on all 2 test inputs."]


def test_one_endless_printed_line_is_cut(check_output):
    def wide(lr, delta, x):
        print("x" * 1_000_000, end="")
        return lr * delta * x
    lines = check_output(STEP.check, wide)
    assert lines[0] == "your function printed:" and len(lines[1]) <= 102
    assert lines[-1].startswith("✅ correct")


def test_stderr_and_warnings_are_captured_too(check_output, capsys):
    def noisy(lr, delta, x):
        print("careful", file=sys.stderr)
        np.log(np.zeros(1))  # RuntimeWarning: divide by zero
        return lr * delta * x
    lines = check_output(STEP.check, noisy)
    assert lines[:2] == ["your function printed:", "  careful"]
    assert lines[2].startswith("  RuntimeWarning: divide by zero")
    assert lines[-1].startswith("✅ correct")
    print("after")
    assert capsys.readouterr().out == "after\n"


# ---------- messages: a mistake explains every case, lines fit a projector ----------

def test_a_mistake_is_named_with_expected_and_got(check_line):
    assert check_line(STEP.check, lambda lr, delta, x: delta * x) == (
        HEAD + "the learning rate is missing. On lr=0.5, delta=-0.25, x=[0.1, 0.3]: expected "
        "[-0.0125, -0.0375], got [-0.025, -0.075].")


def test_a_mistake_that_explains_only_one_case_is_not_named(check_line):
    def coincidence(lr, delta, x):  # equals "lr missing" on the first case only
        return delta * x if len(x) == 2 else lr * delta * x + 1.0
    line = check_line(STEP.check, coincidence)
    assert "learning rate" not in line
    assert line == HEAD + ("off by a factor of 2: expected [-0.0125, -0.0375], got [-0.025, "
                           "-0.075] (on lr=0.5, delta=-0.25, x=[0.1, 0.3]).")


def test_a_mistake_that_cannot_run_on_an_input_does_not_count_there(check_line):
    partial = Exercise("ex99.1", "weight_step", reference=_step, cases=STEP.cases, mistakes=[
        Mistake("m3", lambda lr, delta, x: delta * x if len(x) == 2 else 1 / 0, "lr is missing.")])
    assert check_line(partial.check, lambda lr, delta, x: delta * x).startswith(
        HEAD + "lr is missing. On")


def test_a_mistake_is_named_where_it_raises_like_the_learner(check_line):
    ex = Exercise("ex99.1", "forward", reference=lambda x, W: W @ x,
                  cases=[(np.ones(2), np.eye(2) * 2), (np.ones(3), np.ones((2, 3)))],
                  mistakes=[Mistake("m4", lambda x, W: W.T @ x if W.shape[0] == W.shape[1] else
                                    np.dot(W, x[:2]) * np.nan, "never")])
    # a mistake must either give the learner's numbers or raise where the learner raises
    assert "never" not in check_line(ex.check, lambda x, W: x @ W)


def test_long_inputs_are_abbreviated_within_two_projector_lines(check_line):
    big = Exercise("ex99.1", "weight_step", reference=_step,
                   cases=[(0.5, -0.25, np.linspace(0, 1, 50)), (0.1, 2.0, np.ones((30, 30)))],
                   mistakes=[Mistake("m5", lambda lr, delta, x: delta * x,
                                     "the learning rate is missing: it sets how big a step "
                                     "is, and without it every step is as large as δ·x.")])
    for answer in (lambda lr, delta, x: delta * x, lambda lr, delta, x: lr * delta * x + 1,
                   lambda lr, delta, x: x.__imul__(2)):
        line = check_line(big.check, answer)
        assert len(line) <= 200, line
    assert check_line(big.check, lambda lr, delta, x: lr * delta * x + 1) == (
        HEAD + "wrong value: expected [0, -0.002551, ..., -0.12245, -0.125], got [1, 0.99745, "
        "..., 0.87755, 0.875] (on lr=0.5, delta=-0.25, x=[0, 0.02041, ..., 0.9796, 1]).")


def test_a_hint_is_added_when_no_mistake_matched(check_line):
    hinted = Exercise("ex99.1", "weight_step", reference=_step, cases=STEP.cases,
                      hint=lambda case, got, expected: "Is each step scaled by its input?")
    assert check_line(hinted.check, lambda lr, delta, x: lr * delta + 0 * x).endswith(
        ". Is each step scaled by its input?")


# ---------- the same check under nbgrader ----------

@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_under_nbgrader_a_check_that_does_not_pass_raises(mode, monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)

    def stub(lr, delta, x):
        raise NotImplementedError(not_done_message("ex99.1"))
    for answer in (lambda lr, delta, x: delta * x, stub, lambda lr, delta, x: x[5],
                   lambda lr, delta, x: sys.exit()):
        with pytest.raises(AssertionError) as raised:
            STEP.check(answer)
        assert str(raised.value).startswith("ex99.1 weight_step")
        assert "\n" not in str(raised.value)
        assert capsys.readouterr().out.count("\n") == 1  # the line is printed as well
    STEP.check(_step)  # a right answer keeps its points
    assert capsys.readouterr().out.startswith("✅ correct")
    with pytest.raises(AssertionError, match=r"^ex99.1 weight_step: not yet \(see the line"):
        STEP.check(lambda lr, delta, x: delta * x)


@pytest.mark.parametrize("mode", ["", "1", "grading", None])
def test_in_a_students_session_a_check_never_raises(mode, monkeypatch, check_line):
    if mode is None:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    else:
        monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    assert check_line(STEP.check, lambda lr, delta, x: delta * x).startswith(HEAD)
    assert check_line(STEP.check, lambda lr, delta, x: 1 / 0).startswith(HEAD)


def test_under_nbgrader_a_quiz_raises_on_blank_and_wrong(monkeypatch, capsys):
    quiz = Quiz("ex99.3", "order", answer="b", choices=["a", "b", "c"], wrong={"a": "no: a."})
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    for given in (None, "a", "c", 3):
        with pytest.raises(AssertionError):
            quiz.check(given)
    quiz.check("b")
    assert capsys.readouterr().out.splitlines()[-1] == "✅ correct: ex99.3 order."


def test_quiz_lines(check_line):
    quiz = Quiz("ex99.3", "order", answer="b", choices=["a", "b", "c"], wrong={"a": "no: a."})
    assert check_line(quiz.check, None) == (
        "⏳ not done yet: ex99.3 order — put your answer in the cell above, run it, then run "
        "this one again.")
    assert check_line(quiz.check, "a") == "❌ not yet: ex99.3 order — no: a."
    assert check_line(quiz.check, "c") == (
        "❌ not yet: ex99.3 order — not this one; reread the question and try again.")
    assert check_line(quiz.check, "z") == (
        "❌ not yet: ex99.3 order — expected one of 'a', 'b', 'c', got 'z'.")
    number = Quiz("ex99.4", "count", answer=12)
    assert check_line(number.check, 12.0) == "✅ correct: ex99.4 count."
    assert check_line(number.check, "12").startswith("❌ not yet: ex99.4 count")


# ---------- compare and fmt (used by chapter checks directly) ----------

@pytest.mark.parametrize("got, expected, words", [
    (None, 1.0, "returned None: is a `return` missing?"),
    ("abc", 1.0, "expected a number or an array of numbers, got a str ('abc')"),
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


def test_fmt_is_short_and_rounded():
    assert fmt(1 / 3) == "0.333333"
    assert fmt(np.arange(100.0)).count(",") < 10
    assert fmt((1.0, np.array([1.0, 2.0]))) == "(1, [1, 2])"
    assert fmt(np.arange(10.0), 2) == "[0, 1, ..., 8, 9]"
    assert fmt(object.__new__(type("Odd", (), {"__repr__": lambda s: 1 / 0}))) == "Odd"


def test_exercise_id_of_a_stub():
    assert exercise_id(NotImplementedError("ex1.2 is not done yet")) == "ex1.2"
    assert exercise_id(NotImplementedError("ex1_2 is not done yet")) == "ex1.2"
    assert exercise_id(NotImplementedError("something else")) is None
    assert exercise_id(ValueError("ex1.2")) is None


def test_a_long_wrong_value_is_shortened_to_fit(check_line):
    """A matrix result that no mistake explains: the line shows fewer entries, and no numbers
    at all when even those do not fit, but keeps the diagnosis within MAX_LINE."""
    big = Exercise("ex99.5", "big", reference=lambda a: 1000 * np.outer(a, a),
                   cases=[(np.linspace(0.123, 0.987, 7),)])
    assert check_line(big.check, lambda a: 500 * np.outer(a, a)) == (
        "❌ not yet: ex99.5 big — off by a factor of 0.5: expected [[15.13, ..., 121.4], ..., "
        "[121.4, ..., 974.2]], got [[7.564, ..., 60.7], ..., [60.7, ..., 487.1]] (on test input "
        "1 of 1).")
    cube = Exercise("ex99.5", "cube", reference=lambda a: np.multiply.outer(np.outer(a, a), a),
                    cases=[(np.linspace(0.123, 0.987, 7),)])
    assert check_line(cube.check, lambda a: np.multiply.outer(np.outer(a, a), a) + 1.2345) == (
        "❌ not yet: ex99.5 cube — wrong value (on test input 1 of 1).")


def test_a_hint_is_fitted_with_the_line(check_line):
    hinted = Exercise("ex99.6", "hinted", reference=lambda a: np.outer(a, a),
                      cases=[(np.linspace(0.123, 0.987, 7),)],
                      hint=lambda case, got, expected: "Look at the diagonal.")
    line = check_line(hinted.check, lambda a: np.outer(a, a) + 0.001)
    assert line == ("❌ not yet: ex99.6 hinted — wrong value (on test input 1 of 1). "
                    "Look at the diagonal.")


def test_one_array_where_a_pair_is_expected_is_named_plainly(check_line):
    pair = Exercise("ex99.7", "pair", reference=lambda a: (a * 2.0, a * 3.0),
                    cases=[(np.array([1.0, 2.0]),)], outputs=("first", "second"))
    assert check_line(pair.check, lambda a: a * 2.0) == (
        "❌ not yet: ex99.7 pair — expected 2 results (first, second), got a NumPy array "
        "(on a=[1, 2]).")


def test_a_dataframe_input_is_described_by_its_rows(check_line):
    import pandas as pd

    frame = Exercise("ex99.8", "frame", reference=lambda df: df["v"].to_numpy(float) * 2,
                     cases=[(pd.DataFrame({"v": [1.0, 2.0, 3.0]}),)])
    assert check_line(frame.check, lambda df: df["v"].to_numpy(float) * 2 + 1) == (
        "❌ not yet: ex99.8 frame — wrong value: expected [2, 4, 6], got [3, 5, 7] "
        "(on df=(a DataFrame of 3 rows)).")


# ---------- QA of chapters 5-9: names, generators, quiz forms ----------

def _draw(sizes, rng):
    return rng.standard_normal(sizes[0])


DRAW = Exercise("ex99.5", "draw", reference=_draw,
                cases=[((3,), np.random.default_rng(1)), ((2,), np.random.default_rng(2))],
                may_change=("rng",))


def test_may_change_holds_whatever_the_learner_calls_the_argument(check_line):
    def draw(s, r):  # the learner's own names: r is still the rng the exercise lets change
        return r.normal(0.0, 1.0, s[0])

    assert check_line(DRAW.check, draw) == "✅ correct: ex99.5 draw on all 2 test inputs."


def test_a_generator_input_is_shown_without_its_memory_address(check_line):
    assert check_line(DRAW.check, lambda sizes, rng: None) == (
        "❌ not yet: ex99.5 draw — your function returned None: is a `return` missing?")
    assert check_line(DRAW.check, lambda sizes, rng: rng.random(sizes[0])) == (
        "❌ not yet: ex99.5 draw — wrong value: expected [0.34558, 0.82162, 0.33044], got "
        "[0.51182, 0.95046, 0.14416] (on sizes=[3], rng=(a Generator)).")


def test_a_quiz_answer_in_the_wrong_form_is_named(check_line):
    order = Quiz("ex99.6", "order", answer=(1, 3, 2))
    number = Quiz("ex99.7", "loss", answer=0.22314, rtol=2e-3)
    assert check_line(order.check, np.array([1, 3, 2])) == "✅ correct: ex99.6 order."
    assert check_line(order.check, "1, 3, 2") == (
        "❌ not yet: ex99.6 order — expected a list of 3 numbers, got a str ('1, 3, 2').")
    assert check_line(order.check, [1, 3]) == (
        "❌ not yet: ex99.6 order — expected a list of 3 numbers, got 2 of them.")
    assert check_line(order.check, [1, 3, 2.5]) == (
        "❌ not yet: ex99.6 order — not this one; reread the question and try again.")
    assert check_line(number.check, "0.223") == (
        "❌ not yet: ex99.7 loss — expected a number, got a str ('0.223'): write the number "
        "without quotes.")
    assert check_line(number.check, [0.223]) == (
        "❌ not yet: ex99.7 loss — expected a number, got a list.")


def test_all_zeros_is_a_wrong_value_not_a_factor_of_0():
    assert compare(np.zeros(2), np.array([1.3, 0.9])) == (
        "wrong value: expected [1.3, 0.9], got [0, 0]")


def test_an_abbreviation_that_hides_the_difference_is_not_shown(check_line):
    def _wide(n):
        return np.eye(n)[[1, 0, n - 1, 2, 3, 4]]

    wide = Exercise("ex99.8", "wide", reference=_wide, cases=[(12,), (13,)])
    assert check_line(wide.check, lambda n: np.zeros((6, n))) == (
        "❌ not yet: ex99.8 wide — wrong value (on test input 1 of 2).")
