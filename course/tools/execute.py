"""Execute solution notebooks in place, deterministically, then regenerate the student copies.

Each notebook runs in a fresh ``python3`` kernel started in the notebook's own folder, with one
BLAS/OpenMP thread unless the environment already says otherwise. Nothing volatile is stored:
no timing metadata (``metadata.execution``), so executing a chapter whose sources did not change
gives a byte-identical file, written exactly as ``nbformat.write`` writes it. A cell tagged
``nbval-ignore-output`` prints what differs from machine to machine (a time): it is stored with
no outputs, and the learner sees the measurement when running it.

    python -m course.tools.execute                       # every notebook in notebooks/solutions
    python -m course.tools.execute notebooks/solutions/08_gradient_checking.ipynb
    python -m course.tools.execute --no-student NB ...   # leave the student copies alone

Up to two notebooks run at a time. If a cell raises, that notebook is left as it was on disk,
one line per failing notebook says why, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

SOLUTIONS = Path(__file__).resolve().parents[2] / "notebooks" / "solutions"
TIMEOUT = 300  # seconds per cell
KERNEL = "python3"
JOBS = 2

# the kernel inherits these; setdefault, so a caller's explicit choice wins
ENVIRONMENT = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    "JUPYTER_PREFER_ENV_PATH": "1",  # the venv's own kernel first
    "JUPYTER_PLATFORM_DIRS": "1",    # no platformdirs warning in kernel stderr
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # no frozen-modules warning in kernel stderr
}
# cell metadata that changes from run to run (nbclient writes it when asked to record timing)
VOLATILE_CELL_METADATA = ("execution",)
# a cell with this tag prints a machine-dependent measurement: its outputs are not stored
VOLATILE_OUTPUT_TAG = "nbval-ignore-output"


class NotebookFailed(Exception):
    """A notebook could not be executed; the message is one line saying why."""


def set_environment(environ: dict | None = None) -> None:
    """Give ``environ`` (default ``os.environ``) the defaults above where they are unset."""
    environ = os.environ if environ is None else environ
    for name, value in ENVIRONMENT.items():
        environ.setdefault(name, value)


def strip_volatile(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what changes from run to run, in place; return ``nb``.

    Timing metadata goes, a measurement cell keeps no outputs, and consecutive stream outputs
    are joined.
    """
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        if VOLATILE_OUTPUT_TAG in cell.metadata.get("tags", []):
            cell.outputs = []
        cell.outputs = merge_streams(cell.outputs)
    return nb


def merge_streams(outputs: list) -> list:
    """Join consecutive stream outputs of the same name (stdout, stderr) into one.

    How the kernel cuts printed text into messages depends on timing, so one loop of prints
    can arrive as one output or as three; joined, the stored text is always the same.
    """
    merged: list = []
    for output in outputs:
        last = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and last is not None
                and last.get("output_type") == "stream" and last.get("name") == output.get("name")):
            last["text"] = _text(last["text"]) + _text(output["text"])
        else:
            merged.append(output)
    return merged


def _text(text: str | list) -> str:
    return text if isinstance(text, str) else "".join(text)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def execute_notebook(path: str | os.PathLike, timeout: int = TIMEOUT) -> str:
    """Execute one notebook in place in a fresh kernel; return a one-line summary.

    Raises NotebookFailed (with a one-line reason) if a cell raises or times out; the file on
    disk is then left unchanged.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    if not path.is_file():
        raise NotebookFailed(f"{path}: no such notebook")
    set_environment()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL, record_timing=False,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    try:
        client.execute()
    except CellExecutionError as err:
        index = _failing_cell(nb)
        where = f"cell {index}" if index is not None else "a cell"
        raise NotebookFailed(f"{path}: {where} raised {err.ename}: "
                             f"{_one_line(err.evalue)[:200]}") from None
    except CellTimeoutError:
        raise NotebookFailed(f"{path}: a cell ran longer than {timeout} s") from None
    except DeadKernelError as err:
        raise NotebookFailed(f"{path}: the kernel died ({_one_line(err)[:200]})") from None
    strip_volatile(nb)
    old = path.read_text(encoding="utf-8")
    new = nbformat.writes(nb) + "\n"  # exactly what nbformat.write puts on disk
    if new == old:
        return f"{path}: unchanged"
    nbformat.write(nb, path)
    return f"{path}: executed, outputs changed"


def _failing_cell(nb: nbformat.NotebookNode) -> int | None:
    """Index of the first code cell with an error output."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any(o.get("output_type") == "error"
                                            for o in cell.get("outputs", [])):
            return index
    return None


def _run(path: str) -> tuple[bool, str]:
    try:
        return True, execute_notebook(path)
    except NotebookFailed as err:
        return False, str(err)


def execute_all(paths: list[str | os.PathLike], jobs: int = JOBS) -> list[str]:
    """Execute ``paths`` (up to ``jobs`` at a time); print one line each; return the failures."""
    paths = [str(p) for p in paths]
    failures = []
    if jobs <= 1 or len(paths) <= 1:
        results = map(_run, paths)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(paths)))
        results = pool.map(_run, paths)
    try:
        for ok, line in results:
            print(line if ok else f"FAILED {line}", flush=True)
            if not ok:
                failures.append(line)
    finally:
        if pool is not None:
            pool.shutdown()
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.tools.execute", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="solution notebooks (default: all in notebooks/solutions)")
    parser.add_argument("--jobs", type=int, default=JOBS,
                        help=f"notebooks executed at a time (default {JOBS})")
    parser.add_argument("--no-student", action="store_true",
                        help="do not regenerate the student notebooks afterwards")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(SOLUTIONS.glob("*.ipynb"))
    set_environment()
    failures = execute_all(paths, jobs=args.jobs)
    if not args.no_student:
        from . import student

        student.main([])
    if failures:
        print(f"{len(failures)} of {len(paths)} notebooks failed; they were left unchanged.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
