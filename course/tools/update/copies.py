"""The student's copies in ``my-notebooks/``: one per chapter, seeded, replaced while the
student has not edited it, and otherwise left byte for byte with the new version beside it
(the fresh-copy rule of ``course.tools.student``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..student import (
    Unreadable,
    content_hash,
    fresh_path,
    is_edited,
    make_student,
    read_notebook,
    student_text,
)
from .changelog import new_entries
from .files import write_atomic

WORK_DIR = "my-notebooks"


@dataclass
class Outcome:
    chapter: str
    kind: str  # same | seeded | replaced | fresh | fresh-same | kept-unreadable | withdrawn | error
    line: str
    path: Path | None = None  # where the chapter's newest version now is


def sync_chapter(solution: Path, work: Path) -> Outcome:
    """Bring one chapter's copy in ``work`` up to date with ``solution``; never lose a line."""
    name, rel = solution.stem, f"{work.name}/{solution.name}"
    target = work / solution.name
    try:
        new = make_student(read_notebook(solution), solution.name)
    except (Unreadable, ValueError) as exc:
        why = exc.reason if isinstance(exc, Unreadable) else exc
        return Outcome(name, "error", f"{name}: the course's notebook cannot be read ({why}); "
                       "your copy is untouched")
    text = student_text(new)
    try:
        if target.exists():
            return _sync_existing(name, rel, target, content_hash(new), text)
        write_atomic(target, text)
        return Outcome(name, "seeded", f"{rel}: your copy, new", target)
    except OSError as exc:
        return Outcome(name, "error", f"{rel}: could not write in {work.name}/ "
                       f"({exc.strerror or exc}); nothing of yours was changed")


def _beside(name: str, rel: str, target: Path, text: str) -> Outcome:
    """The new version beside ``target``, which the student edited."""
    fresh, same = fresh_path(target, text)
    if same:
        return Outcome(name, "fresh-same", f"{rel}: edited by you; the new version is "
                       f"already in {fresh.name}", fresh)
    write_atomic(fresh, text)
    note = ""
    if fresh.name != f"{target.stem}.fresh.ipynb":
        note = f" ({target.stem}.fresh.ipynb holds your edits, so it is untouched too)"
    return Outcome(name, "fresh", f"{rel}: edited by you, so untouched; the new version is "
                   f"{fresh.name}{note}", fresh)


def _sync_existing(name: str, rel: str, target: Path, new_hash: str, text: str) -> Outcome:
    try:
        mine = read_notebook(target)
    except Unreadable as exc:
        fresh, same = fresh_path(target, text)
        if not same:
            write_atomic(fresh, text)
        return Outcome(name, "kept-unreadable", f"{rel}: cannot be read ({exc.reason}); left "
                       f"as it is, the course's version is {fresh.name}", fresh)
    if mine.metadata.get("course", {}).get("sha256") == new_hash:
        return Outcome(name, "same", f"{rel}: up to date", target)
    if not is_edited(mine):
        write_atomic(target, text)
        return Outcome(name, "replaced", f"{rel}: replaced by the new version "
                       "(you had not changed it)", target)
    return _beside(name, rel, target, text)


def withdraw(work: Path, chapters: set[str]) -> list[Outcome]:
    """Copies of chapters the course no longer has: an unedited one (or fresh copy) holds
    nothing of the student's and goes; an edited or unreadable one stays, said once."""
    outcomes = []
    for path in sorted(work.glob("*.ipynb")):
        chapter = path.name.split(".")[0]
        if chapter in chapters:
            continue
        try:
            nb = read_notebook(path)
        except Unreadable:
            continue  # not one the course made, or not any more: the student's
        if nb.metadata.get("course", {}).get("role") != "student":
            continue  # the student's own notebook
        rel = f"{work.name}/{path.name}"
        if is_edited(nb):
            outcomes.append(Outcome(chapter, "withdrawn", f"{rel}: the course withdrew this "
                                    "notebook; yours has your edits, so it stays"))
            continue
        try:
            path.unlink()
        except OSError as exc:
            outcomes.append(Outcome(chapter, "error", f"{rel}: the course withdrew this "
                                    f"notebook but it could not be removed "
                                    f"({exc.strerror or exc})"))
            continue
        outcomes.append(Outcome(chapter, "withdrawn", f"{rel}: the course withdrew this "
                                "notebook; you had not changed your copy, so it is removed"))
    return outcomes


def sync(root: Path, work: Path | None = None) -> list[str]:
    """Refresh every chapter's copy in ``work`` (default ``root/my-notebooks``); the report."""
    work = root / WORK_DIR if work is None else work
    solutions = sorted((root / "notebooks" / "solutions").glob("*.ipynb"))
    if not solutions:
        return [f"no chapters found in {root / 'notebooks' / 'solutions'}"]
    try:
        work.mkdir(exist_ok=True)
    except OSError as exc:
        return [f"could not create {work} ({exc.strerror or exc}); nothing was copied"]
    _link_solutions(work)
    outcomes = []
    for sol in solutions:
        try:
            outcomes.append(sync_chapter(sol, work))
        except Exception as exc:  # a bug or an odd file: this chapter only, the rest go on
            outcomes.append(Outcome(sol.stem, "error", f"{work.name}/{sol.name}: not refreshed "
                                    f"({type(exc).__name__}: {exc}); your copy is untouched"))
    outcomes += withdraw(work, {sol.stem for sol in solutions})
    lines = [o.line for o in outcomes if o.kind != "same"]
    same = sum(o.kind == "same" for o in outcomes)
    if same:
        lines.append(f"{same} other notebook{'s' * (same != 1)} in {work.name}/ up to date"
                     if lines else f"all {same} notebooks in {work.name}/ are up to date")
    lines[:0] = _whats_new(root, work, {o.chapter: o for o in outcomes})
    return lines


def _link_solutions(work: Path) -> None:
    """``my-notebooks/solutions`` points at the course's worked solutions (best effort)."""
    link = work / "solutions"
    if link.exists() or link.is_symlink():
        return
    try:
        link.symlink_to(Path("..") / "notebooks" / "solutions", target_is_directory=True)
    except OSError:
        pass  # no symlinks here (some Windows set-ups): the solutions stay in notebooks/


def _whats_new(root: Path, work: Path, outcomes: dict[str, Outcome]) -> list[str]:
    """The changelog lines not shown before, each with where its chapter's new version is."""
    new = new_entries(root, work)
    if not new:
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
