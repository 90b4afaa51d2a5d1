"""Beyond one machine: the same unit per submission on a cluster's own scheduler.

``render("kubernetes", ...)`` is an Indexed Job for the class's Zero to JupyterHub cluster:
completion index i grades the i-th submission (in sorted order) with
``python -m course.tools.grading.one``, reading the course from a shared volume claim and
writing ``results/chNN/STUDENT.sandbox.json``; ``render("slurm", ...)`` is the same as a
Slurm job array. Afterwards ``python -m course.tools.grading gather --chapter NN`` books
the files into the gradebook with the code the local pool uses. No scheduler of our own.
"""

from __future__ import annotations

from pathlib import Path

from . import chapter as chapters
from . import resume

# the shell one index runs: the i-th submission of the sorted list, graded into a result file
INDEX_SCRIPT = """set -eu
cd {course}
mkdir -p results/{assignment}
sub=$(ls submitted/*/{assignment}/{notebook}.ipynb | sort | sed -n "$(({index} + 1))p")
student=$(basename "$(dirname "$(dirname "$sub")")")
python -m course.tools.grading.one "$sub" --chapter {number} \\
  --source source/{assignment}/{notebook}.ipynb --student "$student" \\
  --out results/{assignment}/"$student".sandbox.json
"""

KUBERNETES = """apiVersion: batch/v1
kind: Job
metadata:
  name: grade-{assignment}
  labels: {{app: delta-to-backprop-grading}}
spec:
  completionMode: Indexed
  completions: {n}
  parallelism: {parallelism}
  backoffLimit: {n}
  template:
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      containers:
        - name: grade
          image: {image}
          command: ["/bin/bash", "-c"]
          args:
            - |
{script}
          env:
            - {{name: OMP_NUM_THREADS, value: "1"}}
          resources:
            requests: {{cpu: "1", memory: 1Gi}}
            limits: {{cpu: "1", memory: 3Gi}}
          securityContext: {{allowPrivilegeEscalation: false}}
          volumeMounts:
            - {{name: course, mountPath: /srv/grading}}
      volumes:
        - name: course
          persistentVolumeClaim: {{claimName: grading}}
"""

SLURM = """#!/bin/bash
#SBATCH --job-name=grade-{assignment}
#SBATCH --array=0-{last}%{parallelism}
#SBATCH --cpus-per-task=1
#SBATCH --mem=3G
#SBATCH --time=00:10:00
#SBATCH --output=grade-{assignment}-%a.log
export OMP_NUM_THREADS=1
{script}"""


def render(engine: str, course: Path, chapter_id: str,
           image: str = "delta-to-backprop-grader:latest", parallelism: int = 20) -> str:
    """The Kubernetes Job or Slurm script grading every submission of the chapter."""
    chapter = chapters.load(course, chapter_id)
    n = len(resume.submissions(course, chapter.assignment, chapter.notebook))
    if n == 0:
        raise SystemExit(f"error: no submissions of {chapter.assignment} in "
                         f"{Path(course) / 'submitted'}")
    fields = dict(assignment=chapter.assignment, notebook=chapter.notebook,
                  number=chapter.number)
    if engine == "kubernetes":
        script = INDEX_SCRIPT.format(course="/srv/grading", index="${JOB_COMPLETION_INDEX}",
                                     **fields)
        indented = "\n".join(" " * 14 + line for line in script.splitlines())
        return KUBERNETES.format(n=n, parallelism=min(parallelism, n), image=image,
                                 script=indented, **fields)
    if engine == "slurm":
        script = INDEX_SCRIPT.format(course=Path(course).resolve(),
                                     index="${SLURM_ARRAY_TASK_ID}", **fields)
        return SLURM.format(last=n - 1, parallelism=min(parallelism, n), script=script,
                            **fields)
    raise ValueError(f"engine: expected 'kubernetes' or 'slurm', got {engine!r}")
