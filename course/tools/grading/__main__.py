"""The teacher's grading commands (run them in the clone; ``--course`` is the nbgrader course
directory, ``grading`` by default, as ``make nbgrader-course`` makes it):

    python -m course.tools.grading grade --chapter 04      # the class, on every core
    python -m course.tools.grading report [--chapter 04] [--anonymous]
    python -m course.tools.grading feedback --chapter 04   # feedback/STUDENT/ch04/*.html
    python -m course.tools.grading recipe kubernetes --chapter 04   # or: slurm
    python -m course.tools.grading gather --chapter 04 [--from DIR]
    python -m course.tools.grading unit SUBMISSION --chapter 04 --out RESULT.json
    python -m course.tools.grading synthetic --students 12 --chapter 04
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

INSTALL = "make class-tools"


def _need_class_tools() -> None:
    if importlib.util.find_spec("nbgrader") is None:
        raise SystemExit(f"error: nbgrader, the class tools, is not installed here; run "
                         f"`{INSTALL}` once (it installs the class extra into .venv)")


def main(argv: list[str] | None = None) -> int:
    from .one import without_iri_grammars

    without_iri_grammars()
    parser = argparse.ArgumentParser(prog="python -m course.tools.grading", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help: str, chapter: bool = True, required: bool = True):
        p = sub.add_parser(name, help=help)
        p.add_argument("--course", type=Path, default=Path("grading"),
                       help="the nbgrader course directory (default: grading)")
        if chapter:
            p.add_argument("--chapter", required=required, help="04, 4 or ch04")
        return p

    p = command("grade", "grade a chapter for the whole class, resumably")
    p.add_argument("--workers", type=int, help="submissions at once (default: the CPUs)")
    p = command("gather", "book result files (a cluster's) into the gradebook")
    p.add_argument("--from", dest="folder", type=Path, help="default: results/chNN")
    p = command("unit", "grade one submission into a result file")
    p.add_argument("submission", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p = command("report", "the class report: HTML and CSV", required=False)
    p.add_argument("--anonymous", action="store_true", help="no student names (to share)")
    p.add_argument("--out", type=Path, help="default: COURSE/reports/")
    p = command("feedback", "one HTML page per student and chapter, maths rendered offline")
    p = command("recipe", "the Kubernetes Indexed Job or Slurm array for a class")
    p.add_argument("engine", choices=("kubernetes", "slurm"))
    p.add_argument("--image", default="delta-to-backprop-grader:latest")
    p = command("synthetic", "a synthetic class of submissions (tests, benchmarks)")
    p.add_argument("--students", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    _need_class_tools()
    if args.command == "grade":
        from .classrun import grade_class
        from .unit import sandboxed

        if not sandboxed():
            print("note: course.tools.grading.one (the sandbox) is not installed: grading "
                  "without a sandbox", file=sys.stderr)
        summary = grade_class(args.course, args.chapter, args.workers)
        print(summary.line(f"ch{args.chapter.removeprefix('ch').zfill(2)}"))
        return 0
    if args.command == "gather":
        from .classrun import gather

        summary = gather(args.course, args.chapter, args.folder)
        print(f"gathered: {summary.booked} booked, {summary.earlier} skipped (stale or "
              f"unknown), {summary.failures} could not run")
        return 0
    if args.command == "unit":
        from .classrun import grade_one

        record = grade_one(args.course, args.chapter, args.submission, args.out)
        print(f"{record.student}: {record.points:g} of {record.max_points:g} points")
        return 0
    if args.command == "report":
        from .report_html import write_report

        for path in write_report(args.course, args.chapter, args.anonymous, args.out):
            print(path)
        return 0
    if args.command == "feedback":
        from .feedback import write_feedback

        paths = write_feedback(args.course, args.chapter)
        print(f"{len(paths)} feedback pages in {args.course / 'feedback'}")
        return 0
    if args.command == "recipe":
        from .recipe import render

        print(render(args.engine, args.course, args.chapter, args.image), end="")
        return 0
    from .synthetic import write_class

    counts = write_class(args.course, args.chapter, args.students, args.seed)
    print(f"{args.students} synthetic submissions of ch{counts.chapter} in "
          f"{args.course / 'submitted'}; expected in {counts.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
