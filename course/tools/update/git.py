"""The git side of an update: running git, and saving every file of the student's that git
would otherwise overwrite (into ``my-notebooks/``, where the course never writes)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from ..student import is_learners
from .copies import WORK_DIR


class Blocked(Exception):
    """The update cannot go on without risking the student's work: the message says why."""


def git(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C", GIT_MERGE_AUTOEDIT="no")
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              env=env, timeout=timeout, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return subprocess.CompletedProcess(args, 1, "", str(exc))


def out(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.strip()


def why(proc: subprocess.CompletedProcess) -> str:
    text = (proc.stderr or proc.stdout).strip().splitlines()
    return text[-1].removeprefix("fatal: ").removeprefix("error: ") if text else "no message"


def commits(root: Path, *args: str) -> list[str]:
    """``git rev-list ARGS``: commit ids, newest first (empty when git fails)."""
    proc = git(root, "rev-list", *args)
    return proc.stdout.split() if proc.returncode == 0 else []


def identity(root: Path) -> list[str]:
    """``-c user.name=... -c user.email=...`` when the student has set no git identity."""
    if git(root, "config", "user.email").returncode == 0:
        return []
    return ["-c", "user.name=course update", "-c", "user.email=course-update@localhost"]


def changed_files(root: Path, frm: str, to: str) -> set[str]:
    proc = git(root, "diff", "--name-only", "-z", frm, to)
    return {p for p in proc.stdout.split("\0") if p} if proc.returncode == 0 else set()


def save_copy(root: Path, rel: str, stamp: str) -> Path:
    """Copy the student's version of tracked file ``rel`` somewhere the course never writes.

    A course notebook ``notebooks/NAME.ipynb`` becomes ``my-notebooks/NAME.ipynb`` when there
    is none yet (it is the student's work), else ``my-notebooks/NAME.saved-STAMP.ipynb``;
    any other file goes to ``my-notebooks/saved-STAMP/PATH``.
    """
    src = root / rel
    work = root / WORK_DIR
    parts = Path(rel).parts
    if len(parts) == 2 and parts[0] == "notebooks" and rel.endswith(".ipynb"):
        dest = work / parts[1]
        if dest.is_file() and dest.read_bytes() == src.read_bytes():
            return dest  # copied there already (make lab does it too)
        if dest.exists() and is_learners(dest):  # their copy holds work too: keep it
            dest = work / f"{Path(parts[1]).stem}.saved-{stamp}.ipynb"
    else:
        dest = work / f"saved-{stamp}" / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)
    return dest


def _dirty(root: Path) -> tuple[list[str], list[str]]:
    """(tracked files with uncommitted changes, untracked files not ignored)."""
    proc = git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all")
    tracked, untracked = [], []
    items = proc.stdout.split("\0")
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if len(item) < 4:
            continue
        code, path = item[:2], item[3:]
        if code[0] in "RC":
            i += 1  # the next item is the old name
        (untracked if code == "??" else tracked).append(path)
    return tracked, untracked


def is_course_notebook(rel: str) -> bool:
    return rel.startswith("notebooks/") and rel.count("/") == 1


def rescue(root: Path, target: str, stamp: str, everything: bool, lines: list[str]) -> None:
    """Save, then restore to the committed version, every dirty file the update would touch.

    A changed ``notebooks/NAME.ipynb`` is always saved (the student typed into the course's
    copy). ``everything``: every dirty tracked file.
    """
    incoming = changed_files(root, "HEAD", target)
    tracked, untracked = _dirty(root)
    for rel in tracked:
        if not (everything or is_course_notebook(rel) or rel in incoming):
            continue
        if not (root / rel).exists():  # deleted by the student: the update brings it back
            git(root, "checkout", "HEAD", "--", rel)
            continue
        try:
            dest = save_copy(root, rel, stamp)
        except OSError as exc:
            raise Blocked(f"{rel}: you changed this course file and it could not be saved "
                          f"({exc.strerror or exc}); not updated, so nothing is lost") from None
        proc = git(root, "checkout", "HEAD", "--", rel)
        if proc.returncode != 0:
            lines.append(f"{rel}: could not restore it ({why(proc)}); your version is also "
                         f"in {dest.relative_to(root)}")
            continue
        lines.append(f"{rel}: you had changed this course file; your version is kept as "
                     f"{dest.relative_to(root)}")
    for rel in untracked:
        if rel in incoming:
            try:
                dest = save_copy(root, rel, stamp)
            except OSError as exc:
                raise Blocked(f"{rel}: the course now ships a file of that name and yours "
                              f"could not be saved ({exc.strerror or exc}); not updated, so "
                              "nothing is lost") from None
            (root / rel).unlink()
            lines.append(f"{rel}: the course now ships a file of that name; yours was moved "
                         f"to {dest.relative_to(root)}")


def save_committed(root: Path, mine: set[str], theirs: set[str], keep: str,
                   stamp: str) -> list[str]:
    """Copy into ``my-notebooks/`` the committed version of every file the student's commits
    changed (``mine``) that is a course notebook or that the course changed too (``theirs``):
    the version in the working tree, before the update touches it."""
    lines = []
    for rel in sorted(mine):
        if (is_course_notebook(rel) or rel in theirs) and (root / rel).is_file():
            try:
                dest = save_copy(root, rel, stamp)
            except OSError as exc:
                lines.append(f"{rel}: could not copy your committed version "
                             f"({exc.strerror or exc}); it stays on branch {keep}")
                continue
            lines.append(f"{rel}: your committed version is also kept as "
                         f"{dest.relative_to(root)}")
    return lines


def broken_notebooks(root: Path) -> list[str]:
    """Tracked notebooks that are not valid JSON or hold conflict markers."""
    proc = git(root, "ls-files", "-z", "--", "*.ipynb")
    bad = []
    for rel in filter(None, proc.stdout.split("\0")):
        try:
            text = (root / rel).read_text(encoding="utf-8")
            json.loads(text)
        except (OSError, ValueError):
            bad.append(rel)
            continue
        if re.search(r"^(<<<<<<<|>>>>>>>) ", text, re.MULTILINE):
            bad.append(rel)
    return bad
