"""Every figure of every chapter carries an author-written text alternative (helpers.show_figure):
an ``<img alt>`` that JupyterLab and the site render, in words, never code; the figures that carry
the lesson (loss curves, decision boundaries, the confusion matrix) a long description too."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from helpers.plotting import MIN_ALT_WORDS, MIN_LONG_WORDS, text_problem

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))
# what a cell draws when its figure carries the lesson
LESSON = re.compile(r"plot_loss_curve|plot_decision_boundary|confusion|losses|history\[")


def figures(path: Path) -> list[tuple[int, nbformat.NotebookNode, dict]]:
    """(cell index, cell, output) of every output that shows an image."""
    nb = nbformat.read(path, as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data", {})
            if any(key.startswith("image/") for key in data) or "<img" in data.get("text/html", ""):
                found.append((index, cell, output))
    return found


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_figure_has_a_text_alternative_in_words(path):
    for index, cell, output in figures(path):
        where = f"{path.name} cell {index}"
        assert not [k for k in output["data"] if k.startswith("image/")], (
            f"{where}: a figure shown without a text alternative: end the cell with "
            "show_figure(fig, alt=..., long=...) instead of plt.show()")
        meta = output.get("metadata", {}).get("figure", {})
        images = BeautifulSoup(output["data"]["text/html"], "html.parser").find_all("img")
        assert len(images) == 1, where
        alt = images[0].get("alt")
        assert alt == meta.get("alt"), f"{where}: the <img alt> is not the stored alt text"
        assert text_problem("alt", alt, MIN_ALT_WORDS) is None, where
        first = cell.source.splitlines()[0].lstrip("# ")
        assert alt != first, f"{where}: the alt text is the cell's first comment"
        if LESSON.search(cell.source):
            long = meta.get("long")
            assert long is not None, f"{where}: a figure that carries the lesson needs long="
            assert text_problem("long", long, MIN_LONG_WORDS) is None, where
            assert long in output["data"]["text/html"].replace("&#x27;", "'"), where


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_no_cell_shows_a_figure_without_its_text(path):
    """also the cells whose outputs are cleared (student copies) or not stored"""
    nb = nbformat.read(path, as_version=4)
    bare = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "plt.show()" in c.source]
    assert not bare, f"{path.name}: cells {bare} call plt.show(); use show_figure(fig, alt)"


def test_the_course_has_its_figures():
    shown = sum(len(figures(path)) for path in SOLUTIONS)
    assert shown >= 22, f"only {shown} figures over the solution notebooks"


def test_a_missing_or_code_like_alternative_is_caught():
    assert "expected a description in words" in text_problem("alt", None, MIN_ALT_WORDS)
    code = "pyplot is imported where the first plot is drawn: it is slow to load"
    assert text_problem("alt", code, MIN_ALT_WORDS) is not None  # no full stop: not a sentence
    assert "not code" in text_problem("alt", "The loss curve of W_hidden_output falls fast, then flattens out.",
                                      MIN_ALT_WORDS)
