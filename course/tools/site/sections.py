"""What a rendered chapter page holds, read back from its HTML: its headings (for the table of
contents and the heading order) and its sections' text (for the search index).

The search index is a script, ``search-index.js``, setting ``window.COURSE_SEARCH``: a script
tag loads it from file:// as well as from a web server, where a fetch of a JSON file would be
refused from file://.
"""

from __future__ import annotations

import copy
import html
import json
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


@dataclass(frozen=True)
class Heading:
    level: int  # 1 for h1
    id: str  # the anchor nbconvert gives it ("" if none)
    text: str  # without the pilcrow of its anchor link


@dataclass
class Section:
    heading: Heading
    text: list[str]


def _heading(tag: Tag) -> Heading:
    text = copy.copy(tag)  # the page is left as it is: it may be read again
    for anchor in text.select("a.anchor-link"):
        anchor.decompose()
    return Heading(int(tag.name[1]), tag.get("id", ""), _words(text.get_text()))


def parse(page: str | BeautifulSoup) -> BeautifulSoup:
    """The page parsed (once: a page already parsed is returned as it is, and only read)."""
    return page if isinstance(page, BeautifulSoup) else BeautifulSoup(page, "html.parser")


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def headings(page: str | BeautifulSoup) -> list[Heading]:
    """Every heading of the page, in order."""
    return [_heading(h) for h in parse(page).find_all(HEADINGS)]


def sections(page: str | BeautifulSoup) -> list[Section]:
    """The chapter cut at its h1-h3 headings: each heading with the text of its markdown and
    the source of its code cells up to the next heading."""
    soup = parse(page)
    found: list[Section] = []
    for cell in soup.select("main .jp-Cell"):
        if "jp-MarkdownCell" in cell["class"]:
            markdown = cell.select_one(".jp-RenderedMarkdown")
            parts = markdown.find_all(recursive=False) if markdown else []
        else:
            parts = cell.select(".jp-InputArea .highlight pre")
        for part in parts:
            if part.name in HEADINGS[:3]:
                found.append(Section(_heading(part), []))
            elif found:
                found[-1].text.append(_words(part.get_text()))
    return found


def toc(page: str | BeautifulSoup) -> str:
    """The page's h2 and h3 headings as nested ordered lists of links ("" if none)."""
    items: list[tuple[Heading, list[Heading]]] = []
    for h in headings(page):
        if h.level == 2 and h.id:
            items.append((h, []))
        elif h.level == 3 and h.id and items:
            items[-1][1].append(h)
    if not items:
        return ""

    def link(h: Heading) -> str:
        return f'<a href="#{html.escape(h.id)}">{html.escape(h.text)}</a>'

    lines = ["<ol>"]
    for h2, h3s in items:
        sub = "".join(f"<li>{link(h)}</li>" for h in h3s)
        lines.append(f"<li>{link(h2)}" + (f"<ol>{sub}</ol>" if sub else "") + "</li>")
    lines.append("</ol>")
    return "\n".join(lines)


def search_index(pages: list[tuple[str, str, str | BeautifulSoup]]) -> str:
    """The search index of ``pages``, (href, title, page HTML or parsed) each, as
    search-index.js."""
    index = {"pages": [], "sections": []}
    for i, (href, title, page) in enumerate(pages):
        index["pages"].append({"href": href, "title": title})
        for s in sections(page):
            index["sections"].append([i, s.heading.id, s.heading.text, " ".join(s.text)])
    return "window.COURSE_SEARCH = " + json.dumps(index, ensure_ascii=False) + ";\n"
