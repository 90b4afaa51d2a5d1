"""Autograde a synthetic class of chapter 1 with nbgrader: wall time and peak memory.

    .venv/bin/python benchmarks/nbgrader_class.py [--students 30] [--keep DIR]

Builds the course directory as the README says (`python -m course.tools.nbgrader course`), releases
ch01, writes N submissions (cycling through the synthetic class of the nbgrader test: all
correct, blank, typical mistakes, one that raises, edited cells), runs one
`nbgrader autograde ch01` for all of them and reports its wall time, the peak memory of the
whole process tree (nbgrader and the kernel it runs, sampled every 50 ms) and the gradebook
total, which must match what each kind of submission is worth. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from grading import measured  # noqa: E402  (benchmarks/grading.py: the same measurement)
from synthetic_class import CH01, EDITS, EXPECTED, SUBMISSIONS, run  # noqa: E402


def autograde_measured(course: Path) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds, peak RSS of the process tree in bytes, output) of
    `nbgrader autograde ch01`; CPU time counts nbgrader and every kernel it ran."""
    wall, cpu, peak, _, out, _ = measured(["nbgrader", "autograde", "ch01"], course)
    return wall, cpu, peak, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--keep", type=Path, help="build the course here and keep it")
    args = parser.parse_args(argv)
    from nbgrader.api import Gradebook
    from synthetic_class import write_submissions

    top = args.keep or Path(tempfile.mkdtemp(prefix="nbgrader-class-"))
    top.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "course.tools.nbgrader", "course", "grading",
         str(ROOT / "notebooks" / "solutions" / f"{CH01}.ipynb")], top)
    course = top / "grading"
    code, out = run(["nbgrader", "generate_assignment", "ch01"], course)
    if code:
        print(out)
        return 1
    kinds = list(SUBMISSIONS[CH01])
    students, worth = {}, {}
    for i in range(args.students):
        kind = kinds[i % len(kinds)]
        student = f"s{i + 1:02d}_{kind}"
        students[student] = SUBMISSIONS[CH01][kind]
        worth[student] = sum(EXPECTED[CH01][kind])
        if (CH01, kind) in EDITS:
            EDITS[CH01, student] = EDITS[CH01, kind]
    write_submissions(course, CH01, students)
    load = os.getloadavg()[0]
    seconds, cpu, peak, out = autograde_measured(course)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        got = {s: gb.find_submission("ch01", s).score for s in students}
    wrong = {s: (got[s], worth[s]) for s in students if got[s] != worth[s]}
    print(f"autograde ch01, {args.students} submissions: {seconds:.0f} s wall "
          f"({seconds / args.students:.1f} s each), {cpu:.0f} s CPU ({cpu / args.students:.1f} s "
          f"each), peak memory {peak / 2**20:.0f} MiB (nbgrader and its kernel); "
          f"{psutil.cpu_count()} CPUs, load average {load:.1f} at the start")
    print(f"points: {sum(got.values()):g} in all, every submission as expected: {not wrong}")
    for student, (g, w) in sorted(wrong.items()):
        print(f"  {student}: {g:g} points, expected {w:g}")
    if wrong:
        print(out[-3000:])
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
