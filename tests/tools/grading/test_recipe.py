"""Beyond one machine: the Kubernetes Indexed Job and the Slurm array render valid, and the
script each index runs, run here by bash as the cluster would, grades into files that
`gather` books into the gradebook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import skip_unless_installed

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "integration"))
from synthetic_class import released_course  # noqa: E402

skip_unless_installed("nbgrader", "nbgrader comes with the class extra")
pytestmark = [pytest.mark.slow, getattr(pytest.mark, "class")]

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
ENV = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
NAME = "01_one_sigmoid_unit"


def run(args, cwd, env=ENV):
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def course(tmp_path_factory, built_once):
    # the course with chapter 1 released, built once per test run; this copy is ours
    course = released_course(built_once, tmp_path_factory.mktemp("cluster"))
    release = course / "release/ch01" / f"{NAME}.ipynb"
    # two students, the first and the last index, each with its own outcome (a third, blank
    # like ann, was one more sandbox run that only added to the count)
    for student in ("ann", "ben"):
        (course / "submitted" / student / "ch01").mkdir(parents=True)
        shutil.copy(release, course / "submitted" / student / "ch01" / f"{NAME}.ipynb")
    shutil.copy(course / "source/ch01" / f"{NAME}.ipynb",
                course / "submitted/ben/ch01" / f"{NAME}.ipynb")  # ben hands in the solution
    return course


def recipe(course, engine):
    return run([sys.executable, "-m", "course.tools.grading", "recipe", engine, "--chapter",
                "01", "--course", str(course), "--image", "registry.example/grader:1"], ROOT)


def test_the_kubernetes_job_is_an_indexed_job_with_one_completion_per_submission(course):
    job = yaml.safe_load(recipe(course, "kubernetes"))
    assert (job["apiVersion"], job["kind"], job["metadata"]["name"]) == (
        "batch/v1", "Job", "grade-ch01")
    spec = job["spec"]
    assert (spec["completionMode"], spec["completions"], spec["parallelism"]) == (
        "Indexed", 2, 2)
    pod = spec["template"]["spec"]
    assert pod["restartPolicy"] == "Never" and pod["automountServiceAccountToken"] is False
    (container,) = pod["containers"]
    assert container["image"] == "registry.example/grader:1"
    assert container["command"] == ["/bin/bash", "-c"]
    assert "python -m course.tools.grading.one" in container["args"][0]
    assert "${JOB_COMPLETION_INDEX}" in container["args"][0]
    assert container["resources"]["limits"] == {"cpu": "1", "memory": "3Gi"}
    assert container["volumeMounts"] == [{"name": "course", "mountPath": "/srv/grading"}]
    assert pod["volumes"] == [{"name": "course",
                               "persistentVolumeClaim": {"claimName": "grading"}}]


@pytest.fixture(scope="module")
def slurm(course, tmp_path_factory) -> Path:
    """The Slurm array script `recipe slurm` wrote (once for both tests that read it)."""
    path = tmp_path_factory.mktemp("slurm") / "grade.sh"
    path.write_text(recipe(course, "slurm"))
    return path


def test_the_slurm_array_is_a_valid_script_with_one_task_per_submission(slurm, tmp_path):
    assert slurm.read_text().splitlines()[:3] == [
        "#!/bin/bash", "#SBATCH --job-name=grade-ch01", "#SBATCH --array=0-1%2"]
    run(["bash", "-n", str(slurm)], tmp_path)


def test_each_index_grades_its_submission_and_gather_books_them_all(course, slurm, tmp_path):
    for index in range(2):  # what the scheduler would do, one task after another
        run(["bash", str(slurm)], tmp_path, dict(ENV, SLURM_ARRAY_TASK_ID=str(index)))
    results = course / "results/ch01"
    assert sorted(p.name for p in results.glob("*.sandbox.json")) == [
        "ann.sandbox.json", "ben.sandbox.json"]
    out = run([sys.executable, "-m", "course.tools.grading", "gather", "--chapter", "01",
               "--course", str(course)], ROOT)
    assert out == "gathered: 2 booked, 0 skipped (stale or unknown), 0 could not run\n"
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="delta-to-backprop") as gb:
        got = {s.student.id: s.score for s in gb.find_assignment("ch01").submissions}
    assert got == {"ann": 0.0, "ben": 4.0}
    out = run([sys.executable, "-m", "course.tools.grading", "grade", "--chapter", "01",
               "--course", str(course)], ROOT)
    assert out.splitlines()[-1] == (
        "ch01: 0 graded now, 2 unchanged since an earlier run, 0 booked into the gradebook, "
        "0 could not run")
