"""Bring a new course version to a student's clone without touching a line of their work.

The notebooks the course ships (``notebooks/NN_name.ipynb``, generated from the solutions) are
committed and never edited by a student. A student works in ``my-notebooks/``, which git does
not track: copies seeded on first use. An update

1. fetches the new course version with git and fast-forwards (or merges) it; a tracked file the
   student changed anyway is first copied into ``my-notebooks/`` (nothing is lost, and no
   conflict marker is ever left in a file);
2. refreshes ``my-notebooks/``: a missing copy is seeded, a copy the student has not edited is
   replaced by the new version, and beside an edited copy the new version lands as
   ``NAME.fresh.ipynb`` (``NAME.fresh-2.ipynb`` ... when that one was edited too);
3. prints the CHANGELOG.md lines that are new since the last update, by exercise id, and where
   each new version was put.

    python -m course.tools.update              # what `make update` runs
    python -m course.tools.update --no-fetch   # step 2 and 3 only (what `make lab` and a hub run)

It never stops half-way: every problem (no upstream, a dirty tree, diverged history, a corrupt
notebook, a read-only folder ...) is one line, and the other chapters are still processed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK_DIR = "my-notebooks"
STATE = ".course-state.json"  # in the work folder: the changelog lines already shown
_ENTRY = re.compile(r"^- (?P<ids>ex\d+[._]\d+(?:\s*,\s*ex\d+[._]\d+)*)"
                    r"(?:\s*\(`?(?P<chapter>[\w.-]+?)`?\))?\s*:\s*(?P<text>.+)$")


# ---------------------------------------------------------------------------------------------
# CHANGELOG.md


@dataclass(frozen=True)
class Entry:
    """One changelog line: ``- ex1.2 (`01_one_sigmoid_unit`): what changed``."""

    ids: tuple[str, ...]
    chapter: str | None
    text: str
    line: str


def changelog_entries(root: Path = ROOT, text: str | None = None) -> list[Entry]:
    """Every exercise line of the learner's CHANGELOG.md (or of ``text``), in file order."""
    from ..marks import canonical_id

    if text is None:
        try:
            text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return []
    entries = []
    for line in text.splitlines():
        m = _ENTRY.match(line.strip())
        if m:
            ids = tuple(canonical_id(i) for i in re.split(r"\s*,\s*", m["ids"]))
            entries.append(Entry(ids, m["chapter"], m["text"].strip(), line.strip()))
    return entries


# ---------------------------------------------------------------------------------------------
# the student's copies


