"""Grade one submission: ``python -m course.tools.grading.one SUBMISSION.ipynb --chapter NN
--out RESULT.json`` (see ``course.tools.grading`` for the API)."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from ...checking import Exercise, Quiz, judge
from ...marks import grade_id
from . import bytecode
from .grade import run
from .result import Graded, SubmissionResult
from .sandbox import DEFAULT, HOME, SCRATCH, Limits, allowed_paths, available


def chapter_exercises(chapter: str) -> list:
    """The Exercises and Quizzes of ``course.checks.chNN``, in exercise-id order."""
    module = importlib.import_module(f"course.checks.ch{int(chapter):02d}")
    found = {id(v): v for v in vars(module).values() if isinstance(v, (Exercise, Quiz))}
    return sorted(found.values(), key=lambda e: tuple(int(n) for n in e.ex_id[2:].split(".")))


def source_notebook(chapter: str) -> Path:
    """The chapter's solution notebook: the source of its points."""
    from ..student import SOLUTIONS

    found = sorted(SOLUTIONS.glob(f"{int(chapter):02d}_*.ipynb"))
    if not found:
        raise ValueError(f"chapter: expected a chapter with a solution notebook, got {chapter!r}")
    return found[0]


def check_points(source: Path) -> dict[str, float]:
    """``{grade_id: points}`` of the graded check cells of a source notebook (normalised as
    ``course.tools.nbgrader`` does, so a solution notebook and nbgrader's source agree)."""
    import nbformat

    from ..nbgrader import normalise

    nb = nbformat.read(source, as_version=4)
    normalise(nb)
    points = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and cell.cell_type == "code":
            points[meta["grade_id"]] = float(meta.get("points", 0))
    return points


def _name(exercise) -> str:
    return exercise.names[0] if exercise.names else exercise.title


def grade_submission(notebook: Path, chapter: str, *, scratch: Path | None = None,
                     limits: Limits = DEFAULT, source: Path | None = None,
                     student: str | None = None) -> SubmissionResult:
    """Grade ``notebook`` (a submission of chapter ``chapter``, ``"04"`` or ``"4"``) in the
    sandbox; ``source`` gives the points (default: the chapter's solution notebook)."""
    start = time.monotonic()
    missing = available()
    if missing:
        raise RuntimeError(missing)
    bytecode.ensure()
    exercises = chapter_exercises(chapter)
    points = check_points(source or source_notebook(chapter))
    plan = {"exercises": [{"ex_id": e.ex_id, "name": _name(e),
                           "kind": "quiz" if isinstance(e, Quiz) else "exercise"}
                          for e in exercises],
            "cell_seconds": limits.cell_seconds, "allowed": allowed_paths(),
            "writable": [SCRATCH, HOME, "/tmp"]}
    talk, failure = run(Path(notebook), plan, exercises, limits, scratch, chapter)
    graded = []
    for exercise in exercises:
        got = talk.got.get(exercise.ex_id)
        if isinstance(exercise, Quiz):
            result = exercise.run(got)
        else:
            from ...checking import Calls

            result = judge(exercise, got if isinstance(got, Calls)
                           else Calls(not_callable="NoneType"))
        most = points.get(f"{grade_id(exercise.ex_id)}_check", float(exercise.points))
        graded.append(Graded(result, most if result.passed else 0.0, most))
    return SubmissionResult(student or Path(notebook).parent.parent.name, f"{int(chapter):02d}",
                            tuple(graded), tuple(talk.tried), failure,
                            round(time.monotonic() - start, 2),
                            _broken(notebook, talk.failed, exercises, graded, limits))


def _broken(notebook: Path, failed, exercises, graded, limits: Limits) -> tuple[str, ...]:
    """One line per example cell a wrong or blank answer broke (``broken.py``)."""
    from . import broken

    if not failed:
        return ()
    status = {g.result.ex_id: g.result.status for g in graded}
    return tuple(broken.lines(broken.code_cells(notebook), failed,
                              {_name(e): e.ex_id for e in exercises}, status,
                              limits.cell_seconds))


def without_iri_grammars() -> None:
    """In a command's own process: nbformat imports jsonschema, which builds the grammars of
    ``rfc3987_syntax`` on import (1 s of CPU, more than the rest of a grader) for the "iri"
    formats that no notebook or nbgrader schema uses; here jsonschema goes without them."""
    sys.modules.setdefault("rfc3987_syntax", None)  # an import of it raises ImportError


def main(argv: list[str] | None = None) -> int:
    without_iri_grammars()
    parser = argparse.ArgumentParser(prog="python -m course.tools.grading.one",
                                     description=__doc__)
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--chapter", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--source", type=Path, help="source notebook (default: the solution)")
    parser.add_argument("--student", help="default: the folder two levels up")
    args = parser.parse_args(argv)
    result = grade_submission(args.notebook, args.chapter, source=args.source,
                              student=args.student)
    args.out.write_text(result.to_json(), encoding="utf-8")
    print("\n".join(result.summary()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
