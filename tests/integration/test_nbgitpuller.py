"""The update scenario through nbgitpuller's own puller (the PyPI package), as a JupyterHub
runs it, on local repositories: no hub, no network."""

from __future__ import annotations

import os

import pytest
from nbformat.v4 import new_code_cell
from test_update import (  # the same teacher, student and JupyterLab save
    CHAPTER,
    all_lines,
    git,
    make_teacher,
    read,
    run_update,
    save_like_jupyterlab,
    teacher_fixes,
)

from course.tools.student import exercise_of, is_edited

pull = pytest.importorskip("nbgitpuller.pull", reason="nbgitpuller is in the class extra")


def puller_pull(teacher, target):
    """What the hub's /git-pull link does: clone the first time, merge later."""
    env = os.environ.copy()
    os.environ.update(GIT_CONFIG_NOSYSTEM="1", HOME=str(target.parent),
                      GIT_CONFIG_GLOBAL=str(target.parent / ".gitconfig"))
    try:
        return list(pull.GitPuller(str(teacher), str(target), branch="main").pull())
    finally:
        os.environ.clear()
        os.environ.update(env)


@pytest.fixture
def teacher(tmp_path):
    return make_teacher(tmp_path / "teacher")


def test_nbgitpuller_then_the_copies_refresh_keeps_the_work_and_brings_the_fix(teacher, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    clone = home / "delta-to-backprop"
    puller_pull(teacher, clone)
    run_update(clone, "--no-fetch")  # what the hub runs at every server start
    mine = clone / "my-notebooks" / f"{CHAPTER}.ipynb"
    nb = read(mine)
    solution = {c.id: c for c in read(clone / "notebooks" / "solutions" / mine.name).cells}
    i = next(i for i, c in enumerate(nb.cells) if exercise_of(c) and c.cell_type == "code")
    ex_id = exercise_of(nb.cells[i])
    nb.cells[i].source = solution[nb.cells[i].id].source + "\n# typed on the hub\n"
    nb.cells.insert(i + 1, new_code_cell("extra = 'my cell'"))
    work = save_like_jupyterlab(nb, mine)

    fix = teacher_fixes(teacher, ex_id)
    lines = puller_pull(teacher, clone)
    assert not any("CONFLICT" in line for line in lines)
    assert fix in all_lines(clone / "notebooks" / "solutions" / mine.name)  # pulled
    assert git(clone, "log", "-1", "--format=%an").strip() == "teacher"  # no auto-commit
    out = run_update(clone, "--no-fetch")
    fresh = clone / "my-notebooks" / f"{CHAPTER}.fresh.ipynb"
    assert mine.read_bytes() == work
    assert fix in all_lines(fresh) and not is_edited(read(fresh))
    assert (f"  {ex_id} ({CHAPTER}): the exercise now says that numpy arrays are accepted. "
            f"-> my-notebooks/{CHAPTER}.fresh.ipynb") in out.splitlines()
    # and the student's own `make update` works on a clone nbgitpuller made
    teacher_fixes(teacher, ex_id)
    again = run_update(clone)
    assert "the course is updated: " in again and mine.read_bytes() == work
