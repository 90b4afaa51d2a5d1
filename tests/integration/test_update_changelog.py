"""CHANGELOG.md read by exercise id, and the lines a student was shown
(course/tools/update/changelog.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from course_repos import make_course

from course.tools.update.changelog import changelog_entries, new_entries, remember_current
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


def test_a_first_use_shows_nothing_and_later_only_the_new_lines(course):
    work = course / "my-notebooks"
    work.mkdir()
    assert new_entries(course, work) == []  # no record yet: nothing is "new"
    log = course / "CHANGELOG.md"
    line = "- ex1.1 (`01_one_sigmoid_unit`): a clearer docstring."
    log.write_text(log.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    assert [e.line for e in new_entries(course, work)] == [line]
    assert new_entries(course, work) == []  # shown once


def test_before_the_clone_moves_the_changelog_the_student_has_counts_as_seen(course):
    """The git step records it when there is no record yet, so the copies step (the new
    version's code, in a new process) shows only what the new version added."""
    work = course / "my-notebooks"  # not made yet: remember_current makes it
    remember_current(course, work)
    log = course / "CHANGELOG.md"
    line = "- ex1.1 (`01_one_sigmoid_unit`): a clearer docstring."
    log.write_text(log.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    remember_current(course, work)  # a record exists: left as it is
    assert [e.line for e in new_entries(course, work)] == [line]


def test_the_authors_example_line_in_a_code_block_is_no_entry():
    text = ("For authors, in exactly this form:\n\n"
            "    - ex4.1 (`04_backprop_by_hand`): what changed, in one sentence.\n\n"
            "## Unreleased\n\n- ex2.2 (`02_gradient_descent_admissions`): a real line.\n")
    assert [e.ids for e in changelog_entries(Path("."), text)] == [("ex2.2",)]
