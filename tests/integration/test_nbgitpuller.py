"""The update scenario on a hub, on local repositories (no hub, no network): nbgitpuller's
own puller (the PyPI package) as the hub's /git-pull link runs it, and the student server's
start script, course/tools/hub/start-singleuser, with a stand-in for jupyterhub-singleuser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from course_repos import (  # the same teacher, student and JupyterLab save
    CHAPTER,
    ROOT,
    THIRD,
    add_hint,
    all_lines,
    edit,
    git,
    git_env,
    publish,
    push,
    read,
    run_update,
    save_like_jupyterlab,
    snapshot,
    teacher_at,
    teacher_fixes,
    with_hint,
)
from nbformat.v4 import new_code_cell

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
def teacher(built_once, tmp_path):
    return teacher_at(built_once, tmp_path / "teacher")


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


START = ROOT / "course" / "tools" / "hub" / "start-singleuser"


def start_server(home: Path, repo: str) -> tuple[str, str]:
    """Run the start script as the hub does, ``jupyterhub-singleuser`` a stand-in that says
    it started; (its stdout, its stderr)."""
    fake = home.parent / "fake-bin"
    fake.mkdir(exist_ok=True)
    server = fake / "jupyterhub-singleuser"
    server.write_text('#!/bin/sh\necho "server started in $PWD"\n')
    server.chmod(0o755)
    env = dict(git_env(home), COURSE_REPO=repo, PATH=os.pathsep.join(
        [str(fake), str(Path(sys.executable).parent), os.environ["PATH"]]))
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(["bash", str(START)], env=env, cwd=home, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=600)
    assert proc.returncode == 0 and proc.stdout == f"server started in {home}\n", proc
    return proc.stdout, proc.stderr


def test_a_force_push_reaches_the_hub_and_the_server_always_starts(teacher, tmp_path):
    bare = publish(teacher)
    home = tmp_path / "home"
    home.mkdir()
    clone = home / "delta-to-backprop"
    puller_pull(bare, clone)  # the link first: nbgitpuller's clone is shallow (depth 1)
    assert start_server(home, str(bare))[1] == ""
    add_hint(teacher)
    push(teacher)
    puller_pull(bare, clone)  # the link again: nbgitpuller merges the hint in
    assert start_server(home, str(bare))[1] == ""
    assert f"my-notebooks/{THIRD}.ipynb" in snapshot(clone)[2]
    mine = edit(clone / "my-notebooks" / f"{CHAPTER}.ipynb", "\ntyped on the hub")
    git(teacher, "reset", "-q", "--hard", "HEAD~1")
    push(teacher, "--force")
    puller_pull(bare, clone)  # nbgitpuller cannot follow: the hint stays (its issue #196)
    assert with_hint(snapshot(clone)[2]) > {f"my-notebooks/{CHAPTER}.ipynb"}
    assert start_server(home, str(bare))[1] == ""
    files = snapshot(clone)[2]
    assert with_hint(files) == {f"my-notebooks/{CHAPTER}.ipynb"}
    assert files[f"my-notebooks/{CHAPTER}.ipynb"] == mine
    assert not any(THIRD in name for name in files)
    assert git(clone, "status", "--porcelain") == ""
    assert git(clone, "rev-parse", "HEAD") == git(teacher, "rev-parse", "HEAD")
    log = (home / ".course-update.log").read_text(encoding="utf-8").splitlines()
    assert "the course rewrote its history: 1 commit was withdrawn" in log
    state = snapshot(clone)
    assert start_server(home, str(bare))[1] == ""
    assert snapshot(clone) == state  # a restart with nothing new changes nothing


def test_the_server_starts_when_the_course_cannot_be_cloned(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    _, err = start_server(home, str(tmp_path / "no-such-repo"))
    assert err == f"course: could not clone {tmp_path / 'no-such-repo'} (see ~/.course-pull.log)\n"
