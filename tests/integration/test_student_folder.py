"""The student folder of the learner-network tests (student_folder.py): which figure cells a run
up to one cell leaves out. No kernel starts here."""

from __future__ import annotations

import nbformat
from student_folder import without_unread_figures

FIGURE = "fig = plt.figure()\nshow_figure(fig, 'alt')"


def code(*sources: str) -> list[nbformat.NotebookNode]:
    return [nbformat.v4.new_code_cell(s) for s in sources]


def left(cells, keep=lambda cell: False) -> list[str]:
    return [c.source for c in without_unread_figures(cells, keep)]


def test_a_figure_whose_names_no_later_cell_reads_is_left_out():
    cells = code("xs = [1, 2]", FIGURE, "print(xs)")
    cells.insert(1, nbformat.v4.new_markdown_cell("a figure below"))
    assert left(cells) == ["xs = [1, 2]", "a figure below", "print(xs)"]


def test_a_figure_whose_names_a_later_cell_reads_stays_and_so_do_the_figures_before_it():
    cells = code("import matplotlib.pyplot as plt\nshow_figure(plt.figure(), 'a')", FIGURE,
                 "def later():\n    return fig", "ys = 1")
    assert left(cells) == [c.source for c in cells]  # later() reads fig, FIGURE plt


def test_the_reads_of_a_left_out_figure_do_not_keep_the_cells_before_it():
    cells = code("import matplotlib.pyplot as plt\nshow_figure(plt.figure(), 'a')",
                 "show_figure(plt.figure(), 'b')", "print(1)")
    assert left(cells) == ["print(1)"]


def test_a_cell_the_caller_keeps_stays_and_so_does_what_it_reads():
    cells = code("import matplotlib.pyplot as plt\nshow_figure(plt.figure(), 'a')", FIGURE)
    assert left(cells, keep=lambda cell: cell.source == FIGURE) == [c.source for c in cells]


def test_after_a_cell_whose_names_cannot_be_told_every_figure_stays():
    for opaque in ("%matplotlib inline", "from helpers import *"):
        cells = code(FIGURE, opaque, FIGURE.replace("alt", "other"))
        assert left(cells) == [FIGURE, opaque]
