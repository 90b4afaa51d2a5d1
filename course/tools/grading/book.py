"""One graded submission into nbgrader's own gradebook, and its autograded notebook.

Through nbgrader's ``Gradebook`` API, as ``nbgrader autograde`` does it, so formgrader,
``nbgrader export`` and ``nbgrader generate_feedback`` keep working: the student, the
submission (its timestamp when ``submitted/STUDENT/chNN/timestamp.txt`` has one), the auto
score of every graded check cell; and ``autograded/STUDENT/chNN/NAME.ipynb``, the submission
with each check cell as the source notebook has it and its output the one line the check
gave. Only the main process writes here, one submission at a time.
"""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import nbformat
from nbformat.v4 import new_output

from .chapter import Chapter
from .record import Record, write_atomic


def _line_output(text: str):
    return new_output("stream", name="stdout", text=text + "\n")


def autograded(submission, source, record: Record):
    """The autograded notebook: ``submission`` with every graded cell restored from
    ``source`` (a deleted one put back after its exercise) and showing its one line."""
    nb = copy.deepcopy(submission)
    lines = {o.grade_id: o.line for o in record.outcomes}
    originals = {c.metadata.nbgrader.grade_id: c for c in source.cells
                 if c.get("metadata", {}).get("nbgrader", {}).get("grade")}
    cells, seen = [], set()
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in originals:
            if gid in seen:
                continue
            cell = copy.deepcopy(originals[gid])
            seen.add(gid)
        cells.append(cell)
    for gid, original in originals.items():
        if gid not in seen:  # deleted: after its exercise cell, else at the end
            exercise = gid.removesuffix("_check")
            at = next((i + 1 for i, c in enumerate(cells) if c.get("metadata", {})
                       .get("nbgrader", {}).get("grade_id") == exercise), len(cells))
            cells.insert(at, copy.deepcopy(original))
    for cell in cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in lines and cell.cell_type == "code":
            cell.outputs = [_line_output(lines[gid])]
            cell.execution_count = None
    nb.cells = cells
    return nb


def _submission(gradebook, chapter: Chapter, record: Record, stamp: Path) -> None:
    if stamp.exists():
        gradebook.update_or_create_submission(
            chapter.assignment, record.student,
            timestamp=stamp.read_text(encoding="utf-8").strip())
    else:
        gradebook.update_or_create_submission(chapter.assignment, record.student)


def write(gradebook, course: Path, chapter: Chapter, record: Record) -> None:
    """Book ``record`` in the open nbgrader ``Gradebook`` and write its autograded notebook."""
    course = Path(course)
    folder = course / "submitted" / record.student / chapter.assignment
    stamp = folder / "timestamp.txt"
    gradebook.update_or_create_student(record.student)
    with warnings.catch_warnings():  # nbgrader's own add_submission warns (as in autograde)
        warnings.simplefilter("ignore")
        _submission(gradebook, chapter, record, stamp)
    for outcome in record.outcomes:
        grade = gradebook.find_grade(outcome.grade_id, chapter.notebook, chapter.assignment,
                                     record.student)
        grade.auto_score = float(outcome.points)
        grade.needs_manual_grade = grade.manual_score is not None
    gradebook.db.commit()
    submission = nbformat.read(folder / f"{chapter.notebook}.ipynb", as_version=4)
    source = nbformat.read(chapter.source, as_version=4)
    out = course / "autograded" / record.student / chapter.assignment
    write_atomic(out / f"{chapter.notebook}.ipynb",
                 nbformat.writes(autograded(submission, source, record)))
    if stamp.exists():
        write_atomic(out / "timestamp.txt", stamp.read_text(encoding="utf-8"))


def open_gradebook(course: Path):
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}",
                     course_id="delta-to-backprop")
