"""A synthetic class for nbgrader: what each student wrote, and the points it is worth.

Shared by tests/integration/test_nbgrader.py and benchmarks/nbgrader_class.py. A submission
is the released notebook with the stubs replaced by a student's code (the chapter's own
solution for CORRECT), plus, for some students, cells deleted, copied or edited.

``released_course`` gives a test its own copy of the README's course with chapter 1 released,
built once per test run for every test that needs one (``built_once``, tests/conftest.py).
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

BIN = Path(sys.executable).parent

CH01, CH08 = "01_one_sigmoid_unit", "08_gradient_checking"

# the body a student wrote in place of the stub; CORRECT: the chapter's own solution
CORRECT = object()
WRONG_01 = {  # each exercise of chapter 1 wrong in a typical way
    "ex1_1": "return sigmoid(z)",  # the sigmoid, not its slope
    "ex1_2": "return np.dot(x, w)",  # h, not passed through the sigmoid
    "ex1_3": "return y - y_hat",  # no f'(h)
    "ex1_4": "return delta * np.asarray(x, dtype=float)",  # no learning rate
}
SUBMISSIONS = {
    CH01: {
        "alice": {g: CORRECT for g in WRONG_01},
        "bob": {},  # handed in the release as it came
        "carol": WRONG_01,
        "dave": {"ex1_1": CORRECT, "ex1_2": CORRECT,
                 "ex1_3": "return (y - y_hat) * sigmoid_prime(h)[0]",  # raises on a number
                 "ex1_4": "return np.array([-0.0014, -0.0042])"},  # hard-coded, roughly
        "erin": {g: CORRECT for g in WRONG_01},  # and edits cells: see EDITS
    },
    CH08: {
        "alice": {"ex8_1": CORRECT, "ex8_2": CORRECT, "ex8_3": CORRECT},
        "dave": {"ex8_1": CORRECT, "ex8_3": CORRECT,
                 # endless when both are 0; it waits rather than spins: the check's 10 s
                 # limit stops either, and a spinning loop took 10 s of CPU from the suite
                 "ex8_2": "import time\nscale = max(abs(a), abs(n))\nwhile scale == 0:\n"
                          "    time.sleep(0.05)\nreturn abs(a - n) / scale"},
    },
}
EXPECTED = {  # points of ex1.1 ... ex1.4, ex8.1 ... ex8.3
    CH01: {"alice": [1, 1, 1, 1], "bob": [0, 0, 0, 0], "carol": [0, 0, 0, 0],
           "dave": [1, 1, 0, 0], "erin": [1, 1, 1, 0]},
    CH08: {"alice": [1, 1, 1], "dave": [1, 0, 1]},
}


def erin_edits(cells):
    """Deletes the check cell of ex1.2, copies the exercise cell of ex1.1 and the check cell
    of ex1.3, deletes the exercise cell of ex1.4 and makes its check cell print a pass."""
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in cells}
    out = []
    for cell in cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in ("ex1_2_check", "ex1_4"):
            continue
        out.append(cell)
        if gid in ("ex1_1", "ex1_3_check"):  # copy and paste: a new cell id, same metadata
            out.append(copy.deepcopy(cell))
            out[-1].id = f"{cell.id}-copy"
        if gid == "ex1_4_check":
            cell.source = 'print("✅ ex1.4 weight_step: correct on all test inputs.")'
    assert by_id["ex1_4_check"] in out
    return out


EDITS = {(CH01, "erin"): erin_edits}


def answer(release, source, bodies: dict):
    """A submission: the release with the stubs of ``bodies`` replaced by a student's code."""
    nb = copy.deepcopy(release)
    solutions = {c.metadata.nbgrader.grade_id: c.source for c in source.cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid not in bodies:
            continue
        body = bodies[gid]
        if body is CORRECT:
            cell.source = "\n".join(line for line in solutions[gid].splitlines()
                                    if "### BEGIN SOLUTION" not in line
                                    and "### END SOLUTION" not in line)
            continue
        lines = cell.source.splitlines()
        at = next(i for i, line in enumerate(lines) if line.strip() == "# YOUR CODE HERE")
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        assert lines[at + 1].strip().startswith("raise NotImplementedError")
        lines[at:at + 2] = [indent + line for line in body.splitlines()]
        cell.source = "\n".join(lines)
    return nb


def run(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run a teacher's command as the README says: the venv's programs first on PATH."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", JUPYTER_PREFER_ENV_PATH="1",
               JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    return done.returncode, done.stdout + done.stderr


def write_submissions(course: Path, name: str, students: dict | None = None) -> None:
    """Write ``submitted/STUDENT/chNN/NAME.ipynb`` for every student of chapter ``name``
    (default: SUBMISSIONS[name]) from the course's release and source notebooks."""
    assignment = f"ch{name[:2]}"
    release = nbformat.read(course / "release" / assignment / f"{name}.ipynb", 4)
    source = nbformat.read(course / "source" / assignment / f"{name}.ipynb", 4)
    for student, bodies in (students or SUBMISSIONS[name]).items():
        nb = answer(release, source, bodies)
        edit = EDITS.get((name, student))
        if edit is not None:
            nb.cells = edit(nb.cells)
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / f"{name}.ipynb")


def release_ch01(folder: Path) -> None:
    """The README's commands in ``folder``: the whole course in ``folder/grading`` (a chapter
    still invalid is left out, said, exit 1) and chapter 1 released."""
    _, out = run([sys.executable, "-m", "course.tools.nbgrader", "course", "grading"], folder)
    assert "nbgrader course with assignments" in out, out
    code, out = run(["nbgrader", "generate_assignment", "ch01"], folder / "grading")
    assert code == 0, out


def released_course(built_once, top: Path) -> Path:
    """``top/grading``: a copy of the course with chapter 1 released (``release_ch01``), built
    once per test run and shared by every worker (``built_once``); the copy is the test's own."""
    shutil.copytree(built_once("nbgrader-ch01", release_ch01) / "grading", top / "grading")
    return top / "grading"
