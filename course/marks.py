"""Exercise ids and status marks: a leaf module that every other part of the course reads.

An exercise id is written ``ex4.1`` wherever a learner reads it (headings, messages). nbgrader
allows no dot in a ``grade_id``, so notebook metadata spells the same id ``ex4_1``; both
spellings parse to the same id here.
"""

from __future__ import annotations

import re

PASS, FAIL, TODO = "✅", "❌", "⏳"

_EXERCISE_ID = re.compile(r"\bex(\d+)[._](\d+)\b")

_pending: set[str] = set()  # exercises whose stub has raised in this kernel


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


def mark_pending(ex_id: str) -> None:
    """Remember that ``ex_id``'s stub raised in this kernel."""
    _pending.add(ex_id)


def mark_done(ex_id: str) -> None:
    """Forget that ``ex_id`` was unfinished (its check has passed)."""
    _pending.discard(ex_id)


def pending() -> list[str]:
    """The exercises whose stub has raised and whose check has not passed since, sorted."""
    return sorted(_pending)
