"""Which commits are the course's and which the student's, and moving the clone to the
course's newest version.

The course's commits are every commit reachable from an upstream tip this clone has seen:
the tip the update last followed (``refs/course/seen``, written by the update), the
remote-tracking branch before this fetch, and every value its reflog recorded (a plain
``git pull`` or ``git fetch`` leaves one). So after a teacher's ``git push --force``, a
commit the course had and no longer has is *withdrawn*: it leaves the clone. A commit
reachable from none of them is the *student's*: it is kept, once, on a ``my-work-...``
branch, and put back on top of the course's version.
"""

from __future__ import annotations

import time
from pathlib import Path

from .changelog import remember_current
from .copies import WORK_DIR
from .git import (
    Blocked,
    broken_notebooks,
    changed_files,
    commits,
    git,
    identity,
    out,
    rescue,
    save_committed,
    why,
)

SEEN = "refs/course/seen"  # the course's tip the last update followed


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def course_tips(root: Path, tracking: str, before: str) -> list[str]:
    """Every upstream tip this clone has seen (commit ids that still exist)."""
    tips = {before, out(git(root, "rev-parse", "-q", "--verify", f"{SEEN}^{{commit}}"))}
    log = root / out(git(root, "rev-parse", "--git-path", f"logs/{tracking}"))
    try:  # each line: old new who when message
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            tips.update(line.split()[:2])
    except OSError:
        pass
    tips.discard("")
    tips.discard("0" * 40)
    return sorted(t for t in tips
                  if git(root, "cat-file", "-e", f"{t}^{{commit}}").returncode == 0)


def git_update(root: Path) -> tuple[list[str], bool]:
    """Fetch the course and follow it; (report lines, whether HEAD moved)."""
    if git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        return (["not a git clone: nothing fetched; refreshing your notebooks from the files "
                 "here"], False)
    if out(git(root, "rev-parse", "--show-toplevel")) != str(root.resolve()):
        return ([f"{root} is not the top of its git clone: nothing fetched"], False)
    branch = out(git(root, "symbolic-ref", "--short", "-q", "HEAD"))
    if not branch:
        return (["no branch checked out (detached HEAD): nothing fetched; "
                 "`git switch main` first to get updates"], False)
    upstream = git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}")
    if upstream.returncode != 0:
        return ([f"no upstream: branch {branch} tracks no remote branch, so nothing was "
                 f"fetched (set one with `git branch -u origin/{branch}`)"], False)
    target = out(upstream)
    tracking = out(git(root, "rev-parse", "--symbolic-full-name", "@{upstream}"))
    before = out(git(root, "rev-parse", "-q", "--verify", tracking))
    remote = out(git(root, "config", f"branch.{branch}.remote")) or "origin"
    lines = []
    shallow = out(git(root, "rev-parse", "--is-shallow-repository")) == "true"
    fetched = git(root, "fetch", "--quiet", *(["--unshallow"] if shallow else []), remote)
    if fetched.returncode != 0:
        lines.append(f"could not fetch from {remote} ({why(fetched)}); "
                     "working with the version you already have")
    head = out(git(root, "rev-parse", "HEAD"))
    new = out(git(root, "rev-parse", target))
    tips = course_tips(root, tracking, before)
    withdrawn = set(commits(root, head, "--not", new)) - set(
        commits(root, head, "--not", new, *tips))
    if not withdrawn and git(root, "merge-base", "--is-ancestor", new, head).returncode == 0:
        _remember(root, new)
        return [*lines, f"the course is up to date ({head[:7]})"], False
    stamp = time.strftime("%Y%m%d-%H%M%S")
    remember_current(root, root / WORK_DIR)  # the changelog the student has already seen
    try:
        if withdrawn:
            n = len(withdrawn)
            lines.append(f"the course rewrote its history: {_plural(n, 'commit')} "
                         f"{'were' if n != 1 else 'was'} withdrawn")
            mine = commits(root, "--reverse", "--no-merges", head, "--not", new, *tips)
            _follow_rewrite(root, target, stamp, head, mine, lines)
        elif git(root, "merge-base", "--is-ancestor", head, new).returncode == 0:
            _fast_forward(root, target, stamp, lines)
        else:
            mine = commits(root, "--no-merges", head, "--not", new, *tips)
            _merge_diverged(root, target, stamp, head, mine, lines)
    except Blocked as exc:  # lines holds what was saved before the block
        return [*lines, str(exc)], False
    for rel in broken_notebooks(root):
        git(root, "checkout", target, "--", rel)
        lines.append(f"{rel}: was not a valid notebook after the update; restored the "
                     "course's version")
    after = out(git(root, "rev-parse", "HEAD"))
    if after == head:
        return lines, False
    _remember(root, new)
    count = len(commits(root, new, "--not", head))  # the teacher's, new to this clone
    lines.append(f"the course is updated: {head[:7]} -> {after[:7]} "
                 f"({_plural(count, 'new commit') if count else 'no new commits'})")
    return lines, True


