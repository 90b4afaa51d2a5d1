"""The learner's chapter 6 network is what chapter 7 runs (issue 23): in a student's folder
(the student copies, filled in with the solutions as a student would), a change to their
chapter 6 backward shows in chapter 7's outputs; a chapter 6 not done, or a notebook graded
by nbgrader, runs the course's reference and says so in one line.

Chapter 7 is executed up to its cell that compares the squared error and the cross-entropy
on a saturated record (every gradient of the network, through the learner's backward), one
execution per scenario."""

from __future__ import annotations

import contextlib
import io

import nbformat
import numpy as np
import pandas as pd
import pytest
from student_folder import filled, run_up_to

from course.carry import REFERENCES
from course.tools.student import NOTEBOOKS, SOLUTIONS
from helpers.net_nout_nin import init_params

CH06 = next(SOLUTIONS.glob("06_*.ipynb")).name
CH07 = next(SOLUTIONS.glob("07_*.ipynb")).name
CARRY = "# your forward and backward from chapter 6"
SATURATED = "# one saturated wrong record"
TWICE = ("        nabla_w[i] = delta.T @ activations[i]",
         "        nabla_w[i] = 2 * delta.T @ activations[i]")

pytestmark = pytest.mark.slow


def twice_nabla_w(grade_id: str, source: str) -> str:
    if grade_id == "ex6_4":
        assert TWICE[0] in source
        return source.replace(*TWICE)
    return source


def stub(grade_id: str, source: str) -> str:
    """ex6.4 as the student copy hands it out, the rest done."""
    if grade_id == "ex6_4":
        return next(c.source for c in nbformat.read(NOTEBOOKS / CH06, as_version=4).cells
                    if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "ex6_4")
    return source


def run_chapter_7(folder) -> dict[str, str]:
    """Chapter 7 filled in, executed in ``folder`` up to the saturated-record cell: the
    printed text of the cell that loads chapter 6 and of that cell."""
    cells = run_up_to(filled(CH07), SATURATED, folder, (CARRY, SATURATED), timeout=120)
    return {key: _text(cell) for key, cell in cells.items()}


def _text(cell) -> str:
    assert all(o.output_type == "stream" and o.name == "stdout" for o in cell.outputs), cell
    return "".join(o.text for o in cell.outputs)


def stored(key: str) -> str:
    """The output the solution notebook stores for the cell that starts with ``key``."""
    cells = nbformat.read(SOLUTIONS / CH07, as_version=4).cells
    return _text(next(c for c in cells if c.source.startswith(key)))


def saturated_output(backward) -> str:
    """What the saturated-record cell prints when chapter 7 runs ``backward``: its own code,
    run here on chapter 7's seeded network with the course's forward."""
    cells = nbformat.read(SOLUTIONS / CH07, as_version=4).cells
    source = next(c.source for c in cells if c.source.startswith(SATURATED))
    rng = np.random.default_rng(0)  # chapter 7's network, as its first code cell seeds it
    weights, biases = init_params([2, 3, 3, 1], rng)
    namespace = {"np": np, "pd": pd, "weights": weights, "biases": biases,
                 "X_demo": rng.standard_normal((4, 2)), "forward": REFERENCES["06", "forward"],
                 "backward": backward, "bce_delta": lambda Z, A, Y: (A - Y) / len(Y)}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(source, namespace)
    return out.getvalue()


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    return tmp_path


def test_a_change_to_the_learners_backward_shows_in_chapter_7(folder):
    nbformat.write(filled(CH06, twice_nabla_w), folder / CH06)
    out = run_chapter_7(folder)
    assert out[CARRY] == (f"this notebook uses your forward and backward from {CH06[:-6]} "
                          "(ex6.3, ex6.4).\n")

    def doubled(*args, **keywords):
        nabla_w, nabla_b = REFERENCES["06", "backward"](*args, **keywords)
        return [2 * g for g in nabla_w], nabla_b

    assert out[SATURATED] == saturated_output(doubled)
    assert out[SATURATED] != stored(SATURATED)
    assert " W[3]                  1.422e-03                  1.902e+00" in out[SATURATED]


def test_a_chapter_6_not_done_runs_the_courses_reference_and_says_so(folder):
    nbformat.write(filled(CH06, stub), folder / CH06)
    out = run_chapter_7(folder)
    assert out[CARRY] == ("this notebook uses the course's forward and backward: your ex6.4 in "
                          f"{CH06[:-6]} is not done yet.\n")
    assert out[SATURATED] == stored(SATURATED) == saturated_output(REFERENCES["06", "backward"])


def test_under_nbgrader_chapter_7_runs_the_courses_reference(folder, monkeypatch):
    nbformat.write(filled(CH06, twice_nabla_w), folder / CH06)  # a wrong chapter 6 is ignored
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    out = run_chapter_7(folder)
    assert out[CARRY] == "graded on its own: this notebook uses the course's forward and backward.\n"
    assert out[SATURATED] == stored(SATURATED)
