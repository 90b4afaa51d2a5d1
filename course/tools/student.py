"""Generate student notebooks from solution notebooks, never overwriting a learner's work.

``notebooks/solutions/NAME.ipynb`` (the one source of truth, stored executed) becomes
``notebooks/NAME.ipynb``: every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region turns
into a stub, outputs of exercise cells, check cells and every cell that uses their results
are cleared (so are those of cells tagged ``clear-in-student``, such as a quiz's worked
answer), cells tagged ``solution-only`` are dropped, the rest is kept as it is.

    python -m course.tools.student            # regenerate every student notebook
    python -m course.tools.student --check    # exit 1 if any committed one is out of date
    python -m course.tools.student --fresh 01_one_sigmoid_unit   # a clean copy beside yours,
                                                            # in my-notebooks/ (course.tools.update)
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import re
import sys
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from ..marks import exercise_of_cell, not_done_message

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
SOLUTIONS = NOTEBOOKS / "solutions"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CODE_STUB = "# YOUR CODE HERE"
ANSWER_STUB = "YOUR ANSWER HERE"
_REGION = re.compile(rf"^([ \t]*){re.escape(BEGIN)}[^\n]*\n(.*?)^[ \t]*{re.escape(END)}[^\n]*$",
                     re.MULTILINE | re.DOTALL)


def exercise_of(cell: NotebookNode) -> str | None:
    """The exercise id of a solution cell, as a learner reads it (``ex4.1``), else None.

    nbgrader's ``grade_id`` may spell it ``ex4_1`` or ``ex4.1``: both give ``ex4.1``. A
    ``grade_id`` that holds no exercise id is returned as it is.
    """
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if not meta.get("solution"):
        return None
    return exercise_of_cell(cell) or str(meta.get("grade_id", "")) or None


def solution_regions(source: str) -> list[str]:
    """The text inside every solution region of a cell's source, in order."""
    return [m.group(2) for m in _REGION.finditer(source)]


def stub_solutions(source: str, ex_id: str, cell_type: str = "code") -> str:
    """Replace every solution region by its stub, at the region's indentation."""
    def stub(m: re.Match) -> str:
        indent = m.group(1)
        if cell_type == "markdown":
            return f"{indent}{ANSWER_STUB}"
        message = not_done_message(ex_id)
        return f'{indent}{CODE_STUB}\n{indent}raise NotImplementedError("{message}")'

    return _REGION.sub(stub, source)


def _names(source: str) -> tuple[set[str], set[str]]:
    """(names read anywhere, names bound at the cell's top level) by a code cell.

    Names local to a function body are not bound in the notebook, so they do not count as
    bound. IPython magics are skipped.
    """
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set(), set()
    loads = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
             and isinstance(n.ctx, ast.Load)}
    stores: set[str] = set()
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stores.add(node.name)  # its body is another scope
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            stores.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.Lambda, ast.GeneratorExp, ast.ListComp, ast.SetComp,
                               ast.DictComp)):
            continue  # their variables stay inside
        else:
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                stores.add(node.id)
            todo.extend(ast.iter_child_nodes(node))
    return loads, stores


def make_student(solution: NotebookNode, source_name: str) -> NotebookNode:
    """The student version of a solution notebook (a new notebook; the input is untouched)."""
    nb = copy.deepcopy(solution)
    cells, tainted = [], set()
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "solution-only" in tags:
            continue
        ex_id = exercise_of(cell)
        if ex_id is not None:
            if not solution_regions(cell.source):
                raise ValueError(f"{source_name}: exercise {ex_id} has no {BEGIN} region")
            if cell.cell_type == "code":
                tainted |= _names(cell.source)[1]
            cell.source = stub_solutions(cell.source, ex_id, cell.cell_type)
        if cell.cell_type == "code":
            loads, stores = _names(cell.source)
            if ex_id is not None or {"check", "clear-in-student"} & set(tags) or loads & tainted:
                tainted |= stores
                cell.outputs = []
            cell.execution_count = None
            for out in cell.outputs:
                if "execution_count" in out:
                    out.execution_count = None
        cells.append(cell)
    nb.cells = cells
    nb.metadata["course"] = {"role": "student", "generated_from": f"solutions/{source_name}",
                             "sha256": content_hash(nb)}
    return nb


