"""How fast the course opens and runs: the set-up cell, and the whole course executed.

    python benchmarks/course_timing.py              # 3 repeats, 2 notebooks at a time
    python benchmarks/course_timing.py --repeat 1 --jobs 1 --output PATH
    python benchmarks/course_timing.py --quick      # chapter 0 only, once; writes nothing

1. The set-up cell (the first code cell calling ``setup_notebook()``) of every solution notebook,
   run in a fresh kernel once that kernel is up, as a student's first Shift-Enter: wall time of
   the cell. Then, in another fresh kernel, each top-level statement of that cell on its own,
   so the table names what dominates (``import matplotlib.pyplot``, ``from sklearn ...``).
2. The whole course: every solution notebook executed top to bottom in a fresh kernel, ``--jobs``
   at a time (as ``course.tools.execute`` does; 2 on a 2-core machine), kernel start-up included;
   files are read, never written. Wall time of the lot, and each notebook's own time.

Each figure is the median over ``--repeat`` runs. Results go to ``course_timing.json`` beside
this file. Targets (2 cores): set-up cell < 0.3 s, whole course < 20 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course.tools.execute import set_environment  # noqa: E402  (the environment notebooks run in)

SOLUTIONS = ROOT / "notebooks" / "solutions"
OUTPUT = Path(__file__).resolve().parent / "course_timing.json"
TIMEOUT = 300
QUIET = {"stderr": subprocess.DEVNULL}  # no kernel start-up warnings in the table
SETUP_TARGET_S = 0.3
COURSE_TARGET_S = 20.0

# run inside the kernel: each top-level statement of the set-up cell, timed on its own
PROFILE = """
import ast as _ast, json as _json, time as _time
_src = {source!r}
_times = []
for _node in _ast.parse(_src).body:
    _code = compile(_ast.Module([_node], []), "<set-up cell>", "exec")
    _t = _time.perf_counter()
    exec(_code, globals())
    _times.append([_ast.get_source_segment(_src, _node), _time.perf_counter() - _t])
print(_json.dumps(_times))
"""


def setup_cell(nb) -> int:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "setup_notebook()" in cell.source:
            return index
    raise ValueError("no set-up cell (a code cell calling setup_notebook())")


def _client(nb, path: Path):
    from nbclient import NotebookClient

    return NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", record_timing=False,
                          resources={"metadata": {"path": str(path.parent)}})


def time_setup_cell(path: Path) -> dict:
    """Seconds for the set-up cell in a fresh kernel, and per statement in another one."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    index = setup_cell(nb)
    client = _client(nb, path)
    with client.setup_kernel(**QUIET):
        start = time.perf_counter()
        client.execute_cell(nb.cells[index], index)
        seconds = time.perf_counter() - start
    profile = nbformat.v4.new_code_cell(PROFILE.format(source=nb.cells[index].source))
    nb2 = nbformat.v4.new_notebook(cells=[profile])
    client = _client(nb2, path)
    with client.setup_kernel(**QUIET):
        client.execute_cell(profile, 0)
    text = "".join(o.get("text", "") for o in profile.outputs if o.get("name") == "stdout")
    statements = [(" ".join(code.split())[:60], s) for code, s in json.loads(text)]
    return {"seconds": seconds, "statements": statements}


def time_notebook(path: Path) -> float:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    _client(nb, path).execute(**QUIET)
    return time.perf_counter() - start


def time_course(paths: list[Path], jobs: int) -> dict:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        each = dict(zip([p.stem for p in paths], pool.map(time_notebook, paths), strict=True))
    return {"seconds": time.perf_counter() - start, "notebooks": each}


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def run(paths: list[Path], repeat: int, jobs: int) -> dict:
    set_environment()
    setup = {}
    for path in paths:
        runs = [time_setup_cell(path) for _ in range(repeat)]
        per_statement = {}
        for r in runs:
            for code, s in r["statements"]:
                per_statement.setdefault(code, []).append(s)
        setup[path.stem] = {
            "median_s": median_of(runs, "seconds"),
            "all_s": [r["seconds"] for r in runs],
            "statements_median_s": {c: statistics.median(v) for c, v in per_statement.items()},
        }
    courses = [time_course(paths, jobs) for _ in range(repeat)]
    return {
        "jobs": jobs,
        "repeat": repeat,
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
        "threads": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")},
        "setup_cell": setup,
        "course": {
            "median_s": median_of(courses, "seconds"),
            "all_s": [c["seconds"] for c in courses],
            "notebooks_median_s": {p.stem: statistics.median(c["notebooks"][p.stem]
                                                             for c in courses) for p in paths},
        },
    }


def table(results: dict) -> str:
    lines = [f"set-up cell, fresh kernel (median of {results['repeat']}; target "
             f"< {SETUP_TARGET_S} s), and its slowest statements:"]
    for name, r in results["setup_cell"].items():
        slow = sorted(r["statements_median_s"].items(), key=lambda kv: -kv[1])[:3]
        what = "; ".join(f"{code} {s:.2f} s" for code, s in slow)
        lines.append(f"  {name:<34} {r['median_s']:5.2f} s   {what}")
    worst = max(r["median_s"] for r in results["setup_cell"].values())
    lines.append(f"  slowest set-up cell: {worst:.2f} s "
                 f"({'met' if worst < SETUP_TARGET_S else 'not met'})")
    course = results["course"]
    lines.append(f"whole course, {len(course['notebooks_median_s'])} notebooks, "
                 f"{results['jobs']} at a time (median of {results['repeat']}; target "
                 f"< {COURSE_TARGET_S:.0f} s): {course['median_s']:.1f} s "
                 f"({'met' if course['median_s'] < COURSE_TARGET_S else 'not met'})")
    for name, s in sorted(course["notebooks_median_s"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:<34} {s:5.1f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="chapter 0 once; writes nothing")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    paths = sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))
    if args.quick:
        paths, args.repeat = paths[:1], 1
    results = run(paths, args.repeat, args.jobs)
    print(table(results))
    output = args.output or (None if args.quick else OUTPUT)
    if output is not None:
        output.write_text(json.dumps(results, indent=1) + "\n")
        print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
