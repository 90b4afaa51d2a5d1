"""Grading one submission WITHOUT a sandbox: the stand-in for ``one`` until it is there.

Runs the submission's code cells in order in an in-process IPython shell (each ungraded
cell stopped after ``cell_limit`` seconds), and at each graded check cell runs the chapter's
check, as the SOURCE notebook calls it, on what the student's cells defined (a check cell
the student edited or deleted changes nothing). The checks run in the same process as the
student's code, so a student who tampers can fake a grade here: ``one`` (bubblewrap, the
verdict outside) is what a graded class uses; this module only keeps the class tools
working and measurable without it. The pool runs it in a forked child with limits.
"""

from __future__ import annotations

import importlib
import io
import os
import signal
import time
from pathlib import Path

import nbformat

from ...marks import FAIL, verdict
from . import broken
from .chapter import Chapter, Check
from .record import Outcome


class CellTimeLimit(Exception):
    """An ungraded cell ran past its time limit."""


class _Capped(io.TextIOBase):
    """Swallows what cells print, keeping nothing (a student may print gigabytes)."""

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        return len(text)


def _shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    shell.showtraceback = lambda *a, **k: None
    shell.showsyntaxerror = lambda *a, **k: None
    return shell


def _run_cell(shell, source: str, limit: float) -> BaseException | None:
    def alarm(signum, frame):
        raise CellTimeLimit(f"stopped after {limit:g} s")

    signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        result = shell.run_cell(source, store_history=False, silent=False)
    except CellTimeLimit as exc:  # raised outside the cell's own code
        return exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    return result.error_in_exec or result.error_before_exec


def _exercise(chapter: Chapter, ex_id: str):
    module = importlib.import_module(f"course.checks.ch{chapter.number}")
    for value in vars(module).values():
        if getattr(value, "ex_id", None) == ex_id and hasattr(value, "run"):
            return value
    raise LookupError(f"ex_id: no check {ex_id} in course.checks.ch{chapter.number}")


def _name(chapter: Chapter, ex_id: str) -> str:
    exercise = _exercise(chapter, ex_id)
    return exercise.names[0] if getattr(exercise, "names", None) else exercise.title


def check(chapter: Chapter, graded: Check, namespace: dict) -> Outcome:
    """The outcome of one exercise on what the student's cells left in ``namespace``."""
    exercise = _exercise(chapter, graded.ex_id)
    try:
        learner = eval(graded.argument, dict(namespace))  # the source notebook's expression
    except NameError:
        line = (f"{verdict(FAIL, graded.ex_id, exercise.title)} — `{graded.argument}` is not "
                f"defined: its exercise cell is missing or did not run.")
        return Outcome(graded.ex_id, exercise.title, "fail", line, None, 0,
                       len(getattr(exercise, "cases", [()])), 0.0, graded.points)
    return Outcome.of(exercise.run(learner), graded.points)


def grade(notebook: Path, chapter: Chapter, cell_limit: float = 5.0) -> dict:
    """Grade the submission ``notebook``: outcomes and one line per broken ungraded cell."""
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    os.environ["MPLBACKEND"] = "Agg"
    nb = nbformat.read(notebook, as_version=4)
    shell = _shell()
    by_grade_id = {c.grade_id: c for c in chapter.checks}
    outcomes: dict[str, Outcome] = {}
    failed, cells, number = {}, [], 0
    start = time.monotonic()
    real_out = os.dup(1), os.dup(2)
    import sys

    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = _Capped()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            number += 1
            meta = cell.get("metadata", {}).get("nbgrader", {})
            cells.append({"source": cell.source,
                          "example": not (meta.get("solution") or meta.get("grade"))})
            graded = by_grade_id.get(meta.get("grade_id")) if meta.get("grade") else None
            if graded is not None:
                if graded.ex_id not in outcomes:
                    outcomes[graded.ex_id] = check(chapter, graded, shell.user_ns)
                continue
            error = _run_cell(shell, cell.source, cell_limit)
            if error is not None:
                _, kind, missing, running = broken.entry(number, error)
                failed[number] = (broken.STOPPED if isinstance(error, CellTimeLimit) else kind,
                                  missing, tuple(running))
            _close_figures()
        for graded in chapter.checks:  # check cells the student deleted
            if graded.ex_id not in outcomes:
                outcomes[graded.ex_id] = check(chapter, graded, shell.user_ns)
    finally:
        sys.stdout, sys.stderr = saved
        os.dup2(real_out[0], 1)
        os.dup2(real_out[1], 2)
    names = {_name(chapter, c.ex_id): c.ex_id for c in chapter.checks}
    lines = broken.lines(cells, failed, names, {e: o.status for e, o in outcomes.items()},
                         cell_limit)
    return {"outcomes": [outcomes[c.ex_id] for c in chapter.checks], "broken": lines,
            "seconds": round(time.monotonic() - start, 3)}


def _close_figures() -> None:
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def warm(chapter: Chapter) -> None:
    """Import what every submission needs once, before forking (the children share it)."""
    os.environ["MPLBACKEND"] = "Agg"
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    from IPython.core.interactiveshell import InteractiveShell  # noqa: F401

    import helpers  # noqa: F401

    importlib.import_module(f"course.checks.ch{chapter.number}")
