"""course.checking.judge (step 2): comparing with the reference, naming the one mistake that
explains every wrong case, result types, and lines that fit a projector."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import DRAW, HEAD, STEP, UNIT, step, unit

from course.checking import Exercise, Mistake

pytestmark = pytest.mark.usefixtures("fresh_kernel")


def test_a_right_answer_is_correct(check_line):
    assert check_line(STEP.check, step) == "✅ correct: ex99.1 weight_step on all 2 test inputs."


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
    (lambda x, w: f"{unit(x, w):.4f}", "expected a number, got a str ('0.5175')"),
    (lambda x, w: complex(unit(x, w)), "expected a real number, got a complex number "
                                        "(0.5175+0j)"),
    (lambda x, w: [unit(x, w)], "expected a number, got a list"),
    (lambda x, w: np.array([unit(x, w)]), "expected a number, got an array of shape (1,)"),
    (lambda x, w: unit(x, w) > 0, "expected a number, got a bool (True)"),
    (lambda x, w: None, "your function returned None: is a `return` missing?"),
])
def test_a_number_exercise_needs_a_real_number(check_line, answer, words):
    end = "" if words.endswith("?") else "."  # a question ends the line as it is, never "?."
    assert check_line(UNIT.check, answer) == "❌ not yet: ex99.2 unit_output — " + words + end


def test_numpy_scalars_and_0d_arrays_count_as_numbers(check_line):
    for answer in (lambda x, w: np.float64(unit(x, w)), lambda x, w: np.array(unit(x, w)),
                   lambda x, w: np.float32(unit(x, w))):
        loose = Exercise("ex99.2", "unit_output", reference=unit, cases=UNIT.cases, rtol=1e-6)
        assert check_line(loose.check, answer).startswith("✅ correct"), answer


def test_tuples_are_checked_part_by_part(check_line):
    pair = Exercise("ex99.1", "steps", reference=lambda a: (a * 2.0, float(a.sum())),
                    cases=[(np.array([1.0, 2.0]),)], outputs=("delta_W", "total"))
    assert check_line(pair.check, lambda a: (list(a * 2), float(a.sum()))) == (
        "❌ not yet: ex99.1 steps — the 1st result (delta_W): expected a NumPy array, got a "
        "list.")
    assert check_line(pair.check, lambda a: [a * 2, a.sum()]).startswith("✅ correct")


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
    partial = Exercise("ex99.1", "weight_step", reference=step, cases=STEP.cases, mistakes=[
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
    big = Exercise("ex99.1", "weight_step", reference=step,
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
    hinted = Exercise("ex99.1", "weight_step", reference=step, cases=STEP.cases,
                      hint=lambda case, got, expected: "Is each step scaled by its input?")
    assert check_line(hinted.check, lambda lr, delta, x: lr * delta + 0 * x).endswith(
        ". Is each step scaled by its input?")


def test_a_long_wrong_value_is_shortened_to_fit(check_line):
    """A matrix result that no mistake explains: the line shows fewer entries, and no numbers
    at all when even those do not fit, but keeps the diagnosis within MAX_LINE."""
    big = Exercise("ex99.5", "big", reference=lambda a: 1000 * np.outer(a, a),
                   cases=[(np.linspace(0.123, 0.987, 7),)])
    assert check_line(big.check, lambda a: 500 * np.outer(a, a)) == (
        "❌ not yet: ex99.5 big — off by a factor of 0.5: expected [[15.13, ..., 121.4], ..., "
        "[121.4, ..., 974.2]], got [[7.564, ..., 60.7], ..., [60.7, ..., 487.1]] (on "
        "a=[0.123, 0.267, ..., 0.843, 0.987]).")
    cube = Exercise("ex99.5", "cube", reference=lambda a: np.multiply.outer(np.outer(a, a), a),
                    cases=[(np.linspace(0.123, 0.987, 7),)])
    assert check_line(cube.check, lambda a: np.multiply.outer(np.outer(a, a), a) + 1.2345) == (
        "❌ not yet: ex99.5 cube — wrong value (on a=[0.123, 0.267, ..., 0.843, 0.987]).")


def test_a_hint_is_fitted_with_the_line(check_line):
    hinted = Exercise("ex99.6", "hinted", reference=lambda a: np.outer(a, a),
                      cases=[(np.linspace(0.123, 0.987, 7),)],
                      hint=lambda case, got, expected: "Look at the diagonal.")
    line = check_line(hinted.check, lambda a: np.outer(a, a) + 0.001)
    assert line == ("❌ not yet: ex99.6 hinted — wrong value (on a=[0.123, 0.267, ..., 0.843, 0.987]). "
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


def test_a_generator_input_is_shown_without_its_memory_address(check_line):
    assert check_line(DRAW.check, lambda sizes, rng: None) == (
        "❌ not yet: ex99.5 draw — your function returned None: is a `return` missing?")
    assert check_line(DRAW.check, lambda sizes, rng: rng.random(sizes[0])) == (
        "❌ not yet: ex99.5 draw — wrong value: expected [0.34558, 0.82162, 0.33044], got "
        "[0.51182, 0.95046, 0.14416] (on sizes=[3], rng=(a Generator)).")


def test_an_abbreviation_that_hides_the_difference_is_not_shown(check_line):
    def _wide(n):
        return np.eye(n)[[1, 0, n - 1, 2, 3, 4]]

    wide = Exercise("ex99.8", "wide", reference=_wide, cases=[(12,), (13,)])
    assert check_line(wide.check, lambda n: np.zeros((6, n))) == (
        "❌ not yet: ex99.8 wide — wrong value (on n=12).")


def test_a_named_mistake_on_a_wide_input_shows_the_input_never_its_number(check_line):
    x = np.linspace(0.123456, 0.987654, 30) * 1e6
    wide = Exercise("ex99.9", "wide", reference=lambda x, y: x + y, cases=[(x, x)],
                    mistakes=[Mistake("difference", lambda x, y: x - y,
                                      "you subtract where the rule adds.")])
    assert check_line(wide.check, lambda x, y: x - y) == (
        "❌ not yet: ex99.9 wide — you subtract where the rule adds. On x=(array of 30), "
        "y=(array of 30): expected [2.469e+05, 3.065e+05, ..., 1.916e+06, 1.975e+06], got [0, 0, "
        "..., 0, 0].")


def test_an_argument_changed_in_place_without_a_name_is_counted_from_1(check_line):
    def _total(*args):
        return float(sum(np.sum(a) for a in args))

    loose = Exercise("ex99.9", "total", reference=_total,
                     cases=[(np.ones(2), np.ones(3), np.ones(4))])

    def clears(*args):
        args[2][:] = 0
        return _total(*args)
    assert check_line(loose.check, clears) == (
        "❌ not yet: ex99.9 total — your function changed the 3rd argument in place (on "
        "arg1=[1, 1], arg2=[1, 1, 1], arg3=[1, 1, 1, 1]); later cells reuse it, so leave the "
        "arguments as they came.")


def test_a_named_mistake_too_long_for_its_input_is_named_alone(check_line):
    # the input (four arrays of 4 numbers, always shown in full) and the numbers do not fit
    # in 200 characters together: numbers without the input they came from would cite an
    # input the learner never sees, so the mistake stands alone
    a, b, c, d = (np.linspace(0.123456, 0.987654, 4) + k for k in range(4))
    four = Exercise("ex99.9", "four", reference=lambda a, b, c, d: a + b + c + d,
                    cases=[(a, b, c, d)],
                    mistakes=[Mistake("minus", lambda a, b, c, d: a - b + c + d,
                                      "you subtract b where the rule adds it.")])
    assert check_line(four.check, lambda a, b, c, d: a - b + c + d) == (
        "❌ not yet: ex99.9 four — you subtract b where the rule adds it.")


def test_a_diagnosis_too_long_for_its_input_keeps_the_diagnosis(check_line):
    names = ("the_weights_of_the_first_layer", "the_weights_of_the_second_layer")
    pair = Exercise("ex99.7", "pair", reference=lambda a, b: (np.outer(a, b), np.outer(b, a)),
                    cases=[(np.array([1.5, 2.25, -3.125]), np.array([0.5, -0.75, 4.0625]))],
                    outputs=names)
    line = check_line(pair.check, lambda a, b: (np.outer(a, b).ravel(), np.outer(b, a)))
    assert line == (
        "❌ not yet: ex99.7 pair — the 1st result (the_weights_of_the_first_layer): wrong shape: "
        "expected (3, 3), got (9,) (same number of entries, arranged differently).")


def test_a_hint_too_long_for_the_diagnosis_is_shown_alone(check_line):
    advice = ("Each step is the learning rate times δ times the input: " + "look again " * 11
              + "at which factor is missing.")
    hinted = Exercise("ex99.1", "weight_step", reference=step, cases=STEP.cases,
                      hint=lambda case, got, expected: advice)
    assert check_line(hinted.check, lambda lr, delta, x: lr * delta + 0 * x) == HEAD + advice
