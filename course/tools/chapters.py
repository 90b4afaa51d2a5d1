"""The one chapter list, read from the solution notebooks.

Every file ``notebooks/solutions/NN_name.ipynb`` is chapter NN. Its first cell is markdown and
opens with the title line ``# N · Title`` (N the chapter's number, without the leading zero);
the title says what the chapter teaches. Below it in the same cell, the list after **Goals.**
holds the chapter's goals. Its exercises are the nbgrader solution cells, in notebook order.
Nothing else about a chapter is written anywhere by hand: the README's chapter table, the one
in ``00_start_here`` and the static site's index are made from this list.

    python -m course.tools.chapters            # print the chapter table
    python -m course.tools.chapters --check    # exit 1 if a copy of the table is out of date
    python -m course.tools.chapters --write    # rewrite every copy (README, 00_start_here)

A copy of the table sits between two marker lines (HTML comments, invisible when rendered),
in ``README.md`` and in a markdown cell of a solution notebook; ``--write`` replaces what is
between them and regenerates that notebook's student copy.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..marks import exercise_of_cell

ROOT = Path(__file__).resolve().parents[2]
BEGIN = "<!-- chapters: written by `python -m course.tools.chapters --write` from the notebooks -->"
END = "<!-- end of chapters -->"
HEADER = ("| # | notebook | title |", "|---|----------|-------|")
_NAME = re.compile(r"(?P<number>\d\d)_[a-z0-9_]+")
_TITLE = re.compile(r"# (?P<number>\d+) · (?P<summary>\S.*)")


class ChapterError(ValueError):
    """A solution notebook does not follow the chapter conventions; the message says how."""


@dataclass(frozen=True)
class Chapter:
    """One chapter, as its solution notebook says."""

    number: int
    name: str  # "01_one_sigmoid_unit", the notebook's name without .ipynb
    path: Path  # the solution notebook
    title: str  # the title line without "# ": "1 · One sigmoid unit and the delta rule"
    summary: str  # what it teaches: the title after "1 · "
    goals: str  # the Goals list, one markdown item per line ("- ...")
    exercises: tuple[str, ...]  # exercise ids in notebook order, as a learner reads them

    @property
    def html_name(self) -> str:
        """The chapter's page on the static site."""
        return self.name + ".html"

    @property
    def check_module(self) -> str:
        """Where the chapter's checks live: ``course.checks.ch01``."""
        return f"course.checks.ch{self.number:02d}"


def solutions_dir(root: Path = ROOT) -> Path:
    return root / "notebooks" / "solutions"


def _goals(text: str) -> str:
    """The markdown list after the word 'Goals' in ``text``, one item per line."""
    goals: list[str] = []
    after = text.split("Goals", 1)[1] if "Goals" in text else ""
    for line in after.splitlines():
        if re.match(r"\s*[-*] ", line):
            goals.append(line.strip())
        elif goals and line.strip() and not line.lstrip().startswith("#"):
            goals[-1] += " " + line.strip()  # an item continued on the next line
        elif goals:
            break
    return "\n".join(goals)


def read_chapter(path: Path, nb: nbformat.NotebookNode | None = None) -> Chapter:
    """The chapter of solution notebook ``path`` (``nb``: the notebook, if already read).

    Raises ChapterError, naming the notebook, when its name or title line does not follow the
    conventions above.
    """
    path = Path(path)
    name = _NAME.fullmatch(path.stem)
    if path.suffix != ".ipynb" or name is None:
        raise ChapterError(f"{path.name}: a chapter notebook is named NN_name.ipynb (two "
                           "digits, then lower-case letters, digits and _)")
    number = int(name["number"])
    if nb is None:
        nb = nbformat.read(path, as_version=4)
    first = nb.cells[0] if nb.cells else None
    lines = first.source.strip().splitlines() if first is not None else []
    title = _TITLE.fullmatch(lines[0].strip()) if lines else None
    if first is None or first.cell_type != "markdown" or title is None:
        got = f"a {first.cell_type} cell starting {lines[0][:60]!r}" if lines else "nothing"
        raise ChapterError(f"{path.name}: the first cell must be markdown opening with the "
                           f"title line '# {number} · Title', got {got}")
    if int(title["number"]) != number:
        raise ChapterError(f"{path.name}: the title line says chapter {title['number']}, the "
                           f"file name says {number}")
    exercises = []
    for cell in nb.cells:
        ex_id = exercise_of_cell(cell)
        if ex_id is not None and ex_id not in exercises:
            exercises.append(ex_id)
    summary = title["summary"].strip()
    return Chapter(number, path.stem, path, f"{number} · {summary}", summary,
                   _goals(first.source), tuple(exercises))


