"""nbgrader support: check and normalise the solution notebooks, build a course directory.

Every solution notebook is meant to be a valid nbgrader *source* notebook as it is: each
exercise cell is a solution cell with ``grade_id`` ``ex4_1`` (nbgrader allows no dot; learners
still read ``ex4.1``), and right after it comes its check cell, tagged ``check``, a locked,
graded test cell ``ex4_1_check`` worth the exercise's points.

    python -m course.tools.nbgrader check [NB ...]       # one line per problem; exit 1 if any
    python -m course.tools.nbgrader normalise [NB ...]   # fix that metadata in place (nothing else)
    python -m course.tools.nbgrader course DIR           # an nbgrader course directory in DIR

The course directory has ``nbgrader_config.py`` and ``source/chNN/NAME.ipynb`` (the solution
notebooks, normalised in the copy). Its release is the course's own student version (the
same stubs and the same kept outputs as ``course.tools.student``), not nbgrader's default, which
would clear every output and stop "Run All" at a bare ``NotImplementedError()``.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from ..checks import find
from ..marks import canonical_id, exercise_of_cell, grade_id
from .student import BEGIN, END, SOLUTIONS, solution_regions

SCHEMA_VERSION = 3
CHECK_TAG = "check"
_CHECK_COMMENT = re.compile(r"^#\s*check\s+(ex\d+[._]\d+)", re.MULTILINE)


def solution_meta(gid: str) -> dict:
    """nbgrader metadata of an exercise (solution) cell."""
    return {"grade": False, "grade_id": gid, "locked": False,
            "schema_version": SCHEMA_VERSION, "solution": True, "task": False}


def check_meta(gid: str, points: float) -> dict:
    """nbgrader metadata of the check cell of exercise ``gid``: a locked, graded test."""
    return {"grade": True, "grade_id": f"{gid}_check", "locked": True, "points": points,
            "schema_version": SCHEMA_VERSION, "solution": False, "task": False}


def _nbgrader(cell: NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _is_exercise(cell: NotebookNode) -> bool:
    return bool(_nbgrader(cell).get("solution")) or BEGIN in cell.source


def _exercise_id(cells: list, i: int) -> str | None:
    """The id (``ex4.1``) of exercise cell ``i``: its grade_id, else the nearest heading."""
    return exercise_of_cell(cells[i], cells[:i])


def _next_code(cells: list, i: int) -> int | None:
    for j in range(i + 1, len(cells)):
        if cells[j].cell_type == "code":
            return j
    return None


def _is_check_of(cell: NotebookNode, ex_id: str) -> bool:
    """Whether ``cell`` is (or was meant to be) the check cell of ``ex_id``."""
    if cell.cell_type != "code":
        return False
    if CHECK_TAG in cell.get("metadata", {}).get("tags", []):
        return True
    found = _CHECK_COMMENT.search(cell.source)
    return bool(found) and canonical_id(found.group(1)) == ex_id


def exercise_points(ex_id: str) -> float | None:
    """``points`` of the Exercise or Quiz ``ex_id`` in ``course.checks.chNN``, if it has one."""
    check = find(ex_id)
    return None if check is None else check.points


def exercises(nb: NotebookNode) -> list[tuple[str, int, int | None]]:
    """(id as ``ex4.1``, index of the exercise cell, index of its check cell or None)."""
    found = []
    for i, cell in enumerate(nb.cells):
        if not _is_exercise(cell):
            continue
        ex_id = _exercise_id(nb.cells, i)
        j = _next_code(nb.cells, i)
        check = j if ex_id and j is not None and _is_check_of(nb.cells[j], ex_id) else None
        found.append((ex_id, i, check))
    return found


def problems(nb: NotebookNode, name: str = "notebook") -> list[str]:
    """Every way ``nb`` is not a valid source notebook of this course, one line each.

    nbgrader's own validator (``nbgrader.nbformat.MetadataValidator``) judges each cell's
    metadata and the ids; the course adds its conventions on top.
    """
    from jsonschema import ValidationError as SchemaError
    from nbgrader.nbgraderformat import MetadataValidator, ValidationError
    from nbgrader.nbgraderformat.common import SchemaMismatchError

    validator = MetadataValidator()
    out: list[str] = []

    def say(i: int, text: str) -> None:
        gid = _nbgrader(nb.cells[i]).get("grade_id") if i >= 0 else None
        where = f"cell {i}" + (f" ({gid})" if gid else "") if i >= 0 else "notebook"
        first = text.strip().splitlines()[0] if text.strip() else text
        out.append(f"{name}: {where}: {first}")

    for i, cell in enumerate(nb.cells):
        try:
            validator.validate_cell(cell)
        except SchemaError as exc:
            say(i, f"nbgrader: {exc.message}")
        except (ValidationError, SchemaMismatchError) as exc:
            say(i, f"nbgrader: {exc}")
        meta = _nbgrader(cell)
        if BEGIN in cell.source and not meta.get("solution"):
            say(i, f"has a {BEGIN} region but is not an nbgrader solution cell")
    seen: dict[str, int] = {}
    for i, cell in enumerate(nb.cells):
        meta = _nbgrader(cell)
        if not (meta.get("grade") or meta.get("solution") or meta.get("locked")):
            continue
        gid = meta.get("grade_id")
        if gid in seen:
            say(i, f"duplicate grade id {gid!r} (also cell {seen[gid]})")
        elif gid:
            seen[gid] = i

    checks = set()
    for ex_id, i, j in exercises(nb):
        cell, meta = nb.cells[i], _nbgrader(nb.cells[i])
        if ex_id is None:
            say(i, "exercise cell with no exercise id (no grade_id, no '### Exercise' heading)")
            continue
        gid = grade_id(ex_id)
        if meta.get("solution") and meta.get("grade_id") not in (gid, ex_id):
            say(i, f"grade_id should be {gid!r}, the nbgrader spelling of {ex_id}")
        if meta.get("solution") and not solution_regions(cell.source):
            say(i, f"solution cell without a {BEGIN} ... {END} region")
        if cell.cell_type != "code":
            if not meta.get("grade"):
                say(i, f"{ex_id}: a markdown answer nobody grades; make it a code cell that "
                       f"assigns a value, checked by a Quiz")
            continue
        if j is None:
            say(i, f"{ex_id}: the next code cell is not its check cell (tag {CHECK_TAG!r})")
            continue
        checks.add(j)
        check = nb.cells[j]
        got = _nbgrader(check)
        want = check_meta(gid, got.get("points", 1))
        if not got:
            say(j, f"check cell of {ex_id} is not a graded, locked nbgrader test cell "
                   f"({want['grade_id']!r})")
            continue
        wrong = [f"{key}={want[key]!r} (is {got.get(key)!r})"
                 for key in ("grade", "grade_id", "locked", "solution")
                 if got.get(key) != want[key]]
        if wrong:
            say(j, f"check cell of {ex_id}: nbgrader metadata should have {', '.join(wrong)}")
        points = got.get("points")
        if got.get("grade") and not (isinstance(points, (int, float)) and points > 0):
            say(j, f"check cell of {ex_id}: points should be a positive number, is {points!r}")
        expected_points = exercise_points(ex_id)
        if expected_points is not None and points is not None and points != expected_points:
            say(j, f"check cell of {ex_id}: {points} points, but its check says "
                   f"{expected_points}")
        if CHECK_TAG not in check.get("metadata", {}).get("tags", []):
            say(j, f"check cell of {ex_id}: not tagged {CHECK_TAG!r}")
    for i, cell in enumerate(nb.cells):
        if CHECK_TAG in cell.get("metadata", {}).get("tags", []) and i not in checks:
            say(i, "a cell tagged 'check' that follows no exercise cell")
        if _nbgrader(cell).get("grade") and cell.cell_type == "code" and i not in checks:
            say(i, "a graded code cell that is not an exercise's check cell")
    return out


def normalise(nb: NotebookNode) -> int:
    """Give the exercise and check cells of ``nb`` the course's nbgrader metadata, in place.

    Touches metadata only (never a source or an output). Returns how many cells changed.
    What cannot be fixed by metadata (a markdown answer, a missing check cell) is left for
    ``problems`` to report.
    """
    changed = 0
    for ex_id, i, j in exercises(nb):
        if ex_id is None:
            continue
        gid = grade_id(ex_id)
        cell = nb.cells[i]
        before = copy.deepcopy(cell.metadata)
        if cell.cell_type == "code" or not _nbgrader(cell).get("grade"):
            meta = solution_meta(gid)
            if cell.cell_type == "markdown" and "points" in _nbgrader(cell):
                meta["points"] = _nbgrader(cell)["points"]
            cell.metadata["nbgrader"] = meta
        else:  # a markdown answer graded by hand: keep it, spell the id right
            cell.metadata["nbgrader"]["grade_id"] = gid
        changed += cell.metadata != before
        if j is None or cell.cell_type != "code":
            continue
        check = nb.cells[j]
        before = copy.deepcopy(check.metadata)
        points = exercise_points(ex_id) or _nbgrader(check).get("points") or 1
        check.metadata["nbgrader"] = check_meta(gid, points)
        tags = check.metadata.setdefault("tags", [])
        if CHECK_TAG not in tags:
            tags.append(CHECK_TAG)
        changed += check.metadata != before
    return changed


def normalise_file(path: Path) -> str:
    """Normalise one notebook file in place (written as nbformat writes, as the repo keeps
    them); return what was done."""
    nb = nbformat.read(path, as_version=4)
    changed = normalise(nb)
    if not changed:
        return f"{path}: already normal"
    nbformat.write(nb, path)
    return f"{path}: normalised {changed} cell{'s' if changed != 1 else ''}"


# --- the students' release and autograde's sanitizing -------------------------------------
# The preprocessors themselves live in nbgrader_preprocessors.py, imported only here, when
# nbgrader runs: importing nbgrader costs about a second of CPU, which normalising notebooks
# and grading one submission (``python -m course.tools.grading.one``, once per submission on
# a cluster) do without.


def release_preprocessors() -> list:
    """nbgrader's generate_assignment preprocessors with StudentRelease in place of
    ClearSolutions and without ClearOutput."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.preprocessors import ClearOutput, ClearSolutions

    from .nbgrader_preprocessors import StudentRelease

    default = GenerateAssignment.class_traits()["preprocessors"].default()
    return [StudentRelease if p is ClearSolutions else p for p in default
            if p is not ClearOutput]