def _remember(root: Path, new: str) -> None:
    if out(git(root, "rev-parse", "-q", "--verify", SEEN)) != new:
        git(root, "update-ref", SEEN, new)


def _move(root: Path, target: str, stamp: str, lines: list[str], *how: str) -> None:
    """``git merge --ff-only`` or ``git reset --keep`` to ``target``, the student's dirty
    files saved first; raises Blocked when git still refuses."""
    rescue(root, target, stamp, False, lines)
    proc = git(root, *how, target)
    if proc.returncode != 0:  # something still in the way: save all and retry once
        rescue(root, target, stamp, True, lines)
        proc = git(root, *how, target)
    if proc.returncode != 0:
        raise Blocked(f"could not update to {target} ({why(proc)}); your files are as they "
                      "were")


def _fast_forward(root: Path, target: str, stamp: str, lines: list[str]) -> None:
    _move(root, target, stamp, lines, "merge", "--ff-only", "--quiet")


def keep_branch(root: Path, head: str, mine: list[str], stamp: str) -> tuple[str, bool]:
    """(the branch holding the student's commits ``mine``, whether it is new): an existing
    ``my-work-...`` branch that already has each of them (or the same change), else a new
    ``my-work-STAMP`` at ``head``."""
    names = out(git(root, "for-each-ref", "--format=%(refname:short)", "refs/heads/my-work-*"))
    for name in names.split():
        cherry = git(root, "cherry", name, head)
        missing = {line[2:] for line in cherry.stdout.splitlines() if line.startswith("+ ")}
        if cherry.returncode == 0 and not missing & set(mine):
            return name, False
    name = f"my-work-{stamp}"
    git(root, "branch", name, head)
    return name, True


def _merge_diverged(root: Path, target: str, stamp: str, head: str, mine: list[str],
                    lines: list[str]) -> None:
    """The student committed on this branch: keep their commits on a branch, then merge."""
    keep, _ = keep_branch(root, head, mine, stamp)
    lines.append(f"your branch has commits of yours that the course does not; they are kept "
                 f"on branch {keep}")
    base = out(git(root, "merge-base", head, target))
    lines += save_committed(root, changed_files(root, base, head),
                            changed_files(root, base, target), keep, stamp)
    rescue(root, target, stamp, False, lines)
    ident = identity(root)
    proc = git(root, *ident, "merge", "--no-edit", "--quiet", target)
    if proc.returncode == 0:
        lines.append(f"merged the course's {target} into your branch")
        return
    git(root, "merge", "--abort")
    proc = git(root, *ident, "merge", "--no-edit", "--quiet", "-X", "theirs", target)
    if proc.returncode == 0:
        lines.append(f"merged the course's {target}; where your commits and the course "
                     f"changed the same lines, the course's lines won (yours: {keep})")
        return
    git(root, "merge", "--abort")
    rescue(root, target, stamp, True, lines)
    proc = git(root, "reset", "--hard", "--quiet", target)
    if proc.returncode != 0:
        raise Blocked(f"could not update ({why(proc)}); your files are as they were")
    lines.append(f"could not merge; your branch now equals the course's {target}, your "
                 f"commits are on branch {keep}")


def _follow_rewrite(root: Path, target: str, stamp: str, head: str, mine: list[str],
                    lines: list[str]) -> None:
    """The course dropped commits this clone has: move to its new history, then put the
    student's own commits ``mine`` (oldest first) back on top."""
    if not mine:
        _move(root, target, stamp, lines, "reset", "--keep", "--quiet")
        return
    keep, _ = keep_branch(root, head, mine, stamp)
    lines.append(f"your branch has {_plural(len(mine), 'commit')} of yours that the course "
                 f"does not; {'they are' if len(mine) != 1 else 'it is'} kept on branch {keep}")
    yours = set().union(*(changed_files(root, f"{c}^", c) for c in mine))
    theirs = changed_files(root, f"{mine[0]}^", target)  # from the course under theirs
    lines += save_committed(root, yours, theirs, keep, stamp)
    _move(root, target, stamp, lines, "reset", "--keep", "--quiet")
    ident = identity(root)
    for strategy in ([], ["-X", "ours"]):  # ours: the course's new version, where both changed
        pick = git(root, *ident, "cherry-pick", "--keep-redundant-commits", *strategy, *mine)
        if pick.returncode == 0:
            lines.append("your commits are put back on top of the course's new history"
                         + (f"; where they changed the same lines, the course's lines won "
                            f"(yours: {keep})" if strategy else ""))
            return
        git(root, "cherry-pick", "--abort")
    lines.append(f"your commits could not be put back on top of the course's new history; "
                 f"your branch now equals the course's {target}, your commits are on branch "
                 f"{keep}")
