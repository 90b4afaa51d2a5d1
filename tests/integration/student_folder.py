"""A student's folder for the tests of the learner's network carried across chapters
(test_learner_network.py, test_learner_network_ch09.py): a chapter's student copy filled in as
a student who did the exercises has it, run up to one cell in a fresh kernel."""

from __future__ import annotations

import ast
from collections.abc import Callable

import nbformat
from nbclient import NotebookClient

from course.tools.student import NOTEBOOKS, SOLUTIONS, exercise_of


def filled(name: str, edit=None, undone: tuple[str, ...] = ()) -> nbformat.NotebookNode:
    """The student copy of ``name`` with every exercise cell but ``undone`` as the solution
    has it, then ``edit(grade_id, source)`` applied to each of those."""
    by_id = {c.id: c for c in nbformat.read(SOLUTIONS / name, as_version=4).cells}
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    for cell in nb.cells:
        if exercise_of(cell) and exercise_of(cell) not in undone:
            cell.source = by_id[cell.id].source
            if edit is not None:
                cell.source = edit(cell.metadata["nbgrader"]["grade_id"], cell.source)
    return nb


def run_up_to(nb: nbformat.NotebookNode, last: str, folder, starts: tuple[str, ...],
              timeout: int) -> dict[str, nbformat.NotebookNode]:
    """Execute ``nb`` in ``folder`` up to its cell that starts with ``last``, less the figures
    that no later cell needs (see ``without_unread_figures``); the executed cells that start
    with each of ``starts``."""
    stop = next(i for i, c in enumerate(nb.cells) if c.source.startswith(last))
    nb.cells = without_unread_figures(nb.cells[:stop + 1],
                                      keep=lambda c: c.source.startswith(starts))
    NotebookClient(nb, kernel_name="python3", timeout=timeout,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return {start: next(c for c in nb.cells if c.source.startswith(start)) for start in starts}


def without_unread_figures(cells: list, keep: Callable[[nbformat.NotebookNode], bool]) -> list:
    """``cells`` less every code cell that draws a figure (calls ``show_figure``) and binds no
    name that a later cell kept reads, unless ``keep(cell)``. The kept cells then print what
    they print with it: the course's figures only draw and print (none changes an object in
    place), and what a test compares with stored outputs would show it if one ever did.
    Importing pyplot and drawing cost a kernel 0.3-0.4 s of CPU a figure."""
    kept, read_later, opaque = [], set(), False
    for cell in reversed(cells):
        if cell.cell_type == "code":
            names = _names(cell.source)
            if names is None:  # it may read any name
                opaque = True
            elif (not opaque and "show_figure(" in cell.source and not keep(cell)
                  and not names[0] & read_later):
                continue
            else:
                read_later |= names[1]
        kept.append(cell)
    return kept[::-1]


def _names(source: str) -> tuple[set[str], set[str]] | None:
    """(the names ``source`` binds, the names it reads, in function bodies too), or None when
    they cannot be told: not plain Python (a magic), or a star import."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if any(alias.name == "*" for alias in node.names):
                return None  # binds names no one can list
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return bound, read
