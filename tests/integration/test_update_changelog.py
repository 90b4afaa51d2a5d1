"""CHANGELOG.md read by exercise id, and the lines a student was shown
(course/tools/update/changelog.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from course_repos import make_course

from course.tools.update.changelog import changelog_entries
from course.tools.update.copies import sync


@pytest.fixture
def course(tmp_path) -> Path:
    return make_course(tmp_path)


def test_changelog_lines_are_read_by_exercise_id(tmp_path):
    (tmp_path / "CHANGELOG.md").write_text(
        "# Changelog\n\n## Unreleased\n"
        "- ex4_1 (`04_backprop_by_hand`): the check names the transposed matrix.\n"
        "- ex1.2, ex1.3 (`01_one_sigmoid_unit`): clearer docstrings.\n"
        "- not an exercise line\n", encoding="utf-8")
    got = [(e.ids, e.chapter, e.text) for e in changelog_entries(tmp_path)]
    assert got == [(("ex4.1",), "04_backprop_by_hand", "the check names the transposed matrix."),
                   (("ex1.2", "ex1.3"), "01_one_sigmoid_unit", "clearer docstrings.")]


def test_the_state_file_is_json_and_hidden(course):
    sync(course)
    state = json.loads((course / "my-notebooks" / ".course-state.json").read_text())
    assert state["seen"] == [e.line for e in changelog_entries(course)]
