"""The machinery behind every exercise check.

A check runs the learner's function on copies of several inputs, compares each result with
the reference, and prints one line: a pass, "not done yet", or what is wrong. Typical
mistakes are given as functions computing the wrong answer they lead to, so a match names
the mistake. Nothing here ever lets a traceback reach the learner.
"""

from __future__ import annotations

import copy
import inspect
import re
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .marks import FAIL, PASS, TODO, exercise_id, mark_done, not_done_message

__all__ = ["FAIL", "PASS", "TODO", "Exercise", "Feedback", "Mistake", "Quiz", "compare",
           "exercise_id", "fmt", "not_done_message", "report", "run_check"]

_COURSE_DIR = str(Path(__file__).resolve().parent)


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: ``fn`` takes the check's inputs and returns what that mistake
    returns; ``message`` names the mistake without showing the fix."""

    fn: Callable
    message: str


@dataclass(frozen=True)
class Feedback:
    """The outcome of a check: ``passed`` and the one line shown to the learner."""

    passed: bool
    line: str




@dataclass(frozen=True)
class Exercise:
    """One exercise's check: the skeleton every ``course/checks/chNN.py`` is written on.

    ``reference`` is the right answer as a function of a case; ``cases`` are argument tuples
    (edge cases included); ``mistakes`` the typical wrong answers, each named only when it
    explains every case. ``structure(learner)`` may return a one-line problem found before
    running anything (a wrong signature, say); ``hint(case, got, expected)`` may add a
    sentence when no mistake matched. ``names`` are the notebook names the exercise's cells
    define (the learner's function first), so a NameError for one of them is blamed on this
    exercise. ``points`` is what the check cell is worth under nbgrader.
    """

    ex_id: str
    title: str
    reference: Callable
    cases: Sequence[tuple]
    mistakes: Sequence[Mistake] = ()
    outputs: Sequence[str] | None = None
    rtol: float = 1e-6
    atol: float = 1e-9
    structure: Callable[[Callable], str | None] | None = None
    hint: Callable[[tuple, object, object], str | None] | None = None
    names: tuple[str, ...] = ()
    points: int = 1

    def run(self, learner: object) -> Feedback:
        """The Feedback for ``learner``; never raises because of what the learner wrote."""
        if self.structure is not None and callable(learner):
            problem = self.structure(learner)
            if problem:
                return Feedback(False, f"{FAIL} {self.ex_id} {self.title}: {problem}")
        feedback = run_check(self.ex_id, self.title, learner, self.reference, self.cases,
                             self.mistakes, self.outputs, self.rtol, self.atol)
        if self.hint is not None and not feedback.passed and feedback.line.startswith(FAIL):
            if not any(m.message in feedback.line for m in self.mistakes):
                for case in self.cases:
                    try:
                        extra = self.hint(case, learner, self.reference(*copy.deepcopy(case)))
                    except Exception:  # a hint is a bonus; it never breaks the check
                        extra = None
                    if extra:
                        feedback = Feedback(False, f"{feedback.line} {extra}")
                        break
        return feedback

    def check(self, learner: object) -> None:
        """Print the one line for ``learner`` (the public check functions call this)."""
        report(self.run(learner))


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

    def run(self, given: object) -> Feedback:
        head = f"{self.ex_id} {self.title}"
        if given is None or given is Ellipsis:
            return Feedback(False, f"{TODO} {head}: not done yet. Put your answer in the "
                                   f"cell above, run it, then run this one again.")
        if self.choices is not None and given not in self.choices:
            options = ", ".join(repr(c) for c in self.choices)
            return Feedback(False, f"{FAIL} {head}: expected one of {options}, got "
                                   f"{fmt(given)}.")
        if compare(given, self.answer, rtol=self.rtol) is None:
            mark_done(self.ex_id)
            return Feedback(True, f"{PASS} {head}: correct.")
        for value, message in self.wrong.items():
            if compare(given, value, rtol=self.rtol) is None:
                return Feedback(False, f"{FAIL} {head}: {message}")
        return Feedback(False, f"{FAIL} {head}: not this one; reread the question and try "
                               f"again.")

    def check(self, given: object) -> None:
        report(self.run(given))


def run_check(ex_id: str, title: str, learner: object, reference: Callable,
              cases: Sequence[tuple], mistakes: Sequence[Mistake] = (),
              outputs: Sequence[str] | None = None, rtol: float = 1e-6,
              atol: float = 1e-9) -> Feedback:
    """Compare ``learner(*case)`` with ``reference(*case)`` for every case.

    ``outputs`` names the parts of a tuple result (for example ``("delta_W1", "delta_W2")``).
    Returns a Feedback; never raises because of what the learner wrote.
    """
    head = f"{ex_id} {title}"
    if not callable(learner):
        return Feedback(False, f"{FAIL} {head}: expected a function, got "
                               f"{type(learner).__name__}. Pass the function itself, "
                               f"without calling it.")
    names = _parameter_names(reference)
    for case in cases:
        expected = reference(*copy.deepcopy(case))
        try:  # copies: learner code that changes its arguments cannot touch ours
            got = learner(*copy.deepcopy(case))
        except NotImplementedError:
            return Feedback(False, f"{TODO} {head}: not done yet. Replace the "
                                   f"NotImplementedError line in exercise {ex_id} with your "
                                   f"code, run that cell, then run this one again.")
        except Exception as exc:  # anything the learner's code raises becomes one line
            return Feedback(False, f"{FAIL} {head}: your code raised {_one_line(exc)}"
                                   f"{_where(exc)} on {_describe(names, case)}.")
        problem = compare(got, expected, outputs, rtol, atol)
        if problem is None:
            continue
        for mistake in mistakes:
            if _matches(mistake, case, got, outputs, rtol, atol):
                return Feedback(False, f"{FAIL} {head}: {mistake.message} On "
                                       f"{_describe(names, case)}: expected "
                                       f"{fmt(expected)}, got {fmt(got)}.")
        return Feedback(False, f"{FAIL} {head}: {problem} (on {_describe(names, case)}).")
    mark_done(ex_id)
    return Feedback(True, f"{PASS} {head}: correct on all {len(cases)} test inputs.")


def report(feedback: Feedback) -> None:
    """Print a check's single line."""
    print(feedback.line)


def _matches(mistake: Mistake, case: tuple, got: object, outputs, rtol, atol) -> bool:
    try:
        wrong = mistake.fn(*copy.deepcopy(case))
    except Exception:  # a mistake that cannot run on this input does not match
        return False
    return compare(got, wrong, outputs, rtol, atol) is None


def compare(got: object, expected: object, outputs: Sequence[str] | None = None,
            rtol: float = 1e-6, atol: float = 1e-9) -> str | None:
    """None when ``got`` matches ``expected``; otherwise a short diagnosis (shape, type,
    NaN, transposed, sign, factor or value), expected vs got included."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            what = ", ".join(outputs) if outputs else f"{len(expected)} values"
            kind = (f"{len(got)} values" if isinstance(got, (tuple, list))
                    else type(got).__name__)
            return f"expected {len(expected)} results ({what}), got {kind}"
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            problem = compare(g, e, None, rtol, atol)
            if problem is not None:
                label = outputs[i] if outputs else f"result {i + 1}"
                return f"{label}: {problem}"
        return None
    if isinstance(expected, str):
        return None if got == expected else f"expected {expected!r}, got {got!r}"
    return _compare_arrays(got, np.asarray(expected, dtype=float), rtol, atol)


def _compare_arrays(got: object, e: np.ndarray, rtol: float, atol: float) -> str | None:
    if got is None:
        return "your function returned None: is a `return` missing?"
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"expected a number or an array of numbers, got {type(got).__name__}"
    if g.shape != e.shape:
        if e.ndim == 2 and g.shape == e.T.shape:
            return (f"wrong shape: expected {e.shape}, got {g.shape}, the transpose. "
                    f"Check which axis is which")
        if g.size == e.size:
            return (f"wrong shape: expected {e.shape}, got {g.shape} (same number of "
                    f"entries, arranged differently: a column where a 1-D array is meant?)")
        return f"wrong shape: expected {e.shape}, got {g.shape}"
    if np.isnan(g).any():
        return f"the result contains NaN: expected {fmt(e)}, got {fmt(g)}"
    if np.allclose(g, e, rtol=rtol, atol=atol):
        return None
    if e.ndim == 2 and e.shape[0] == e.shape[1] and np.allclose(g, e.T, rtol=rtol, atol=atol):
        return f"the result looks transposed: expected {fmt(e)}, got {fmt(g)}"
    if np.allclose(g, -e, rtol=rtol, atol=atol):
        return f"wrong sign: expected {fmt(e)}, got {fmt(g)}"
    nz = np.abs(e) > 1e-12
    if nz.any() and np.allclose(g[~nz], 0, atol=atol):
        ratios = g[nz] / e[nz]
        # one number is always some multiple of another: then only a whole factor counts
        telling = ratios.size > 1 or _whole_or_inverse(ratios[0])
        if telling and np.allclose(ratios, ratios[0], rtol=1e-6) and np.isfinite(ratios[0]):
            return (f"off by a factor of {ratios[0]:.4g}: expected {fmt(e)}, got {fmt(g)}")
    return f"wrong value: expected {fmt(e)}, got {fmt(g)}"


def fmt(value: object) -> str:
    """A short rounded rendering of a number, array or tuple of them for messages."""
    if isinstance(value, (tuple, list)) and not _is_numeric_list(value):
        return "(" + ", ".join(fmt(v) for v in value) + ")"
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return repr(value) if len(repr(value)) < 60 else type(value).__name__
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    text = np.array2string(arr, separator=", ", threshold=12, edgeitems=2,
                           max_line_width=10_000, formatter={"float_kind": _num})
    return re.sub(r"\s+", " ", text)


def _whole_or_inverse(r: float) -> bool:
    if not np.isfinite(r) or r == 0:
        return False
    k = abs(r) if abs(r) >= 1 else 1 / abs(r)
    return abs(k - round(k)) < 1e-6 * k


def _num(v: float) -> str:
    return f"{v:.5g}" if abs(v) >= 1e-12 else "0"


def _is_numeric_list(value: Sequence) -> bool:
    return all(isinstance(v, (int, float, np.number)) for v in value)


def _parameter_names(fn: Callable) -> list[str]:
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return []


def _describe(names: list[str], case: tuple) -> str:
    parts = [f"{names[i] if i < len(names) else f'arg{i + 1}'}={fmt(arg)}"
             for i, arg in enumerate(case)]
    return "the input " + ", ".join(parts) if parts else "no input"


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _where(exc: BaseException) -> str:
    """' at line N (`code`)' for the deepest frame of the learner's own code, if any."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename.startswith("<") or "ipykernel" in f.filename]
    frames = [f for f in frames if not f.filename.startswith(_COURSE_DIR)]
    if not frames:
        return ""
    frame = frames[-1]
    code = f" (`{frame.line.strip()}`)" if frame.line else ""
    return f" at line {frame.lineno} of your cell{code}"
