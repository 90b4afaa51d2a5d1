"""The notebook hooks in a real IPython shell: a cell that needs an unfinished exercise gets
one line naming that exercise, a typo keeps its traceback, a check run before its exercise
says to run the exercise cell first, and Interrupt during a check stops the cell quietly."""

from __future__ import annotations

import re

import pytest

from course import notebook
from course.marks import kernel
from course.notebook import _note_for, bound_names

SETUP = """\
from course import setup_notebook
from course.checking import Exercise, Mistake
import numpy as np
setup_notebook()
STEP = Exercise("ex97.1", "weight_step", reference=lambda lr, delta, x: lr * delta * x,
                cases=[(0.5, 1.0, np.ones(2))], names=("weight_step",))
OUT = Exercise("ex97.2", "unit_output", reference=lambda x, w: float(np.dot(x, w)),
               cases=[(np.ones(2), np.ones(2))], names=("unit_output",))
"""
STUB = """\
def weight_step(lr, delta, x):
    # YOUR CODE HERE
    raise NotImplementedError("ex97.1 is not done yet")
"""
DONE = """\
def weight_step(lr, delta, x):
    return lr * delta * x
"""


@pytest.fixture
def shell(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    kernel.forget_progress()
    ip = InteractiveShell.instance()
    ip.run_cell(SETUP)
    capsys.readouterr()

    def run(code: str) -> tuple[bool, str]:
        result = ip.run_cell(code, store_history=True)
        return result.success, re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)
    yield run
    ip.set_custom_exc((), None)
    ip.events.callbacks["post_run_cell"].clear()
    notebook._installed.clear()
    InteractiveShell.clear_instance()


def test_a_check_run_before_its_exercise_says_to_run_that_cell(shell):
    assert shell("STEP.check(weight_step)") == (True, (
        "⏳ not done yet: ex97.1 — `weight_step` is not defined yet: it comes from the cell of "
        "ex97.1. Run that cell first, then this one again.\n"))


def test_a_cell_that_needs_a_stub_then_a_cell_that_needs_its_result(shell):
    shell(STUB)
    assert shell("step = weight_step(0.5, 1.0, np.ones(2))") == (True, (
        "⏳ not done yet: ex97.1 — this cell needs that exercise. Finish ex97.1, then run this "
        "cell again.\n"))
    assert shell("print(step.sum())") == (True, (
        "⏳ not done yet: ex97.1 — this cell needs `step`, which a cell above could not "
        "compute because ex97.1 is not done yet. Finish ex97.1, then run the cells below it "
        "again.\n"))
    shell(DONE)
    assert shell("STEP.check(weight_step)") == (True, (
        "✅ correct: ex97.1 weight_step on all 1 test inputs. Now run the cells below it "
        "again: some stopped because it was not done.\n"))
    assert shell("step = weight_step(0.5, 1.0, np.ones(2))\nprint(step)") == (True, "[0.5000 0.5000]\n")


def test_a_typo_keeps_its_traceback_even_with_exercises_pending(shell):
    shell(STUB)
    shell("weight_step(0.5, 1.0, 2.0)")
    ok, out = shell("prnt(1)")
    assert not ok
    assert "NameError: name 'prnt' is not defined" in out and "⏳" not in out


def test_a_stub_called_from_another_exercise_names_the_stub(shell):
    shell(STUB)
    shell("def unit_output(x, w):\n    return float(weight_step(1.0, 1.0, x) @ w)")
    assert shell("OUT.check(unit_output)") == (True, (
        "⏳ not done yet: ex97.2 unit_output — it needs ex97.1, which is not done yet. Finish "
        "ex97.1, run its cell, then run this one again.\n"))
    assert shell("unit_output(np.ones(2), np.ones(2))")[1].startswith(
        "⏳ not done yet: ex97.1 — this cell needs that exercise.")


def test_a_bare_not_implemented_error_is_traced_to_its_exercise(shell):
    shell("def weight_step(lr, delta, x):\n    raise NotImplementedError()")
    assert shell("weight_step(1, 1, 1)")[1].startswith("⏳ not done yet: ex97.1 — ")
    ok, out = shell("raise NotImplementedError('some library')")
    assert not ok and "NotImplementedError: some library" in out


def test_interrupt_during_a_check_is_one_line_and_stops_the_cell(shell):
    shell("import os, signal\n"
          "def weight_step(lr, delta, x):\n"
          "    os.kill(os.getpid(), signal.SIGINT)\n"
          "    while True:\n"
          "        pass\n")
    ok, out = shell("STEP.check(weight_step)\nprint('not reached')")
    assert not ok  # "Run All" stops here, as after any Interrupt
    assert out == ("❌ not yet: ex97.1 weight_step — interrupted while your function ran (on "
                   "lr=0.5, delta=1, x=[1, 1]); if it never finishes, look for a loop that "
                   "does not end.\n")


def test_under_nbgrader_a_not_done_cell_still_fails(shell, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    shell(STUB)
    ok, out = shell("weight_step(1, 1, 1)")
    assert not ok
    assert out.splitlines()[0].startswith("⏳ not done yet: ex97.1 — this cell needs")
    assert "Traceback" not in out
    ok, out = shell("STEP.check(weight_step)")
    assert not ok and "AssertionError: ex97.1 weight_step: not done yet" in out


def test_note_for_plain_errors_is_none():
    kernel.forget_progress()
    assert _note_for(NameError("name 'w' is not defined")) is None
    assert _note_for(ValueError("ex1.2")) is None


@pytest.mark.parametrize("source, names", [
    ("x = 1\ny, z = 2, 3", ["x", "y", "z"]),
    ("def f(a):\n    inner = a\n    return inner", ["f"]),
    ("for i in range(3):\n    total = i", ["i", "total"]),
    ("import numpy as np\nfrom os import path", ["np", "path"]),
    ("with open('f') as fh:\n    data = fh.read()", ["fh", "data"]),
    ("w += step", ["w"]),
    ("squares = [k * k for k in range(3)]", ["squares"]),
    ("this is not python (", []),
])
def test_bound_names(source, names):
    assert bound_names(source) == names
