"""Build the course as a static site: each executed solution notebook as an HTML page, an
index with every chapter's title and goals (``course.tools.chapters``, the one chapter list), a
search page over every chapter's text, and a local copy of MathJax 3 with its accessibility
extensions, so that the pages load nothing from the network when they are read. Links between
chapters' notebooks become links between their pages. Each chapter page has a table of its
contents, previous/next links and the launch links a teacher configures (``launch.py``).

    python -m course.tools.site [OUT_DIR [NOTEBOOK_DIR]]   (default: site/ notebooks/solutions/)
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import nbformat

from ..chapters import Chapter, read_chapters, solutions_dir
from . import sections
from .launch import Launch, read_launch
from .templates import CHAPTER_TEMPLATE, INDEX_PAGE, SEARCH_PAGE, header

ROOT = Path(__file__).resolve().parents[3]
SOLUTIONS = solutions_dir(ROOT)
ASSETS = Path(__file__).parent / "assets"
# MathJax 3 from npm (make html installs it into .venv/node): only what the site uses
MATHJAX = ROOT / ".venv" / "node" / "node_modules" / "mathjax" / "es5"
MATHJAX_PARTS = ["tex-chtml.js", "a11y", "ui", "input", "output/chtml",
                 "sre/mathmaps/base.json", "sre/mathmaps/en.json"]


def is_executed(nb: nbformat.NotebookNode) -> bool:
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    return bool(code) and all(c.get("execution_count") for c in code)


def local_links(body: str, chapters: list[Chapter]) -> str:
    """A chapter page whose links to other chapters' notebooks (``01_x.ipynb#Notation``)
    point at their pages on the site instead (``01_x.html#Notation``)."""
    names = "|".join(re.escape(c.name) for c in chapters)
    if not names:
        return body
    return re.sub(rf'href="(?:\./)?({names})\.ipynb(#[^"]*)?"',
                  lambda m: f'href="{m[1]}.html{m[2] or ""}"', body)


def pager(chapters: list[Chapter], i: int) -> str:
    """Links to the chapters before and after chapter ``i``, as list items."""
    items = []
    if i > 0:
        c = chapters[i - 1]
        items.append(f'<li><a href="{c.html_name}" rel="prev">← Previous: '
                     f"{html.escape(c.title)}</a></li>")
    if i + 1 < len(chapters):
        c = chapters[i + 1]
        items.append(f'<li><a href="{c.html_name}" rel="next">Next: '
                     f"{html.escape(c.title)} →</a></li>")
    return "".join(items)


def launch_links(launch: Launch, chapter: Chapter) -> str:
    return "".join(f'<li><a href="{html.escape(url)}">{text}</a></li>'
                   for text, url in launch.links(chapter.path.name))


def copy_mathjax(out: Path, source: Path = MATHJAX) -> None:
    if not (source / "tex-chtml.js").is_file():
        raise FileNotFoundError(f"MathJax 3 not found in {source}: `make html` installs it "
                                "with npm (npm install --prefix .venv/node mathjax@3)")
    for part in MATHJAX_PARTS:
        target = out / "mathjax" / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if (source / part).is_dir():
            shutil.copytree(source / part, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source / part, target)


def site_chapters(notebooks: Path = SOLUTIONS) -> list[tuple[Chapter, nbformat.NotebookNode]]:
    """The chapters the site shows, in order, each with its notebook: every executed one (a
    chapter not executed yet is left out, and said)."""
    loaded = []
    for chapter in read_chapters(notebooks):
        nb = nbformat.read(chapter.path, as_version=4)
        if is_executed(nb):
            loaded.append((chapter, nb))
        else:
            print(f"skipped {chapter.path.name}: not executed yet (see make execute)")
    return loaded


def build(out: Path, notebooks: Path = SOLUTIONS, launch: Launch | None = None) -> list[Chapter]:
    """Write the site into ``out``; return the chapters it contains, in order. ``launch``
    defaults to the settings of site.toml and the environment (see ``launch.py``)."""
    # nbconvert only here: what reads the chapters (site_chapters, the tests) does without it
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    if launch is None:
        launch = read_launch(ROOT / "site.toml", os.environ)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("[0-9]*.html"):  # pages of chapters that are gone or not executed now
        old.unlink()
    copy_mathjax(out)
    for asset in ASSETS.iterdir():
        shutil.copy2(asset, out / asset.name)
    loaded = site_chapters(notebooks)
    chapters = [chapter for chapter, _ in loaded]
    exporter = HTMLExporter(template_name="lab")
    exporter.raw_template = CHAPTER_TEMPLATE
    built = []
    for i, (chapter, nb) in enumerate(loaded):
        resources = {"metadata": {"name": chapter.title},
                     "course_header": header(launch_links(launch, chapter)),
                     "course_pager": pager(chapters, i)}
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        body = local_links(body, chapters)
        # parsed once for the contents and the search index (the contents go outside <main>,
        # where the search index does not look)
        parsed = sections.parse(body)
        contents = sections.toc(parsed)
        body = body.replace("<!-- course-toc -->", contents and (
            '<nav class="course-toc" aria-label="Contents of this chapter">\n'
            f"<details open><summary>Contents of this chapter</summary>\n{contents}\n"
            "</details></nav>"), 1)
        (out / chapter.html_name).write_text(body, encoding="utf-8")
        built.append((chapter.html_name, chapter.title, parsed))
    items = [f'<li class="chapter"><a href="{c.html_name}">{html.escape(c.title)}</a>\n'
             f"{markdown2html_mistune(c.goals)}</li>" for c in chapters]
    (out / "index.html").write_text(
        INDEX_PAGE.format(header=header(""), chapters="\n".join(items)), encoding="utf-8")
    (out / "search.html").write_text(SEARCH_PAGE.format(header=header("", search=False)),
                                     encoding="utf-8")
    (out / "search-index.js").write_text(sections.search_index(built), encoding="utf-8")
    return chapters
