"""Example cells a wrong or blank answer broke: one line each, naming the cell, the exercise
that broke it and the exception's class, never a traceback; in the sandbox's result, the
Record and the student's feedback page, and the same lines without the sandbox."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course.tools.grading import Limits, grade_submission
from course.tools.grading.broken import code_cells, entry, lines, names, valid
from course.tools.grading.chapter import Chapter, read_checks
from course.tools.grading.feedback import page
from course.tools.grading.resume import Job
from course.tools.grading.sandbox import available
from course.tools.grading.synthetic import _body, _indented, _replace_stub
from course.tools.grading.unit import from_submission
from course.tools.nbgrader import normalise
from course.tools.student import SOLUTIONS, make_student

EX = {"sigmoid_prime": "ex1.1", "dE_dw": "ex1.2", "delta_rule_step": "ex1.3",
      "train_unit": "ex1.4"}
STATUS = {"ex1.1": "pass", "ex1.2": "fail", "ex1.3": "todo", "ex1.4": "fail"}


def example(source: str) -> dict:
    return {"source": source, "example": True}


def test_a_failed_example_blames_the_exercises_it_uses_that_are_not_right():
    cells = [example("x = 1"), {"source": "def dE_dw(x, y, w):\n    return None",
                                "example": False},
             example("g = dE_dw(x, 0.2, w) + sigmoid_prime(0.0)"),
             example("w_new = delta_rule_step(x, 0.2, w, 0.5)\nruns = train_unit(x, 1, w, 1, 2)"),
             example("%matplotlib inline\nruns = {r: train_unit(x, 0.2, w, r, 40) for r in rates}")]
    failed = {3: ("TypeError", None, ()), 4: ("NotImplementedError", None, ("run_code",)),
              5: ("CellTimeout", None, ())}
    assert lines(cells, failed, EX, STATUS, 5) == [
        "cell 3 (an example, not graded) failed because ex1.2 is not right: TypeError",
        "cell 4 (an example, not graded) failed because ex1.4 is not right and ex1.3 is not "
        "done yet: NotImplementedError",
        "cell 5 (an example, not graded) failed because ex1.4 is not right: stopped after 5 s"]


def test_an_error_raised_inside_an_exercise_function_blames_that_exercise_alone():
    cells = [example("w_new = delta_rule_step(x, 0.2, w, 0.5)\nruns = train_unit(x, 1, w, 1, 2)"),
             example("g = dE_dw(x, 0.2, w) + sigmoid_prime(0.0)"),
             example("runs = {r: train_unit(x, 0.2, w, r, 40) for r in rates}")]
    failed = {1: ("NotImplementedError", None, ("run_code", "delta_rule_step")),
              2: ("ZeroDivisionError", None, ("run_code", "sigmoid_prime", "dE_dw")),
              3: ("CellTimeout", None, ("run_code", "train_unit", "delta_rule_step"))}
    status = {**STATUS, "ex1.1": "fail", "ex1.2": "pass"}
    assert lines(cells, failed, EX, status, 5) == [
        "cell 1 (an example, not graded) failed because ex1.3 is not done yet: "
        "NotImplementedError",
        "cell 2 (an example, not graded) failed because ex1.1 is not right: ZeroDivisionError",
        "cell 3 (an example, not graded) failed because ex1.4 is not right and ex1.3 is not "
        "done yet: stopped after 5 s"]


def test_a_name_error_blames_what_should_have_bound_the_name():
    cells = [example("w_new = delta_rule_step(x, y, w, lr)\nx2 = 1"),
             example("E = sse(y, sigmoid(x @ w_new))\nmine = dE_dw(x, y, w)"),
             example("print(w_new, x2)"), example("out = train_unit(x, y, w, 1, 2)"),
             example("print(undefined_here)")]
    failed = {1: ("NotImplementedError", None, ()), 2: ("NameError", "w_new", ()),
              3: ("NameError", "w_new", ()), 4: ("NameError", "train_unit", ()),
              5: ("NameError", "undefined_here", ())}
    assert lines(cells, failed, EX, STATUS, 5) == [
        "cell 1 (an example, not graded) failed because ex1.3 is not done yet: "
        "NotImplementedError",
        "cell 2 (an example, not graded) failed because ex1.3 is not done yet: NameError",
        "cell 3 (an example, not graded) failed because ex1.3 is not done yet: NameError",
        "cell 4 (an example, not graded) failed because ex1.4 is not right: NameError",
        "cell 5 (an example, not graded) failed: NameError"]


def test_exercise_and_check_cells_and_cells_of_right_answers_blame_no_one():
    status = dict.fromkeys(STATUS, "pass")
    cells = [{"source": "def dE_dw(x, y, w):\n    return 1 / 0", "example": False},
             example("print(sigmoid_prime(1.0))[0]"), example("def f(:")]
    failed = {1: ("ZeroDivisionError", None, ("dE_dw",)), 2: ("TypeError", None, ()),
              3: ("SyntaxError", None, ()), 9: ("ValueError", None, ())}
    assert lines(cells, failed, EX, status, 5) == [
        "cell 2 (an example, not graded) failed: TypeError",
        "cell 3 (an example, not graded) failed: SyntaxError"]


def test_names_reads_a_cell_with_magics_and_one_that_is_not_python():
    assert names("%timeit f(x)\ny = train_unit(x, y, w, 1, 2)  # dE_dw\n") == (
        {"train_unit", "x", "y", "w"}, {"y"})
    assert names("def f(:\n    dE_dw(x)") == ({"def", "f", "dE_dw", "x"}, set())


def test_what_the_sandbox_sends_is_kept_only_as_plain_names():
    sent = [[3, "TypeError", None, []], [4, "NameError", "w_new", ["run_code", "f"]],
            [5, "Bad kind!", None, []], [6, "NameError", "a b", []], ["7", "TypeError", None, []],
            [8, "TypeError", None], "junk", [9, "X" * 81, None, []], [10, "ValueError", 3, []],
            [11, "ValueError", None, ["<module>"]], [12, "ValueError", None, ["f"] * 41]]
    assert valid(sent) == {3: ("TypeError", None, ()), 4: ("NameError", "w_new", ("run_code", "f"))}
    assert valid({"3": "TypeError"}) == {}


def _raises_inside(depth: int):
    if depth:
        return _raises_inside(depth - 1)
    return undefined_name  # noqa: F821


def test_the_runner_sends_the_class_the_name_and_the_traceback_functions():
    try:
        _raises_inside(2)
    except NameError as exc:
        assert entry(4, exc) == [4, "NameError", "undefined_name",
                                 ["test_the_runner_sends_the_class_the_name_and_the_traceback_"
                                  "functions", "_raises_inside"]]
    assert entry(2, ValueError("a long message")) == [2, "ValueError", None, []]


# --- the sandbox, end to end: chapter 1 with ex1.2 wrong, ex1.3 blank, ex1.4 endless -------

CH01 = "01_one_sigmoid_unit"
BODIES = {"ex1_1": None, "ex1_2": "return None",  # None: the solution
          # endless only where the example calls it (40 steps), wrong on the check's cases;
          # it waits rather than spins: the cell's 2 s limit stops either, and the spin took
          # 2 s of CPU in each of the two gradings
          "ex1_4": "import time\nwhile steps >= 40:\n    time.sleep(0.05)\nreturn None"}
LINES = [
    "cell 10 (an example, not graded) failed because ex1.3 is not done yet: NotImplementedError",
    "cell 11 (an example, not graded) failed because ex1.3 is not done yet: NameError",
    "cell 14 (an example, not graded) failed because ex1.4 is not right: stopped after 2 s"]


def write_submission(folder: Path) -> tuple[Path, Chapter]:
    source = nbformat.read(SOLUTIONS / f"{CH01}.ipynb", as_version=4)
    normalise(source)
    nb = make_student(source, f"{CH01}.ipynb")
    solutions = {c.metadata.nbgrader.grade_id: c.source for c in source.cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in BODIES:
            body = _body(solutions[gid])
            if BODIES[gid] is not None:
                body = _indented(BODIES[gid], body[0])
            cell.source = _replace_stub(cell.source, body)
    path = folder / "alice" / "ch01" / f"{CH01}.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)
    nbformat.write(source, folder / "source.ipynb")
    return path, Chapter("ch01", CH01, folder / "source.ipynb", read_checks(source))


@pytest.mark.slow
@pytest.mark.skipif(available() is not None, reason="needs bubblewrap")
def test_the_student_reads_one_line_per_broken_example_in_the_sandboxed_feedback(tmp_path):
    path, chapter = write_submission(tmp_path)
    numbered = code_cells(path)
    assert [numbered[n - 1]["source"].splitlines()[0] for n in (10, 11, 14)] == [
        "# one step of the delta rule on one record",
        "# the step lowers E, and it is -lr times the gradient, yours and a finite-difference one",
        "# your train_unit with five learning rates, 40 steps each"]
    result = grade_submission(path, "01", limits=Limits(cell_seconds=2),
                              source=chapter.source)
    assert [g.points for g in result.exercises] == [1, 0, 0, 0]
    assert list(result.broken) == LINES
    assert result.summary()[5:8] == [f"  {line}" for line in LINES]
    record = from_submission(type(result).from_json(result.to_json()),
                             Job("alice", path, "key", tmp_path / "alice.json"), chapter)
    assert list(record.broken) == LINES
    html = page(record, nbformat.read(chapter.source, as_version=4), "../../")
    section = html[html.index("<h2>Example cells that could not run</h2>"):]
    assert section.split("</ul>")[0].split("<ul>")[1].strip().splitlines() == [
        f"<li>{line}</li>" for line in LINES]
    assert "Traceback" not in html and "course/checking" not in html


STANDIN = """
import json, sys
from pathlib import Path
from course.tools.grading import standin
from course.tools.grading.chapter import Chapter, read_checks
import nbformat
source = Path(sys.argv[2])
chapter = Chapter("ch01", "x", source, read_checks(nbformat.read(source, as_version=4)))
print(json.dumps(standin.grade(Path(sys.argv[1]), chapter, 2.0)["broken"]))
"""


@pytest.mark.slow
def test_without_the_sandbox_the_lines_are_the_same(tmp_path):
    path, chapter = write_submission(tmp_path)
    done = subprocess.run([sys.executable, "-c", STANDIN, str(path), str(chapter.source)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == LINES
