"""Grading where student code never decides: one submission, sandboxed, judged outside.

    python -m course.tools.grading.one SUBMISSION.ipynb --chapter NN --out RESULT.json

The API (what the class-wide command builds on)::

    grade_submission(notebook: Path, chapter: str, *, scratch: Path | None = None,
                     limits: Limits = DEFAULT, source: Path | None = None,
                     student: str | None = None) -> SubmissionResult
    SubmissionResult.to_json() / SubmissionResult.from_json(text)
    gradebook.record(gradebook, result, assignment, notebook_name, submission, autograded_dir)

Two processes. The SANDBOX (``sandbox.py``: bubblewrap, no network, read-only interpreter,
venv and ``helpers``, a shim ``course.checks``, tmpfs home and scratch, limits on time, memory,
processes and file size) runs the submission's code cells in an in-process IPython shell
(``runner.py``), then calls each exercise's function, taken by its name, on the cases the
grader sends, recording plain data (``course.checking.call_learner``). The GRADER
(``grade.py``) never runs student code and never unpickles: it sends the cases, receives
plain JSON (``plain.py``, validated again on the way in), and ``course.checking.judge`` makes
each verdict; points come from the source notebook's check cells (``one.py``).

A whole class (``python -m course.tools.grading``, see ``__main__``): ``classrun`` plans,
``pool`` forks one child per submission on every core, ``resume`` keeps one result file per
submission (a ``record.Record``), ``book`` writes the gradebook from the main process only,
``credit``/``settings`` give partial credit from ``grading.toml``, ``report`` the class
report, ``feedback`` the students' pages, ``recipe`` a cluster's job array, ``synthetic`` a
synthetic class. ``standin`` grades without a sandbox where bubblewrap is missing.
"""

__all__ = ["DEFAULT", "Graded", "Limits", "SubmissionResult", "grade_submission"]


def __getattr__(name: str):  # lazily, so `python -m course.tools.grading.one` runs cleanly
    if name == "grade_submission":
        from .one import grade_submission

        return grade_submission
    if name in ("Graded", "SubmissionResult"):
        from . import result

        return getattr(result, name)
    if name in ("DEFAULT", "Limits"):
        from . import sandbox

        return getattr(sandbox, name)
    raise AttributeError(name)
