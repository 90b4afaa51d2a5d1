"""Our class grading against `nbgrader autograde`, on the same synthetic class, in one run.

    .venv/bin/python benchmarks/grading.py --students 400 --chapter 01 [--keep DIR]

Builds an nbgrader course with the chapter (as the README says), releases it, writes N
synthetic submissions (`python -m course.tools.grading synthetic`), copies the course, then
grades one copy with `python -m course.tools.grading grade` and the other with
`nbgrader autograde`, one after the other. For each: wall time, CPU time (the command and
every process it started, counted in a cgroup of its own where the benchmark may make one),
peak memory of the whole process tree (sampled every 50 ms).
Then every student's points in both gradebooks. With ``--nbgrader-sample M``, nbgrader grades
one student in N/M only (chapter 9's whole class would take it hours): its wall time is scaled
by N/M in the last line and the points are compared on those M. The last line:

    grading: N submissions of chNN: ours X s, nbgrader Y s, ratio R, points agree: yes|no
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", JUPYTER_PREFER_ENV_PATH="1",
           JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


class CpuGroup:
    """A cpuacct cgroup of the benchmark's own (as root, cgroup v1 or v2): the CPU of every
    process the command starts, those a sandbox kills too. Without it, the CPU is the
    command's ``RUSAGE_CHILDREN``, which misses every process nobody waited for (the runner of
    a sandbox dies with its bubblewrap): a lower bound."""

    def __init__(self):
        self.path = self.file = None
        for root, stat in ((Path("/sys/fs/cgroup/cpuacct"), "cpuacct.usage"),
                           (Path("/sys/fs/cgroup"), "cpu.stat")):
            if not (root / stat).exists():
                continue
            try:
                path = root / f"grading-bench-{os.getpid()}"
                path.mkdir()
            except OSError:
                continue
            self.path, self.file = path, path / stat
            break

    def join(self) -> None:  # in the child, before exec
        if self.path is not None:
            (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def seconds(self) -> float | None:
        if self.file is None:
            return None
        text = self.file.read_text()
        if self.file.name == "cpuacct.usage":
            return int(text) / 1e9
        return int(dict(line.split() for line in text.splitlines())["usage_usec"]) / 1e6

    def close(self) -> None:
        if self.path is not None:
            for _ in range(50):
                try:
                    self.path.rmdir()
                    return
                except OSError:
                    time.sleep(0.1)


def measured(args: list[str], cwd: Path, env: dict | None = None):
    """(wall s, CPU s, peak RSS bytes of the tree, exit code, output, how the CPU was counted)
    of one command."""
    group = CpuGroup()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, preexec_fn=group.join)
    peak = [0]
    ps = psutil.Process(proc.pid)

    def sample():
        while proc.poll() is None:
            try:
                peak[0] = max(peak[0], _tree_rss(ps))
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.communicate()[0]
    sampler.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, how = group.seconds(), "cgroup"
    if cpu is None:
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        how = "rusage, a lower bound"
    group.close()
    return wall, cpu, peak[0], proc.returncode, out, how


def points(course: Path, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}",
                   course_id="delta-to-backprop") as gb:
        return {s.student.id: float(s.score) for s in gb.find_assignment(assignment).submissions}


def sampled(course: Path, students: int, sample: int | None) -> list[str]:
    """The students nbgrader grades: all, or every (students // sample)-th, the others'
    submissions removed from its copy of the course."""
    names = sorted(p.name for p in (course / "submitted").iterdir())
    if not sample or sample >= students:
        return names
    keep = names[::students // sample][:sample]
    for name in set(names) - set(keep):
        shutil.rmtree(course / "submitted" / name)
    return keep


def run(cmd: list[str], cwd: Path) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--chapter", default="01")
    parser.add_argument("--keep", type=Path, help="build the courses here and keep them")
    parser.add_argument("--skip-nbgrader", action="store_true")
    parser.add_argument("--nbgrader-sample", type=int, metavar="M",
                        help="nbgrader grades only M of the N submissions (every (N/M)-th "
                        "student), its wall time scaled by N/M in the last line, for a "
                        "chapter whose whole class nbgrader would take hours on")
    args = parser.parse_args(argv)
    number = args.chapter.removeprefix("ch").zfill(2)
    assignment = f"ch{number}"
    top = args.keep or Path(tempfile.mkdtemp(prefix="grading-bench-"))
    top.mkdir(parents=True, exist_ok=True)
    notebook = next((ROOT / "notebooks" / "solutions").glob(f"{number}_*.ipynb"))
    ours, theirs = top / "ours", top / "nbgrader"
    run([sys.executable, "-m", "course.tools.nbgrader", "course", str(ours), str(notebook)], top)
    run(["nbgrader", "generate_assignment", assignment], ours)
    run([sys.executable, "-m", "course.tools.grading", "synthetic", "--course", str(ours),
         "--students", str(args.students), "--chapter", number], top)
    shutil.copytree(ours, theirs)
    sample = sampled(theirs, args.students, args.nbgrader_sample)
    load = os.getloadavg()[0]
    print(f"{psutil.cpu_count()} CPUs, load average {load:.1f} at the start; {top}")
    results = {}
    commands = {"ours": ([sys.executable, "-m", "course.tools.grading", "grade", "--chapter",
                          number, "--course", "."], ours),
                "nbgrader": (["nbgrader", "autograde", assignment], theirs)}
    for name, (cmd, cwd) in commands.items():
        if name == "nbgrader" and args.skip_nbgrader:
            continue
        wall, cpu, peak, code, out, how = measured(cmd, cwd)
        count = len(sample) if name == "nbgrader" else args.students
        results[name] = (wall * args.students / count, cpu, peak)
        print(f"{name}: {wall:.1f} s wall ({wall / count:.2f} s each), {cpu:.1f} s CPU "
              f"({cpu / count:.2f} s each; {how}), peak memory {peak / 2**20:.0f} MiB, "
              f"exit {code}; load average {os.getloadavg()[0]:.1f} after"
              + (f"; {count} of the {args.students} submissions" if count < args.students
                 else ""))
        if code:
            print(out[-3000:])
    mine = points(ours, assignment)
    agree = "no"
    if "nbgrader" in results:
        theirs_points = points(theirs, assignment)
        differ = {s: (mine.get(s), theirs_points.get(s)) for s in sample
                  if mine.get(s) != theirs_points.get(s)}
        for student, (a, b) in sorted(differ.items()):
            print(f"  {student}: ours {a}, nbgrader {b}")
        agree = "yes" if not differ and len(mine) == args.students \
            and set(theirs_points) == set(sample) else "no"
        if len(sample) < args.students:
            print(f"nbgrader graded {len(sample)} of the {args.students} submissions (one "
                  f"student in {args.students // len(sample)}); the last line scales its wall "
                  f"time by {args.students}/{len(sample)} and compares points on those "
                  f"{len(sample)}")
    ours_s = results["ours"][0]
    theirs_s = results.get("nbgrader", (float("nan"),))[0]
    print(f"grading: {args.students} submissions of {assignment}: ours {ours_s:.0f} s, "
          f"nbgrader {theirs_s:.0f} s, ratio {theirs_s / ours_s:.1f}, points agree: {agree}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
