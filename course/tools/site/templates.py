"""The site's HTML around the notebooks: the header every page opens with (skip link, links to
the chapters and the search page, a search box, the chapter's launch links), the chapter
template for nbconvert, the index page and the search page. Styles are in assets/course.css,
MathJax's settings in assets/mathjax-config.js, the search in assets/search.js."""

from __future__ import annotations

MATHJAX = """<script src="mathjax-config.js"></script>
<script id="MathJax-script" defer src="mathjax/tex-chtml.js"></script>"""

SEARCH_BOX = """<form class="course-search" action="search.html" role="search">
<label for="site-search">Search the course</label>
<input id="site-search" name="q" type="search">
<button type="submit">Search</button>
</form>"""


def header(launch_items: str, search: bool = True) -> str:
    """The top of every page: ``launch_items`` are list items of launch links ("" for none)."""
    return ('<a class="skip-link" href="#content">Skip to the content</a>\n'
            '<header class="course-nav">\n<nav aria-label="Course"><ul>'
            '<li><a href="index.html">All chapters</a></li>'
            f'<li><a href="search.html">Search</a></li>{launch_items}</ul></nav>\n'
            + (SEARCH_BOX if search else "") + "\n</header>")


# nbconvert's lab template without what it would load from a CDN (require.js, widgets, mermaid,
# its MathJax 2), plus the header, the chapter's contents (filled in after rendering) and the
# previous/next links; figures are shown by helpers.show_figure with their own alt text (a plot
# still shown the old way gets a visible "figure without a description")
CHAPTER_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_requirejs %}{% endblock %}
{% block jupyter_widgets %}{% endblock %}
{% block html_head_js_mermaidjs %}{% endblock %}
{% block html_head_css %}<link rel="stylesheet" href="course.css">{% endblock %}
{% block html_head_js_mathjax %}""" + MATHJAX + """{% endblock %}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
     alt="A figure without a description.">
</div>
{% endblock %}
{% block body_header %}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
{{ resources.course_header }}
<!-- course-toc -->
<main id="content" tabindex="-1">
{% endblock %}
{% block body_footer %}
</main>
<nav class="course-pager" aria-label="Previous and next chapter"><ul>
{{ resources.course_pager }}</ul></nav>
</body>
{% endblock body_footer %}
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<link rel="stylesheet" href="course.css">
{head}
</head>
<body class="course-page">
{{header}}
<main id="content" tabindex="-1">
<h1>{title}</h1>
{body}
</main>
{scripts}
</body>
</html>
"""

INDEX_PAGE = _PAGE.format(
    title="From the delta rule to backpropagation", head=MATHJAX, scripts="",
    body="""<p>The worked solutions of every chapter, executed, with their plots and maths. To do
the exercises yourself, open the notebooks in JupyterLab (<code>make lab</code>).</p>
<ul class="chapters">
{chapters}
</ul>""")

SEARCH_PAGE = _PAGE.format(
    title="Search the course", head="",
    scripts='<script src="search-index.js"></script>\n<script src="search.js"></script>',
    body="""<form id="search-form" role="search">
<label for="search-input">Words to find in the chapters</label>
<input id="search-input" name="q" type="search" autocomplete="off">
<button type="submit">Search</button>
</form>
<p id="search-status" role="status"></p>
<ol id="search-results"></ol>""")
