"""course.checks: one lookup of an exercise's check by its id, every check in exercise-id
order, and ``python -m course.checks --list`` naming every mistake by its full id."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

import course.checks.ch00 as ch00
import course.checks.ch04 as ch04
from course.checks import every, find
from course.checks.__main__ import listing, main


def test_find_takes_either_spelling_and_says_none_for_no_exercise():
    assert find("ex0.1") is find("ex0_1") is ch00.WEIGHTED_SUM
    assert find("ex4.2").ex_id == "ex4.2" and find("ex4.2") in vars(ch04).values()
    assert find("ex4.99") is None and find("ex99.1") is None and find("four") is None


def test_every_check_once_in_exercise_id_order():
    ids = [check.ex_id for check in every()]
    numbers = [tuple(int(n) for n in i[2:].split(".")) for i in ids]
    assert numbers == sorted(numbers) and len(set(ids)) == len(ids)
    assert all(find(i) is check for i, check in zip(ids, every(), strict=True))


def test_the_listing_names_every_mistake_by_its_full_id():
    lines = listing()
    exercise = ch00.WEIGHTED_SUM
    start = lines.index("ex0.1 weighted_sum")
    assert lines[start + 1:start + 1 + len(exercise.mistakes)] == [
        f"  ex0.1/{m.id}  {m.message}" for m in exercise.mistakes]
    assert lines[0] == "ex0.1 weighted_sum"
    assert len(lines) == sum(1 + len(getattr(c, "mistakes", ())) for c in every())
    heads = [line.split(" ")[0] for line in lines if not line.startswith(" ")]
    assert heads == [check.ex_id for check in every()]


def test_the_command_prints_the_listing(capsys):
    assert main(["--list"]) == 0
    assert capsys.readouterr().out.splitlines() == listing()
    assert main([]) == 2
    assert "--list" in capsys.readouterr().out


def test_python_dash_m_runs_it():
    done = subprocess.run([sys.executable, "-m", "course.checks", "--list"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == listing() and done.stderr == ""
