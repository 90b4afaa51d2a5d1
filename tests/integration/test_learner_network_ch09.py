"""Chapter 9 runs the learner's own chapter 6 network (issue 23).

In a student folder whose copies of chapters 6 and 9 are filled with the solutions (as
test_student_notebooks.py fills them), chapter 9's gradient check follows the learner's chapter
6 ``backward``: doubled weight gradients show as a bug in the W rows and not in the b rows. With
that exercise left undone, chapter 9 says it uses the course's network and every row agrees.

Only chapter 9's cells up to its gradient check run (the data, ex9.1-ex9.4, the cell that loads
chapter 6, ``gradients`` and the check): two fresh kernels, about 30 s each on the 2-core
machine (the kernel, scikit-learn and the checks), hence ``slow``.
"""

from __future__ import annotations

import nbformat
import pytest
from student_folder import filled, run_up_to

from course.tools.student import SOLUTIONS, exercise_of
from helpers import relative_error

CH06, CH09 = (next(SOLUTIONS.glob(f"{number}_*.ipynb")).name for number in ("06", "09"))
LOADER = "# your chapter 6 network"
GRADIENT_CHECK = "# gradient check of your 64-5-10 network"
BP4 = "nabla_w[i] = delta.T @ activations[i]"


def backward_exercise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if exercise_of(c) and "def backward(" in c.source)


def text(cell: nbformat.NotebookNode) -> list[str]:
    return "".join(o.get("text", "") for o in cell.outputs).splitlines()


def run_chapter_9(folder, chapter_6: nbformat.NotebookNode) -> dict[str, list[str]]:
    """Chapter 9's filled copy, up to its gradient check, run in ``folder`` beside
    ``chapter_6``: the printed lines of the loader and of the gradient check."""
    nbformat.write(chapter_6, folder / CH06)
    cells = run_up_to(filled(CH09), GRADIENT_CHECK, folder,
                      (LOADER, GRADIENT_CHECK), timeout=300)
    return {start: text(cell) for start, cell in cells.items()}


def stored_gradient_check() -> list[str]:
    nb = nbformat.read(SOLUTIONS / CH09, as_version=4)
    return text(next(c for c in nb.cells if c.source.startswith(GRADIENT_CHECK)))


@pytest.mark.slow
def test_a_changed_chapter_6_backward_changes_chapter_9s_gradient_check(tmp_path):
    chapter_6 = filled(CH06)
    cell = backward_exercise(chapter_6)
    assert BP4 in cell.source
    cell.source = cell.source.replace(BP4, "nabla_w[i] = 2 * (delta.T @ activations[i])")
    lines = run_chapter_9(tmp_path, chapter_6)
    ex_ids = ", ".join(exercise_of(c) for c in chapter_6.cells if exercise_of(c) and any(
        f"def {name}(" in c.source for name in ("init_weights", "forward", "backward")))
    assert lines[LOADER] == [f"this notebook uses your init_weights and forward and backward "
                             f"from {CH06.removesuffix('.ipynb')} ({ex_ids})."]
    stored = stored_gradient_check()
    bug = f"{relative_error(2.0, 1.0):.1e}: a bug?"  # 2·∇ against ∇: 5.0e-01
    expected = [line.replace("  < 1e-6: agrees", f"{bug:>16}", 1) if line.startswith("W")
                else line for line in stored]
    assert expected != stored  # the W rows of the learner's column changed
    assert lines[GRADIENT_CHECK] == expected


@pytest.mark.slow
def test_a_chapter_6_backward_left_undone_makes_chapter_9_use_the_courses(tmp_path):
    chapter_6 = filled(CH06, undone=(exercise_of(backward_exercise(filled(CH06))),))
    ex_id = exercise_of(backward_exercise(chapter_6))
    assert "NotImplementedError" in backward_exercise(chapter_6).source
    lines = run_chapter_9(tmp_path, chapter_6)
    assert lines[LOADER] == [f"this notebook uses the course's init_weights and forward and "
                             f"backward: your {ex_id} in {CH06.removesuffix('.ipynb')} is not "
                             f"done yet."]
    assert lines[GRADIENT_CHECK] == stored_gradient_check()