def chapters(root: Path = ROOT) -> list[Chapter]:
    """Every chapter of the course in ``root``, in order of its number."""
    return read_chapters(solutions_dir(root))


def read_chapters(folder: Path) -> list[Chapter]:
    """The chapter of every notebook in ``folder``, in order of its number."""
    found = [read_chapter(p) for p in sorted(Path(folder).glob("*.ipynb"))]
    numbers = [c.number for c in found]
    for c in found:
        if numbers.count(c.number) > 1:
            twins = ", ".join(d.path.name for d in found if d.number == c.number)
            raise ChapterError(f"two notebooks are chapter {c.number}: {twins}")
    return found


def table(found: list[Chapter], links: bool = False) -> str:
    """The chapter table in markdown. ``links``: each name links to its notebook (for a
    notebook's copy, which sits beside the chapters)."""
    rows = list(HEADER)
    for c in found:
        name = f"[`{c.name}`]({c.name}.ipynb)" if links else f"`{c.name}`"
        rows.append(f"| {c.number} | {name} | {c.summary.replace('|', '∣')} |")
    return "\n".join(rows)


def block(found: list[Chapter], links: bool = False) -> str:
    """The table with its marker lines: what sits between them in every copy."""
    return f"{BEGIN}\n{table(found, links)}\n{END}"


def _replace(text: str, new: str, where: str) -> str:
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        raise ChapterError(f"{where}: expected the chapter table's two marker lines once each, "
                           f"in order:\n{BEGIN}\n{END}")
    start, stop = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + new + text[stop:]


@dataclass(frozen=True)
class Copy:
    """One place the chapter table is copied to, and what it should hold."""

    where: str  # "README.md", "notebooks/solutions/00_start_here.ipynb, cell 1"
    path: Path
    cell: int | None  # the markdown cell's index in a notebook; None for README.md
    current: str  # the file's text, or the cell's source
    expected: str  # the same with the table as the notebooks give it

    @property
    def stale(self) -> bool:
        return self.current != self.expected


def copies(root: Path = ROOT, found: list[Chapter] | None = None) -> list[Copy]:
    """Every copy of the chapter table: README.md, then each markdown cell of a solution
    notebook that holds the marker lines."""
    found = chapters(root) if found is None else found
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    out = [Copy("README.md", readme, None, text, _replace(text, block(found), "README.md"))]
    for c in found:
        nb = nbformat.read(c.path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown" and (BEGIN in cell.source or END in cell.source):
                where = f"{c.path.relative_to(root).as_posix()}, cell {i}"
                out.append(Copy(where, c.path, i, cell.source,
                                _replace(cell.source, block(found, links=True), where)))
    return out


def write(root: Path = ROOT) -> list[str]:
    """Rewrite every stale copy of the table; one line per copy saying what was done."""
    from .student import write_student

    lines = []
    for copy in copies(root):
        if not copy.stale:
            lines.append(f"{copy.where}: up to date")
        elif copy.cell is None:
            copy.path.write_text(copy.expected, encoding="utf-8")
            lines.append(f"{copy.where}: table rewritten")
        else:
            nb = nbformat.read(copy.path, as_version=4)
            nb.cells[copy.cell].source = copy.expected
            nbformat.write(nb, copy.path)
            lines.append(f"{copy.where}: table rewritten")
        if copy.cell is not None:  # the student copy follows its solution notebook
            lines.append(write_student(copy.path, root / "notebooks"))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.tools.chapters", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--check", action="store_true", help="exit 1 if a copy is out of date")
    what.add_argument("--write", action="store_true", help="rewrite every copy of the table")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.write:
            for line in write(args.root):
                print(line)
            return 0
        if args.check:
            stale = [c.where for c in copies(args.root) if c.stale]
            for where in stale:
                print(f"out of date: the chapter table in {where} "
                      "(run `python -m course.tools.chapters --write`)")
            return 1 if stale else 0
        print(table(chapters(args.root)))
        return 0
    except ChapterError as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
