"""Exercise ids, status marks and what the kernel knows about exercises: a leaf module that
every other part of the course reads.

An exercise id is written ``ex4.1`` wherever a learner reads it (headings, messages). nbgrader
allows no dot in a ``grade_id``, so notebook metadata spells the same id ``ex4_1``; both
spellings parse to the same id here.
"""

from __future__ import annotations

import os
import re

PASS, FAIL, TODO = "✅", "❌", "⏳"
# the word after each mark: the line still reads right without an emoji font or by ear
WORDS = {PASS: "correct", FAIL: "not yet", TODO: "not done yet"}

_EXERCISE_ID = re.compile(r"\bex(\d+)[._](\d+)\b")

_pending: set[str] = set()  # exercises whose stub has raised in this kernel
_needed: set[str] = set()  # exercises a cell (not a check) stopped on: after ✅, re-run below
_names: dict[str, str] = {}  # notebook name -> exercise whose cells define it
_derived: dict[str, str] = {}  # name a failed cell would have bound -> exercise it waited for


def canonical_id(text: str) -> str | None:
    """``"ex4.1"`` for ``"ex4.1"`` or ``"ex4_1"`` (or a text containing one), else None."""
    found = _EXERCISE_ID.search(text)
    return f"ex{found.group(1)}.{found.group(2)}" if found else None


def grade_id(ex_id: str) -> str:
    """The nbgrader spelling of an exercise id: ``"ex4.1"`` becomes ``"ex4_1"``."""
    canon = canonical_id(ex_id)
    if canon is None:
        raise ValueError(f"ex_id: expected an exercise id such as 'ex4.1', got {ex_id!r}")
    return canon.replace(".", "_")


def not_done_message(ex_id: str) -> str:
    """The text a stub raises, ``"ex1.2 is not done yet"``; the id is what matters."""
    return f"{ex_id} is not done yet"


def exercise_id(exc: BaseException) -> str | None:
    """The exercise id carried by a stub's NotImplementedError, if any."""
    return canonical_id(str(exc)) if isinstance(exc, NotImplementedError) else None


def verdict(mark: str, ex_id: str, title: str) -> str:
    """The start of every check line: ``"❌ not yet: ex1.4 weight_step"``."""
    return f"{mark} {WORDS[mark]}: {canonical_id(ex_id) or ex_id} {title}".rstrip()


def grading() -> bool:
    """True while nbgrader runs the notebook (``nbgrader autograde`` or ``nbgrader validate``
    set ``NBGRADER_EXECUTION`` to ``"autograde"`` or ``"validate"``)."""
    return os.environ.get("NBGRADER_EXECUTION", "") in ("autograde", "validate")


def mark_pending(ex_id: str) -> None:
    """Remember that ``ex_id``'s stub raised in this kernel."""
    _pending.add(ex_id)


def mark_needed(ex_id: str) -> None:
    """Remember that a cell stopped because ``ex_id`` was not done (it needs a re-run)."""
    _pending.add(ex_id)
    _needed.add(ex_id)


def mark_done(ex_id: str) -> None:
    """Forget that ``ex_id`` was unfinished (its check has passed)."""
    _pending.discard(ex_id)
    for name in [n for n, e in _derived.items() if e == ex_id]:
        del _derived[name]


def take_needed(ex_id: str) -> bool:
    """True once if a cell stopped on ``ex_id`` before its check passed (then forgets it)."""
    if ex_id in _needed:
        _needed.discard(ex_id)
        return True
    return False


def pending() -> list[str]:
    """The exercises whose stub has raised and whose check has not passed since, sorted."""
    return sorted(_pending)


def register_names(ex_id: str, names) -> None:
    """Record that the cells of ``ex_id`` define ``names`` (called when an Exercise is made)."""
    canon = canonical_id(ex_id) or ex_id
    for name in names:
        _names[name] = canon


def register_derived(ex_id: str, names) -> None:
    """Record names a cell would have bound had ``ex_id`` been done."""
    for name in names:
        if name not in _names:
            _derived[name] = ex_id


def forget_derived(names) -> None:
    """Names a cell has now bound: no longer missing."""
    for name in names:
        _derived.pop(name, None)


def exercise_for_name(name: str) -> tuple[str, bool] | None:
    """``(ex_id, defined_by_exercise)`` for a name an exercise defines (True) or a name a cell
    could not compute because an exercise was not done (False); None for any other name."""
    if name in _names:
        return _names[name], True
    if name in _derived:
        return _derived[name], False
    return None


def exercise_for_function(name: str) -> str | None:
    """The exercise whose cells define the function ``name``, if any."""
    return _names.get(name)
