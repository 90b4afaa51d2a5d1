"""The outcome of a check as data, and the one line rendered from it (here, and only here)."""

from __future__ import annotations

from dataclasses import dataclass

from ..marks import FAIL, PASS, TODO, WORDS, verdict

MARKS = {"pass": PASS, "fail": FAIL, "todo": TODO}
RERUN = " Now run the cells below it again: some stopped because it was not done."


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome. ``status`` is ``pass``, ``fail`` or ``todo``; ``mistake`` the id of
    the typical mistake that explains the answer (``full_mistake_id``: ``ex4.1/missing-slope``);
    ``detail`` the text after the head of the line (empty for a pass); ``printed`` the
    shortened lines the learner's function printed; ``interrupted`` says Interrupt was pressed
    during the check; ``right`` of ``cases`` test inputs gave the expected result;
    ``rerun_below`` says a cell below waited for this exercise (a pass then says to re-run)."""

    ex_id: str
    title: str
    status: str
    detail: str = ""
    mistake: str | None = None
    printed: tuple[str, ...] = ()
    interrupted: bool = False
    right: int = 0
    cases: int = 0
    rerun_below: bool = False

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    @property
    def full_mistake_id(self) -> str | None:
        return f"{self.ex_id}/{self.mistake}" if self.mistake else None

    @property
    def head(self) -> str:
        """``❌ not yet: ex1.4 weight_step``."""
        return verdict(MARKS[self.status], self.ex_id, self.title)

    @property
    def line(self) -> str:
        """The one line a learner reads under the check cell."""
        if self.passed:
            tested = f" on all {self.cases} test inputs" if self.cases else ""
            return f"{self.head}{tested}.{RERUN if self.rerun_below else ''}"
        return f"{self.head} — {self.detail}"

    @property
    def assertion(self) -> str:
        """The AssertionError text under nbgrader: ``ex1.4 weight_step: not yet (see ...)``."""
        name = f"{self.ex_id} {self.title}".rstrip()
        return f"{name}: {WORDS[MARKS[self.status]]} (see the line above)"
