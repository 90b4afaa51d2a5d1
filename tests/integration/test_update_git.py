"""`make update`'s git step (course/tools/update/git.py and history.py) on a teacher's
repository and a student clone: the student works in my-notebooks/ as JupyterLab would save
it, the teacher fixes a chapter, and the update must keep every byte of the student's work,
make the fix available beside it and name the exercise."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from course_repos import (
    CHAPTER,
    ROOT,
    all_lines,
    clone_of,
    commit,
    first_exercise,
    git,
    git_env,
    make_teacher,
    read,
    run_update,
    save_like_jupyterlab,
    student_works,
    teacher_fixes,
)

from course.tools.student import is_edited
from course.tools.update.git import broken_notebooks


def teacher_and_clone(folder: Path) -> None:
    clone_of(make_teacher(folder / "teacher"))


@pytest.fixture
def teacher(built_once, tmp_path) -> Path:
    """The teacher's repository (and beside it the student's clone, ``clone``): a copy of
    ``teacher_and_clone``, built once."""
    shutil.copytree(built_once("update-git", teacher_and_clone), tmp_path, dirs_exist_ok=True,
                    symlinks=True)
    return tmp_path / "teacher"


@pytest.fixture
def clone(teacher) -> Path:
    """The student's clone of ``teacher``, its origin the copy's teacher."""
    clone = teacher.parent / "student"
    git(clone, "remote", "set-url", "origin", str(teacher))
    return clone


def test_an_update_keeps_every_byte_of_the_work_and_puts_the_fix_beside_it(teacher, clone):
    work, ex_id = student_works(clone)
    fix = teacher_fixes(teacher, ex_id)
    out = run_update(clone)
    mine = clone / "my-notebooks" / f"{CHAPTER}.ipynb"
    fresh = clone / "my-notebooks" / f"{CHAPTER}.fresh.ipynb"
    assert mine.read_bytes() == work
    assert fix in all_lines(fresh) and not is_edited(read(fresh))
    assert (f"  {ex_id} ({CHAPTER}): the exercise now says that numpy arrays are accepted. "
            f"-> my-notebooks/{CHAPTER}.fresh.ipynb") in out.splitlines()
    assert (f"my-notebooks/{CHAPTER}.ipynb: edited by you, so untouched; the new version is "
            f"{CHAPTER}.fresh.ipynb") in out.splitlines()
    assert "the course is updated: " in out
    assert git(clone, "status", "--porcelain") == ""  # nothing of the course was touched
    # again: nothing new, nothing rewritten
    again = run_update(clone)
    assert "the course is up to date" in again and "What changed" not in again
    assert mine.read_bytes() == work
    # a plain `git pull` never conflicts either: the student never wrote a tracked file
    teacher_fixes(teacher, ex_id)
    git(clone, "pull", "-q", "--ff-only")
    assert mine.read_bytes() == work


def test_a_copy_the_student_did_not_edit_is_replaced_and_a_run_only_save_counts_as_unedited(
        teacher, clone):
    run_update(clone, "--no-fetch")
    mine = clone / "my-notebooks" / f"{CHAPTER}.ipynb"
    save_like_jupyterlab(read(mine), mine)  # Run All and save, nothing typed
    assert not is_edited(read(mine))
    _, ex_id = first_exercise(read(mine))
    fix = teacher_fixes(teacher, ex_id)
    out = run_update(clone)
    assert fix in all_lines(mine)
    assert not (clone / "my-notebooks" / f"{CHAPTER}.fresh.ipynb").exists()
    assert f"  {ex_id} ({CHAPTER}): the exercise now says that numpy arrays are accepted. " \
           f"-> my-notebooks/{CHAPTER}.ipynb" in out.splitlines()


def test_work_typed_into_the_course_copy_is_saved_before_the_update(teacher, clone):
    """The old habit: typing into notebooks/NAME.ipynb (tracked), then updating."""
    tracked = clone / "notebooks" / f"{CHAPTER}.ipynb"
    nb = read(tracked)
    i, ex_id = first_exercise(nb)
    nb.cells[i].source += "\n# typed into the course's own copy\n"
    work = save_like_jupyterlab(nb, tracked)
    helper = clone / "helpers" / "activations.py"
    helper.write_text(helper.read_text() + "\n# my experiment\n")
    fix = teacher_fixes(teacher, ex_id)
    out = run_update(clone)
    assert (clone / "my-notebooks" / f"{CHAPTER}.ipynb").read_bytes() == work
    assert (f"notebooks/{CHAPTER}.ipynb: you had changed this course file; your version is "
            f"kept as my-notebooks/{CHAPTER}.ipynb") in out.splitlines()
    assert fix in all_lines(tracked)
    assert helper.read_text().endswith("# my experiment\n")  # the update did not touch it
    assert f"-> my-notebooks/{CHAPTER}.fresh.ipynb" in out
    assert not broken_notebooks(clone)


def test_diverged_history_keeps_the_commits_on_a_branch_and_leaves_no_marker(teacher, clone):
    tracked = clone / "notebooks" / f"{CHAPTER}.ipynb"
    nb = read(tracked)
    i, ex_id = first_exercise(nb)
    nb.cells[i].source = "# my committed version\n" + nb.cells[i].source
    work = save_like_jupyterlab(nb, tracked)
    commit(clone, "my work", who="student")
    fix = teacher_fixes(teacher, ex_id)  # the same lines: a real conflict
    out = run_update(clone)
    branch = next(line.split("branch ")[-1] for line in out.splitlines() if "kept on" in line)
    assert git(clone, "show", f"{branch}:notebooks/{CHAPTER}.ipynb").encode() == work
    assert git(clone, "ls-files", "-u") == ""
    assert not broken_notebooks(clone)
    assert fix in all_lines(tracked)
    assert (clone / "my-notebooks" / f"{CHAPTER}.ipynb").read_bytes() == work
    assert "the course is updated: " in out


def test_no_upstream_is_one_line_and_the_copies_are_still_refreshed(teacher, clone):
    git(clone, "branch", "--unset-upstream")
    out = run_update(clone)
    assert out.splitlines()[0] == ("no upstream: branch main tracks no remote branch, so "
                                   "nothing was fetched (set one with `git branch -u "
                                   "origin/main`)")
    assert (clone / "my-notebooks" / f"{CHAPTER}.ipynb").exists()


def test_not_a_git_clone_is_one_line(teacher, tmp_path):
    plain = tmp_path / "unzipped"
    shutil.copytree(teacher, plain, ignore=shutil.ignore_patterns(".git"))
    out = run_update(plain)
    assert out.splitlines()[0] == ("not a git clone: nothing fetched; refreshing your notebooks "
                                   "from the files here")
    assert (plain / "my-notebooks" / f"{CHAPTER}.ipynb").exists()


# --- the copies: one clear line per problem, nothing lost, the other chapters processed ------


def test_the_course_checks_pass_on_a_clone_with_filled_and_messy_work(clone):
    """`make test` reads the course's files, never the student's work."""
    student_works(clone)
    (clone / "my-notebooks" / "scratch.py").write_text("import os\nx = undefined_name\n")
    env = dict(git_env(clone.parent), PYTHONPATH=str(clone))
    check = subprocess.run([sys.executable, "-m", "course.tools.student", "--check"], cwd=clone,
                           env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    ruff = Path(sys.executable).parent / "ruff"
    if ruff.exists():
        shutil.copy2(ROOT / "pyproject.toml", clone / "pyproject.toml")
        lint = subprocess.run([str(ruff), "check", "--no-cache", "."],
                              cwd=clone, capture_output=True, text=True)
        assert "my-notebooks" not in lint.stdout, lint.stdout


def test_a_file_of_the_student_that_the_course_now_ships_is_moved_aside(teacher, clone):
    mine = clone / "notebooks" / "10_my_own.ipynb"
    mine.write_text('{"my": "own notes"}\n')
    (teacher / "notebooks" / "10_my_own.ipynb").write_text('{"course": "new chapter"}\n')
    commit(teacher, "a new file")
    out = run_update(clone)
    assert mine.read_text() == '{"course": "new chapter"}\n'
    assert (clone / "my-notebooks" / "10_my_own.ipynb").read_text() == '{"my": "own notes"}\n'
    assert ("notebooks/10_my_own.ipynb: the course now ships a file of that name; yours was "
            "moved to my-notebooks/10_my_own.ipynb") in out.splitlines()
