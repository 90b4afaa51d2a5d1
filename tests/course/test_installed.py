"""course/installed.py: the set-up cell's line when the kernel imported another copy of the
course than the checkout the notebook belongs to (test_wheel runs it on a real wheel)."""

import shutil
import sys
from pathlib import Path

import course
import helpers
from course.installed import installed_copy_note

ROOT = Path(__file__).resolve().parents[2]


def checkout(where: Path) -> Path:
    """A checkout of the course: ``course/`` and ``helpers/`` as imported, ``notebooks/``."""
    for package in (course, helpers):
        src = Path(package.__file__).resolve().parent
        shutil.copytree(src, where / src.name, ignore=shutil.ignore_patterns("__pycache__"))
    (where / "notebooks").mkdir()
    return where


def test_no_line_outside_a_checkout_or_in_the_checkout_imported(tmp_path):
    assert installed_copy_note(tmp_path) is None
    assert installed_copy_note(Path(course.__file__).resolve().parents[1] / "notebooks") is None


def test_no_line_when_the_other_copy_holds_the_same_code(tmp_path):
    assert installed_copy_note(checkout(tmp_path) / "notebooks") is None


def test_a_changed_module_names_both_places_and_the_fix(tmp_path):
    root = checkout(tmp_path)
    marks = root / "course" / "marks.py"
    marks.write_text(marks.read_text(encoding="utf-8") + "\n# a newer version\n",
                     encoding="utf-8")
    imported = Path(sys.modules["course"].__file__).resolve().parent
    assert installed_copy_note(root / "notebooks") == (
        f"⚠️ This notebook belongs to the course in {root}, but Python imported `course` "
        f"from another copy, {imported}: run `pip install -e {root}` in this environment "
        "(or start JupyterLab with `make lab`), then restart the kernel.")


def test_helpers_is_checked_too_and_files_outside_the_package_do_not_count(tmp_path):
    root = checkout(tmp_path)
    (root / "course" / "tools" / "hub" / "extra.py").write_text("x = 1\n")  # never installed
    assert installed_copy_note(root / "notebooks") is None
    (root / "helpers" / "losses.py").write_text("# another version\n")
    note = installed_copy_note(root / "notebooks")
    assert note is not None and "imported `helpers` from another copy" in note
