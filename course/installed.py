"""Which copy of the course a kernel imported: the set-up cell's one-line warning when a
notebook of one checkout runs against the ``course`` or ``helpers`` of another copy (an image
with the course installed, or a wheel of another version), which would otherwise run the
notebook against other checks and helpers without a word."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _course_root_above(folder: Path) -> Path | None:
    """The course checkout that ``folder`` (a notebook's folder) belongs to, if any."""
    for cand in [folder, *list(folder.parents)[:3]]:
        if (cand / "course" / "__init__.py").is_file() and (cand / "notebooks").is_dir():
            return cand
    return None


def _same_code(mine: Path, other: Path) -> bool:
    """True when every module of the checkout's package ``mine`` is in ``other``, unchanged."""
    for path in sorted(mine.rglob("*.py")):
        rel = path.relative_to(mine)
        if not all((mine / f / "__init__.py").is_file() for f in rel.parents):
            continue  # not a module of the package (course/tools/hub/...): never installed
        twin = other / rel
        if not twin.is_file() or twin.read_bytes() != path.read_bytes():
            return False
    return True


def installed_copy_note(folder: str | Path | None = None) -> str | None:
    """One line when the kernel imported a course or helpers package other than the one of
    the checkout the notebook is in (``folder``: the kernel's working folder), else None."""
    import helpers

    root = _course_root_above(Path(folder or os.getcwd()).resolve())
    if root is None:
        return None
    for name, module in (("course", sys.modules["course"]), ("helpers", helpers)):
        imported = Path(module.__file__).resolve().parent
        mine = root / name
        if imported == mine.resolve() or not mine.is_dir():
            continue
        try:
            if _same_code(mine, imported):
                continue
        except OSError:
            pass
        return (f"⚠️ This notebook belongs to the course in {root}, but Python imported "
                f"`{name}` from another copy, {imported}: run `pip install -e {root}` in this "
                "environment (or start JupyterLab with `make lab`), then restart the kernel.")
    return None
