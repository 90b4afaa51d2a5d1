"""course.checking.quiz: a question answered by a value, its lines, and nbgrader."""

from __future__ import annotations

import numpy as np
import pytest

from course.checking import Quiz

pytestmark = pytest.mark.usefixtures("fresh_kernel")


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
