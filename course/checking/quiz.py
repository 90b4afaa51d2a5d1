"""A question answered by a value (an option letter, a number, a list of numbers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..marks import FAIL, kernel, verdict
from .compare import compare, type_problem
from .fmt import fit, fmt, is_real, kind
from .report import report
from .result import CheckResult


@dataclass(frozen=True)
class Quiz:
    """A question answered by a value (an option letter, a number): ``answer`` is right;
    ``wrong`` maps a tempting wrong answer to the message that explains it."""

    ex_id: str
    title: str
    answer: object
    choices: Sequence[object] | None = None
    wrong: dict = field(default_factory=dict)
    rtol: float = 1e-3
    points: int = 1
    names: tuple[str, ...] = ()

    def __post_init__(self):
        if self.names:
            kernel.register_names(self.ex_id, self.names)

    def run(self, given: object) -> CheckResult:
        def result(status: str, detail: str = "") -> CheckResult:
            head = verdict(FAIL, self.ex_id, self.title)
            return CheckResult(self.ex_id, self.title, status, fit(head, detail) if detail
                               else "", right=int(status == "pass"), cases=0)
        if given is None or given is Ellipsis:
            return result("todo", "put your answer in the cell above, run it, then run this "
                                  "one again.")
        try:
            if self.choices is not None and not _among(given, self.choices):
                options = ", ".join(repr(c) for c in self.choices)
                return result("fail", f"expected one of {options}, got {fmt(given)}.")
            if _quiz_equal(given, self.answer, self.rtol):
                kernel.mark_done(self.ex_id)
                return result("pass")
            for value, message in self.wrong.items():
                if _quiz_equal(given, value, self.rtol):
                    return result("fail", message)
            problem = _form_problem(given, self.answer)
            if problem:
                return result("fail", problem)
        except Exception:  # an answer that cannot even be compared is simply not this one
            pass
        return result("fail", "not this one; reread the question and try again.")

    def check(self, given: object) -> None:
        report(self.run(given))


def _form_problem(given, answer) -> str | None:
    """What is wrong with the form of a quiz answer (a number, a list of numbers), if any."""
    if is_real(answer) and type_problem(given, answer) is not None:
        if isinstance(given, str):
            return f"expected a number, got a str ({fmt(given)}): write the number without quotes."
        return f"{type_problem(given, answer)}."
    if isinstance(answer, tuple):
        if isinstance(given, np.ndarray):
            given = given.tolist()
        n = len(answer)
        if not isinstance(given, (list, tuple)):
            return f"expected a list of {n} numbers, got {kind(given)}."
        if len(given) != n:
            return f"expected a list of {n} numbers, got {len(given)} of them."
        odd = [g for g in given if not is_real(g)]
        if odd:
            return f"expected a list of {n} numbers, but it holds {kind(odd[0])}."
    return None


def _among(given, choices) -> bool:
    for choice in choices:
        if is_real(given) and is_real(choice):
            if given == choice:
                return True
        elif type(given) is type(choice) and given == choice:
            return True
    return False


def _quiz_equal(given, value, rtol) -> bool:
    if isinstance(value, tuple) and isinstance(given, np.ndarray) and given.ndim == 1:
        given = given.tolist()  # an array of the right numbers is the right answer
    if isinstance(value, str) or isinstance(given, str):
        return isinstance(given, str) and isinstance(value, str) and given.strip() == value
    if type_problem(given, value) is not None:
        return False
    return compare(given, value, rtol=rtol) is None