def sanitize_preprocessors() -> list:
    """nbgrader's autograde sanitizing preprocessors with ForgetCopies after DeduplicateIds."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import DeduplicateIds

    from .nbgrader_preprocessors import ForgetCopies

    default = Autograde.class_traits()["sanitize_preprocessors"].default()
    at = default.index(DeduplicateIds) + 1
    return [*default[:at], ForgetCopies, *default[at:]]


CONFIG = '''\
# nbgrader configuration of the course, written by `python -m course.tools.nbgrader course`.
c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = "delta-to-backprop"

# the release is the course's student version: stubs that say "ex4.1 is not done yet" and
# the worked examples' outputs kept (nbgrader's default clears every output)
from course.tools.nbgrader import release_preprocessors, sanitize_preprocessors  # noqa: E402

c.GenerateAssignment.preprocessors = release_preprocessors()

# a graded check cell a student deleted is put back and run, so it still grades the work;
# of a cell a student copied, the last copy counts (nbgrader's DeduplicateIds)
c.OverwriteCells.add_missing_cells = True
c.Autograde.sanitize_preprocessors = sanitize_preprocessors()

# seconds one cell may run when autograding (an endless loop costs this much, then 0 points)
c.Execute.timeout = {timeout}
'''


def chapter_id(path: Path) -> str:
    """The assignment id of a chapter notebook: ``01_one_sigmoid_unit.ipynb`` -> ``ch01``."""
    return f"ch{Path(path).name[:2]}"


def build_course(dest: Path, notebooks: list[Path] | None = None,
                 timeout: int = 60) -> tuple[list[str], list[str]]:
    """Write an nbgrader course directory in ``dest``: ``nbgrader_config.py`` and one
    assignment ``chNN`` per chapter with its solution notebook, normalised in the copy.

    A notebook that is still not a valid source notebook after normalising is left out.
    Returns (the assignment ids written, one line per problem of the notebooks left out).
    """
    dest = Path(dest)
    notebooks = [Path(p) for p in notebooks] if notebooks else sorted(SOLUTIONS.glob("*.ipynb"))
    prepared, left_out = [], []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        normalise(nb)
        found = problems(nb, path.name)
        if found:
            left_out += found
        else:
            prepared.append((chapter_id(path), path.name, nb))
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "nbgrader_config.py").write_text(CONFIG.format(timeout=timeout), encoding="utf-8")
    for assignment, name, nb in prepared:
        folder = dest / "source" / assignment
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / name)
    return [a for a, _, _ in prepared], left_out


def _paths(given: list[str]) -> list[Path]:
    if given:
        return [Path(p) for p in given]
    cwd = Path.cwd()
    return [p.relative_to(cwd) if p.is_relative_to(cwd) else p
            for p in sorted(SOLUTIONS.glob("*.ipynb"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.tools.nbgrader", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="report every nbgrader problem, one line each")
    p_check.add_argument("notebooks", nargs="*", help="default: every solution notebook")
    p_norm = sub.add_parser("normalise", help="fix the nbgrader metadata in place")
    p_norm.add_argument("notebooks", nargs="*", help="default: every solution notebook")
    p_course = sub.add_parser("course", help="build an nbgrader course directory")
    p_course.add_argument("dir", type=Path)
    p_course.add_argument("notebooks", nargs="*", help="default: every solution notebook")
    p_course.add_argument("--timeout", type=int, default=60,
                          help="seconds a cell may run when autograding (default 60)")
    args = parser.parse_args(argv)
    if args.command == "check":
        found = []
        for path in _paths(args.notebooks):
            found += problems(nbformat.read(path, as_version=4), str(path))
        for line in found:
            print(line)
        if not found:
            print(f"{len(_paths(args.notebooks))} notebooks: valid nbgrader source notebooks")
        return 1 if found else 0
    if args.command == "normalise":
        for path in _paths(args.notebooks):
            print(normalise_file(path))
        return 0
    assignments, left_out = build_course(args.dir, _paths(args.notebooks), args.timeout)
    for line in left_out:
        print(f"left out: {line}")
    print(f"{args.dir}: nbgrader course with assignments {', '.join(assignments) or 'none'}")
    return 1 if left_out else 0

if __name__ == "__main__":
    sys.exit(main())
