"""course.tools.execute: executing an unchanged chapter gives the committed file, byte for byte."""

import shutil

import nbformat
import pytest
from conftest import ROOT

from course.tools import execute

SOLUTIONS = ROOT / "notebooks" / "solutions"
CHAPTER = SOLUTIONS / "00_start_here.ipynb"  # the smallest chapter


def _tiny(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:03d}"
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_executing_an_unchanged_chapter_gives_the_committed_bytes(tmp_path):
    # once: a second run would read the same bytes (asserted below) and prove nothing more
    committed = CHAPTER.read_bytes()
    copy = tmp_path / CHAPTER.name
    shutil.copy(CHAPTER, copy)
    assert execute.execute_notebook(copy) == f"{copy}: unchanged"
    assert copy.read_bytes() == committed


def test_no_committed_notebook_stores_timing_metadata():
    stored = [f"{nb.relative_to(ROOT)} cell {i}"
              for nb in sorted(SOLUTIONS.glob("*.ipynb")) + sorted(SOLUTIONS.parent.glob("*.ipynb"))
              for i, cell in enumerate(nbformat.read(nb, as_version=4).cells)
              if set(cell.metadata) & set(execute.VOLATILE_CELL_METADATA)]
    assert stored == []


def test_every_committed_notebook_is_stored_as_course_execute_writes_it():
    """Cheap guard for the whole course: a notebook executed some other way (nbconvert, an
    editor) keeps split prints or a measurement's output, and then re-running changes it."""
    differ = []
    for path in sorted(SOLUTIONS.glob("*.ipynb")) + sorted(SOLUTIONS.parent.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        before = nbformat.writes(nb)
        if nbformat.writes(execute.strip_volatile(nb)) != before:
            differ.append(path.relative_to(ROOT).as_posix())
    assert differ == [], f"re-execute with `make execute NB=...`: {differ}"


@pytest.mark.slow
def test_runs_in_the_notebooks_folder_and_writes_what_nbformat_writes(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    path = _tiny(tmp_path / "cwd.ipynb", "import os\nprint(os.path.basename(os.getcwd()))",
                 "print(os.environ['OMP_NUM_THREADS'], os.environ['OPENBLAS_NUM_THREADS'])")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    assert execute.execute_notebook(path) == f"{path}: executed, outputs changed"
    nb = nbformat.read(path, as_version=4)
    assert [c.outputs[0].text for c in nb.cells] == [f"{tmp_path.name}\n", "1 1\n"]
    assert [c.execution_count for c in nb.cells] == [1, 2]
    assert all("execution" not in c.metadata for c in nb.cells)
    assert path.read_text(encoding="utf-8") == nbformat.writes(nb) + "\n"


@pytest.mark.slow
def test_a_failing_cell_leaves_the_file_alone_and_says_why_in_one_line(tmp_path, capsys):
    good = _tiny(tmp_path / "good.ipynb", "print(6 * 7)")
    bad = _tiny(tmp_path / "bad.ipynb", "x = 1", "raise ValueError('no data\\nat all')")
    before = bad.read_bytes()
    assert execute.main(["--no-student", str(good), str(bad)]) == 1
    assert bad.read_bytes() == before
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{good}: executed, outputs changed",
                     f"FAILED {bad}: cell 1 raised ValueError: no data at all",
                     "1 of 2 notebooks failed; they were left unchanged."]
    assert nbformat.read(good, as_version=4).cells[0].outputs[0].text == "42\n"


def test_a_missing_notebook_is_named(tmp_path, capsys):
    missing = tmp_path / "nope.ipynb"
    assert execute.main(["--no-student", "--jobs", "1", str(missing)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == f"FAILED {missing}: no such notebook"


def test_the_callers_thread_count_wins():
    env = {"OMP_NUM_THREADS": "2"}
    execute.set_environment(env)
    assert env["OMP_NUM_THREADS"] == "2" and env["OPENBLAS_NUM_THREADS"] == "1"


@pytest.mark.slow
def test_a_measurement_cell_is_stored_without_its_output(tmp_path):
    path = _tiny(tmp_path / "timing.ipynb", "import time\nprint(time.perf_counter())",
                 "print('kept')")
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].metadata["tags"] = [execute.VOLATILE_OUTPUT_TAG]
    nbformat.write(nb, path)
    execute.execute_notebook(path)
    once = path.read_bytes()
    execute.execute_notebook(path)
    assert path.read_bytes() == once
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].outputs == [] and cells[0].execution_count == 1
    assert cells[1].outputs[0].text == "kept\n"


def test_consecutive_prints_are_stored_as_one_output_however_the_kernel_cut_them():
    cut = [nbformat.v4.new_output("stream", name="stdout", text=t) for t in ("a\n", "b", "\n")]
    figure = nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})
    after = nbformat.v4.new_output("stream", name="stdout", text="c\n")
    merged = execute.merge_streams([*cut, figure, after])
    assert [o.output_type for o in merged] == ["stream", "display_data", "stream"]
    assert [merged[0].text, merged[2].text] == ["a\nb\n", "c\n"]
