"""Resumable grading: one result file per submission, keyed by what it was graded from.

``results/chNN/STUDENT.json`` (in the nbgrader course directory) holds a ``Record`` whose
``key`` is a hash of the submission and the chapter's version (``Chapter.version``). A
submission whose result file carries its current key is done; a new or changed submission,
or any after the chapter's source, checks or settings changed, is graded again. The
gradebook write comes after the result file is safely on disk and leaves a mark,
``results/chNN/.booked/STUDENT`` holding the key: a run stopped between the two writes
books the stored result on the next run without grading it again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .record import Record, write_atomic

RESULTS = "results"


@dataclass(frozen=True)
class Job:
    student: str
    notebook: Path
    key: str
    out: Path


def key(notebook: Path, version: str) -> str:
    return f"{hashlib.sha256(Path(notebook).read_bytes()).hexdigest()[:16]}-{version}"


def results_dir(course: Path, assignment: str) -> Path:
    return Path(course) / RESULTS / assignment


def submissions(course: Path, assignment: str, notebook: str) -> dict[str, Path]:
    """student -> their submitted notebook (``submitted/STUDENT/chNN/NAME.ipynb``)."""
    found = {}
    for path in sorted((Path(course) / "submitted").glob(f"*/{assignment}/{notebook}.ipynb")):
        found[path.parents[1].name] = path
    return found


def stored(path: Path) -> Record | None:
    """The record in ``path``, or None when it is missing or unreadable (then: grade again)."""
    try:
        return Record.read(path)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def plan(course: Path, assignment: str, notebook: str,
         version: str) -> tuple[list[Job], list[Record]]:
    """(submissions to grade, records already graded under their current key)."""
    todo, done = [], []
    folder = results_dir(course, assignment)
    for student, path in submissions(course, assignment, notebook).items():
        k = key(path, version)
        out = folder / f"{student}.json"
        record = stored(out)
        if record is not None and record.key == k:
            done.append(record)
        else:
            todo.append(Job(student, path, k, out))
    return todo, done


def booked(course: Path, record: Record) -> bool:
    mark = results_dir(course, record.chapter) / ".booked" / record.student
    return mark.exists() and mark.read_text(encoding="utf-8") == record.key


def mark_booked(course: Path, record: Record) -> None:
    write_atomic(results_dir(course, record.chapter) / ".booked" / record.student, record.key)


def all_records(course: Path, assignment: str | None = None) -> list[Record]:
    """Every stored record of ``assignment`` (every chapter when None), by chapter, student."""
    top = Path(course) / RESULTS
    pattern = f"{assignment}/*.json" if assignment else "ch*/*.json"
    records = [stored(p) for p in sorted(top.glob(pattern))]
    return [r for r in records if r is not None]
