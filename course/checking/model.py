"""What a check is made of: an ``Exercise`` (the reference, the cases, the typical
``Mistake``s) and the two steps that check a learner's function against it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..marks import kernel
from .calls import Source, call_learner
from .judge import judge
from .report import report
from .result import CheckResult

TIME_LIMIT = 10.0  # seconds for all calls of the learner's function in one check
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: ``id`` names it for teachers (stable, unique within its
    exercise: ``ex4.1/missing-slope`` is mistake ``missing-slope`` of ex4.1); ``fn`` takes the
    check's inputs and returns what that mistake returns; ``message`` names the mistake
    without showing the fix."""

    id: str
    fn: Callable
    message: str

    @classmethod
    def swapped(cls, fn: Callable, first: str, second: str) -> Mistake:
        """The slip of an exercise that returns a pair: ``fn``'s two results swapped."""
        return cls("swapped", lambda *case: fn(*case)[::-1],
                   f"the pair comes back in the wrong order: the result is ({first}, {second}).")


@dataclass(frozen=True)
class Exercise:
    """One exercise's check: the skeleton every ``course/checks/chNN.py`` is written on.

    ``reference`` is the right answer as a function of a case; ``cases`` are argument tuples
    (edge cases included); ``mistakes`` the typical wrong answers, each named only when it
    explains every case. ``structure(source)`` may return a one-line problem found in the
    learner's source (a ``calls.Source``: its text and its helpers' text) before any result
    counts; ``hint(case, got, expected)`` may add a sentence when no mistake matched. ``names``
    are the notebook names the exercise's cells define (the learner's function first; the
    title by default), so a NameError for one of them is blamed on this exercise. ``points`` is
    what the check cell is worth under nbgrader. ``time_limit`` is in seconds for all calls
    together; ``may_change`` names arguments the learner may change in place (none by default).
    """

    ex_id: str
    title: str
    reference: Callable
    cases: Sequence[tuple]
    mistakes: Sequence[Mistake] = ()
    outputs: Sequence[str] | None = None
    rtol: float = 1e-6
    atol: float = 1e-9
    structure: Callable[[Source], str | None] | None = None
    hint: Callable[[tuple, object, object], str | None] | None = None
    names: tuple[str, ...] = ()
    points: int = 1
    time_limit: float = TIME_LIMIT
    may_change: tuple[str, ...] = ()

    def __post_init__(self):
        seen = set()
        for mistake in self.mistakes:
            if not isinstance(mistake.id, str) or not _SLUG.fullmatch(mistake.id):
                raise ValueError(f"mistakes: expected ids of lower-case words and digits joined "
                                 f"by hyphens ('missing-slope'), got {mistake.id!r} in "
                                 f"{self.ex_id}")
            if mistake.id in seen:
                raise ValueError(f"mistakes: expected ids unique within {self.ex_id}, got "
                                 f"{mistake.id!r} twice")
            seen.add(mistake.id)
        kernel.register_names(self.ex_id, self.names or (self.title,))

    def mistake_ids(self) -> list[str]:
        """The full id of every mistake: ``ex4.1/missing-slope``."""
        return [f"{self.ex_id}/{m.id}" for m in self.mistakes]

    def run(self, learner: object) -> CheckResult:
        """The result for ``learner``: step 1 calls it, step 2 judges what it gave. Never
        raises because of what the learner wrote."""
        return judge(self, call_learner(self, learner))

    def check(self, learner: object) -> None:
        """Print the one line for ``learner`` (the public check functions call this); under
        nbgrader, raise an AssertionError when it does not pass."""
        report(self.run(learner))
