"""A check cell's time in a student's own session: the check of every exercise of a chapter
called on the chapter's own solution, as the check cell calls it, median of N calls.

    .venv/bin/python benchmarks/check_cell.py [--chapter 04] [--root DIR] [--repeat 20]

``--root`` measures another checkout of the course (``/work/main``, say: the code before a
change) with the same interpreter, so before and after compare on one machine in one run.
A measurement, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import sys
import time
from pathlib import Path


def solutions(root: Path, chapter: str) -> dict[str, str]:
    """``{function name: source}`` of the chapter's exercise cells, markers removed."""
    path = next((root / "notebooks" / "solutions").glob(f"{chapter}_*.ipynb"))
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("solution"):
            source = "".join(cell["source"])
            out[meta["grade_id"]] = "\n".join(line for line in source.splitlines()
                                              if "### BEGIN" not in line and "### END" not in line)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chapter", default="04")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(args.root))
    import importlib

    checks = importlib.import_module(f"course.checks.ch{args.chapter}")
    namespace = {"np": importlib.import_module("numpy")}
    exec("from helpers import *", namespace)  # noqa: S102 - the course's own solutions
    for source in solutions(args.root, args.chapter).values():
        exec(source, namespace)  # noqa: S102
    print(f"course from {Path(checks.__file__).parents[2]}")
    for name in sorted(n for n in vars(checks) if n.startswith("check_")):
        learner = namespace.get(name[len("check_"):])
        if learner is None:
            continue
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                getattr(checks, name)(learner)
            times.append(time.perf_counter() - start)
        print(f"{name}: median {statistics.median(times) * 1000:.1f} ms, "
              f"min {min(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
