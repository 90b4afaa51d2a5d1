"""The course's grading settings: ``grading.toml`` in the nbgrader course directory.

    [credit]
    per_case = false        # true: 5 of 6 check cases right earns 5/6 of the exercise

    [limits]
    cell_seconds = 5        # an ungraded cell (a worked example) stops after this long
    submission_seconds = 300  # a whole submission, checks included, is stopped after this
    memory_mib = 2048       # address space a submission may use

No file, or a missing key: the defaults above (all or nothing, as nbgrader grades).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path

FILE = "grading.toml"


@dataclass(frozen=True)
class Settings:
    per_case: bool = False
    cell_seconds: float = 5.0
    submission_seconds: float = 300.0
    memory_mib: int = 2048

    def fingerprint(self) -> str:
        """What of the settings changes a grade (part of the chapter's version)."""
        return json.dumps({"per_case": self.per_case, "cell_seconds": self.cell_seconds})

    def to_dict(self) -> dict:
        return asdict(self)


def load(course: Path) -> Settings:
    """The settings of the course in ``course`` (defaults where ``grading.toml`` is silent)."""
    path = Path(course) / FILE
    if not path.exists():
        return Settings()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    flat = {**data.get("credit", {}), **data.get("limits", {})}
    known = {f.name: f.type for f in fields(Settings)}
    unknown = sorted(set(flat) - set(known))
    if unknown:
        raise ValueError(f"{path}: unknown setting {', '.join(unknown)}; expected "
                         f"{', '.join(known)}")
    values = {}
    for name, value in flat.items():
        want = type(getattr(Settings(), name))
        ok = isinstance(value, bool) if want is bool else (
            isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0)
        if not ok:
            raise ValueError(f"{path}: {name}: expected "
                             f"{'true or false' if want is bool else 'a positive number'}, "
                             f"got {value!r}")
        values[name] = want(value)
    return Settings(**values)
