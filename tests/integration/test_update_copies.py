"""The student's copies (course/tools/update/copies.py): one clear line per problem,
nothing lost, the other chapters processed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from course_repos import (
    CHAPTER,
    ROOT,
    chapters,
    course_changes,
    edit,
    make_course,
    others,
    read,
)

from course.tools.student import content_hash, is_edited
from course.tools.update.copies import sync


@pytest.fixture
def course(tmp_path) -> Path:
    return make_course(tmp_path)


def test_first_use_seeds_every_chapter(course):
    lines = sync(course)
    names = chapters(course)
    assert lines == [f"my-notebooks/{n}.ipynb: your copy, new" for n in names]
    for n in names:
        nb = read(course / "my-notebooks" / f"{n}.ipynb")
        assert nb.metadata.course["sha256"] == content_hash(nb)
    assert sync(course) == [f"all {len(names)} notebooks in my-notebooks/ are up to date"]


@pytest.mark.parametrize("content, why", [(b"", "the file is empty"),
                                          (b'{"cells": [ <<<<<<< HEAD', "not a notebook (")])
def test_a_corrupt_or_empty_copy_is_left_as_it_is(course, content, why):
    sync(course)
    mine = course / "my-notebooks" / f"{CHAPTER}.ipynb"
    mine.write_bytes(content)
    lines = sync(course)
    assert mine.read_bytes() == content
    line = next(x for x in lines if x.startswith(f"my-notebooks/{CHAPTER}.ipynb"))
    assert line.startswith(f"my-notebooks/{CHAPTER}.ipynb: cannot be read ({why}")
    assert line.endswith(f"left as it is, the course's version is {CHAPTER}.fresh.ipynb")
    assert not is_edited(read(course / "my-notebooks" / f"{CHAPTER}.fresh.ipynb"))
    assert lines[-1] == others(len(chapters(course)) - 1)


def test_an_edited_fresh_copy_is_kept_and_the_next_one_gets_another_name(course):
    sync(course)
    work = course / "my-notebooks"
    mine = edit(work / f"{CHAPTER}.ipynb", "\nmine")
    course_changes(course)
    sync(course)
    fresh = edit(work / f"{CHAPTER}.fresh.ipynb", "\nnotes in the fresh copy")
    course_changes(course)
    lines = sync(course)
    assert (work / f"{CHAPTER}.ipynb").read_bytes() == mine
    assert (work / f"{CHAPTER}.fresh.ipynb").read_bytes() == fresh
    assert not is_edited(read(work / f"{CHAPTER}.fresh-2.ipynb"))
    assert lines == [f"my-notebooks/{CHAPTER}.ipynb: edited by you, so untouched; the new "
                     f"version is {CHAPTER}.fresh-2.ipynb ({CHAPTER}.fresh.ipynb holds your "
                     f"edits, so it is untouched too)",
                     others(len(chapters(course)) - 1)]


@pytest.fixture
def open_tmp():
    """A temporary folder any user can enter (pytest's own is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="course-update-"))
    path.chmod(0o755)
    yield path
    for p in [path, *path.rglob("*")]:
        if p.is_dir() and not p.is_symlink():
            p.chmod(0o755)
    shutil.rmtree(path)


def test_a_read_only_folder_is_one_line_per_chapter_and_changes_nothing(open_tmp):
    tmp_path = open_tmp
    course = make_course(tmp_path)
    sync(course)
    work = course / "my-notebooks"
    for name in chapters(course)[:2]:
        course_changes(course, name)
    before = {p.name: p.read_bytes() for p in work.glob("*.ipynb")}
    prefix = []
    if os.geteuid() == 0:  # root writes anywhere: run the update as an ordinary user
        for p in [tmp_path, *tmp_path.rglob("*")]:
            if not p.is_symlink():
                os.chmod(p, 0o755 if p.is_dir() else 0o644)
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    work.chmod(0o555)
    for p in work.glob("*.ipynb"):
        p.chmod(0o444)
    try:
        proc = subprocess.run([*prefix, sys.executable, "-m", "course.tools.update", "--no-fetch",
                               "--root", str(course)], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path)),
                              cwd=tmp_path, timeout=120)
    finally:
        work.chmod(0o755)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    lines = proc.stdout.splitlines()
    for name in chapters(course)[:2]:
        assert (f"my-notebooks/{name}.ipynb: could not write in my-notebooks/ (Permission "
                f"denied); nothing of yours was changed") in lines
    assert lines[-1] == others(len(chapters(course)) - 2)
    assert {p.name: p.read_bytes() for p in work.glob("*.ipynb")} == before


def test_a_withdrawn_chapter_leaves_unedited_copies_and_keeps_edited_ones(course):
    sync(course)
    work = course / "my-notebooks"
    first, second = chapters(course)[:2]
    mine = edit(work / f"{first}.ipynb", "\nmy notes")
    (work / "my-own.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    for name in (first, second):
        (course / "notebooks" / "solutions" / f"{name}.ipynb").unlink()
    assert sync(course) == [
        f"my-notebooks/{first}.ipynb: the course withdrew this notebook; yours has your edits, "
        "so it stays",
        f"my-notebooks/{second}.ipynb: the course withdrew this notebook; you had not changed "
        "your copy, so it is removed",
        others(len(chapters(course)))]
    assert (work / f"{first}.ipynb").read_bytes() == mine
    assert not (work / f"{second}.ipynb").exists()
    assert (work / "my-own.ipynb").exists()  # not one the course made


def test_an_unreadable_course_notebook_is_one_line_and_the_copy_is_untouched(course):
    sync(course)
    mine = (course / "my-notebooks" / f"{CHAPTER}.ipynb").read_bytes()
    (course / "notebooks" / "solutions" / f"{CHAPTER}.ipynb").write_text("")
    lines = sync(course)
    assert lines[0] == (f"{CHAPTER}: the course's notebook cannot be read (the file is empty); "
                        "your copy is untouched")
    assert (course / "my-notebooks" / f"{CHAPTER}.ipynb").read_bytes() == mine
