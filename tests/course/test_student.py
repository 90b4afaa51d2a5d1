import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course.tools import student
from course.tools.student import (
    Unreadable,
    content_hash,
    fresh_path,
    is_edited,
    is_learners,
    make_student,
    read_notebook,
    solution_regions,
    stub_solutions,
    student_text,
    write_student,
)


def solution_cell(source, ex_id="ex1.1", cell_type="code"):
    cell = new_code_cell(source) if cell_type == "code" else new_markdown_cell(source)
    cell.metadata["nbgrader"] = {"solution": True, "grade_id": ex_id, "grade": False,
                                 "locked": False, "schema_version": 3, "task": False}
    return cell


def ran(source, text="out\n", tags=()):
    cell = new_code_cell(source, execution_count=1,
                         outputs=[new_output("stream", name="stdout", text=text)])
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


EXERCISE = '''def f(x):
    """double x"""
    ### BEGIN SOLUTION
    y = 2 * x
    return y
    ### END SOLUTION
'''


def chapter():
    return new_notebook(cells=[
        new_markdown_cell("# Title"),
        ran("import numpy as np\nfrom helpers import sigmoid\ndata = np.arange(3)"),
        solution_cell(EXERCISE),
        ran("check(f)", tags=("check",)),
        ran("z = f(data)"),
        ran("print(z + 1)"),
        ran("print(data)", text="[0 1 2]\n"),
        ran("print(data.max())", text="2\n", tags=("clear-in-student",)),
        ran("print('secret')", tags=("solution-only",)),
        solution_cell("Answer:\n### BEGIN SOLUTION\n42\n### END SOLUTION", "ex1.2", "markdown"),
        ran("%timeit data.sum()\nprint(data.sum())", text="3\n"),
    ])


def test_stub_keeps_the_indentation_and_names_the_exercise():
    out = stub_solutions(EXERCISE, "ex1.1")
    assert out == ('def f(x):\n    """double x"""\n    # YOUR CODE HERE\n'
                   '    raise NotImplementedError("ex1.1 is not done yet")\n')
    assert solution_regions(EXERCISE) == ["    y = 2 * x\n    return y\n"]


def test_markdown_answer_becomes_a_prompt():
    out = stub_solutions("Answer:\n### BEGIN SOLUTION\n42\n### END SOLUTION", "ex1.2", "markdown")
    assert out == "Answer:\nYOUR ANSWER HERE"


