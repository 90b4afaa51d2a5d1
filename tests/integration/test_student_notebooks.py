"""Every chapter's student notebook: up to date, free of solution code, friendly when run
unfilled, and equal to its solution notebook's checks when filled with the solutions.

Filled, a student notebook's code is the solution notebook's, cell for cell (asserted), and a
kernel sees only code, never cell metadata: it runs what nbval runs, with the solution's
stored outputs, in notebooks/solutions/. What can differ is the folder, notebooks/: only a
chapter whose code reads files beside its notebook (course.carry runs the learner's earlier
chapters) can print other checks there, so only those run again; the set-up cell finds the
same checkout above either folder (asserted)."""

import re

import nbformat
import pytest
from nbclient import NotebookClient

from course.installed import _course_root_above
from course.marks import PASS
from course.tools.student import (
    _REGION,
    NOTEBOOKS,
    SOLUTIONS,
    exercise_of,
    out_of_date,
    solution_regions,
    stale_line,
)

CHAPTERS = sorted(p.name for p in SOLUTIONS.glob("*.ipynb"))
# chapters whose code reads the notebooks beside it: the learner's earlier chapters
READS_ITS_FOLDER = [name for name in CHAPTERS
                    if "learner_functions(" in (SOLUTIONS / name).read_text(encoding="utf-8")]


def read(path):
    return nbformat.read(path, as_version=4)


def run(nb):
    # allow_errors=False: a "not done yet" note must not count as a failed cell
    NotebookClient(nb, kernel_name="python3", timeout=300,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def text_of(cell):
    return "".join(o.get("text", "") or "".join(o.get("data", {}).get("text/plain", ""))
                   for o in cell.get("outputs", []))


def check_cells(nb):
    return {c.id: c for c in nb.cells if "check" in c.metadata.get("tags", [])}


def test_every_chapter_has_a_student_notebook_and_none_is_stale():
    assert CHAPTERS, "no solution notebooks found"
    for name in CHAPTERS:
        assert (NOTEBOOKS / name).exists(), f"run `make student`: notebooks/{name} is missing"
    # the lines `python -m course.tools.student --check` prints (`make test` runs this instead)
    stale = out_of_date()
    assert stale == [], "\n".join(map(stale_line, stale))


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_exercise_has_a_check(name):
    cells = read(SOLUTIONS / name).cells
    exercises = [i for i, c in enumerate(cells) if exercise_of(c) and c.cell_type == "code"]
    checks = [i for i, c in enumerate(cells) if "check" in c.metadata.get("tags", [])]
    for i in exercises:
        assert any(j > i for j in checks), f"{exercise_of(cells[i])} has no check cell after it"


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_solution_line_reaches_the_student(name):
    student = read(NOTEBOOKS / name)
    shown = set()
    for cell in student.cells:
        shown.update(line.strip() for line in cell.source.splitlines())
        shown.update(line.strip() for line in text_of(cell).splitlines())
    solution = read(SOLUTIONS / name)
    # a line the course hands out anyway (a worked example's code, say) is no leak
    given = {line.strip() for cell in solution.cells
             if "solution-only" not in cell.metadata.get("tags", [])
             for line in _REGION.sub("", cell.source).splitlines()}
    for cell in solution.cells:
        for region in solution_regions(cell.source):
            for line in region.splitlines():
                if len(re.findall(r"\w", line)) >= 2 and line.strip() not in given:
                    assert line.strip() not in shown, f"solution line leaks: {line.strip()!r}"


@pytest.mark.slow
@pytest.mark.parametrize("name", CHAPTERS)
def test_unfilled_student_notebook_runs_without_tracebacks(name):
    nb = run(read(NOTEBOOKS / name))
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{cell.source[:60]!r} raised {out.get('ename')}"
            assert "Traceback" not in out.get("text", "")
            assert out.get("name") != "stderr", f"stderr in {cell.source[:60]!r}: {out.text}"
    checks = check_cells(nb)
    for cell in checks.values():
        assert "not done yet" in text_of(cell), cell.source


def filled(name):
    """(the student notebook of ``name`` with every exercise filled with its solution, the
    solution notebook)."""
    solution = read(SOLUTIONS / name)
    by_id = {c.id: c for c in solution.cells}
    nb = read(NOTEBOOKS / name)
    for cell in nb.cells:
        if exercise_of(cell):
            cell.source = by_id[cell.id].source
    return nb, solution


def code_of(nb):
    return [(c.id, c.source) for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("name", CHAPTERS)
def test_filled_student_notebook_runs_the_solution_code_whose_stored_checks_pass(name):
    nb, solution = filled(name)
    assert code_of(nb) == code_of(solution)  # what a kernel sees: the code, in order
    expected = check_cells(solution)
    assert expected and check_cells(nb).keys() == expected.keys()
    for cell in expected.values():  # stored by `make execute`, compared by nbval
        assert text_of(cell).startswith(PASS), text_of(cell)


def test_the_set_up_cell_finds_the_same_checkout_from_either_folder():
    root = _course_root_above(SOLUTIONS.resolve())
    assert root is not None and _course_root_above(NOTEBOOKS.resolve()) == root


def test_the_chapters_that_read_their_folder_are_found():
    assert {"07_cross_entropy_deeper_network.ipynb", "08_gradient_checking.ipynb",
            "09_capstone_digits.ipynb"} <= set(READS_ITS_FOLDER)


@pytest.mark.slow
@pytest.mark.parametrize("name", READS_ITS_FOLDER)
def test_student_notebook_filled_with_solutions_matches_the_solution_checks(name):
    nb, solution = filled(name)
    run(nb)
    expected = check_cells(solution)
    got = check_cells(nb)
    assert got.keys() == expected.keys()
    for cid, cell in got.items():
        assert text_of(cell) == text_of(expected[cid])
        assert text_of(cell).startswith("✅"), text_of(cell)
