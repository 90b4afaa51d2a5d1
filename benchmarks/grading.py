"""Our class grading against `nbgrader autograde`, on the same synthetic class, in one run.

    .venv/bin/python benchmarks/grading.py --students 400 --chapter 01 [--keep DIR]

Builds an nbgrader course with the chapter (as the README says), releases it, writes N
synthetic submissions (`python -m course.tools.grading synthetic`), copies the course, then
grades one copy with `python -m course.tools.grading grade` and the other with
`nbgrader autograde`, one after the other. For each: wall time, CPU time (the command and
every process it started), peak memory of the whole process tree (sampled every 50 ms); CPU is
counted by a cgroup where the kernel gives one, else by rusage.
Then every student's points in both gradebooks. The last line:

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


class Group:
    """A cgroup (v1 cpuacct) the measured command and everything it starts join: their CPU
    time counted by the kernel, the sandboxed processes included (their rusage never reaches
    this process: bubblewrap's processes are not all waited for)."""

    ROOT = Path("/sys/fs/cgroup")

    def __init__(self, name: str):
        self.dirs = [self.ROOT / "cpuacct" / name]
        for folder in self.dirs:
            folder.mkdir()

    @classmethod
    def usable(cls) -> bool:
        folder = cls.ROOT / "cpuacct"
        return (folder / "cgroup.procs").exists() and os.access(folder, os.W_OK)

    def join(self) -> None:  # in the child, before exec
        for folder in self.dirs:
            (folder / "cgroup.procs").write_text(str(os.getpid()))

    def cpu(self) -> float:
        return int((self.dirs[0] / "cpuacct.usage").read_text()) / 1e9

    def close(self) -> None:
        for folder in self.dirs:
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except OSError:  # a process of the tree still exiting
                    time.sleep(0.1)


def measured(args: list[str], cwd: Path) -> tuple[float, float, int, int, str]:
    """(wall s, CPU s, peak RSS bytes of the tree sampled every 50 ms, exit code, output) of
    one command; CPU from a cgroup where the kernel has one for us, else from rusage."""
    group = Group(f"course-bench-{os.getpid()}-{time.monotonic_ns()}") if Group.usable() \
        else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            preexec_fn=group.join if group else None)
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
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if group is not None:
        cpu = group.cpu()
        group.close()
    return wall, cpu, peak[0], proc.returncode, out


def points(course: Path, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}",
                   course_id="delta-to-backprop") as gb:
        return {s.student.id: float(s.score) for s in gb.find_assignment(assignment).submissions}


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
    load = os.getloadavg()[0]
    print(f"{psutil.cpu_count()} CPUs, load average {load:.1f} at the start; {top}")
    results = {}
    commands = {"ours": ([sys.executable, "-m", "course.tools.grading", "grade", "--chapter",
                          number, "--course", "."], ours),
                "nbgrader": (["nbgrader", "autograde", assignment], theirs)}
    for name, (cmd, cwd) in commands.items():
        if name == "nbgrader" and args.skip_nbgrader:
            continue
        wall, cpu, peak, code, out = measured(cmd, cwd)
        results[name] = (wall, cpu, peak)
        print(f"{name}: {wall:.1f} s wall ({wall / args.students:.2f} s each), {cpu:.1f} s CPU "
              f"({cpu / args.students:.2f} s each), peak memory {peak / 2**20:.0f} MiB, "
              f"exit {code}; load average {os.getloadavg()[0]:.1f} after")
        if code:
            print(out[-3000:])
    mine = points(ours, assignment)
    agree = "no"
    if "nbgrader" in results:
        theirs_points = points(theirs, assignment)
        differ = {s: (mine.get(s), theirs_points.get(s)) for s in set(mine) | set(theirs_points)
                  if mine.get(s) != theirs_points.get(s)}
        for student, (a, b) in sorted(differ.items()):
            print(f"  {student}: ours {a}, nbgrader {b}")
        agree = "yes" if not differ and len(mine) == args.students else "no"
    ours_s = results["ours"][0]
    theirs_s = results.get("nbgrader", (float("nan"),))[0]
    print(f"grading: {args.students} submissions of {assignment}: ours {ours_s:.0f} s, "
          f"nbgrader {theirs_s:.0f} s, ratio {theirs_s / ours_s:.1f}, points agree: {agree}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
