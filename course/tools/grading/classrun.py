"""Grading a chapter for a whole class, and gathering result files into the gradebook.

``grade_class`` plans (``resume.plan``), books what an earlier run graded but did not book,
forks the pool over what is new or changed, and books each record as it comes. ``gather``
books result files written elsewhere (a cluster's job array) with the same ``book_record``.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from . import book, pool, resume, standin, unit
from . import chapter as chapters
from . import settings as course_settings
from .progress import Progress
from .record import Record, write_atomic


@dataclass(frozen=True)
class Summary:
    graded: int
    earlier: int
    booked: int
    failures: int

    def line(self, assignment: str) -> str:
        return (f"{assignment}: {self.graded} graded now, {self.earlier} unchanged since an "
                f"earlier run, {self.booked} booked into the gradebook, {self.failures} "
                f"could not run")


def book_record(gradebook, course: Path, chapter, record: Record) -> bool:
    """Book ``record`` unless it is booked already under its key; True when it was booked."""
    if resume.booked(course, record):
        return False
    book.write(gradebook, course, chapter, record)
    resume.mark_booked(course, record)
    return True


def _need_assignment(course: Path, assignment: str) -> None:
    """Stop with the teacher's next step unless the gradebook has ``assignment``. Read with
    sqlite, read-only: a run with nothing to book never imports nbgrader (a second of CPU,
    most of such a run) and a missing gradebook is not created empty."""
    url = f"{(Path(course).absolute() / 'gradebook.db').as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(url, uri=True)) as db:
            found = db.execute("SELECT 1 FROM assignment WHERE name = ?",
                               (assignment,)).fetchone()
    except sqlite3.Error:  # no gradebook, or not nbgrader's
        found = None
    if found is None:
        raise SystemExit(f"error: the gradebook has no assignment {assignment}: run "
                         f"`nbgrader generate_assignment {assignment}` in the course "
                         f"directory first")


def grade_class(course: Path, chapter_id: str, workers: int | None = None,
                progress_stream=None) -> Summary:
    course = Path(course)
    chapter = chapters.load(course, chapter_id)
    settings = course_settings.load(course)
    version = chapter.version(settings.fingerprint())
    todo, done = resume.plan(course, chapter.assignment, chapter.notebook, version)
    workers = workers or os.cpu_count() or 1
    booked = failures = 0
    _need_assignment(course, chapter.assignment)
    unbooked = [record for record in done if not resume.booked(course, record)]
    if not todo and not unbooked:  # a run again with nothing new: the gradebook stays closed
        return Summary(0, len(done), 0, 0)
    with book.open_gradebook(course) as gradebook:
        for record in unbooked:
            booked += book_record(gradebook, course, chapter, record)
        if todo:
            _warm(chapter)
            bar = Progress(len(todo), f"grading {chapter.assignment}", progress_stream)

            def on_record(record: Record) -> None:
                nonlocal booked, failures
                booked += book_record(gradebook, course, chapter, record)
                failures += record.failure is not None
                bar.update()

            pool.run(todo, chapter, settings, workers, unit.grade, on_record)
    return Summary(len(todo), len(done), booked, failures)


def _warm(chapter) -> None:
    """What every child needs, done once before they fork (they share it)."""
    if not unit.sandboxed():
        standin.warm(chapter)  # the notebooks run in the children: numpy, IPython, pyplot
        return
    import importlib

    from . import bytecode, one, sandbox  # noqa: F401 - imported for the children

    importlib.import_module(f"course.checks.ch{chapter.number}")
    bytecode.ensure()  # the sandbox cannot compile: the modules it imports, compiled once
    sandbox.shared_lib(chapter.number)


def gather(course: Path, chapter_id: str, folder: Path | None = None) -> Summary:
    """Book the result files in ``folder`` (default ``results/chNN``), as a cluster wrote
    them, with the same code as the local pool. A file of another submission's version is
    skipped (said by the count)."""
    course = Path(course)
    chapter = chapters.load(course, chapter_id)
    settings = course_settings.load(course)
    version = chapter.version(settings.fingerprint())
    target = resume.results_dir(course, chapter.assignment)
    subs = resume.submissions(course, chapter.assignment, chapter.notebook)
    booked = failures = stale = 0
    _need_assignment(course, chapter.assignment)
    found = []
    for path in sorted(Path(folder or target).glob("*.json")):
        record = _read_any(path, chapter, subs, version, settings)
        if record is None or record.student not in subs:
            stale += 1
            continue
        if record.key != resume.key(subs[record.student], version):
            stale += 1
            continue
        if Path(folder or target) != target or path.name.endswith(".sandbox.json"):
            write_atomic(target / f"{record.student}.json", record.to_json())
        failures += record.failure is not None
        found.append(record)
    unbooked = [record for record in found if not resume.booked(course, record)]
    if unbooked:  # else the gradebook stays closed (see _need_assignment)
        with book.open_gradebook(course) as gradebook:
            for record in unbooked:
                booked += book_record(gradebook, course, chapter, record)
    return Summary(0, stale, booked, failures)


def _read_any(path: Path, chapter, subs: dict, version: str, settings) -> Record | None:
    """A Record from ``path``: one the pool wrote, or ``one``'s SubmissionResult
    (``STUDENT.sandbox.json``, what a cluster's index writes), scored as the pool scores."""
    if not path.name.endswith(".sandbox.json"):
        return resume.stored(path)
    from .credit import score
    from .result import SubmissionResult

    student = path.name.removesuffix(".sandbox.json")
    if student not in subs:
        return None
    result = SubmissionResult.from_json(path.read_text(encoding="utf-8"))
    job = resume.Job(student, subs[student], resume.key(subs[student], version),
                     path.with_name(f"{student}.json"))
    record = unit.from_submission(result, job, chapter)
    return record.with_outcomes(score(o, settings.per_case) for o in record.outcomes)


def grade_one(course: Path, chapter_id: str, notebook: Path, out: Path,
              student: str | None = None) -> Record:
    """Grade one submission into ``out`` (what one index of a cluster's job array runs)."""
    chapter = chapters.load(course, chapter_id)
    settings = course_settings.load(course)
    student = student or Path(notebook).parents[1].name
    job = resume.Job(student, Path(notebook),
                     resume.key(notebook, chapter.version(settings.fingerprint())), Path(out))
    record = unit.grade(job, chapter, settings)
    write_atomic(job.out, record.to_json())
    return record
