"""Notebook set-up: readable printing, one plot style, and one-line notes instead of
tracebacks when a cell needs an exercise that is not done yet."""

from __future__ import annotations

import numpy as np

from .marks import TODO, exercise_id, mark_done, mark_pending, pending

__all__ = ["mark_done", "setup_notebook"]


def setup_notebook() -> None:
    """Call once at the top of every notebook.

    Sets numpy to print 4 decimals, gives plots one size and style, and (inside IPython)
    turns the NotImplementedError of an unfinished exercise, and the NameError of a cell
    that needed its result, into one short line, letting "Run All" carry on.
    """
    import matplotlib as mpl

    np.set_printoptions(precision=4, suppress=True, floatmode="fixed")
    mpl.rcParams.update({"figure.figsize": (6.4, 4.0), "figure.dpi": 80,
                         "axes.grid": True, "grid.alpha": 0.3,
                         "axes.spines.top": False, "axes.spines.right": False})
    try:
        from IPython import get_ipython
    except ImportError:  # plain python: nothing to install
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.set_custom_exc((NotImplementedError, NameError), _on_exception)
    if _forgive not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _forgive)


def _on_exception(shell, etype, value, tb, tb_offset=None):
    note = _note_for(value)
    if note is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None
    print(note)
    value._course_handled = True  # read by _forgive
    return None


def _note_for(value: BaseException) -> str | None:
    ex_id = exercise_id(value)
    if ex_id is not None:
        mark_pending(ex_id)
        return (f"{TODO} This cell needs exercise {ex_id}, which is not done yet. "
                f"Finish it, then run this cell again.")
    if isinstance(value, NameError) and pending():
        ids = ", ".join(pending())
        return (f"{TODO} This cell needs a result of exercise {ids}, not done yet "
                f"({value}). Finish it, then run this cell again.")
    return None


def _forgive(result) -> None:
    # a handled "not done yet" is not a failure: "Run All" should go on to the next cell
    if getattr(result.error_in_exec, "_course_handled", False):
        result.error_in_exec = None
