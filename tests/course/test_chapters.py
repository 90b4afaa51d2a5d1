"""course.tools.chapters, the one chapter list: read from the solution notebooks, copied into the
README and 00_start_here by `python -m course.tools.chapters --write`, and every chapter wired to its
checks. The tests that iterate over chapters discover them from the notebooks, so a new chapter
is checked here without editing this file."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import nbformat
import pytest

from course.checking import Exercise, Quiz
from course.checks import every
from course.tools import chapters as ch

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ch.chapters()


def md(source: str):
    return nbformat.v4.new_markdown_cell(source)


def code(source: str, **meta):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata.update(meta)
    return cell


def exercise_cell(ex_id: str):
    gid = ex_id.replace(".", "_")
    return code("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION",
                nbgrader={"grade": False, "grade_id": gid, "locked": False,
                          "schema_version": 3, "solution": True, "task": False})


def write_nb(path: Path, *cells) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=list(cells)), path)
    return path


# --- the course's own chapters ----------------------------------------------------------------


def test_every_solution_notebook_is_a_chapter_numbered_from_zero_without_gaps():
    names = sorted(p.stem for p in (ROOT / "notebooks" / "solutions").glob("*.ipynb"))
    assert [c.name for c in CHAPTERS] == names
    assert [c.number for c in CHAPTERS] == list(range(len(CHAPTERS)))
    assert CHAPTERS[0].title == "0 · Start here"
    assert CHAPTERS[1].summary == "One sigmoid unit and the delta rule"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.name)
def test_every_chapter_has_a_title_and_goals(chapter):
    assert chapter.summary and chapter.summary[0].isupper(), chapter.title
    goals = chapter.goals.splitlines()
    assert goals and all(g.startswith(("- ", "* ")) for g in goals), chapter.goals


def test_the_chapter_tables_are_made_from_the_notebooks():
    copies = ch.copies(ROOT)
    assert [c.where for c in copies] == [
        "README.md", "notebooks/solutions/00_start_here.ipynb, cell 1"]
    for copy in copies:
        if copy.stale:
            links = copy.cell is not None
            pytest.fail(f"the chapter table in {copy.where} is not the notebooks' one: run\n"
                        f"    python -m course.tools.chapters --write\nor paste these lines over "
                        f"it:\n{ch.block(CHAPTERS, links=links)}")


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c.exercises], ids=lambda c: c.name)
def test_every_exercise_of_a_chapter_has_its_check_in_the_chapters_module(chapter):
    module = importlib.import_module(chapter.check_module)
    checks = {v.ex_id: v for v in vars(module).values() if isinstance(v, (Exercise, Quiz))}
    missing = [e for e in chapter.exercises if e not in checks]
    assert not missing, f"{chapter.check_module} has no Exercise or Quiz for {missing}"
    unused = sorted(set(checks) - set(chapter.exercises))
    assert not unused, f"{chapter.check_module} checks {unused}, which {chapter.name} lacks"
    for ex_id in chapter.exercises:
        assert ex_id.startswith(f"ex{chapter.number}."), f"{ex_id} in {chapter.name}"


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c.exercises], ids=lambda c: c.name)
def test_every_check_cell_calls_a_public_check_of_the_chapters_module(chapter):
    module = importlib.import_module(chapter.check_module)
    public = {n for n in vars(module) if n.startswith("check_") and callable(vars(module)[n])}
    cells = nbformat.read(chapter.path, as_version=4).cells
    checks = [c for c in cells if "check" in c.metadata.get("tags", [])]
    assert len(checks) == len(chapter.exercises), chapter.name
    for cell in checks:
        called = {n.func.id for n in ast.walk(ast.parse(cell.source))
                  if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert called & public, f"{chapter.name}: {cell.source!r} calls no check of " \
                                f"{chapter.check_module}"


def _checks_of_every_chapter():
    found = []
    for chapter in CHAPTERS:
        if chapter.exercises:
            module = importlib.import_module(chapter.check_module)
            found += [v for v in vars(module).values() if isinstance(v, (Exercise, Quiz))]
    return found


def test_every_check_of_a_chapter_is_one_that_test_exercises_runs():
    """Every Exercise and Quiz of a chapter's check module is one of ``course.checks.every()``,
    whose every reference tests/course/test_exercises.py sees pass with its exact ✅ line and
    whose every mistake it sees named by a line that starts with ❌ and its own message, through
    the public check (which prints ``run(...).line``; a quiz's answer and wrong values alike).
    Running them all again here proved nothing more."""
    found = _checks_of_every_chapter()
    assert found and {id(c) for c in found} == {id(c) for c in every()}


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c.exercises], ids=lambda c: c.name)
def test_every_chapters_checks_have_a_test_file(chapter):
    number = f"ch{chapter.number:02d}"
    uses = re.compile(rf"course\.checks\.{number}\b|from course\.checks import .*\b{number}\b")
    tests = [p for p in (ROOT / "tests").rglob("test_*.py")
             if uses.search(p.read_text(encoding="utf-8"))]
    assert tests, f"no test imports {chapter.check_module}: add tests/course/test_{number}.py"


# --- reading a notebook -----------------------------------------------------------------------


def test_a_chapter_is_read_from_its_title_line_goals_and_solution_cells(tmp_path):
    path = write_nb(
        tmp_path / "02_two.ipynb",
        md("# 2 · Gradient descent | on data\n\n**Goals.** After this you can\n\n- one,\n"
           "- two, on\n  two lines.\n\nMore text."),
        code("x = 1"), exercise_cell("ex2.2"), code("check_b(b)", tags=["check"]),
        exercise_cell("ex2.1"), code("check_a(a)", tags=["check"]))
    chapter = ch.read_chapter(path)
    assert (chapter.number, chapter.name, chapter.html_name) == (2, "02_two", "02_two.html")
    assert chapter.title == "2 · Gradient descent | on data"
    assert chapter.summary == "Gradient descent | on data"
    assert chapter.goals == "- one,\n- two, on two lines."
    assert chapter.exercises == ("ex2.2", "ex2.1")  # notebook order
    assert chapter.check_module == "course.checks.ch02"
    assert ch.table([chapter]).splitlines()[-1] == "| 2 | `02_two` | Gradient descent ∣ on data |"
    assert ch.table([chapter], links=True).splitlines()[-1] == (
        "| 2 | [`02_two`](02_two.ipynb) | Gradient descent ∣ on data |")


@pytest.mark.parametrize(("name", "cells", "message"), [
    ("2_two.ipynb", [md("# 2 · Two")],
     "2_two.ipynb: a chapter notebook is named NN_name.ipynb (two digits, then lower-case "
     "letters, digits and _)"),
    ("02_Two.ipynb", [md("# 2 · Two")],
     "02_Two.ipynb: a chapter notebook is named NN_name.ipynb (two digits, then lower-case "
     "letters, digits and _)"),
    ("02_two.ipynb", [md("# 3 · Two")],
     "02_two.ipynb: the title line says chapter 3, the file name says 2"),
    ("02_two.ipynb", [md("## 2 · Two")],
     "02_two.ipynb: the first cell must be markdown opening with the title line "
     "'# 2 · Title', got a markdown cell starting '## 2 · Two'"),
    ("02_two.ipynb", [md("# Two")],
     "02_two.ipynb: the first cell must be markdown opening with the title line "
     "'# 2 · Title', got a markdown cell starting '# Two'"),
    ("02_two.ipynb", [code("# 2 · Two")],
     "02_two.ipynb: the first cell must be markdown opening with the title line "
     "'# 2 · Title', got a code cell starting '# 2 · Two'"),
    ("02_two.ipynb", [],
     "02_two.ipynb: the first cell must be markdown opening with the title line "
     "'# 2 · Title', got nothing"),
])
def test_a_notebook_off_the_conventions_is_named_with_what_was_expected(tmp_path, name, cells,
                                                                        message):
    with pytest.raises(ch.ChapterError) as err:
        ch.read_chapter(write_nb(tmp_path / name, *cells))
    assert str(err.value) == message


def test_two_notebooks_of_one_number_are_refused(tmp_path):
    write_nb(tmp_path / "01_a.ipynb", md("# 1 · A"))
    write_nb(tmp_path / "01_b.ipynb", md("# 1 · B"))
    with pytest.raises(ch.ChapterError, match="two notebooks are chapter 1: 01_a.ipynb, "
                                              "01_b.ipynb"):
        ch.read_chapters(tmp_path)


# --- the copies of the table: --check and --write on a small course ---------------------------


def small_course(root: Path) -> Path:
    """A course of two chapters, both copies of the table still empty between the markers."""
    (root / "notebooks").mkdir(parents=True)
    (root / "README.md").write_text(f"# Course\n\n{ch.BEGIN}\n{ch.END}\n\nAfter.\n",
                                    encoding="utf-8")
    write_nb(root / "notebooks/solutions/00_start.ipynb",
             md("# 0 · Start\n\n**Goals.**\n\n- start"),
             md(f"## Chapters\n\n{ch.BEGIN}\nold\n{ch.END}\n\nText after."))
    write_nb(root / "notebooks/solutions/01_one.ipynb", md("# 1 · One unit\n\n**Goals.**\n\n- one"),
             exercise_cell("ex1.1"), code("check_f(f)", tags=["check"]))
    return root


def test_check_names_each_stale_copy_and_write_fixes_them(tmp_path, capsys):
    root = small_course(tmp_path)
    assert ch.main(["--root", str(root), "--check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "out of date: the chapter table in README.md (run `python -m course.tools.chapters --write`)",
        "out of date: the chapter table in notebooks/solutions/00_start.ipynb, cell 1 (run "
        "`python -m course.tools.chapters --write`)"]
    assert ch.main(["--root", str(root), "--write"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "README.md: table rewritten",
        "notebooks/solutions/00_start.ipynb, cell 1: table rewritten",
        "wrote 00_start.ipynb"]
    assert (root / "README.md").read_text(encoding="utf-8") == (
        f"# Course\n\n{ch.BEGIN}\n| # | notebook | title |\n|---|----------|-------|\n"
        f"| 0 | `00_start` | Start |\n| 1 | `01_one` | One unit |\n{ch.END}\n\nAfter.\n")
    for nb_path in (root / "notebooks/solutions/00_start.ipynb", root / "notebooks/00_start.ipynb"):
        cell = nbformat.read(nb_path, as_version=4).cells[1]
        assert cell.source == (f"## Chapters\n\n{ch.BEGIN}\n| # | notebook | title |\n"
                               f"|---|----------|-------|\n| 0 | [`00_start`](00_start.ipynb) | "
                               f"Start |\n| 1 | [`01_one`](01_one.ipynb) | One unit |\n"
                               f"{ch.END}\n\nText after.")
    assert ch.main(["--root", str(root), "--check"]) == 0
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert ch.main(["--root", str(root), "--write"]) == 0  # nothing to do: nothing changes
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_a_new_chapter_reaches_both_tables_with_one_write(tmp_path, capsys):
    root = small_course(tmp_path)
    ch.write(root)
    write_nb(root / "notebooks/solutions/02_two.ipynb", md("# 2 · Two layers\n\n**Goals.**\n\n- x"))
    assert [c.where for c in ch.copies(root) if c.stale] == [
        "README.md", "notebooks/solutions/00_start.ipynb, cell 1"]
    ch.write(root)
    assert "| 2 | `02_two` | Two layers |" in (root / "README.md").read_text(encoding="utf-8")
    student = nbformat.read(root / "notebooks/00_start.ipynb", as_version=4)
    assert "| 2 | [`02_two`](02_two.ipynb) | Two layers |" in student.cells[1].source
    assert not [c for c in ch.copies(root) if c.stale]


def test_missing_markers_are_an_error_that_shows_them(tmp_path, capsys):
    root = small_course(tmp_path)
    (root / "README.md").write_text("# Course\n", encoding="utf-8")
    assert ch.main(["--root", str(root), "--check"]) == 2
    assert capsys.readouterr().err == (
        f"README.md: expected the chapter table's two marker lines once each, in order:\n"
        f"{ch.BEGIN}\n{ch.END}\n")


def test_without_options_it_prints_the_table(capsys):
    assert ch.main([]) == 0
    assert capsys.readouterr().out == ch.table(CHAPTERS) + "\n"
