"""CHANGELOG.md, read by exercise id, and which of its lines a student has already been shown
(``my-notebooks/.course-state.json``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ...marks import canonical_id
from .files import write_atomic

STATE = ".course-state.json"  # in the work folder: the changelog lines already shown
_ENTRY = re.compile(r"^- (?P<ids>ex\d+[._]\d+(?:\s*,\s*ex\d+[._]\d+)*)"
                    r"(?:\s*\(`?(?P<chapter>[\w.-]+?)`?\))?\s*:\s*(?P<text>.+)$")


@dataclass(frozen=True)
class Entry:
    """One changelog line: ``- ex1.2 (`01_one_sigmoid_unit`): what changed``."""

    ids: tuple[str, ...]
    chapter: str | None
    text: str
    line: str


def changelog_entries(root: Path, text: str | None = None) -> list[Entry]:
    """Every exercise line of the learner's CHANGELOG.md (or of ``text``), in file order."""
    if text is None:
        try:
            text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return []
    entries = []
    for line in text.splitlines():
        if line.startswith(("    ", "\t")):  # a Markdown code block: the authors' example
            continue
        m = _ENTRY.match(line.strip())
        if m:
            ids = tuple(canonical_id(i) for i in re.split(r"\s*,\s*", m["ids"]))
            entries.append(Entry(ids, m["chapter"], m["text"].strip(), line.strip()))
    return entries


def _seen(work: Path) -> set[str] | None:
    """The changelog lines shown before, or None when ``work`` has no record of any."""
    try:
        return set(json.loads((work / STATE).read_text(encoding="utf-8"))["seen"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remember(work: Path, entries: list[Entry]) -> None:
    try:
        write_atomic(work / STATE, json.dumps({"seen": [e.line for e in entries]}, indent=1,
                                              ensure_ascii=False) + "\n")
    except OSError:
        pass  # a read-only folder: the chapters' own lines say so


def remember_current(root: Path, work: Path) -> None:
    """Before the clone moves to a new version: when ``work`` has no record yet, record the
    changelog of the version the student has, so that the next ``new_entries`` shows only
    what the new version adds (an update never shows the whole changelog)."""
    if _seen(work) is None:
        try:
            work.mkdir(exist_ok=True)
        except OSError:
            return  # the copies' own lines will say so
        _remember(work, changelog_entries(root))


def new_entries(root: Path, work: Path) -> list[Entry]:
    """The changelog lines not shown before (none on a first use), now recorded as shown."""
    entries = changelog_entries(root)
    seen = _seen(work)
    _remember(work, entries)
    return [] if seen is None else [e for e in entries if e.line not in seen]
