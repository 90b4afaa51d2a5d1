"""Feedback a student understands: one HTML page per submission, maths rendered offline.

``feedback/STUDENT/chNN/NAME.html`` (where ``nbgrader release_feedback`` looks), from the
stored result and the source notebook, never rerunning anything: the total, then per
exercise its id and title, the task as the notebook states it (maths by a local MathJax,
copied once to ``feedback/mathjax``), the points, and the one line the check gave, whole
(no traceback, nothing clipped); with partial credit, which share of the cases was right;
and one line per example cell the student's code broke (``broken.py``: which cell, which
exercise broke it, the exception's class; never a traceback).
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import nbformat

from . import chapter as chapters
from . import resume
from .credit import share_line
from .record import Record, write_atomic

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; }
section { border-top: 1px solid #ddd; padding: 0.5rem 0; }
.line { font-family: ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere;
        background: #f6f6f6; padding: 0.4rem 0.6rem; }
.points { font-weight: 600; }
"""
_HEADING = re.compile(r"^#+\s*Exercise\s+(ex\d+\.\d+)", re.MULTILINE)


def tasks(source) -> dict[str, str]:
    """ex_id -> the markdown cell that states the exercise (its heading and text)."""
    found = {}
    for cell in source.cells:
        if cell.cell_type == "markdown":
            m = _HEADING.search(cell.source)
            if m:
                found[m.group(1)] = cell.source
    return found


def _markdown(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def page(record: Record, source, top: str) -> str:
    """One student's feedback page; ``top`` is the relative path to the folder that holds
    the local MathJax (nothing is fetched when the page is read)."""
    stated = tasks(source)
    title = f"{record.chapter}: feedback for {record.student}"
    body = [f"<h1>{html.escape(title)}</h1>",
            f'<p class="points">{record.points:g} of {record.max_points:g} points</p>']
    if record.failure:
        body.append(f"<p>Your notebook could not be graded to the end: it "
                    f"{html.escape(record.failure)}.</p>")
    for o in record.outcomes:
        share = share_line(o)
        body.append(f'<section id="{o.ex_id}"><h2>{o.ex_id} · {html.escape(o.title)}</h2>'
                    f'<div class="task">{_markdown(stated.get(o.ex_id, ""))}</div>'
                    f'<p class="points">{o.points:g} of {o.max_points:g} '
                    f'point{"s" if o.max_points != 1 else ""}'
                    f'{f" ({html.escape(share)})" if share else ""}</p>'
                    f'<p class="line">{html.escape(o.line)}</p></section>')
    if record.broken:
        body.append("<section><h2>Example cells that could not run</h2><ul>")
        body += [f"<li>{html.escape(line)}</li>" for line in record.broken]
        body.append("</ul></section>")
    script = (f'<script src="{top}mathjax-config.js"></script>\n'
              f'<script id="MathJax-script" defer src="{top}mathjax/tex-chtml.js"></script>')
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style>\n{script}</head>\n"
            f"<body>\n" + "\n".join(body) + "\n</body></html>\n")


def write_feedback(course: Path, chapter_id: str) -> list[Path]:
    from ..site import ASSETS, copy_mathjax

    course = Path(course)
    chapter = chapters.load(course, chapter_id)
    source = nbformat.read(chapter.source, as_version=4)
    top = course / "feedback"
    if not (top / "mathjax" / "tex-chtml.js").exists():
        copy_mathjax(top)  # MathJax 3 with its accessibility extensions, as on the site
        shutil.copy2(ASSETS / "mathjax-config.js", top / "mathjax-config.js")
    paths = []
    for record in resume.all_records(course, chapter.assignment):
        path = top / record.student / chapter.assignment / f"{chapter.notebook}.html"
        write_atomic(path, page(record, source, "../../"))
        paths.append(path)
    return paths
