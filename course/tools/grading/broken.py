"""Ungraded cells that a wrong answer broke, one line each, as a student reads them.

    cell 8 (an example, not graded) failed because ex1.3 is not done yet: NotImplementedError
    cell 9 (an example, not graded) failed because ex1.2 is not right: NameError

``cell N`` is the N-th code cell, the number JupyterLab shows beside it after "Restart Kernel
and Run All Cells". Whom a failed cell blames: for a NameError, the exercise whose function is
the missing name, or what the last failed cell that should have bound it blamed (``w_new`` of
a cell that could not run); for any other error, the exercises whose functions its code uses
and that are not right; if none, nobody (``failed: ValueError``). Only the
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
    - failed: code-cell number (1-based) -> ``(kind, missing)``: the class name of what stopped
      it (``CellTimeout`` for the time limit) and, for a NameError, the name (else None)
    - exercises: an exercise's function (or answer) name -> its id, ``{"dE_dw": "ex1.2"}``
    - status: ex_id -> ``pass``, ``fail`` or ``todo`` (its verdict)
    - cell_seconds: the time limit per cell
    Returns the lines in cell order.
    """
    out, blame_of, bound_by = [], {}, {}
    for number in sorted(n for n in failed if 1 <= n <= len(cells)):
        cell = cells[number - 1]
        used, bound = names(cell["source"])
        kind, missing = failed[number]
        if missing is not None:  # a name an exercise cell or an earlier failed cell had to bind
            blamed = set(blame_of.get(max((n for n, b in bound_by.items() if missing in b),
                                          default=0), ()))
            if missing in exercises:
                blamed.add(exercises[missing])
        else:
            blamed = {exercises[n] for n in used if n in exercises
                      and status.get(exercises[n], "pass") != "pass"}
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


def valid(failed) -> dict[int, tuple]:
    """What the sandbox said failed, as ``lines`` takes it, from plain data: ``[[number, kind,
    missing name or None], ...]``, at most 500; anything else in it is dropped (it comes from
    where the student's code ran)."""
    out = {}
    if type(failed) is not list:
        return out
    for item in failed[:500]:
        if (type(item) is list and len(item) == 3 and type(item[0]) is int
                and all(type(v) is str and _NAME.fullmatch(v) for v in item[1:2])
                and (item[2] is None or type(item[2]) is str and _NAME.fullmatch(item[2]))):
            out[item[0]] = (item[1], item[2])
    return out


def entry(number: int, error: BaseException) -> list:
    """What the runner sends of a cell that did not finish (``valid`` reads it)."""
    missing = getattr(error, "name", None) if isinstance(error, NameError) else None
    return [number, type(error).__name__, missing if isinstance(missing, str) else None]
