"""A student's folder for the tests of the learner's network carried across chapters
(test_learner_network.py, test_learner_network_ch09.py): a chapter's student copy filled in as
a student who did the exercises has it, run up to one cell in a fresh kernel."""

from __future__ import annotations

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
    """Execute ``nb`` in ``folder`` up to its cell that starts with ``last``; the executed
    cells that start with each of ``starts``."""
    stop = next(i for i, c in enumerate(nb.cells) if c.source.startswith(last))
    nb.cells = nb.cells[:stop + 1]
    NotebookClient(nb, kernel_name="python3", timeout=timeout,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return {start: next(c for c in nb.cells if c.source.startswith(start)) for start in starts}
