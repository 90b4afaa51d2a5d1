"""A teacher rewrites the course's history (`git push --force`) and students update
(course/tools/update/history.py): a bare repository as the teacher's forge, student clones.

In every scenario the withdrawn commits leave the clone, every file the student never edited
loses the withdrawn lines, the student's own work keeps every byte (an edited copy, their
commits, once, on one branch), and a second update changes nothing. The tests assert the
whole output, line by line: what the student is told."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from course_repos import (
    CHAPTER,
    SECOND,
    THIRD,
    add_hint,
    clone_of,
    commit,
    edit,
    git,
    git_env,
    make_teacher,
    publish,
    push,
    run_update,
    snapshot,
    teacher_fixes,
    with_hint,
)


def pushed_hint_then_typed(folder: Path) -> None:
    """The hint was pushed, the student updated and then typed into their copy of chapter 1
    (teacher/, its forge teacher.git/ and the student's clone student/, in ``folder``)."""
    teacher = make_teacher(folder / "teacher")
    clone = clone_of(publish(teacher))
    run_update(clone)
    add_hint(teacher)
    push(teacher)
    run_update(clone)
    assert with_hint(snapshot(clone)[2]) >= {f"my-notebooks/{CHAPTER}.ipynb",
                                             f"notebooks/{CHAPTER}.ipynb"}
    edit(clone / "my-notebooks" / f"{CHAPTER}.ipynb", "\nmy answer, typed by hand")


@pytest.fixture
def student(built_once, tmp_path) -> tuple[Path, Path, bytes]:
    """(teacher, student clone, the bytes of the student's edited chapter-1 copy): a copy of
    ``pushed_hint_then_typed``, built once, its remotes pointed at the copy's forge."""
    shutil.copytree(built_once("update-history", pushed_hint_then_typed), tmp_path,
                    dirs_exist_ok=True, symlinks=True)
    teacher, clone, bare = tmp_path / "teacher", tmp_path / "student", tmp_path / "teacher.git"
    for repo in (teacher, clone):
        git(repo, "remote", "set-url", "origin", str(bare))
    mine = (clone / "my-notebooks" / f"{CHAPTER}.ipynb").read_bytes()
    return teacher, clone, mine


def copies_after_withdrawal(fresh: str = "the new version is") -> list[str]:
    return [f"my-notebooks/{CHAPTER}.ipynb: edited by you, so untouched; {fresh} "
            f"{CHAPTER}.fresh.ipynb",
            f"my-notebooks/{SECOND}.ipynb: replaced by the new version (you had not changed it)",
            f"my-notebooks/{THIRD}.ipynb: the course withdrew this notebook; you had not "
            "changed your copy, so it is removed",
            "1 other notebook in my-notebooks/ up to date"]


def up_to_date(clone: Path) -> list[str]:
    head = git(clone, "rev-parse", "--short=7", "HEAD").strip()
    return [f"the course is up to date ({head})",
            f"my-notebooks/{CHAPTER}.ipynb: edited by you; the new version is already in "
            f"{CHAPTER}.fresh.ipynb",
            "2 other notebooks in my-notebooks/ up to date"]


def assert_withdrawn(clone: Path, mine: bytes, teacher: Path) -> None:
    """The hint is only in the copy the student edited (kept byte for byte); chapter 3 left
    the course's folders; the clone's history holds the teacher's commits, none withdrawn."""
    files = snapshot(clone)[2]
    assert with_hint(files) == {f"my-notebooks/{CHAPTER}.ipynb"}
    assert files[f"my-notebooks/{CHAPTER}.ipynb"] == mine
    assert not any(THIRD in name for name in files)
    assert git(clone, "status", "--porcelain") == ""
    grep = subprocess.run(["git", "grep", "-l", "HINT", "HEAD"], cwd=clone, capture_output=True,
                          env=git_env(clone.parent))
    assert grep.returncode == 1 and grep.stdout == b""  # no tracked file at HEAD has it
    assert git(clone, "merge-base", "--is-ancestor", git(teacher, "rev-parse", "HEAD").strip(),
               "HEAD") == ""


def test_the_teacher_drops_the_last_commit(student):
    teacher, clone, mine = student
    before = git(clone, "rev-parse", "HEAD").strip()
    git(teacher, "reset", "-q", "--hard", "HEAD~1")
    after = push(teacher, "--force")
    out = run_update(clone).splitlines()
    assert out == ["the course rewrote its history: 1 commit was withdrawn",
                   f"the course is updated: {before[:7]} -> {after[:7]} (no new commits)",
                   *copies_after_withdrawal()]
    assert_withdrawn(clone, mine, teacher)
    assert git(clone, "rev-parse", "HEAD").strip() == after
    assert git(clone, "branch", "--format=%(refname:short)").split() == ["main"]
    state = snapshot(clone)
    assert run_update(clone).splitlines() == up_to_date(clone)
    assert snapshot(clone) == state  # no branch, no commit, no file


def test_the_teacher_rewrites_the_last_commit(student):
    teacher, clone, mine = student
    before = git(clone, "rev-parse", "HEAD").strip()
    git(teacher, "reset", "-q", "--hard", "HEAD~1")
    add_hint(teacher, "A hint: start from the derivative of σ.", third=False)
    after = push(teacher, "--force")
    out = run_update(clone).splitlines()
    assert out == ["the course rewrote its history: 1 commit was withdrawn",
                   f"the course is updated: {before[:7]} -> {after[:7]} (1 new commit)",
                   *copies_after_withdrawal()]
    assert_withdrawn(clone, mine, teacher)
    assert "A hint: start from the derivative of σ." in (
        clone / "my-notebooks" / f"{SECOND}.ipynb").read_text(encoding="utf-8")
    assert git(clone, "rev-list", "--count", "HEAD").strip() == "2"  # v1 and the new hint
    assert git(clone, "branch", "--format=%(refname:short)").split() == ["main"]
    state = snapshot(clone)
    assert run_update(clone).splitlines() == up_to_date(clone)
    assert snapshot(clone) == state


def test_the_teacher_drops_a_commit_while_the_student_has_commits_of_their_own(student):
    teacher, clone, mine = student
    notes = clone / "notes.md"
    notes.write_text("# my notes\n\nσ' = σ(1 − σ), I derived it myself\n", encoding="utf-8")
    commit(clone, "my notes", who="student")
    before = git(clone, "rev-parse", "HEAD").strip()
    git(teacher, "reset", "-q", "--hard", "HEAD~1")
    push(teacher, "--force")
    out = run_update(clone).splitlines()
    branches = git(clone, "branch", "--format=%(refname:short)").split()
    assert len(branches) == 2 and branches[0] == "main" and branches[1].startswith("my-work-")
    keep = branches[1]
    after = git(clone, "rev-parse", "HEAD").strip()
    assert out == ["the course rewrote its history: 1 commit was withdrawn",
                   f"your branch has 1 commit of yours that the course does not; it is kept "
                   f"on branch {keep}",
                   "your commits are put back on top of the course's new history",
                   f"the course is updated: {before[:7]} -> {after[:7]} (no new commits)",
                   *copies_after_withdrawal()]
    assert_withdrawn(clone, mine, teacher)
    assert notes.read_text(encoding="utf-8").endswith("I derived it myself\n")
    assert git(clone, "log", "--format=%an %s", "HEAD").splitlines() == [
        "student my notes", "teacher course v1"]  # the student's commit, once, on top
    assert git(clone, "log", "--format=%s", keep).splitlines() == [
        "my notes", "a hint", "course v1"]  # as it was before the update
    state = snapshot(clone)
    assert run_update(clone).splitlines() == up_to_date(clone)
    assert snapshot(clone) == state
    # the course goes on: one teacher commit is merged; the same branch still holds the work
    fix = teacher_fixes(teacher, "ex1.1")
    push(teacher)
    out = run_update(clone).splitlines()
    assert out[:2] == [f"your branch has commits of yours that the course does not; they are "
                       f"kept on branch {keep}",
                       "merged the course's origin/main into your branch"]
    assert out[2].endswith("(1 new commit)")
    assert git(clone, "branch", "--format=%(refname:short)").split() == ["main", keep]
    assert fix in (clone / "notebooks" / f"{CHAPTER}.ipynb").read_text(encoding="utf-8")
    assert notes.read_text(encoding="utf-8").endswith("I derived it myself\n")
