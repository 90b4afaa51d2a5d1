"""One graded submission into nbgrader's own gradebook and ``autograded/`` folder, so
formgrader, ``nbgrader export`` and ``nbgrader generate_feedback`` work as after ``nbgrader
autograde``.

    record(course, result, assignment, name, submission) -> the autograded notebook's path

Scores go through nbgrader's ``Gradebook`` API (a manual score a grader gave stays, and the
cell is then marked for review, as nbgrader does). The autograded notebook is the submission
with every code cell's output cleared (what a submission printed proves nothing), each check
cell put back from the source notebook (put back where it was deleted) and given the one line
its check gave, plus nbgrader's error output when it did not pass.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat
from nbformat.v4 import new_output

from .result import SubmissionResult


def _gid(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def autograded_notebook(submission, source, result: SubmissionResult):
    """The submission's notebook as nbgrader's autograde would leave it, with our lines."""
    nb = copy.deepcopy(submission)
    checks = {_gid(c): c for c in source.cells if c.get("metadata", {}).get("nbgrader",
                                                                             {}).get("grade")}
    graded = {g.grade_id: g for g in result.exercises}
    cells, seen = [], set()
    for cell in nb.cells:
        gid = _gid(cell)
        if gid in checks:
            if gid in seen:
                continue
            seen.add(gid)
            cell = copy.deepcopy(checks[gid])
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
        if gid and f"{gid}_check" in checks and f"{gid}_check" not in seen \
                and not any(_gid(c) == f"{gid}_check" for c in nb.cells):
            seen.add(f"{gid}_check")  # a deleted check cell comes back after its exercise
            cells.append(copy.deepcopy(checks[f"{gid}_check"]))
            cells[-1].outputs, cells[-1].execution_count = [], None
    for cell in cells:
        found = graded.get(_gid(cell))
        if found is None or cell.cell_type != "code":
            continue
        text = "".join(f"{line}\n" for line in (*found.result.printed, found.result.line))
        cell.outputs = [new_output("stream", name="stdout", text=text)]
        if not found.result.passed:
            cell.outputs.append(new_output("error", ename="AssertionError",
                                           evalue=found.result.assertion, traceback=[]))
    nb.cells = cells
    return nb


def record(course: Path, result: SubmissionResult, assignment: str, name: str,
           submission: Path, source: Path | None = None) -> Path:
    """Write ``result`` into ``course``'s gradebook and ``autograded/STUDENT/ASSIGNMENT/
    NAME.ipynb`` (``source``: default ``course/source/ASSIGNMENT/NAME.ipynb``)."""
    from nbgrader.api import Gradebook

    course = Path(course)
    source = source or course / "source" / assignment / f"{name}.ipynb"
    url = f"sqlite:///{course / 'gradebook.db'}"
    timestamp = Path(submission).parent / "timestamp.txt"
    with Gradebook(url) as gb:
        gb.update_or_create_student(result.student)
        if timestamp.exists():
            gb.update_or_create_submission(assignment, result.student,
                                           timestamp=timestamp.read_text().strip())
        else:
            gb.update_or_create_submission(assignment, result.student)
        for graded in result.exercises:
            grade = gb.find_grade(graded.grade_id, name, assignment, result.student)
            grade.auto_score = graded.points
            grade.needs_manual_grade = grade.manual_score is not None
        gb.db.commit()
    out = course / "autograded" / result.student / assignment
    out.mkdir(parents=True, exist_ok=True)
    nb = autograded_notebook(nbformat.read(submission, as_version=4),
                             nbformat.read(source, as_version=4), result)
    nbformat.write(nb, out / f"{name}.ipynb")
    if timestamp.exists():
        shutil.copy2(timestamp, out / "timestamp.txt")
    return out / f"{name}.ipynb"
