"""The checks every exercise of every chapter must pass, through its public check function
(the one line a student sees): the reference passes with the exact ✅ line, at least three
distinct mistakes each get a line that starts with their own message, and a stub gets the ⏳
line. The exercises are found in every ``course.checks.chNN`` module, so a new chapter is
checked here without editing this file; chapter-specific lines stay in ``test_chNN.py``."""

from __future__ import annotations

import re

import pytest
from conftest import failed_prefix, passed_line, public_check, todo_prefix

from course.checking import Exercise, Quiz
from course.checks import every
from course.marks import PASS, verdict
from course.tools import chapters

CHECKS = every()
EXERCISES = [c for c in CHECKS if isinstance(c, Exercise)]
QUIZZES = [c for c in CHECKS if isinstance(c, Quiz)]


def test_discovery_finds_every_exercise_of_every_chapter():
    wanted = {e for c in chapters.chapters() for e in c.exercises}
    assert sorted(c.ex_id for c in CHECKS) == sorted(wanted)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.ex_id)
def test_the_reference_passes(exercise, exercise_line):
    assert exercise_line(exercise, exercise.reference) == passed_line(exercise)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.ex_id)
def test_at_least_three_mistakes_each_named_by_its_own_line(exercise, exercise_line,
                                                            monkeypatch):
    # the result the public check printed, kept as it passes (each mistake runs once, not twice)
    results = []
    run = Exercise.run
    monkeypatch.setattr(Exercise, "run", lambda self, fn: results.append(run(self, fn)) or
                        results[-1])
    assert len({m.message for m in exercise.mistakes}) >= 3
    for mistake in exercise.mistakes:
        got = exercise_line(exercise, mistake.fn)
        assert got.startswith(failed_prefix(exercise) + mistake.message), got
        assert len(got) <= 200, got
        [result] = results
        assert result.line == got
        assert result.full_mistake_id == f"{exercise.ex_id}/{mistake.id}"
        results.clear()


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.ex_id)
def test_a_stub_is_not_done(exercise, exercise_line):
    def stub(*args):
        raise NotImplementedError(f"{exercise.ex_id} is not done yet")

    assert exercise_line(exercise, stub) == (
        f"{todo_prefix(exercise)}replace the NotImplementedError line in its cell with your "
        f"code, run that cell, then run this one again.")


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.ex_id)
def test_a_quiz_passes_the_answer_and_names_every_tempting_wrong_one(quiz, check_line):
    check = public_check(quiz)
    assert check_line(check, quiz.answer) == f"{verdict(PASS, quiz.ex_id, quiz.title)}."
    assert len(quiz.wrong) >= 3
    for value, message in quiz.wrong.items():
        assert check_line(check, value) == failed_prefix(quiz) + message
    assert check_line(check, ...).startswith(todo_prefix(quiz))


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.ex_id)
def test_every_mistake_id_is_a_short_slug_unique_within_its_exercise(exercise):
    ids = [m.id for m in exercise.mistakes]
    assert len(set(ids)) == len(ids), ids
    for mistake_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", mistake_id), mistake_id
        assert len(mistake_id) <= 30, mistake_id
