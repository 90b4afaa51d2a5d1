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

# WCAG 2.1 AA on top of nbconvert's lab styles: syntax colours and prompts at 4.5:1 or more on their
# backgrounds, links underlined (not told apart by colour alone), a visible focus, a skip link,
# and a print stylesheet (no navigation, no prompts, figures kept whole, web addresses printed)
SITE_CSS = """<style>
.highlight .c, .highlight .c1, .highlight .cm, .highlight .ch, .highlight .cs,
.highlight .cpf { color: #306060; }
.highlight .m, .highlight .mf, .highlight .mi, .highlight .mh, .highlight .mo,
.highlight .il { color: #006400; }
.highlight .ow { color: #7a1fc4; }
:root { --jp-cell-inprompt-font-color: #616161; --jp-cell-outprompt-font-color: #616161;
  --jp-cell-prompt-not-active-font-color: #616161; --jp-cell-prompt-not-active-opacity: 1; }
.jp-Notebook .jp-InputPrompt, .jp-Notebook .jp-OutputPrompt { color: #616161; }
a:link, a:visited, .jp-RenderedHTMLCommon a:link, .jp-RenderedHTMLCommon a:visited {
  color: #0d47a1; text-decoration: underline !important; }
a:focus-visible, summary:focus-visible, main:focus-visible {
  outline: 3px solid #0d47a1; outline-offset: 2px; }
.skip-link { position: absolute; left: -999em; }
.skip-link:focus { left: 1em; top: 1em; z-index: 10; background: #fff; padding: 0.5em 1em; }
.course-figure details { margin: 0.5em 0 1em; max-width: 50em; }
.course-figure summary { cursor: pointer; }
@media print {
  .skip-link, nav.course-nav, .jp-InputPrompt, .jp-OutputPrompt { display: none; }
  .course-figure, .jp-OutputArea-output img { break-inside: avoid; max-width: 100%; }
  .course-figure details > p { display: block; }
  a[href^="http"]::after { content: " (" attr(href) ")"; }
}
</style>"""

# nbconvert's lab template without what it would load from a CDN (require.js, widgets, mermaid),
# plus a skip link and a link bar before the chapter; figures are shown by helpers.show_figure with
# their own alt text (a plot still shown the old way gets a visible "figure without a description")
CHAPTER_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_requirejs %}{% endblock %}
{% block jupyter_widgets %}{% endblock %}
{% block html_head_js_mermaidjs %}{% endblock %}
{% block html_head_css %}""" + SITE_CSS + """{% endblock %}
{% block html_head_js_mathjax %}""" + MATHJAX_CONFIG + """{{ super() }}{% endblock %}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
     alt="A figure without a description.">
</div>
{% endblock %}
{% block body_header %}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
<a class="skip-link" href="#content">Skip to the chapter</a>
<nav class="course-nav jp-RenderedHTMLCommon" aria-label="Chapters" style="padding: 1em 1em 0">
{{ resources.course_nav }}</nav>
<main id="content" tabindex="-1">
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
