"""The static site of `make html` (course/tools/site/), checked without a browser: its index is
the chapter list of course.tools.chapters."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from course.tools import site as build_site
from course.tools.chapters import read_chapters
from course.tools.site import sections
from course.tools.site.launch import Launch
from course.tools.student import SOLUTIONS

pytestmark = pytest.mark.slow  # the whole site (built once per run, see solutions_site)

REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


def executed(path: Path) -> bool:
    cells = nbformat.read(path, as_version=4).cells
    code = [c for c in cells if c.cell_type == "code" and c.source.strip()]
    return bool(code) and all(c.execution_count for c in code)


@pytest.fixture(scope="module")
def notebooks(solutions_site) -> list[Path]:
    """The executed solution notebooks, in the copy the site was built from (one state)."""
    return [p for p in sorted((solutions_site / "solutions").glob("*.ipynb")) if executed(p)]


@pytest.fixture(scope="module")
def site(solutions_site) -> Path:
    """The site as `make html` builds it, through the command line (tests/conftest.py)."""
    return solutions_site / "site"


@pytest.fixture(scope="module")
def soup(site):
    """``soup(name)``: the page ``name`` of the site, parsed once per module; only read."""
    return functools.cache(lambda name: BeautifulSoup(
        (site / name).read_text(encoding="utf-8"), "html.parser"))


@pytest.fixture(scope="module")
def page_headings(site):
    """``page_headings(name)``: every heading of the page ``name``, read once per module."""
    return functools.cache(lambda name: sections.headings(
        (site / name).read_text(encoding="utf-8")))


def pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def test_index_lists_every_executed_chapter(notebooks, site, soup):
    assert notebooks, "no executed solution notebook"
    index = soup("index.html")
    links = index.select("li.chapter > a")
    assert [a["href"] for a in links] == [p.stem + ".html" for p in notebooks]
    for a in links:
        assert (site / a["href"]).is_file()
    # the one chapter list: the same titles and goals as course.tools.chapters reads
    chapters = [c for c in read_chapters(notebooks[0].parent) if c.path in notebooks]
    assert [a.get_text() for a in links] == [c.title for c in chapters]
    assert links[0].get_text() == "0 · Start here"
    goals = [[li.get_text(" ", strip=True) for li in a.parent.select("li")] for a in links]
    assert all(goals), "a chapter without goals on the index"
    assert goals[0][0] == "how the course is laid out and in which order to read it,"


def test_links_between_notebooks_become_links_between_pages(site, soup):
    page = soup("00_start_here.html")
    hrefs = [a["href"] for a in page.find_all("a", href=True)]
    assert "01_one_sigmoid_unit.html" in hrefs  # the chapter table of chapter 0
    assert not [h for h in hrefs if h.endswith(".ipynb") or ".ipynb#" in h]
    for href in hrefs:
        if not REMOTE.match(href) and not href.startswith("#"):
            assert (site / href.split("#")[0]).is_file(), href


def test_local_links_rewrites_only_chapters_on_the_site(tmp_path):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 1 · A")]),
                   nbs / "01_a.ipynb")
    body = ('<a href="01_a.ipynb#Notation">x</a> <a href="./01_a.ipynb">y</a> '
            '<a href="02_gone.ipynb">z</a> <a href="https://example.org/01_a.ipynb">w</a>')
    assert build_site.local_links(body, read_chapters(nbs)) == (
        '<a href="01_a.html#Notation">x</a> <a href="01_a.html">y</a> '
        '<a href="02_gone.ipynb">z</a> <a href="https://example.org/01_a.ipynb">w</a>')


def test_chapter_pages_embed_every_figure_with_its_alt_text(notebooks, soup):
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        alts = [out["metadata"]["figure"]["alt"] for cell in nb.cells if cell.cell_type == "code"
                for out in cell.outputs if "figure" in out.get("metadata", {})]
        images = soup(path.stem + ".html").select(
            '.jp-OutputArea-output img[src^="data:image/png;base64,"]')
        assert [img["alt"] for img in images] == alts, path.name


def test_pages_declare_their_language_and_open_with_a_skip_link(site, soup):
    for page in pages(site):
        parsed = soup(page.name)
        assert parsed.html["lang"] == "en", page.name
        first = parsed.body.find("a")
        assert (first["class"], first["href"]) == (["skip-link"], "#content"), page.name
        assert parsed.find("main", id="content") is not None, page.name


def test_no_page_loads_anything_from_the_network(site, soup):
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        parsed = soup(page.name)
        remote = [tag["src"] for tag in parsed.find_all(src=True) if REMOTE.match(tag["src"])]
        remote += [tag["href"] for tag in parsed.find_all("link", href=True)
                   if REMOTE.match(tag["href"])]
        remote += re.findall(r"""(?:import\(|@import|url\()\s*["']?https?://[^"')\s]+""", text)
        assert not remote, f"{page.name} loads {remote}"


def test_local_scripts_and_mathjax_3_with_its_accessibility_extensions(site, soup):
    for name in ["tex-chtml.js", "a11y/semantic-enrich.js", "a11y/explorer.js",
                 "a11y/assistive-mml.js", "ui/menu.js", "sre/mathmaps/en.json",
                 "input/tex/extensions/ams.js"]:
        assert (site / "mathjax" / name).is_file(), name
    assert list((site / "mathjax/output/chtml/fonts/woff-v2").glob("*.woff"))
    assert "a11y/explorer" in (site / "mathjax-config.js").read_text(encoding="utf-8")
    for page in pages(site):
        parsed = soup(page.name)
        sources = [tag["src"] for tag in parsed.find_all("script", src=True)]
        expected = (["search-index.js", "search.js"] if page.name == "search.html"
                    else ["mathjax-config.js", "mathjax/tex-chtml.js"])
        assert sources == expected, page.name
        for src in sources + [link["href"] for link in parsed.find_all("link", href=True)]:
            assert (site / src).is_file(), f"{page.name}: {src}"


def test_copy_mathjax_says_how_to_install_it(tmp_path):
    with pytest.raises(FileNotFoundError) as error:
        build_site.copy_mathjax(tmp_path / "site", tmp_path / "nowhere")
    assert str(error.value) == (
        f"MathJax 3 not found in {tmp_path / 'nowhere'}: `make html` installs it with npm "
        "(npm install --prefix .venv/node mathjax@3)")


def test_headings_are_in_order_on_every_page(site, page_headings):
    for page in pages(site):
        levels = [h.level for h in page_headings(page.name)]
        assert levels[0] == 1 and levels.count(1) == 1, page.name
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert not skips, f"{page.name} skips a heading level: {skips}"


def test_chapter_pages_have_contents_and_previous_next(notebooks, soup, page_headings):
    names = [p.stem + ".html" for p in notebooks]
    for i, name in enumerate(names):
        parsed = soup(name)
        contents = parsed.select_one('nav.course-toc[aria-label="Contents of this chapter"]')
        expected = [h for h in page_headings(name) if h.level in (2, 3)]
        assert [a["href"] for a in contents.select("a")] == ["#" + h.id for h in expected], name
        for a in contents.select("a"):
            assert parsed.find(id=a["href"][1:]) is not None, (name, a["href"])
        pager = parsed.select_one('nav.course-pager[aria-label="Previous and next chapter"]')
        links = [(a["rel"], a["href"]) for a in pager.select("a")]
        assert links == ([(["prev"], names[i - 1])] if i else []) + (
            [(["next"], names[i + 1])] if i + 1 < len(names) else []), name
    assert soup(names[1]).select_one("a[rel=prev]").get_text() == "← Previous: 0 · Start here"


def test_search_index_links_every_section_to_its_heading(notebooks, site, soup):
    script = (site / "search-index.js").read_text(encoding="utf-8")
    index = json.loads(script.removeprefix("window.COURSE_SEARCH = ").removesuffix(";\n"))
    assert [p["href"] for p in index["pages"]] == [p.stem + ".html" for p in notebooks]
    soups = [soup(p["href"]) for p in index["pages"]]
    for page, heading_id, heading, _ in index["sections"]:
        target = soups[page].find(id=heading_id)
        assert target is not None, heading
        assert " ".join(target.get_text().split()).startswith(heading), heading
    assert ["1 · One sigmoid unit and the delta rule"] == [
        h for p, _, h, _ in index["sections"] if p == 1][:1]
    assert any("def weighted_sum(x, w)" in text for _, _, _, text in index["sections"])


def test_launch_links_only_when_configured(tmp_path):
    notebooks = tmp_path / "nbs"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 1 · A\n\n## B"),
                                         nbformat.v4.new_code_cell("x = 1", execution_count=1)])
    nbformat.write(nb, notebooks / "01_a.ipynb")
    launch = Launch("https://hub.example.edu", "https://git.example.edu/t/dtb.git",
                    binder_url="https://mybinder.org/v2/gh/t/dtb/main")
    build_site.build(tmp_path / "with", notebooks, launch)
    build_site.build(tmp_path / "without", notebooks, Launch())
    hrefs = [a["href"] for a in BeautifulSoup(
        (tmp_path / "with" / "01_a.html").read_text(encoding="utf-8"),
        "html.parser").select('nav[aria-label="Course"] a')]
    assert hrefs == ["index.html", "search.html"] + [url for _, url in launch.links("01_a.ipynb")]
    hrefs = [a["href"] for a in BeautifulSoup(
        (tmp_path / "without" / "01_a.html").read_text(encoding="utf-8"),
        "html.parser").select('nav[aria-label="Course"] a')]
    assert hrefs == ["index.html", "search.html"]


def test_unexecuted_notebooks_are_left_out_and_goals_are_read(tmp_path):
    notebooks = tmp_path / "nbs"
    notebooks.mkdir()
    done = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 1 · Done\n\n**Goals.**\n\n- first goal,\n"
                                      "- a second goal\n  on two lines.\n\nMore text."),
        nbformat.v4.new_code_cell("x = 1", execution_count=1)])
    todo = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 2 · Todo"),
                                           nbformat.v4.new_code_cell("x = 1")])
    nbformat.write(done, notebooks / "01_done.ipynb")
    nbformat.write(todo, notebooks / "02_todo.ipynb")
    chapters = build_site.build(tmp_path / "site", notebooks)
    assert [(c.title, c.html_name) for c in chapters] == [("1 · Done", "01_done.html")]
    assert chapters[0].goals == "- first goal,\n- a second goal on two lines."
    assert not (tmp_path / "site" / "02_todo.html").exists()
    assert "a second goal on two lines." in (tmp_path / "site" / "index.html").read_text()


def test_site_chapters_are_the_executed_ones_and_say_which_is_left_out(tmp_path, capsys):
    for name in ("00_start_here.ipynb", "01_one_sigmoid_unit.ipynb"):
        nb = nbformat.read(SOLUTIONS / name, as_version=4)
        if name.startswith("01"):
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.execution_count = None
        nbformat.write(nb, tmp_path / name)
    shown = build_site.site_chapters(tmp_path)
    assert [chapter.path.name for chapter, _ in shown] == ["00_start_here.ipynb"]
    assert capsys.readouterr().out == (
        "skipped 01_one_sigmoid_unit.ipynb: not executed yet (see make execute)\n")
