"""The grading unit the pool and the cluster recipe run for one submission.

``one.grade_submission`` (the sandbox: bubblewrap, the verdict in a process that never runs
student code) when it is installed; else ``standin.grade`` (no sandbox: see its doc). Either
way the result becomes a ``Record`` with the points of the course's credit setting.
"""

from __future__ import annotations

import importlib
import time

from . import credit, standin
from .chapter import Chapter
from .record import Outcome, Record
from .resume import Job
from .settings import Settings


def sandboxed() -> bool:
    """True when the sandboxed unit (``course.tools.grading.one``) is there."""
    return importlib.util.find_spec("course.tools.grading.one") is not None


def title_of(chapter: Chapter, ex_id: str) -> str:
    module = importlib.import_module(f"course.checks.ch{chapter.number}")
    for value in vars(module).values():
        if getattr(value, "ex_id", None) == ex_id and hasattr(value, "title"):
            return value.title
    return ex_id


def _from_sandbox(result, chapter: Chapter) -> tuple[list[Outcome], tuple, tuple, str | None]:
    """Outcomes from ``one``'s SubmissionResult (per-exercise CheckResults)."""
    points = {c.ex_id: c.points for c in chapter.checks}
    outcomes = []
    for r in result.results:
        status = getattr(r.status, "value", r.status)
        outcomes.append(Outcome(r.ex_id, r.title, str(status).lower(), r.line,
                                getattr(r, "mistake_id", None), getattr(r, "cases_right", 0),
                                getattr(r, "cases_total", 0), 0.0, points.get(r.ex_id, 1.0)))
    notes = tuple(getattr(result, "notes", ()) or getattr(result, "tampering", ()) or ())
    return outcomes, notes, (), getattr(result, "failure", None)


def grade(job: Job, chapter: Chapter, settings: Settings) -> Record:
    """Grade ``job``'s submission of ``chapter`` under ``settings``."""
    start = time.monotonic()
    if sandboxed():
        from .one import grade_submission

        outcomes, notes, broken, failure = _from_sandbox(
            grade_submission(job.notebook, chapter.number), chapter)
    else:
        done = standin.grade(job.notebook, chapter, settings.cell_seconds, settings.per_case)
        outcomes, notes, broken, failure = done["outcomes"], (), tuple(done["broken"]), None
    outcomes = [credit.score(o, settings.per_case) for o in outcomes]
    return Record(job.student, chapter.assignment, job.key, tuple(outcomes), failure, notes,
                  broken, round(time.monotonic() - start, 3))
