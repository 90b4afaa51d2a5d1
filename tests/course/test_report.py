"""course.checking.report: the line printed last, the note after a pass that cells below
waited for, and under nbgrader an AssertionError when a check does not pass (issue 17)."""

from __future__ import annotations

import sys

import pytest
from conftest import HEAD, STEP, step

from course.checking import not_done_message
from course.marks import kernel

pytestmark = pytest.mark.usefixtures("fresh_kernel")


def test_after_a_pass_the_line_says_to_rerun_the_cells_that_waited(check_line):
    kernel.mark_needed("ex99.1")  # a cell below stopped on "ex99.1 is not done yet"
    assert check_line(STEP.check, step) == (
        "✅ correct: ex99.1 weight_step on all 2 test inputs. Now run the cells below it again: "
        "some stopped because it was not done.")
    assert check_line(STEP.check, step) == "✅ correct: ex99.1 weight_step on all 2 test inputs."


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
    STEP.check(step)  # a right answer keeps its points
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
