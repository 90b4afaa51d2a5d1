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

_HEADING_ID = re.compile(r"^#+\s*Exercise\s+(ex\d+[._]\d+)", re.MULTILINE)


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


def exercise_of_cell(cell, before=()) -> str | None:
    """The exercise id (``ex4.1``) of an exercise cell: the ``grade_id`` of an nbgrader
    solution cell (``ex4_1`` or ``ex4.1``), else the id in the nearest ``### Exercise exN.k``
    heading among the cells ``before`` it (in notebook order); None when neither says."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if meta.get("solution"):
        found = canonical_id(str(meta.get("grade_id", "")))
        if found:
            return found
    for previous in reversed(list(before)):
        if previous.get("cell_type") == "markdown":
            heading = _HEADING_ID.search(previous.get("source", ""))
            if heading:
                return canonical_id(heading.group(1))
    return None


class Kernel:
    """What this kernel remembers about exercises: which stubs have raised (``pending``),
    which cells stopped on an exercise (``needed``: after its ✅ they are re-run), the names an
    exercise's cells define, and the names a failed cell would have bound (``derived``)."""

    def __init__(self):
        self.pending: set[str] = set()  # exercises whose stub has raised in this kernel
        self.needed: set[str] = set()  # exercises a cell (not a check) stopped on
        self.names: dict[str, str] = {}  # notebook name -> exercise whose cells define it
        self.derived: dict[str, str] = {}  # name a failed cell would have bound -> exercise

    def forget_progress(self) -> None:
        """Forget pending, needed and derived (the names of exercises stay)."""
        self.pending.clear()
        self.needed.clear()
        self.derived.clear()

    def mark_pending(self, ex_id: str) -> None:
        """Remember that ``ex_id``'s stub raised in this kernel."""
        self.pending.add(ex_id)

    def mark_needed(self, ex_id: str) -> None:
        """Remember that a cell stopped because ``ex_id`` was not done (it needs a re-run)."""
        self.pending.add(ex_id)
        self.needed.add(ex_id)

    def mark_done(self, ex_id: str) -> None:
        """Forget that ``ex_id`` was unfinished (its check has passed)."""
        self.pending.discard(ex_id)
        for name in [n for n, e in self.derived.items() if e == ex_id]:
            del self.derived[name]

    def take_needed(self, ex_id: str) -> bool:
        """True once if a cell stopped on ``ex_id`` before its check passed (then forgets it)."""
        if ex_id in self.needed:
            self.needed.discard(ex_id)
            return True
        return False

    def unfinished(self) -> list[str]:
        """The exercises whose stub has raised and whose check has not passed since, sorted."""
        return sorted(self.pending)

    def register_names(self, ex_id: str, names) -> None:
        """Record that the cells of ``ex_id`` define ``names`` (called when an Exercise is
        made)."""
        canon = canonical_id(ex_id) or ex_id
        for name in names:
            self.names[name] = canon

    def register_derived(self, ex_id: str, names) -> None:
        """Record names a cell would have bound had ``ex_id`` been done."""
        for name in names:
            if name not in self.names:
                self.derived[name] = ex_id

    def forget_derived(self, names) -> None:
        """Names a cell has now bound: no longer missing."""
        for name in names:
            self.derived.pop(name, None)

    def exercise_for_name(self, name: str) -> tuple[str, bool] | None:
        """``(ex_id, defined_by_exercise)`` for a name an exercise defines (True) or a name a
        cell could not compute because an exercise was not done (False); None otherwise."""
        if name in self.names:
            return self.names[name], True
        if name in self.derived:
            return self.derived[name], False
        return None

    def stub_raising(self, tb) -> str | None:
        """A bare NotImplementedError (nbgrader's stub) with traceback ``tb``: the exercise
        whose function raised it (the deepest function on ``tb`` an exercise defines)."""
        found = None
        while tb is not None:
            found = self.names.get(tb.tb_frame.f_code.co_name) or found
            tb = tb.tb_next
        return found


kernel = Kernel()  # the one registry of this Python process (a student's kernel)
