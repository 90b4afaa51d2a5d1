"""Showing a result: what the learner's function printed, then the one line; under nbgrader a
check that does not pass raises an AssertionError, so the graded cell loses its points."""

from __future__ import annotations

from dataclasses import replace

from ..marks import grading, kernel
from .result import CheckResult


def report(result: CheckResult) -> None:
    """Print a check's lines: what the learner's function printed (shortened), then the one
    line, last. After ✅ for an exercise a later cell was waiting for, the line says to run
    the cells below again. After Interrupt in the course's kernel the cell stops (no
    traceback); under nbgrader, a check that did not pass raises an AssertionError."""
    if result.passed and kernel.take_needed(result.ex_id):
        result = replace(result, rerun_below=True)
    for printed in result.printed:
        print(printed)
    print(result.line, flush=True)
    if result.interrupted and not grading() and _in_course_kernel():
        raise KeyboardInterrupt("interrupted during a check")  # stops "Run All", no traceback
    if grading() and not result.passed:
        raise AssertionError(result.assertion)


def _in_course_kernel() -> bool:
    from ..notebook import hooks_installed

    return hooks_installed()
