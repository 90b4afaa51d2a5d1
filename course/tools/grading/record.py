"""What the class tools keep of one graded submission: plain data, stored as JSON.

A ``Record`` is made from the result of grading one submission and is all the pool, the
gradebook write, the report and the feedback read, so they never rerun anything. One
``Outcome`` per exercise: its id and title, ``status`` (``pass``, ``fail`` or ``todo``, a
blank), the mistake the check diagnosed (its slug id, or None), the one line the student
saw, how many check cases were right, and the points.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

STATUSES = ("pass", "fail", "todo")


@dataclass(frozen=True)
class Outcome:
    ex_id: str
    title: str
    status: str
    line: str
    mistake_id: str | None = None
    cases_right: int = 0
    cases_total: int = 0
    points: float = 0.0
    max_points: float = 1.0

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status: expected one of {STATUSES}, got {self.status!r}")

    @classmethod
    def of(cls, result, max_points: float) -> Outcome:
        """From a ``course.checking.CheckResult`` (points are set by ``credit.score``)."""
        return cls(result.ex_id, result.title, result.status, result.line, result.mistake,
                   result.right, result.cases, 0.0, max_points)

    @property
    def grade_id(self) -> str:
        """nbgrader's spelling of the check cell: ``ex4_1_check``."""
        return f"{self.ex_id.replace('.', '_')}_check"


@dataclass(frozen=True)
class Record:
    """One submission graded: ``key`` says which submission and which version of the chapter
    (``resume.key``); ``failure`` is the run's own failure (crashed, hung, out of memory);
    ``notes`` what the sandbox blocked; ``broken`` one line per ungraded cell that raised."""

    student: str
    chapter: str
    key: str
    outcomes: tuple[Outcome, ...]
    failure: str | None = None
    notes: tuple[str, ...] = ()
    broken: tuple[str, ...] = ()
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def points(self) -> float:
        return sum(o.points for o in self.outcomes)

    @property
    def max_points(self) -> float:
        return sum(o.max_points for o in self.outcomes)

    def with_outcomes(self, outcomes) -> Record:
        return replace(self, outcomes=tuple(outcomes))

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Record:
        data = json.loads(text)
        data["outcomes"] = tuple(Outcome(**o) for o in data["outcomes"])
        data["notes"] = tuple(data.get("notes", ()))
        data["broken"] = tuple(data.get("broken", ()))
        return cls(**data)

    @classmethod
    def read(cls, path: Path) -> Record:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader (or a power cut) sees the old file or the
    whole new one, never half of it: a temporary file, fsync, rename, fsync the folder."""
    import os

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