def _read_nb(path: Path):
    """The notebook at ``path``, or the reason it cannot be read (a str)."""
    import nbformat

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return "not UTF-8 text"
    except OSError as exc:
        return exc.strerror or str(exc)
    if not text.strip():
        return "the file is empty"
    try:
        return nbformat.reads(text, as_version=4)
    except Exception as exc:  # NotJSONError, ValidationError, KeyError on odd JSON ...
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"not a notebook ({first[:80]})"


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new one, whole."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # opened as usual: the umask's mode
    try:
        tmp.unlink(missing_ok=True)  # left by an update that was killed half-way
        with open(tmp, "x", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _stored_hash(nb) -> str | None:
    return nb.metadata.get("course", {}).get("sha256")


def _free_fresh(target: Path, text: str) -> tuple[Path, bool]:
    """(where the new version goes beside ``target``, whether that file already holds it).

    ``NAME.fresh.ipynb`` unless it exists and was edited (or cannot be read): then
    ``NAME.fresh-2.ipynb``, and so on. A fresh copy nobody edited may be replaced.
    """
    from .student import is_edited

    for i in range(1, 1000):
        path = target.with_name(f"{target.stem}.fresh{'' if i == 1 else f'-{i}'}.ipynb")
        if not path.exists():
            return path, False
        old = _read_nb(path)
        if isinstance(old, str) or is_edited(old):
            continue
        try:
            return path, path.read_text(encoding="utf-8") == text
        except OSError:
            continue
    raise RuntimeError(f"999 fresh copies beside {target.name}: clean some up")


@dataclass
class Outcome:
    chapter: str
    kind: str  # same | seeded | replaced | fresh | fresh-same | kept-unreadable | error
    line: str
    path: Path | None = None  # where the chapter's newest version now is


def sync_chapter(solution: Path, work: Path, legacy: Path | None = None) -> Outcome:
    """Bring one chapter's copy in ``work`` up to date with ``solution``; never lose a line.

    ``legacy``: the course's own copy (``notebooks/NAME.ipynb``), where students typed before
    ``my-notebooks/`` existed; an edited one seeds the student's copy instead of the course.
    """
    import nbformat

    from .student import is_edited, make_student

    name, rel = solution.stem, f"{work.name}/{solution.name}"
    target = work / solution.name
    moved = ""
    if legacy is not None and legacy.is_file() and not target.exists():
        old = _read_nb(legacy)
        if not isinstance(old, str) and is_edited(old):
            try:
                shutil.copy2(legacy, target)
            except OSError as exc:
                return Outcome(name, "error", f"{rel}: could not copy your work from "
                               f"notebooks/{solution.name} ({exc.strerror or exc}); it stays "
                               "there")
            moved = f"your work in notebooks/{solution.name} is copied here; "
    try:
        new = make_student(nbformat.read(solution, as_version=4), solution.name)
    except Exception as exc:
        return Outcome(name, "error", f"{name}: the course's notebook cannot be read ({exc}); "
                       "your copy is untouched")
    text = nbformat.writes(new) + "\n"
    outcome = _sync_existing(name, rel, target, new, text) if target.exists() else None
    if outcome is None:
        try:
            _write_atomic(target, text)
        except OSError as exc:
            return Outcome(name, "error", f"{rel}: could not write in {work.name}/ "
                           f"({exc.strerror or exc}); nothing of yours was changed")
        return Outcome(name, "seeded", f"{rel}: your copy, new", target)
    if moved:
        outcome.line = outcome.line.replace(f"{rel}: ", f"{rel}: {moved}", 1)
        if outcome.kind == "same":
            outcome.kind = "moved"  # said once, even though nothing else changed
    return outcome


def _sync_existing(name: str, rel: str, target: Path, new, text: str) -> Outcome:
    from .student import content_hash, is_edited

    work = target.parent
    try:
        mine = _read_nb(target)
        if isinstance(mine, str):
            fresh, same = _free_fresh(target, text)
            if not same:
                _write_atomic(fresh, text)
            return Outcome(name, "kept-unreadable",
                           f"{rel}: cannot be read ({mine}); left as it is, the course's "
                           f"version is {fresh.name}", fresh)
        if _stored_hash(mine) == content_hash(new):
            return Outcome(name, "same", f"{rel}: up to date", target)
        if not is_edited(mine):
            _write_atomic(target, text)
            return Outcome(name, "replaced", f"{rel}: replaced by the new version "
                           "(you had not changed it)", target)
        fresh, same = _free_fresh(target, text)
        if same:
            return Outcome(name, "fresh-same", f"{rel}: edited by you; the new version is "
                           f"already in {fresh.name}", fresh)
        _write_atomic(fresh, text)
        note = ""
        if fresh.name != f"{target.stem}.fresh.ipynb":
            note = f" ({target.stem}.fresh.ipynb holds your edits, so it is untouched too)"
        return Outcome(name, "fresh", f"{rel}: edited by you, so untouched; the new version "
                       f"is {fresh.name}{note}", fresh)
    except OSError as exc:
        return Outcome(name, "error", f"{rel}: could not write in {work.name}/ "
                       f"({exc.strerror or exc}); nothing of yours was changed")


def sync(root: Path = ROOT, work: Path | None = None, since: str | None = None) -> list[str]:
    """Refresh every chapter's copy in ``work`` (default ``root/my-notebooks``); the report.

    ``since``: the git commit the clone was at before this update; its changelog counts as
    seen when ``work`` has no record of what was shown (a first update).
    """
    work = root / WORK_DIR if work is None else work
    solutions = sorted((root / "notebooks" / "solutions").glob("*.ipynb"))
    if not solutions:
        return [f"no chapters found in {root / 'notebooks' / 'solutions'}"]
    try:
        work.mkdir(exist_ok=True)
    except OSError as exc:
        return [f"could not create {work} ({exc.strerror or exc}); nothing was copied"]
    _link_solutions(root, work)
    outcomes = []
    for sol in solutions:
        try:
            outcomes.append(sync_chapter(sol, work, root / "notebooks" / sol.name))
        except Exception as exc:  # a bug or an odd file: this chapter only, the rest go on
            outcomes.append(Outcome(sol.stem, "error", f"{work.name}/{sol.name}: not refreshed "
                                    f"({type(exc).__name__}: {exc}); your copy is untouched"))
    lines = [o.line for o in outcomes if o.kind != "same"]
    same = sum(o.kind == "same" for o in outcomes)
    if same:
        lines.append(f"{same} other notebook{'s' * (same != 1)} in {work.name}/ up to date"
                     if lines else f"all {same} notebooks in {work.name}/ are up to date")
    lines[:0] = _whats_new(root, work, {o.chapter: o for o in outcomes}, since)
    return lines


def _link_solutions(root: Path, work: Path) -> None:
    """``my-notebooks/solutions`` points at the course's worked solutions (best effort)."""
    link = work / "solutions"
    if link.exists() or link.is_symlink():
        return
    try:
        link.symlink_to(Path("..") / "notebooks" / "solutions", target_is_directory=True)
    except OSError:
        pass  # no symlinks here (some Windows set-ups): the solutions stay in notebooks/


def _whats_new(root: Path, work: Path, outcomes: dict[str, Outcome],
               since: str | None) -> list[str]:
    """The changelog lines not shown before, each with where its chapter's new version is."""
    entries = changelog_entries(root)
    state_path = work / STATE
    try:
        seen = set(json.loads(state_path.read_text(encoding="utf-8"))["seen"])
        first = False
    except (OSError, ValueError, KeyError, TypeError):
        seen, first = set(), True
        old = _git(root, "show", f"{since}:CHANGELOG.md") if since else None
        if old is not None and old.returncode == 0:
            seen, first = {e.line for e in changelog_entries(root, old.stdout)}, False
    try:
        _write_atomic(state_path, json.dumps({"seen": [e.line for e in entries]}, indent=1,
                                             ensure_ascii=False) + "\n")
    except OSError:
        pass  # a read-only folder: the chapters' own lines say so
    new = [e for e in entries if e.line not in seen]
    if first or not new:
        return []
    lines = ["What changed in the course since your last update:"]
    for e in new:
        where = ""
        out = _chapter_outcome(e.chapter, outcomes)
        if out is not None and out.path is not None and out.kind != "error":
            where = f" -> {work.name}/{out.path.name}"
        lines.append(f"  {', '.join(e.ids)}" + (f" ({e.chapter})" if e.chapter else "")
                     + f": {e.text}{where}")
    return lines


def _chapter_outcome(chapter: str | None, outcomes: dict[str, Outcome]) -> Outcome | None:
    if not chapter:
        return None
    if chapter in outcomes:
        return outcomes[chapter]
    found = [o for name, o in outcomes.items() if name.startswith(chapter)]
    return found[0] if len(found) == 1 else None


# ---------------------------------------------------------------------------------------------
# git


def _git(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C", GIT_MERGE_AUTOEDIT="no")
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              env=env, timeout=timeout, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return subprocess.CompletedProcess(args, 1, "", str(exc))


def _out(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.strip()


def _why(proc: subprocess.CompletedProcess) -> str:
    text = (proc.stderr or proc.stdout).strip().splitlines()
    return text[-1].removeprefix("fatal: ").removeprefix("error: ") if text else "no message"


def _identity(root: Path) -> list[str]:
    """``-c user.name=... -c user.email=...`` when the student has set no git identity."""
    if _git(root, "config", "user.email").returncode == 0:
        return []
    return ["-c", "user.name=course update", "-c", "user.email=course-update@localhost"]


def _save_copy(root: Path, rel: str, stamp: str) -> Path:
    """Copy the student's version of tracked file ``rel`` somewhere the course never writes.

    A course notebook ``notebooks/NAME.ipynb`` becomes ``my-notebooks/NAME.ipynb`` when there
    is none yet (it is the student's work), else ``my-notebooks/NAME.saved-STAMP.ipynb``;
    any other file goes to ``my-notebooks/saved-STAMP/PATH``.
    """
    src = root / rel
    work = root / WORK_DIR
    parts = Path(rel).parts
    if len(parts) == 2 and parts[0] == "notebooks" and rel.endswith(".ipynb"):
        from .student import is_edited

        dest = work / parts[1]
        if dest.is_file() and dest.read_bytes() == src.read_bytes():
            return dest  # copied there already (make lab does it too)
        if dest.exists():
            seed = _read_nb(dest)
            if isinstance(seed, str) or is_edited(seed):  # their copy holds work too: keep it
                dest = work / f"{Path(parts[1]).stem}.saved-{stamp}.ipynb"
    else:
        dest = work / f"saved-{stamp}" / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)
    return dest


def _changed_files(root: Path, frm: str, to: str) -> set[str]:
    proc = _git(root, "diff", "--name-only", "-z", frm, to)
    return {p for p in proc.stdout.split("\0") if p} if proc.returncode == 0 else set()


def _dirty(root: Path) -> tuple[list[str], list[str]]:
    """(tracked files with uncommitted changes, untracked files not ignored)."""
    proc = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all")
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


def _rescue(root: Path, target: str, stamp: str, everything: bool, lines: list[str]) -> None:
    """Save, then restore to the committed version, every dirty file the update would touch.

    A changed ``notebooks/NAME.ipynb`` is always saved (the student typed into the course's
    copy, as before ``my-notebooks/`` existed). ``everything``: every dirty tracked file.
    """
    incoming = _changed_files(root, "HEAD", target)
    tracked, untracked = _dirty(root)
    for rel in tracked:
        is_course_nb = rel.startswith("notebooks/") and rel.count("/") == 1
        if not (everything or is_course_nb or rel in incoming):
            continue
        if not (root / rel).exists():  # deleted by the student: the update brings it back
            _git(root, "checkout", "HEAD", "--", rel)
            continue
        try:
            dest = _save_copy(root, rel, stamp)
        except OSError as exc:
            raise _Blocked(f"{rel}: you changed this course file and it could not be saved "
                           f"({exc.strerror or exc}); not updated, so nothing is lost") from None
        proc = _git(root, "checkout", "HEAD", "--", rel)
        if proc.returncode != 0:
            lines.append(f"{rel}: could not restore it ({_why(proc)}); your version is also "
                         f"in {dest.relative_to(root)}")
            continue
        lines.append(f"{rel}: you had changed this course file; your version is kept as "
                     f"{dest.relative_to(root)}")
    for rel in untracked:
        if rel in incoming:
            try:
                dest = _save_copy(root, rel, stamp)
            except OSError as exc:
                raise _Blocked(f"{rel}: the course now ships a file of that name and yours "
                               f"could not be saved ({exc.strerror or exc}); not updated, so "
                               "nothing is lost") from None
            (root / rel).unlink()
            lines.append(f"{rel}: the course now ships a file of that name; yours was moved "
                         f"to {dest.relative_to(root)}")


class _Blocked(Exception):
    """The update cannot go on without risking the student's work: the message says why."""


def _broken_notebooks(root: Path) -> list[str]:
    """Tracked notebooks that are not valid JSON or hold conflict markers."""
    proc = _git(root, "ls-files", "-z", "--", "*.ipynb")
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


def git_update(root: Path = ROOT) -> tuple[list[str], bool]:
    """Fetch and merge the course's upstream branch; (report lines, whether HEAD moved)."""
    if _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        return (["not a git clone: nothing fetched; refreshing your notebooks from the files "
                 "here"], False)
    if _out(_git(root, "rev-parse", "--show-toplevel")) != str(root.resolve()):
        return ([f"{root} is not the top of its git clone: nothing fetched"], False)
    branch = _out(_git(root, "symbolic-ref", "--short", "-q", "HEAD"))
    if not branch:
        return (["no branch checked out (detached HEAD): nothing fetched; "
                 "`git switch main` first to get updates"], False)
    upstream = _git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}")
    if upstream.returncode != 0:
        return ([f"no upstream: branch {branch} tracks no remote branch, so nothing was "
                 f"fetched (set one with `git branch -u origin/{branch}`)"], False)
    remote = _out(_git(root, "config", f"branch.{branch}.remote")) or "origin"
    fetched = _git(root, "fetch", "--quiet", remote)
    lines = []
    if fetched.returncode != 0:
        lines.append(f"could not fetch from {remote} ({_why(fetched)}); "
                     "working with the version you already have")
    target = _out(upstream)
    head = _out(_git(root, "rev-parse", "HEAD"))
    new = _out(_git(root, "rev-parse", target))
    if _git(root, "merge-base", "--is-ancestor", new, head).returncode == 0:
        lines.append(f"the course is up to date ({head[:7]})")
        return lines, False
    stamp = time.strftime("%Y%m%d-%H%M%S")
    ff = _git(root, "merge-base", "--is-ancestor", head, new).returncode == 0
    try:
        return _merge(root, target, stamp, head, ff, lines)
    except _Blocked as exc:  # lines holds what was saved before the block
        return [*lines, str(exc)], False


def _merge(root: Path, target: str, stamp: str, head: str, ff: bool,
           lines: list[str]) -> tuple[list[str], bool]:
    _rescue(root, target, stamp, False, lines)
    if ff:
        proc = _git(root, "merge", "--ff-only", "--quiet", target)
        if proc.returncode != 0:  # something still in the way: save all and retry once
            _rescue(root, target, stamp, True, lines)
            proc = _git(root, "merge", "--ff-only", "--quiet", target)
        if proc.returncode != 0:
            lines.append(f"could not update to {target} ({_why(proc)}); "
                         "your files are as they were")
            return lines, False
    else:
        lines += _merge_diverged(root, target, stamp, head)
    for rel in _broken_notebooks(root):
        _git(root, "checkout", target, "--", rel)
        lines.append(f"{rel}: was not a valid notebook after the merge; restored the "
                     "course's version")
    after = _out(_git(root, "rev-parse", "HEAD"))
    count = _out(_git(root, "rev-list", "--count", f"{head}..{after}"))
    lines.append(f"the course is updated: {head[:7]} -> {after[:7]} ({count} new commit"
                 f"{'s' * (count != '1')})")
    return lines, after != head


def _merge_diverged(root: Path, target: str, stamp: str, head: str) -> list[str]:
    """The student committed on this branch: keep their commits on a branch, then merge."""
    keep = f"my-work-{stamp}"
    _git(root, "branch", keep, head)
    lines = [f"your branch has commits of yours that the course does not; they are kept on "
             f"branch {keep}"]
    base = _out(_git(root, "merge-base", head, target))
    theirs = _changed_files(root, base, target)
    for rel in sorted(_changed_files(root, base, head)):
        is_course_nb = rel.startswith("notebooks/") and rel.count("/") == 1
        if (is_course_nb or rel in theirs) and (root / rel).is_file():
            try:
                dest = _save_copy(root, rel, stamp)
            except OSError as exc:
                lines.append(f"{rel}: could not copy your committed version "
                             f"({exc.strerror or exc}); it stays on branch {keep}")
                continue
            lines.append(f"{rel}: your committed version is also kept as "
                         f"{dest.relative_to(root)}")
    ident = _identity(root)
    proc = _git(root, *ident, "merge", "--no-edit", "--quiet", target)
    if proc.returncode == 0:
        return lines + [f"merged the course's {target} into your branch"]
    _git(root, "merge", "--abort")
    proc = _git(root, *ident, "merge", "--no-edit", "--quiet", "-X", "theirs", target)
    if proc.returncode == 0:
        return lines + [f"merged the course's {target}; where your commits and the course "
                        f"changed the same lines, the course's lines won (yours: {keep})"]
    _git(root, "merge", "--abort")
    _rescue(root, target, stamp, True, lines)
    proc = _git(root, "reset", "--hard", "--quiet", target)
    if proc.returncode != 0:
        return lines + [f"could not update ({_why(proc)}); your files are as they were"]
    return lines + [f"could not merge; your branch now equals the course's {target}, your "
                    f"commits are on branch {keep}"]


# ---------------------------------------------------------------------------------------------
# which copy of the course a kernel imported


def _course_root_above(folder: Path) -> Path | None:
    """The course checkout that ``folder`` (a notebook's folder) belongs to, if any."""
    for cand in [folder, *list(folder.parents)[:3]]:
        if (cand / "course" / "__init__.py").is_file() and (cand / "notebooks").is_dir():
            return cand
    return None


def _same_code(mine: Path, other: Path) -> bool:
    """True when every module of the checkout's package ``mine`` is in ``other``, unchanged."""
    for path in sorted(mine.rglob("*.py")):
        rel = path.relative_to(mine)
        if not all((mine / f / "__init__.py").is_file() for f in rel.parents):
            continue  # not a module of the package (course/tools/hub/...): never installed
        twin = other / rel
        if not twin.is_file() or twin.read_bytes() != path.read_bytes():
            return False
    return True


def installed_copy_note(folder: str | Path | None = None) -> str | None:
    """One line when the kernel imported a course or helpers package other than the one of
    the checkout the notebook is in (``folder``: the kernel's working folder), else None.

    An image with the course installed, or a wheel of another version, would otherwise run
    the notebook against other checks and helpers without a word.
    """
    import helpers

    root = _course_root_above(Path(folder or os.getcwd()).resolve())
    if root is None:
        return None
    for name, module in (("course", sys.modules["course"]), ("helpers", helpers)):
        imported = Path(module.__file__).resolve().parent
        mine = root / name
        if imported == mine.resolve() or not mine.is_dir():
            continue
        try:
            if _same_code(mine, imported):
                continue
        except OSError:
            pass
        return (f"⚠️ This notebook belongs to the course in {root}, but Python imported "
                f"`{name}` from another copy, {imported}: run `pip install -e {root}` in this "
                "environment (or start JupyterLab with `make lab`), then restart the kernel.")
    return None


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.tools.update", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-fetch", action="store_true",
                        help="do not use git; only refresh my-notebooks/")
    parser.add_argument("--root", type=Path, default=ROOT, help="the course clone (default: "
                        "the one this package is in)")
    parser.add_argument("--since", help=argparse.SUPPRESS)  # the commit before a git update
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not args.no_fetch:
        before = _out(_git(root, "rev-parse", "-q", "--verify", "HEAD"))
        lines, moved = git_update(root)
        for line in lines:
            print(line, flush=True)
        if moved:  # the new version's own code refreshes the copies
            env = dict(os.environ, PYTHONPATH=os.pathsep.join(
                filter(None, [str(root), os.environ.get("PYTHONPATH")])))
            return subprocess.run([sys.executable, "-m", "course.tools.update", "--no-fetch",
                                   "--root", str(root), "--since", before], env=env).returncode
    for line in sync(root, since=args.since):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
