"""A chapter as grading sees it: its source notebook in the nbgrader course, each exercise's
graded check cell (grade id, points, the check call), and the chapter's version.

The version is a hash of everything a grade depends on besides the submission: the source
notebook, the chapter's checks, the check machinery and the grading settings. A stored result
graded under another version is stale (``resume``).
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ...marks import canonical_id

COURSE_PACKAGE = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Check:
    """The graded check cell of one exercise, as the SOURCE notebook has it."""

    ex_id: str
    grade_id: str  # ex1_1_check
    points: float
    function: str  # check_sigmoid_prime
    argument: str  # sigmoid_prime: the expression the check cell passes


@dataclass(frozen=True)
class Chapter:
    assignment: str  # ch01
    notebook: str  # 01_one_sigmoid_unit (no suffix)
    source: Path
    checks: tuple[Check, ...]

    @property
    def number(self) -> str:
        return self.assignment[2:]

    def version(self, settings: str = "") -> str:
        """A hash of what grades depend on besides the submission (see the module doc)."""
        digest = hashlib.sha256(self.source.read_bytes())
        module = COURSE_PACKAGE / "checks" / f"ch{self.number}.py"
        machinery = COURSE_PACKAGE / "checking"
        files = [module, *(sorted(machinery.rglob("*.py")) if machinery.is_dir()
                           else [COURSE_PACKAGE / "checking.py"]),
                 COURSE_PACKAGE / "marks.py"]
        for path in files:
            if path.exists():
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        digest.update(settings.encode())
        return digest.hexdigest()[:16]


def _call(source: str) -> tuple[str, str]:
    """(function, argument) of a check cell's one call, ``check_x(x)``."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id.startswith("check_") and len(node.args) == 1):
            return node.func.id, ast.unparse(node.args[0])
    raise ValueError(f"source: expected a check cell calling check_x(...), got {source!r}")


def read_checks(nb) -> tuple[Check, ...]:
    checks = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade"):
            continue
        gid = meta["grade_id"]
        function, argument = _call(cell.source)
        ex_id = canonical_id(gid.removesuffix("_check"))
        checks.append(Check(ex_id, gid, float(meta.get("points", 1)), function, argument))
    return tuple(checks)


def load(course: Path, chapter: str) -> Chapter:
    """The chapter ``chapter`` (``"04"``, ``"4"`` or ``"ch04"``) of the nbgrader course in
    ``course`` (``source/ch04/NAME.ipynb``, as ``python -m course.tools.nbgrader course``
    writes it)."""
    number = str(chapter).removeprefix("ch").zfill(2)
    folder = Path(course) / "source" / f"ch{number}"
    found = sorted(folder.glob("*.ipynb"))
    if len(found) != 1:
        raise FileNotFoundError(
            f"chapter: expected one source notebook in {folder}, found {len(found)} "
            f"(build the course with `python -m course.tools.nbgrader course {course}`)")
    nb = nbformat.read(found[0], as_version=4)
    return Chapter(f"ch{number}", found[0].stem, found[0], read_checks(nb))
