"""Build the course as a static site: each executed solution notebook as an HTML page, an
index with every chapter's title and goals (``course.tools.chapters``, the one chapter list), and a
local copy of MathJax, so that the pages load nothing from the network when they are read.
Links between chapters' notebooks become links between their pages.

    python -m course.tools.site [OUT_DIR [NOTEBOOK_DIR]]   (default: site/ notebooks/solutions/)
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from pathlib import Path

import jupyter_server_mathjax
import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from .chapters import Chapter, read_chapters, solutions_dir

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = solutions_dir(ROOT)
MATHJAX_DIR = Path(jupyter_server_mathjax.__file__).parent / "static"
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
# the packaged MathJax ships the STIX web fonts only (without this it asks for TeX fonts);
# $...$ as in the notebooks, also on the index page
MATHJAX_CONFIG = r"""<script>window.MathJax = {
  "HTML-CSS": {availableFonts: [], imageFont: null, preferredFont: null, webFont: "STIX-Web"},
  tex2jax: {inlineMath: [["$", "$"], ["\\(", "\\)"]], processEscapes: true}};</script>"""

# nbconvert's lab template without what it would load from a CDN (require.js, widgets, mermaid),
# plus a link bar, and plots described by the first line (a comment) of the cell that drew them
CHAPTER_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_requirejs %}{% endblock %}
{% block jupyter_widgets %}{% endblock %}
{% block html_head_js_mermaidjs %}{% endblock %}
{% block html_head_js_mathjax %}""" + MATHJAX_CONFIG + """{{ super() }}{% endblock %}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
{%- set first = cell.source.splitlines()[0] %}
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
     alt="{{ (first.lstrip('# ') if first.startswith('#') else 'plot') | escape_html }}">
</div>
{% endblock %}
{% block body_header %}{{ super() }}
<nav class="jp-RenderedHTMLCommon" style="padding: 1em 1em 0">{{ resources.course_nav }}</nav>
{% endblock %}
"""

INDEX_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>From the delta rule to backpropagation</title>
{mathjax}
<style>
body {{ font-family: system-ui, sans-serif; max-width: 50em; margin: 2em auto; padding: 0 1em;
       line-height: 1.5; color: #222; }}
ul.chapters {{ list-style: none; padding-left: 0; }}
li.chapter {{ margin-bottom: 1.5em; }}
li.chapter > a {{ font-size: 1.2em; font-weight: 600; }}
</style>
</head>
<body>
<h1>From the delta rule to backpropagation</h1>
<p>The worked solutions of every chapter, executed, with their plots and maths. To do the
exercises yourself, open the notebooks in JupyterLab (<code>make lab</code>).</p>
<ul class="chapters">
{chapters}
</ul>
</body>
</html>
"""


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


def nav(chapters: list[Chapter], i: int) -> str:
    """Links to the index and to the chapters before and after chapter ``i``."""
    def link(c: Chapter, text: str) -> str:
        return f'<a href="{c.html_name}">{text}</a>'

    links = ['<a href="index.html">All chapters</a>']
    if i > 0:
        links.append(link(chapters[i - 1], "← " + html.escape(chapters[i - 1].title)))
    if i + 1 < len(chapters):
        links.append(link(chapters[i + 1], html.escape(chapters[i + 1].title) + " →"))
    return " · ".join(links)


def build(out: Path, notebooks: Path = SOLUTIONS) -> list[Chapter]:
    """Write the site into ``out``; return the chapters it contains, in order."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("[0-9]*.html"):  # pages of chapters that are gone or not executed now
        old.unlink()
    shutil.copytree(MATHJAX_DIR, out / "mathjax", dirs_exist_ok=True)
    loaded = []
    for chapter in read_chapters(notebooks):
        nb = nbformat.read(chapter.path, as_version=4)
        if is_executed(nb):
            loaded.append((chapter, nb))
        else:
            print(f"skipped {chapter.path.name}: not executed yet (see make execute)")
    chapters = [chapter for chapter, _ in loaded]
    exporter = HTMLExporter(template_name="lab", mathjax_url=MATHJAX_URL)
    exporter.raw_template = CHAPTER_TEMPLATE
    for i, (chapter, nb) in enumerate(loaded):
        resources = {"metadata": {"name": chapter.title}, "course_nav": nav(chapters, i)}
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        (out / chapter.html_name).write_text(local_links(body, chapters), encoding="utf-8")
    items = [f'<li class="chapter"><a href="{c.html_name}">{html.escape(c.title)}</a>\n'
             f"{markdown2html_mistune(c.goals)}</li>" for c in chapters]
    mathjax = MATHJAX_CONFIG + f'\n<script src="{MATHJAX_URL}"></script>'
    page = INDEX_PAGE.format(mathjax=mathjax, chapters="\n".join(items))
    (out / "index.html").write_text(page, encoding="utf-8")
    return chapters


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    built = build(target, *map(Path, sys.argv[2:3]))
    print(f"{len(built)} chapters -> {target / 'index.html'}")