def content_hash(nb: NotebookNode) -> str:
    """SHA-256 of the cells' types and sources: what a learner could have changed."""
    text = json.dumps([[c.cell_type, c.source] for c in nb.cells], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def is_edited(nb: NotebookNode) -> bool:
    """True unless ``nb`` is exactly as generated (running its cells does not count)."""
    stored = nb.metadata.get("course", {}).get("sha256")
    return stored is None or stored != content_hash(nb)


# --- the fresh-copy rule: the one place that says when a copy is a learner's and where the
# --- new version goes (``make student``, ``--fresh`` and ``course.tools.update`` all use it)


class Unreadable(Exception):
    """A file that should be a notebook cannot be read; ``reason`` is the few words a learner
    reads in brackets (``the file is empty``, ``not a notebook (...)``)."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def read_notebook(path: Path) -> NotebookNode:
    """The notebook at ``path``; raises ``Unreadable`` saying why when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Unreadable(path, "not UTF-8 text") from None
    except OSError as exc:
        raise Unreadable(path, exc.strerror or str(exc)) from None
    if not text.strip():
        raise Unreadable(path, "the file is empty")
    try:
        return nbformat.reads(text, as_version=4)
    except Exception as exc:  # NotJSONError, ValidationError, KeyError on odd JSON ...
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise Unreadable(path, f"not a notebook ({first[:80]})") from None


def is_learners(path: Path) -> bool:
    """True when the file at ``path`` may hold a learner's work, so it must never be
    overwritten: it was edited, or it cannot be read (and so cannot be told apart)."""
    try:
        return is_edited(read_notebook(path))
    except Unreadable:
        return True


def fresh_path(target: Path, text: str) -> tuple[Path, bool]:
    """(where a new version ``text`` of ``target`` goes beside it, whether that file already
    holds exactly ``text``).

    ``NAME.fresh.ipynb``, unless a learner's file is there (``is_learners``): then
    ``NAME.fresh-2.ipynb``, and so on. A fresh copy nobody edited is replaced.
    """
    for i in range(1, 1000):
        path = target.with_name(f"{target.stem}.fresh{'' if i == 1 else f'-{i}'}.ipynb")
        if not path.exists():
            return path, False
        if is_learners(path):
            continue
        try:
            return path, path.read_text(encoding="utf-8") == text
        except OSError:
            continue
    raise RuntimeError(f"999 fresh copies beside {target.name}: clean some up")


def student_text(nb: NotebookNode) -> str:
    """The bytes (as text) a generated notebook is stored with."""
    return nbformat.writes(nb) + "\n"


def write_student(solution_path: Path, notebooks: Path = NOTEBOOKS, fresh: bool = False) -> str:
    """Write the student notebook of one solution notebook; return what was done.

    A student notebook that holds a learner's work (``is_learners``) is never overwritten:
    the new version goes beside it (``fresh_path``). ``fresh=True`` always writes beside.
    """
    solution_path = Path(solution_path)
    nb = make_student(nbformat.read(solution_path, as_version=4), solution_path.name)
    text = student_text(nb)
    target = notebooks / solution_path.name
    if target.exists() and (fresh or is_learners(target)):
        path, _ = fresh_path(target, text)
        path.write_text(text, encoding="utf-8", newline="\n")
        why = "as asked" if fresh else "your edited copy is untouched"
        return f"wrote {path.name} beside {target.name} ({why})"
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return f"{target.name} is up to date"
    target.write_text(text, encoding="utf-8", newline="\n")
    return f"wrote {target.name}"


def out_of_date(notebooks: Path = NOTEBOOKS) -> list[str]:
    """Names of student notebooks that differ from what their solution generates."""
    stale = []
    for sol in sorted((notebooks / "solutions").glob("*.ipynb")):
        text = student_text(make_student(nbformat.read(sol, as_version=4), sol.name))
        path = notebooks / sol.name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(sol.name)
    return stale


def stale_line(name: str) -> str:
    """What ``--check`` (and the suite's staleness test) says of an out-of-date copy."""
    return f"out of date: notebooks/{name} (run `make student`)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.tools.student", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="report stale notebooks, write nothing")
    parser.add_argument("--fresh", metavar="NAME",
                        help="write a clean copy of one notebook beside yours")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)  # default my-notebooks/
    args = parser.parse_args(argv)
    solutions = sorted((args.notebooks / "solutions").glob("*.ipynb"))
    if args.check:
        stale = out_of_date(args.notebooks)
        for name in stale:
            print(stale_line(name))
        return 1 if stale else 0
    if args.fresh:
        name = args.fresh.removesuffix(".ipynb")
        match = [s for s in solutions if s.stem == name]
        if not match:
            print(f"--fresh: no chapter named {name!r}; choose from "
                  f"{', '.join(s.stem for s in solutions)}")
            return 2
        work = args.work or args.notebooks.parent / "my-notebooks"  # the student's copies
        work.mkdir(exist_ok=True)
        print(write_student(match[0], work, fresh=True))
        return 0
    for sol in solutions:
        print(write_student(sol, args.notebooks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