def test_student_version_clears_what_depends_on_exercises():
    nb = make_student(chapter(), "01_x.ipynb")
    sources = [c.source for c in nb.cells]
    assert "print('secret')" not in sources  # solution-only dropped
    outputs = {c.source.splitlines()[0]: c.outputs for c in nb.cells if c.cell_type == "code"}
    assert outputs["import numpy as np"]  # worked example kept
    assert outputs["print(data)"]  # reads only untainted names
    assert outputs["print(data.max())"] == []  # asked to be cleared
    assert outputs["%timeit data.sum()"]  # magics are skipped, not parse errors
    for first in ("def f(x):", "check(f)", "z = f(data)", "print(z + 1)"):
        assert outputs[first] == [], first  # exercise, check, direct and indirect users
    assert all(c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    assert nb.metadata.course["generated_from"] == "solutions/01_x.ipynb"
    assert not is_edited(nb)


def test_solution_notebook_is_not_modified():
    nb = chapter()
    before = nbformat.writes(nb)
    make_student(nb, "x.ipynb")
    assert nbformat.writes(nb) == before


def test_exercise_without_region_is_an_error():
    nb = new_notebook(cells=[solution_cell("x = 1")])
    with pytest.raises(ValueError, match="exercise ex1.1 has no ### BEGIN SOLUTION region"):
        make_student(nb, "x.ipynb")


def test_hash_ignores_outputs_but_not_sources():
    nb = make_student(chapter(), "x.ipynb")
    h = content_hash(nb)
    nb.cells[1].outputs = []
    assert content_hash(nb) == h
    nb.cells[2].source += "\n# mine"
    assert content_hash(nb) != h and is_edited(nb)


@pytest.fixture
def course(tmp_path):
    notebooks = tmp_path / "notebooks"
    (notebooks / "solutions").mkdir(parents=True)
    nbformat.write(chapter(), notebooks / "solutions" / "01_x.ipynb")
    return notebooks


def test_write_then_up_to_date_then_regenerated(course):
    sol = course / "solutions" / "01_x.ipynb"
    assert write_student(sol, course) == "wrote 01_x.ipynb"
    assert write_student(sol, course) == "01_x.ipynb is up to date"
    assert student.out_of_date(course) == []
    nb = chapter()
    nb.cells[0].source = "# New title"
    nbformat.write(nb, sol)
    assert student.out_of_date(course) == ["01_x.ipynb"]
    assert write_student(sol, course) == "wrote 01_x.ipynb"  # unedited: safe to replace


def test_edited_student_notebook_is_never_overwritten(course):
    sol = course / "solutions" / "01_x.ipynb"
    write_student(sol, course)
    mine = course / "01_x.ipynb"
    nb = nbformat.read(mine, as_version=4)
    nb.cells[2].source = nb.cells[2].source.replace("raise NotImplementedError", "return 2 * x #")
    nbformat.write(nb, mine)
    before = mine.read_bytes()
    msg = write_student(sol, course)
    assert msg == "wrote 01_x.fresh.ipynb beside 01_x.ipynb (your edited copy is untouched)"
    assert mine.read_bytes() == before
    assert not is_edited(nbformat.read(course / "01_x.fresh.ipynb", as_version=4))
    # an edited fresh copy is kept too
    fresh = nbformat.read(course / "01_x.fresh.ipynb", as_version=4)
    fresh.cells[0].source = "# my notes"
    nbformat.write(fresh, course / "01_x.fresh.ipynb")
    assert write_student(sol, course) == ("wrote 01_x.fresh-2.ipynb beside 01_x.ipynb "
                                          "(your edited copy is untouched)")
    assert nbformat.read(course / "01_x.fresh.ipynb", as_version=4).cells[0].source == "# my notes"


def test_a_notebook_without_our_metadata_counts_as_edited(course):
    nbformat.write(new_notebook(cells=[new_code_cell("mine = 1")]), course / "01_x.ipynb")
    write_student(course / "solutions" / "01_x.ipynb", course)
    assert nbformat.read(course / "01_x.ipynb", as_version=4).cells[0].source == "mine = 1"


def test_cli(course, capsys):
    assert student.main(["--notebooks", str(course), "--check"]) == 1
    assert "out of date: notebooks/01_x.ipynb" in capsys.readouterr().out
    assert student.main(["--notebooks", str(course)]) == 0
    assert student.main(["--notebooks", str(course), "--check"]) == 0
    assert student.main(["--notebooks", str(course), "--fresh", "01_x"]) == 0
    assert "wrote 01_x.ipynb" in capsys.readouterr().out  # no copy of yours yet: a first one
    assert (course.parent / "my-notebooks" / "01_x.ipynb").exists()
    assert student.main(["--notebooks", str(course), "--work", str(course), "--fresh",
                         "01_x"]) == 0
    assert "wrote 01_x.fresh.ipynb beside 01_x.ipynb (as asked)" in capsys.readouterr().out
    assert student.main(["--notebooks", str(course), "--fresh", "99_none"]) == 2
    assert "no chapter named '99_none'; choose from 01_x" in capsys.readouterr().out


def test_names_inside_a_function_body_do_not_taint_later_cells():
    nb = new_notebook(cells=[
        solution_cell("def g(v):\n    ### BEGIN SOLUTION\n    total = v + 1\n    return total\n"
                      "    ### END SOLUTION\n"),
        ran("total = 5\nprint(total)"),
        ran("for k in range(2):\n    last = g(k)"),
        ran("print(last, [i for i in range(3)])"),
        ran("print(i)"),
    ])
    kept = [bool(c.outputs) for c in make_student(nb, "x.ipynb").cells]
    assert kept == [False, True, False, False, True]


@pytest.mark.parametrize("grade_id", ["ex4_1", "ex4.1"])
def test_both_spellings_of_an_exercise_id_give_the_dotted_stub_message(grade_id):
    nb = make_student(new_notebook(cells=[solution_cell(EXERCISE, grade_id)]), "x.ipynb")
    assert student.exercise_of(solution_cell("x", grade_id)) == "ex4.1"
    assert 'raise NotImplementedError("ex4.1 is not done yet")' in nb.cells[0].source


# --- the fresh-copy rule (make student, --fresh and course.tools.update all use it) ----------


@pytest.mark.parametrize("content, reason", [
    (b"", "the file is empty"), (b"  \n", "the file is empty"),
    (b"\xff\xfe{}", "not UTF-8 text"),
    (b'{"cells": [ <<<<<<< HEAD', "not a notebook (Notebook does not appear to be JSON: "),
])
def test_an_unreadable_notebook_raises_unreadable_saying_why(tmp_path, content, reason):
    path = tmp_path / "01_x.ipynb"
    path.write_bytes(content)
    with pytest.raises(Unreadable) as info:
        read_notebook(path)
    assert info.value.path == path and info.value.reason.startswith(reason)
    assert str(info.value) == f"{path}: {info.value.reason}"
    assert is_learners(path)  # it cannot be told apart from work: never overwritten
    with pytest.raises(Unreadable, match="No such file or directory"):
        read_notebook(tmp_path / "missing.ipynb")


def test_the_new_version_goes_beside_every_file_that_may_be_the_learners(tmp_path):
    nb = make_student(chapter(), "01_x.ipynb")
    text = student_text(nb)
    target = tmp_path / "01_x.ipynb"
    assert fresh_path(target, text) == (tmp_path / "01_x.fresh.ipynb", False)
    (tmp_path / "01_x.fresh.ipynb").write_text(text)
    assert not is_learners(tmp_path / "01_x.fresh.ipynb")
    assert fresh_path(target, text) == (tmp_path / "01_x.fresh.ipynb", True)  # already there
    (tmp_path / "01_x.fresh.ipynb").write_text("")  # unreadable: kept
    assert fresh_path(target, text) == (tmp_path / "01_x.fresh-2.ipynb", False)
    edited = make_student(chapter(), "01_x.ipynb")
    edited.cells[0].source = "# my notes"
    (tmp_path / "01_x.fresh-2.ipynb").write_text(student_text(edited))  # edited: kept
    assert fresh_path(target, text) == (tmp_path / "01_x.fresh-3.ipynb", False)
