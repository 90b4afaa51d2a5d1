"""Ungraded cells that a wrong answer broke, one line each, as a student reads them.

    cell 8 (an example, not graded) failed because ex1.3 is not done yet: NotImplementedError
    cell 9 (an example, not graded) failed because ex1.2 is not right: NameError

``cell N`` is the N-th code cell, the number JupyterLab shows beside it after "Restart Kernel
and Run All Cells". Whom a failed cell blames: for a NameError, the exercise whose function is
the missing name, or what the last failed cell that should have bound it blamed (``w_new`` of
a cell that could not run); for any other error (or the time limit), the exercises that are
not right whose functions were running when it was raised (the traceback's functions), else
those the cell's code uses; if none, nobody (``failed: ValueError``). Only the
exception's class is named, never its text or a traceback. Graded cells and the exercise cells
themselves are not listed: their exercise's own line says why.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

EXAMPLE = "an example, not graded"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,79}")
STOPPED = "CellTimeout"
RUNNING = 40  # function names kept of a traceback


def names(source: str) -> tuple[set[str], set[str]]:
    """The names a cell's code reads and those it binds (IPython's ``%``/``!`` lines left out;
    a cell that is not Python gives the words of its code as read, nothing bound)."""
    code = "\n".join(line for line in source.splitlines()
                     if not line.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return _words(code), set()
    used, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, ast.Store) else used).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
    return used, bound


def _words(code: str) -> set[str]:
    try:
        return {t.string for t in tokenize.generate_tokens(io.StringIO(code).readline)
                if t.type == tokenize.NAME}
    except (tokenize.TokenError, SyntaxError):
        return set(re.findall(r"[A-Za-z_]\w*", code))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _because(blamed: list[str], status: dict[str, str]) -> str:
    wrong = [e for e in blamed if status[e] == "fail"]
    blank = [e for e in blamed if status[e] != "fail"]
    parts = [f"{_and(group)} {'is' if len(group) == 1 else 'are'} not {what}"
             for group, what in ((wrong, "right"), (blank, "done yet")) if group]
    return f" because {' and '.join(parts)}" if parts else ""


def lines(cells: list[dict], failed: dict[int, tuple], exercises: dict[str, str],
          status: dict[str, str], cell_seconds: float) -> list[str]:
    """One line per failed example cell.

    Inputs:
    - cells: the submission's code cells in order, each ``{"source": str, "example": bool}``
      (``example``: neither an exercise cell nor a graded check cell)
    - failed: code-cell number (1-based) -> ``(kind, missing, running)``: the class name of
      what stopped it (``CellTimeout`` for the time limit), for a NameError the name (else
      None), and the names of the functions its traceback went through
    - exercises: an exercise's function (or answer) name -> its id, ``{"dE_dw": "ex1.2"}``
    - status: ex_id -> ``pass``, ``fail`` or ``todo`` (its verdict)
    - cell_seconds: the time limit per cell
    Returns the lines in cell order.
    """
    out, blame_of, bound_by = [], {}, {}
    for number in sorted(n for n in failed if 1 <= n <= len(cells)):
        cell = cells[number - 1]
        used, bound = names(cell["source"])
        kind, missing, running = failed[number]
        if missing is not None:  # a name an exercise cell or an earlier failed cell had to bind
            blamed = set(blame_of.get(max((n for n, b in bound_by.items() if missing in b),
                                          default=0), ()))
            if missing in exercises:
                blamed.add(exercises[missing])
        else:
            wrong = {n: exercises[n] for n in exercises if status.get(exercises[n]) != "pass"}
            blamed = ({wrong[n] for n in running if n in wrong}
                      or {wrong[n] for n in used if n in wrong})
        blame_of[number], bound_by[number] = blamed, bound
        if not cell["example"]:
            continue
        order = sorted(blamed, key=lambda e: tuple(int(p) for p in e[2:].split(".")))
        what = f"stopped after {cell_seconds:g} s" if kind == STOPPED else kind
        out.append(f"cell {number} ({EXAMPLE}) failed{_because(order, status)}: {what}")
    return out


def code_cells(path) -> list[dict]:
    """A submission's code cells as ``lines`` reads them, numbered as the runner numbers them
    (``runner.code_cells``): source and whether it is an example (read as JSON, never run)."""
    import json

    with open(path, encoding="utf-8") as fh:
        nb = json.load(fh)
    out = []
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            meta = cell.get("metadata")
            meta = meta.get("nbgrader") if isinstance(meta, dict) else None
            meta = meta if isinstance(meta, dict) else {}
            out.append({"source": "".join(source) if isinstance(source, list) else str(source),
                        "example": not (meta.get("solution") or meta.get("grade"))})
    return out


def _name(value) -> bool:
    return type(value) is str and _NAME.fullmatch(value) is not None


def valid(failed) -> dict[int, tuple]:
    """What the sandbox said failed, as ``lines`` takes it, from plain data: ``[[number, kind,
    missing name or None, [function names]], ...]``, at most 500; anything else in it is
    dropped (it comes from where the student's code ran)."""
    out = {}
    if type(failed) is not list:
        return out
    for item in failed[:500]:
        if (type(item) is list and len(item) == 4 and type(item[0]) is int and _name(item[1])
                and (item[2] is None or _name(item[2])) and type(item[3]) is list
                and len(item[3]) <= RUNNING and all(_name(n) for n in item[3])):
            out[item[0]] = (item[1], item[2], tuple(item[3]))
    return out


def entry(number: int, error: BaseException) -> list:
    """What the runner sends of a cell that did not finish (``valid`` reads it): its number,
    the exception's class, the missing name of a NameError, the traceback's functions."""
    missing = getattr(error, "name", None) if isinstance(error, NameError) else None
    running, frame = [], error.__traceback__
    while frame is not None and len(running) < RUNNING:
        name = frame.tb_frame.f_code.co_name
        if _name(name) and name not in running:
            running.append(name)
        frame = frame.tb_next
    return [number, type(error).__name__, missing if _name(missing) else None, running]
