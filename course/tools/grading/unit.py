"""The grading unit the pool and the cluster recipe run for one submission.

``one.grade_submission`` (bubblewrap; the verdict made in a process that never runs student
code) when the sandbox is available here; else ``standin.grade`` (no sandbox: see its doc),
said once by the ``grade`` command. Either way the result becomes a ``Record`` whose points
follow the course's credit setting (``credit``).
"""

from __future__ import annotations

import dataclasses
import importlib
import time

from . import credit, standin
from .chapter import Chapter
from .record import Outcome, Record
from .resume import Job
from .settings import Settings


def sandboxed() -> bool:
    """True when submissions are graded in the sandbox (bubblewrap is there and works)."""
    from .sandbox import available

    return available() is None


def title_of(chapter: Chapter, ex_id: str) -> str:
    module = importlib.import_module(f"course.checks.ch{chapter.number}")
    for value in vars(module).values():
        if getattr(value, "ex_id", None) == ex_id and hasattr(value, "reference"):
            return value.title
        if getattr(value, "ex_id", None) == ex_id and hasattr(value, "answer"):
            return value.title
    return ex_id


def from_submission(result, job: Job, chapter: Chapter) -> Record:
    """A Record from ``one``'s ``SubmissionResult`` (also what ``gather`` reads)."""
    outcomes = [Outcome.of(g.result, g.max_points) for g in result.exercises]
    return Record(job.student, chapter.assignment, job.key, tuple(outcomes), result.failure,
                  tuple(result.tried), tuple(result.broken), result.seconds)


def grade(job: Job, chapter: Chapter, settings: Settings) -> Record:
    """Grade ``job``'s submission of ``chapter`` under ``settings``."""
    start = time.monotonic()
    if sandboxed():
        from .one import grade_submission
        from .sandbox import DEFAULT

        limits = dataclasses.replace(DEFAULT, cell_seconds=settings.cell_seconds,
                                     seconds=settings.submission_seconds,
                                     memory=settings.memory_mib * 2**20)
        record = from_submission(grade_submission(job.notebook, chapter.number, limits=limits,
                                                  source=chapter.source, student=job.student),
                                 job, chapter)
    else:
        done = standin.grade(job.notebook, chapter, settings.cell_seconds)
        record = Record(job.student, chapter.assignment, job.key, tuple(done["outcomes"]),
                        None, (), tuple(done["broken"]), round(time.monotonic() - start, 3))
    return record.with_outcomes(credit.score(o, settings.per_case) for o in record.outcomes)
