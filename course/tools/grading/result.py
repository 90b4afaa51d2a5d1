"""What grading one submission found, as data: ``SubmissionResult`` and its JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from ...checking import CheckResult


@dataclass(frozen=True)
class Graded:
    """One exercise: its check's result, the points it earned of ``max_points`` (the check
    cell's points in the source notebook)."""

    result: CheckResult
    points: float
    max_points: float

    @property
    def grade_id(self) -> str:
        """The nbgrader id of the check cell: ``ex4_1_check``."""
        return f"{self.result.ex_id.replace('.', '_')}_check"


@dataclass(frozen=True)
class SubmissionResult:
    """One submission, graded. ``exercises`` in the chapter's order; ``tried`` what the
    submission tried that the sandbox blocked or stopped (one line each, for the teacher's
    log); ``failure`` the run's own failure (``crashed``, ``hung``, ``out of memory``, with a
    reason), None when the run finished; ``broken`` one line per example cell that could not
    run, for the student (``broken.py``)."""

    student: str
    chapter: str
    exercises: tuple[Graded, ...] = ()
    tried: tuple[str, ...] = ()
    failure: str | None = None
    seconds: float = 0.0
    broken: tuple[str, ...] = ()

    @property
    def points(self) -> float:
        return sum(g.points for g in self.exercises)

    @property
    def max_points(self) -> float:
        return sum(g.max_points for g in self.exercises)

    def to_json(self) -> str:
        data = asdict(self)
        for graded in data["exercises"]:
            graded["result"]["printed"] = list(graded["result"]["printed"])
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> SubmissionResult:
        data = json.loads(text)
        exercises = []
        for graded in data.pop("exercises"):
            result = dict(graded.pop("result"))
            result["printed"] = tuple(result["printed"])
            exercises.append(Graded(CheckResult(**result), **graded))
        data["tried"] = tuple(data["tried"])
        data["broken"] = tuple(data.get("broken", ()))
        return cls(exercises=tuple(exercises), **data)

    def summary(self) -> list[str]:
        """The teacher's log of this submission: points, each exercise's line, what it tried."""
        out = [f"{self.student} {self.chapter}: {self.points:g}/{self.max_points:g} points"
               f"{f' ({self.failure})' if self.failure else ''}"]
        out += [f"  {g.points:g}/{g.max_points:g} {g.result.line}" for g in self.exercises]
        out += [f"  {line}" for line in self.broken]
        out += [f"  tried: {line}" for line in self.tried]
        return out

