"""A rendered chapter page read back (course/tools/site/sections.py): contents, search index."""

from __future__ import annotations

import json

from course.tools.site import sections

PAGE = """<main>
<div class="jp-Cell jp-MarkdownCell"><div class="jp-RenderedMarkdown">
<h1 id="1-·-A">1 · A<a class="anchor-link" href="#1-·-A">¶</a></h1>
<p>Intro   text.</p>
<h2 id="Two">Two &amp; more<a class="anchor-link" href="#Two">¶</a></h2><p>Words.</p>
<h3 id="Three">Three</h3><ul><li>item</li></ul>
<h4 id="Four">Four</h4><p>under four</p>
</div></div>
<div class="jp-Cell jp-CodeCell"><div class="jp-InputArea"><div class="highlight">
<pre>x = weighted_sum(a, b)</pre></div></div>
<div class="jp-OutputArea"><pre>an output</pre></div></div>
<div class="jp-Cell jp-MarkdownCell"><div class="jp-RenderedMarkdown">
<h2 id="Last">Last</h2></div></div>
</main>"""


def test_headings_in_order_without_their_anchor_links():
    assert [(h.level, h.id, h.text) for h in sections.headings(PAGE)] == [
        (1, "1-·-A", "1 · A"), (2, "Two", "Two & more"), (3, "Three", "Three"),
        (4, "Four", "Four"), (2, "Last", "Last")]


def test_toc_lists_h2_with_their_h3():
    assert sections.toc(PAGE) == (
        '<ol>\n<li><a href="#Two">Two &amp; more</a><ol><li><a href="#Three">Three</a></li>'
        '</ol></li>\n<li><a href="#Last">Last</a></li>\n</ol>')
    assert sections.toc("<main><h1 id='a'>A</h1></main>") == ""


def test_sections_hold_markdown_and_code_but_not_outputs():
    assert [(s.heading.id, s.text) for s in sections.sections(PAGE)] == [
        ("1-·-A", ["Intro text."]), ("Two", ["Words."]),
        ("Three", ["item", "Four", "under four", "x = weighted_sum(a, b)"]), ("Last", [])]


def test_search_index_is_a_script_with_pages_and_sections():
    script = sections.search_index([("01_a.html", "1 · A", PAGE)])
    prefix = "window.COURSE_SEARCH = "
    assert script.startswith(prefix) and script.endswith(";\n")
    index = json.loads(script[len(prefix):-2])
    assert index["pages"] == [{"href": "01_a.html", "title": "1 · A"}]
    assert index["sections"][0] == [0, "1-·-A", "1 · A", "Intro text."]
    assert index["sections"][2] == [0, "Three", "Three", "item Four under four "
                                    "x = weighted_sum(a, b)"]
