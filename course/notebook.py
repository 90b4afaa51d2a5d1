"""Notebook set-up: readable printing, one plot style, and one-line notes instead of
tracebacks when a cell needs an exercise that is not done yet.

The notes name the exercise that actually raised. A NameError is blamed on an exercise only
when the missing name is one an exercise's cells define (``Exercise.names``) or one a cell
could not compute because an exercise was not done; any other NameError (a typo) keeps its
usual traceback. Under nbgrader the notes are printed and the cell still fails.
"""

from __future__ import annotations

import ast

import numpy as np

from .marks import TODO, exercise_id, grading, kernel, verdict

__all__ = ["hooks_installed", "setup_notebook"]

_installed: list[object] = []  # the shell whose hooks are in place


def hooks_installed() -> bool:
    """True in an IPython kernel after ``setup_notebook()``."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return bool(_installed) and get_ipython() is _installed[0]


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
    from .tools.update import installed_copy_note  # another installed copy would shadow this one

    note = installed_copy_note()
    if note:
        print(note)
    try:
        from IPython import get_ipython
    except ImportError:  # plain python: nothing to install
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.set_custom_exc((NotImplementedError, NameError, KeyboardInterrupt), _on_exception)
    for hook in (_forgive, _remember):
        if hook not in shell.events.callbacks["post_run_cell"]:
            shell.events.register("post_run_cell", hook)
    _installed[:] = [shell]


def _on_exception(shell, etype, value, tb, tb_offset=None):
    if isinstance(value, KeyboardInterrupt) and str(value) == "interrupted during a check":
        return None  # the check has printed its line; the cell stops, Run All stops
    note = _note_for(value, tb)
    if note is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None
    print(note)
    if grading():  # the cell must still fail under nbgrader: one line, no traceback
        shell.showtraceback((etype, value, None), exception_only=True)
        return None
    value._course_handled = True  # read by _forgive
    return None


def _note_for(value: BaseException, tb=None) -> str | None:
    """The one line for an exception in a cell, or None for a traceback as usual."""
    if isinstance(value, NotImplementedError):
        ex_id = exercise_id(value) or kernel.stub_raising(tb)
        if ex_id is None:
            return None
        value._course_exercise = ex_id
        kernel.mark_needed(ex_id)
        return (f"{verdict(TODO, ex_id, '')} — this cell needs that exercise. Finish {ex_id}, "
                f"then run this cell again.")
    if isinstance(value, NameError):
        name = getattr(value, "name", None) or _missing_name(str(value))
        found = kernel.exercise_for_name(name) if name else None
        if found is None:
            return None
        ex_id, defined_there = found
        value._course_exercise = ex_id
        kernel.mark_needed(ex_id)
        if defined_there:
            return (f"{verdict(TODO, ex_id, '')} — `{name}` is not defined yet: it comes from "
                    f"the cell of {ex_id}. Run that cell first, then this one again.")
        return (f"{verdict(TODO, ex_id, '')} — this cell needs `{name}`, which a cell above "
                f"could not compute because {ex_id} is not done yet. Finish {ex_id}, then run "
                f"the cells below it again.")
    return None


def _missing_name(text: str) -> str | None:
    parts = text.split("'")
    return parts[1] if len(parts) >= 3 else None


def _forgive(result) -> None:
    # a handled "not done yet" is not a failure: "Run All" should go on to the next cell
    error = result.error_in_exec
    result._course_error = error  # read by _remember, which runs next
    if getattr(error, "_course_handled", False):
        result.error_in_exec = None


def _remember(result) -> None:
    """After each cell: names a failed cell would have bound wait for the exercise it
    stopped on; names a cell bound are no longer missing."""
    source = getattr(getattr(result, "info", None), "raw_cell", None) or ""
    error = getattr(result, "_course_error", result.error_in_exec)
    bound = bound_names(source)
    ex_id = getattr(error, "_course_exercise", None)
    if ex_id is not None:
        kernel.register_derived(ex_id, bound)
    elif error is None:
        kernel.forget_derived(bound)


def bound_names(source: str) -> list[str]:
    """The names a cell binds at its top level (assignments, defs, imports, loops, with),
    not the local names inside its functions."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    names: list[str] = []
    todo = list(tree.body)
    while todo:
        node = todo.pop(0)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                             ast.GeneratorExp)):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names += [(a.asname or a.name).split(".")[0] for a in node.names]
        todo.extend(ast.iter_child_nodes(node))
    return list(dict.fromkeys(names))
