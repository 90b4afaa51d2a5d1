"""course.tools.grading.runner, the side inside the sandbox (named apart from
tests/course/test_runner.py, the check's runner): its cells run in order, each on its own, and
figures are never drawn (the output is dropped). The whole sandboxed conversation
is tested in tests/integration/test_grading_sandbox.py."""

from __future__ import annotations

import pytest
from IPython.core import pylabtools
from IPython.core.interactiveshell import InteractiveShell

from course.tools.grading import runner
from course.tools.grading.audit import Audit

# a figure that raises when it is drawn, shown the course's way, then a name bound after it
SHOW = """
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.artist import Artist
from helpers import show_figure

class Undrawable(Artist):
    def draw(self, renderer):
        raise RuntimeError("drawn")

fig, ax = plt.subplots()
ax.add_artist(Undrawable())
show_figure(fig, alt="An empty plot with one artist that cannot be drawn, for a test.")
shown = True
"""


@pytest.fixture
def shell(monkeypatch):
    monkeypatch.setattr(pylabtools, "print_figure", pylabtools.print_figure)  # put back after
    shell = InteractiveShell.instance()
    shell.user_ns.pop("shown", None)
    yield shell
    shell.user_ns.pop("shown", None)


def run(shell, cells: list[str]) -> Audit:
    audit = Audit([], [])  # not installed: only its notes are read
    runner.run_cells(shell, cells, 30.0, audit)
    return audit


def test_a_figure_is_never_drawn_once_no_drawing_ran(shell):
    runner.no_drawing()
    assert run(shell, [SHOW]).lines() == []
    assert shell.user_ns.get("shown") is True


def test_without_it_the_same_cell_draws_the_figure_and_stops_there(shell):
    run(shell, [SHOW])
    assert "shown" not in shell.user_ns


def test_a_cell_that_raises_stops_only_itself(shell):
    run(shell, ["x = 1", "raise ValueError('no')", "y = x + 1"])
    assert shell.user_ns["y"] == 2


def test_a_cell_over_its_time_is_stopped_and_noted(shell):
    audit = Audit([], [])
    runner.run_cells(shell, ["while True: pass", "after = 3"], 0.2, audit)
    assert audit.lines() == ["cell 1 ran longer than 0.2 s and was stopped"]
    assert shell.user_ns["after"] == 3


def test_a_cell_that_swallows_its_time_limit_is_stopped_by_the_next_one(shell):
    # as when a fork bomb's CellTimeout lands in an at-fork handler that only prints it
    audit = Audit([], [])
    swallow = ("import time\ntry:\n    while True:\n        time.sleep(0.01)\n"
               "except BaseException:\n    swallowed = True\nwhile True:\n    time.sleep(0.01)")
    failed = runner.run_cells(shell, [swallow, "after = 4"], 1.0, audit)
    assert audit.lines() == ["cell 1 ran longer than 1 s and was stopped"]
    assert [entry[0] for entry in failed] == [1]
    assert (shell.user_ns["swallowed"], shell.user_ns["after"]) == (True, 4)
