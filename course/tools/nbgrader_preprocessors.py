"""The course's own nbgrader preprocessors, handed to nbgrader by ``course.tools.nbgrader``'s
``release_preprocessors`` and ``sanitize_preprocessors`` (the course's ``nbgrader_config.py``
calls them). Apart from that module because they import nbgrader (see there)."""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

from .student import make_student


class StudentRelease(NbGraderPreprocessor):
    """nbgrader preprocessor: the course's student version of a notebook (``course.tools.student``).

    Stands in for nbgrader's ClearSolutions and ClearOutput: every solution region becomes
    ``# YOUR CODE HERE`` + ``raise NotImplementedError("ex4.1 is not done yet")``, and
    exactly the outputs ``course.tools.student`` clears are cleared (exercise and check cells and
    what depends on them), so worked examples keep their printed numbers and plots.
    """

    def preprocess(self, nb, resources):
        name = resources.get("nbgrader", {}).get("notebook", "notebook") + ".ipynb"
        student = make_student(nb, name)
        student.metadata.pop("celltoolbar", None)
        return student, resources


class ForgetCopies(NbGraderPreprocessor):
    """nbgrader preprocessor for autograde, right after DeduplicateIds: a cell a student
    copied keeps ``"nbgrader": {}`` there, on which OverwriteCells' ``add_missing_cells``
    (nbgrader 0.9.6) fails with ``KeyError: 'grade_id'``; the empty metadata goes."""

    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if cell.get("metadata", {}).get("nbgrader", None) == {}:
                del cell.metadata["nbgrader"]
        return nb, resources
