"""The machinery behind every exercise check.

A check runs the learner's function on copies of several inputs, compares each result with
the reference, and prints one line: ``✅ correct: …``, ``❌ not yet: …`` or ``⏳ not done: …``.
Typical mistakes are given as functions computing the wrong answer they lead to; a mistake is
named only when it explains every input on which the learner's answer is wrong.

What the learner's function does is contained: it runs under a time limit, with its printed
output captured (a few lines are shown above the verdict), without stdin, and whatever it
raises (KeyboardInterrupt and SystemExit included) becomes the one line. Its arguments are
compared afterwards with pristine copies, and the type of its result with the reference's.
Under nbgrader (``NBGRADER_EXECUTION`` set) a check that does not pass also raises an
AssertionError, so the graded cell loses its points; in a learner's session it never raises.
"""

from __future__ import annotations

import builtins
import copy
import inspect
import io
import numbers
import re
import signal
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .marks import (
    FAIL,
    PASS,
    TODO,
    canonical_id,
    exercise_for_function,
    exercise_id,
    grading,
    mark_done,
    mark_pending,
    not_done_message,
    register_names,
    take_needed,
    verdict,
)

__all__ = ["FAIL", "PASS", "TODO", "Exercise", "Feedback", "Mistake", "Quiz", "compare",
           "exercise_id", "fmt", "not_done_message", "report", "run_check"]

_COURSE_DIR = str(Path(__file__).resolve().parent)
TIME_LIMIT = 10.0  # seconds for all calls of the learner's function in one check
MAX_LINE = 200  # a ❌ line fits two projector lines
SHOWN_LINES = 3  # of what the learner's function printed during a check


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
class Feedback:
    """The outcome of a check: ``passed`` and the one line shown to the learner.

    ``printed`` holds the (shortened) lines the learner's function printed, shown above the
    verdict; ``interrupted`` says the learner pressed Interrupt during the check."""

    passed: bool
    line: str
    printed: tuple[str, ...] = ()
    interrupted: bool = False


@dataclass(frozen=True)
class Exercise:
    """One exercise's check: the skeleton every ``course/checks/chNN.py`` is written on.

    ``reference`` is the right answer as a function of a case; ``cases`` are argument tuples
    (edge cases included); ``mistakes`` the typical wrong answers, each named only when it
    explains every case. ``structure(learner)`` may return a one-line problem found before
    running anything (a wrong signature, say); ``hint(case, got, expected)`` may add a
    sentence when no mistake matched. ``names`` are the notebook names the exercise's cells
    define (the learner's function first), so a NameError for one of them is blamed on this
    exercise. ``points`` is what the check cell is worth under nbgrader. ``time_limit`` is in
    seconds for all calls together; ``may_change`` names arguments the learner may change in
    place (none by default).
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
    time_limit: float = TIME_LIMIT
    may_change: tuple[str, ...] = ()

    def __post_init__(self):
        register_names(self.ex_id, self.names or (self.title,))

    def run(self, learner: object) -> Feedback:
        """The Feedback for ``learner``; never raises because of what the learner wrote."""
        if self.structure is not None and callable(learner):
            try:
                problem = self.structure(learner)
            except Exception:  # a structure test is a bonus; it never breaks the check
                problem = None
            if problem:
                return Feedback(False, _fit(verdict(FAIL, self.ex_id, self.title), problem))
        return run_check(self.ex_id, self.title, learner, self.reference, self.cases,
                         self.mistakes, self.outputs, self.rtol, self.atol, hint=self.hint,
                         time_limit=self.time_limit, may_change=self.may_change)

    def check(self, learner: object) -> None:
        """Print the one line for ``learner`` (the public check functions call this); under
        nbgrader, raise an AssertionError when it does not pass."""
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
    names: tuple[str, ...] = ()

    def __post_init__(self):
        if self.names:
            register_names(self.ex_id, self.names)

    def run(self, given: object) -> Feedback:
        fail, todo = verdict(FAIL, self.ex_id, self.title), verdict(TODO, self.ex_id, self.title)
        if given is None or given is Ellipsis:
            return Feedback(False, f"{todo} — put your answer in the cell above, run it, then "
                                   f"run this one again.")
        try:
            if self.choices is not None and not _among(given, self.choices):
                options = ", ".join(repr(c) for c in self.choices)
                return Feedback(False, _fit(fail, f"expected one of {options}, got "
                                                  f"{fmt(given)}."))
            if _quiz_equal(given, self.answer, self.rtol):
                mark_done(self.ex_id)
                return Feedback(True, f"{verdict(PASS, self.ex_id, self.title)}.")
            for value, message in self.wrong.items():
                if _quiz_equal(given, value, self.rtol):
                    return Feedback(False, _fit(fail, message))
            problem = _quiz_form_problem(given, self.answer)
            if problem:
                return Feedback(False, _fit(fail, problem))
        except Exception:  # an answer that cannot even be compared is simply not this one
            pass
        return Feedback(False, f"{fail} — not this one; reread the question and try again.")

    def check(self, given: object) -> None:
        report(self.run(given))


def _quiz_form_problem(given, answer) -> str | None:
    """What is wrong with the form of a quiz answer (a number, a list of numbers), if any."""
    if _is_real(answer) and _type_problem(given, answer) is not None:
        if isinstance(given, str):
            return f"expected a number, got a str ({fmt(given)}): write the number without quotes."
        return f"{_type_problem(given, answer)}."
    if isinstance(answer, tuple):
        if isinstance(given, np.ndarray):
            given = given.tolist()
        n = len(answer)
        if not isinstance(given, (list, tuple)):
            return f"expected a list of {n} numbers, got {_kind(given)}."
        if len(given) != n:
            return f"expected a list of {n} numbers, got {len(given)} of them."
        odd = [g for g in given if not _is_real(g)]
        if odd:
            return f"expected a list of {n} numbers, but it holds {_kind(odd[0])}."
    return None


def _among(given, choices) -> bool:
    for choice in choices:
        if _is_real(given) and _is_real(choice):
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
    if _type_problem(given, value) is not None:
        return False
    return compare(given, value, rtol=rtol) is None


# --------------------------------------------------------------------------------------------
# running the learner's function


class _TimeUp(BaseException):
    """Raised inside the learner's function when the check's time is up."""


class _NoStdin(Exception):
    """Raised by input() during a check."""


class _Printed(io.TextIOBase):
    """Keeps the first few lines written (each cut to 100 characters) and counts the rest."""

    def __init__(self, keep: int = SHOWN_LINES):
        self.keep, self.lines, self.partial, self.more = keep, [], "", 0

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        *done, self.partial = (self.partial + text).split("\n")
        for line in done:
            self._add(line)
        if len(self.partial) > 10_000:  # one endless line: keep its start
            self._add(self.partial)
            self.partial = ""
        return len(text)

    def _add(self, line: str) -> None:
        if len(self.lines) < self.keep:
            self.lines.append(line if len(line) <= 100 else line[:97] + "...")
        else:
            self.more += 1

    def shown(self) -> tuple[str, ...]:
        if self.partial:
            self._add(self.partial)
            self.partial = ""
        if not self.lines:
            return ()
        out = ["your function printed:"] + [f"  {line}" for line in self.lines]
        if self.more:
            out.append(f"  ... {self.more} more line{'s' if self.more > 1 else ''}")
        return tuple(out)


class _NoInput(io.TextIOBase):
    def readable(self) -> bool:
        return True

    def read(self, *args):
        raise _NoStdin("input")

    readline = read


def _no_input(*args, **kwargs):
    raise _NoStdin("input")


class _Runner:
    """Calls the learner's function: printed output captured, no stdin, warnings recorded,
    and one time budget for all calls (SIGALRM in the main thread, else a trace function)."""

    def __init__(self, time_limit: float):
        self.limit = time_limit
        self.left = time_limit
        self.printed = _Printed()

    def call(self, fn: Callable, args: tuple):
        if self.left <= 0:
            raise _TimeUp
        saved = sys.stdout, sys.stderr, sys.stdin, builtins.input
        sys.stdout = sys.stderr = self.printed
        sys.stdin, builtins.input = _NoInput(), _no_input
        start = time.monotonic()
        stop = self._start_clock(start + self.left)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = fn(*args)
        finally:
            stop()
            sys.stdout, sys.stderr, sys.stdin, builtins.input = saved
            self.left -= time.monotonic() - start
        for w in caught[:SHOWN_LINES]:
            self.printed.write(f"{w.category.__name__}: {w.message}\n")
        return result

    @staticmethod
    def _start_clock(deadline: float) -> Callable[[], None]:
        seconds = max(deadline - time.monotonic(), 1e-3)
        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            def alarm(signum, frame):
                raise _TimeUp
            previous = signal.signal(signal.SIGALRM, alarm)
            signal.setitimer(signal.ITIMER_REAL, seconds)

            def stop() -> None:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
            return stop
        previous_trace = sys.gettrace()

        def tracer(frame, event, arg):  # fallback: checked on every call and line
            if time.monotonic() > deadline:
                raise _TimeUp
            return tracer
        sys.settrace(tracer)

        def stop() -> None:
            sys.settrace(previous_trace)
        return stop


def run_check(ex_id: str, title: str, learner: object, reference: Callable,
              cases: Sequence[tuple], mistakes: Sequence[Mistake] = (),
              outputs: Sequence[str] | None = None, rtol: float = 1e-6,
              atol: float = 1e-9, *, hint: Callable | None = None,
              time_limit: float = TIME_LIMIT, may_change: Sequence[str] = ()) -> Feedback:
    """Compare ``learner(*case)`` with ``reference(*case)`` for every case.

    ``outputs`` names the parts of a tuple result (for example ``("delta_W1", "delta_W2")``).
    Returns a Feedback; never raises because of what the learner wrote.
    """
    runner = _Runner(time_limit)
    try:
        line, passed = _run(ex_id, title, learner, reference, cases, mistakes, outputs, rtol,
                            atol, hint, runner, tuple(may_change))
    except _Interrupted as stop:
        return Feedback(False, stop.line, runner.printed.shown(), True)
    except Exception as exc:  # the course's own fault: still one line, never a traceback
        return Feedback(False, f"{verdict(FAIL, ex_id, title)} — the check itself failed "
                               f"({_one_line(exc)}); please report this.",
                        runner.printed.shown())
    except KeyboardInterrupt:  # Interrupt pressed outside the learner's own call
        return Feedback(False, f"{verdict(FAIL, ex_id, title)} — the check was interrupted "
                               f"before it finished.", runner.printed.shown(), True)
    return Feedback(passed, line, runner.printed.shown())


class _Interrupted(Exception):
    def __init__(self, line: str):
        super().__init__(line)
        self.line = line


def _run(ex_id, title, learner, reference, cases, mistakes, outputs, rtol, atol, hint,
         runner: _Runner, may_change) -> tuple[str, bool]:
    fail = verdict(FAIL, ex_id, title)
    if not callable(learner):
        got = "None" if learner is None else f"{_article(type(learner).__name__)}"
        return (f"{fail} — expected a function, got {got}. Pass the function itself, "
                f"without calling it.", False)
    ref_names = _parameter_names(reference)
    names = _learner_names(learner, len(ref_names)) or ref_names
    if cases:
        problem = _signature_problem(learner, cases[0], ref_names)
        if problem:
            return _fit(fail, problem), False
    results, crashed = [], []
    for case in cases:
        try:
            with warnings.catch_warnings():  # nothing on stderr: under nbgrader it costs points
                warnings.simplefilter("ignore")
                expected = reference(*copy.deepcopy(case))
        except Exception as exc:  # the course's own fault: still one line, never a traceback
            return (f"{fail} — the check could not compute its own answer "
                    f"({_one_line(exc)}); please report this.", False)
        pristine, args = copy.deepcopy(case), copy.deepcopy(case)
        try:
            got = runner.call(learner, args)
        except Exception as exc:  # noqa: BLE001 - kept: a mistake may explain it
            if isinstance(exc, (_NoStdin, EOFError, NotImplementedError)):
                return _raised(exc, ex_id, title, names, case, runner)
            crashed.append((case, exc))
            continue
        except BaseException as exc:  # noqa: B036 - everything the learner's code can raise
            return _raised(exc, ex_id, title, names, case, runner)
        for i, (before, after) in enumerate(zip(pristine, args, strict=True)):
            name = names[i] if i < len(names) else f"argument {i + 1}"
            allowed = name in may_change or (i < len(ref_names) and ref_names[i] in may_change)
            if not allowed and not _same(before, after):
                change = f"your function changed its argument `{name}` in place"
                rest = "later cells reuse it, so leave the arguments as they came."
                return (_fit(fail, f"{change} (on {_describe(names, case)}); {rest}",
                             f"{change} (on {_describe(names, case, 1)}); {rest}",
                             f"{change}; {rest}"), False)
        results.append((case, got, expected))

    wrong = []
    for case, got, expected in results:
        problem = _safe_compare(got, expected, outputs, rtol, atol)
        if problem is not None:
            wrong.append((case, got, expected, problem))
    typed = [(case, p) for case, got, expected in results
             if (p := _type_problem(got, expected, outputs)) is not None]
    if not wrong and not typed and not crashed:
        mark_done(ex_id)
        return (f"{verdict(PASS, ex_id, title)} on all {len(cases)} test inputs.", True)
    if wrong:
        for mistake in mistakes:
            if _explains(mistake, wrong, crashed, outputs, rtol, atol):
                case, got, expected, _ = wrong[0]
                number = next(i for i, c in enumerate(cases) if c is case) + 1
                return _mistake_line(fail, mistake.message, names, case, number, expected,
                                     got), False
    if crashed:
        case, exc = crashed[0]
        return _raised(exc, ex_id, title, names, case, runner)
    if typed:
        problem = typed[0][1]
        return _fit(fail, problem if problem.endswith("?") else problem + "."), False
    case, got, expected, problem = wrong[0]
    number = next(i for i, c in enumerate(cases) if c is case) + 1
    shorter = [_safe_compare(got, expected, outputs, rtol, atol, entries=k) or problem
               for k in (2, 1)]
    on = f"(on test input {number} of {len(cases)})."
    details = [f"{problem} (on {_describe(names, case)}).",
               f"{problem} (on {_describe(names, case, 1)}).", f"{problem} {on}",
               *(f"{short} {on}" for short in shorter if not _looks_equal(short)),
               f"{_without_numbers(shorter[-1])} {on}"]
    if hint is not None:
        for case, got, expected, _ in wrong:
            try:
                extra = hint(case, got, expected)
            except Exception:  # a hint is a bonus; it never breaks the check
                extra = None
            if extra:
                return _fit(fail, *(f"{detail} {extra}" for detail in details)), False
    return _fit(fail, *details), False


def _looks_equal(problem: str) -> bool:
    """True when abbreviating made expected and got read the same ("[[0, ..., 0]]" twice)."""
    found = re.search(r": expected (.*), got (.*)$", problem)
    return bool(found) and found.group(1) == found.group(2)


def _without_numbers(problem: str) -> str:
    """A diagnosis without its expected and got values (shapes are kept: they are short)."""
    if "shape" in problem or ": expected " not in problem:
        return problem
    return problem.split(": expected ")[0]


def _raised(exc: BaseException, ex_id, title, names, case, runner) -> tuple[str, bool]:
    fail, todo = verdict(FAIL, ex_id, title), verdict(TODO, ex_id, title)
    on = _describe(names, case)
    if isinstance(exc, _TimeUp):
        return (_fit(fail, f"your function did not finish within {runner.limit:g} s (on {on}): "
                           f"a loop that never ends?",
                     f"your function did not finish within {runner.limit:g} s: a loop that "
                     f"never ends?"), False)
    if isinstance(exc, KeyboardInterrupt):
        raise _Interrupted(_fit(fail, f"interrupted while your function ran (on {on}); if it "
                                      f"never finishes, look for a loop that does not end.",
                                "interrupted while your function ran; if it never finishes, "
                                "look for a loop that does not end."))
    if isinstance(exc, SystemExit):
        return (_fit(fail, "your function called exit() (SystemExit), which would stop the "
                           "notebook; a function hands back its result with `return`."), False)
    if isinstance(exc, (_NoStdin, EOFError)) or type(exc).__name__ == "StdinNotImplementedError":
        return (_fit(fail, "your function calls input(), but a check gives it its inputs as "
                           "arguments and no one can type during a check."), False)
    if isinstance(exc, NotImplementedError):
        stub = exercise_id(exc) or _stub_from_frames(exc) or canonical_id(ex_id) or ex_id
        if stub != (canonical_id(ex_id) or ex_id):
            mark_pending(stub)
            return (f"{todo} — it needs {stub}, which is not done yet. Finish {stub}, run its "
                    f"cell, then run this one again.", False)
        mark_pending(stub)
        return (f"{todo} — replace the NotImplementedError line in its cell with your code, "
                f"run that cell, then run this one again.", False)
    return (_fit(fail, f"your code raised {_one_line(exc)}{_where(exc)} on {on}.",
                 f"your code raised {_one_line(exc)}{_where(exc)}."), False)


def _stub_from_frames(exc: BaseException) -> str | None:
    """A bare NotImplementedError (nbgrader's stub): the exercise whose function raised it."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        found = exercise_for_function(frame.name)
        if found:
            return found
    return None


def _explains(mistake: Mistake, wrong, crashed, outputs, rtol, atol) -> bool:
    """The mistake gives the learner's result on every input where the learner is wrong (on
    the inputs where the mistake is defined at all, and at least one); where the learner's
    function raised, the mistake raises too."""
    for case, _ in crashed:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                mistake.fn(*copy.deepcopy(case))
        except Exception:  # noqa: BLE001, S112 - raising like the learner is consistent
            continue
        return False
    tried = 0
    for case, got, _, _ in wrong:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = mistake.fn(*copy.deepcopy(case))
        except Exception:  # a mistake that cannot run on this input says nothing about it
            continue
        tried += 1
        if _safe_compare(got, value, outputs, rtol, atol) is not None:
            return False
    return tried > 0


def _mistake_line(fail, message, names, case, number, expected, got) -> str:
    message = message.strip()
    if not message.endswith((".", "?", "!")):
        message += "."
    on = f"On test input {number}"
    return _fit(fail, f"{message} On {_describe(names, case)}: expected {fmt(expected)}, got "
                      f"{fmt(got)}.",
                f"{message} On {_describe(names, case, 1)}: expected {fmt(expected, 2)}, "
                f"got {fmt(got, 2)}.",
                f"{message} {on}: expected {fmt(expected, 2)}, got {fmt(got, 2)}.",
                f"{message} {on}: expected {fmt(expected, 1)}, got {fmt(got, 1)}.",
                message)


def _fit(head: str, *details: str) -> str:
    """``head — detail`` with the first detail that keeps the line within MAX_LINE (the
    last one otherwise)."""
    for detail in details:
        line = f"{head} — {detail}"
        if len(line) <= MAX_LINE:
            return line
    return f"{head} — {details[-1]}"


def report(feedback: Feedback) -> None:
    """Print a check's lines: what the learner's function printed (shortened), then the one
    verdict line, last. After ✅ for an exercise a later cell was waiting for, the line says to
    run the cells below again. Under nbgrader, a check that did not pass raises an
    AssertionError, so the graded cell loses its points."""
    line = _normalise(feedback.line)
    ex_id = canonical_id(line)
    if feedback.passed and ex_id and take_needed(ex_id):
        line += " Now run the cells below it again: some stopped because it was not done."
    for printed in feedback.printed:
        print(printed)
    print(line, flush=True)
    if feedback.interrupted and not grading() and _in_course_kernel():
        raise KeyboardInterrupt("interrupted during a check")  # stops "Run All", no traceback
    if grading() and not feedback.passed:
        word, _, rest = line.partition(" ")[2].partition(": ")
        head = rest.split(" — ")[0].rstrip(".") if rest else line
        raise AssertionError(f"{head}: {word} (see the line above)")


def _in_course_kernel() -> bool:
    from .notebook import hooks_installed

    return hooks_installed()


_LEGACY = re.compile(r"^(✅|❌|⏳) (ex\d+[._]\d+) ([^:]*): (.*)$", re.DOTALL)


def _normalise(line: str) -> str:
    """A line built the old way (``"❌ ex1.4 weight_step: ..."``) in the verdict form."""
    found = _LEGACY.match(line)
    if not found:
        return line
    mark, ex_id, title, rest = found.groups()
    for lead in ("correct", "not done yet", "not yet"):
        if rest.startswith(lead):
            rest = rest[len(lead):].lstrip(" .:;,")
    rest = rest[:1].lower() + rest[1:] if rest[:1].isupper() and rest[1:2].islower() else rest
    if not rest:
        return f"{verdict(mark, ex_id, title)}."
    return f"{verdict(mark, ex_id, title)} — {rest}"


# --------------------------------------------------------------------------------------------
# comparing


def _same(before: object, after: object) -> bool:
    """True when the learner left an argument as it came (NaN equals NaN)."""
    try:
        if isinstance(before, np.ndarray):
            return (isinstance(after, np.ndarray) and before.shape == after.shape
                    and before.dtype == after.dtype
                    and bool(np.array_equal(before, after,
                                            equal_nan=before.dtype.kind in "fc")))
        if isinstance(before, (list, tuple)):
            return (type(before) is type(after) and len(before) == len(after)
                    and all(_same(b, a) for b, a in zip(before, after, strict=True)))
        if isinstance(before, dict):
            return (isinstance(after, dict) and before.keys() == after.keys()
                    and all(_same(before[k], after[k]) for k in before))
        if isinstance(before, np.random.Generator):
            return before.bit_generator.state == after.bit_generator.state
        if hasattr(before, "equals") and type(before).__module__.startswith("pandas"):
            return bool(before.equals(after))
        if isinstance(before, float) and isinstance(after, float):
            return before == after or (before != before and after != after)
        if type(before).__eq__ is object.__eq__:
            state = getattr(before, "__dict__", None)
            return state is None or _same(state, getattr(after, "__dict__", None))
        return bool(before == after)
    except Exception:  # cannot tell: say nothing rather than something wrong
        return True


def _type_problem(got: object, expected: object, outputs=None) -> str | None:
    """What is wrong with the kind of ``got`` where ``expected`` is a number or an array."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return None  # compare() names a wrong count
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            problem = _type_problem(g, e)
            if problem is not None:
                label = outputs[i] if outputs and i < len(outputs) else f"result {i + 1}"
                return f"{label}: {problem}"
        return None
    if got is None and expected is not None:
        return "your function returned None: is a `return` missing?"
    if isinstance(expected, np.ndarray):
        if _is_real(got):
            return f"wrong shape: expected an array of shape {expected.shape}, got one number"
        if not isinstance(got, np.ndarray):
            return f"expected a NumPy array, got {_kind(got)}"
        return _dtype_problem(got, expected)
    if _is_real(expected):
        if _is_real(got) or (isinstance(got, np.ndarray) and got.ndim == 0
                             and got.dtype.kind in "fiu"):
            return None
        if isinstance(got, np.ndarray):
            return f"expected a number, got an array of shape {got.shape}"
        if isinstance(got, (complex, np.complexfloating)):
            return f"expected a real number, got a complex number ({fmt(got)})"
        return f"expected a number, got {_kind(got)}"
    return None


def _dtype_problem(got: np.ndarray, expected: np.ndarray) -> str | None:
    if expected.dtype.kind not in "fiu" or got.dtype.kind in "fiu":
        return None
    kinds = {"c": "complex numbers", "b": "True/False values", "U": "strings", "S": "bytes",
             "O": "Python objects (rows of different lengths?)"}
    what = kinds.get(got.dtype.kind, str(got.dtype))
    return f"expected an array of real numbers, got an array of {what}"


def _is_real(value: object) -> bool:
    return (isinstance(value, (numbers.Real, np.integer, np.floating))
            and not isinstance(value, (bool, np.bool_)))


def _kind(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, str):
        return f"a str ({value!r})" if len(value) < 30 else "a str"
    if isinstance(value, (bool, np.bool_)):
        return f"a bool ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, tuple):
        return "a tuple"
    return _article(type(value).__name__)


def _article(name: str) -> str:
    if name == "ndarray":  # said "an en-dee-array"
        return "a NumPy array"
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _safe_compare(got, expected, outputs, rtol, atol, entries=None) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return compare(got, expected, outputs, rtol, atol, entries=entries)
    except BaseException as exc:  # noqa: B036 - a result that breaks comparing is still a line
        if isinstance(exc, KeyboardInterrupt):
            raise
        return f"your result could not be compared ({_one_line(exc)})"


def compare(got: object, expected: object, outputs: Sequence[str] | None = None,
            rtol: float = 1e-6, atol: float = 1e-9, *, entries: int | None = None) -> str | None:
    """None when ``got`` matches ``expected``; otherwise a short diagnosis (shape, type,
    NaN, transposed, sign, factor or value), expected vs got included (``entries`` numbers
    per axis end of each, as in ``fmt``)."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            what = ", ".join(outputs) if outputs else f"{len(expected)} values"
            kind = (f"{len(got)} values" if isinstance(got, (tuple, list))
                    else "one number" if _is_real(got) else _kind(got))
            return f"expected {len(expected)} results ({what}), got {kind}"
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            problem = compare(g, e, None, rtol, atol, entries=entries)
            if problem is not None:
                label = outputs[i] if outputs else f"result {i + 1}"
                return f"{label}: {problem}"
        return None
    if isinstance(expected, str):
        return None if got == expected else f"expected {expected!r}, got {got!r}"
    return _compare_arrays(got, np.asarray(expected, dtype=float), rtol, atol, entries)


def _compare_arrays(got: object, e: np.ndarray, rtol: float, atol: float,
                    entries: int | None = None) -> str | None:
    if got is None:
        return "your function returned None: is a `return` missing?"
    if isinstance(got, str):
        return f"expected a number or an array of numbers, got {_kind(got)}"
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"expected a number or an array of numbers, got {_kind(got)}"
    if g.shape != e.shape:
        if e.ndim == 2 and g.shape == e.T.shape:
            return (f"wrong shape: expected {e.shape}, got {g.shape}, the transpose. "
                    f"Check which axis is which")
        if g.size == e.size:
            return (f"wrong shape: expected {e.shape}, got {g.shape} (same number of "
                    f"entries, arranged differently)")
        return f"wrong shape: expected {e.shape}, got {g.shape}"
    if np.isnan(g).any() and not np.isnan(e).any():
        return f"the result contains NaN: expected {fmt(e, entries)}, got {fmt(g, entries)}"
    if np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True):
        return None
    if e.ndim == 2 and e.shape[0] == e.shape[1] and np.allclose(g, e.T, rtol=rtol, atol=atol):
        return (f"the result looks transposed: expected {fmt(e, entries)}, "
                f"got {fmt(g, entries)}")
    if np.allclose(g, -e, rtol=rtol, atol=atol):
        return f"wrong sign: expected {fmt(e, entries)}, got {fmt(g, entries)}"
    nz = np.abs(e) > 1e-12
    if nz.any() and np.allclose(g[~nz], 0, atol=atol):
        with np.errstate(all="ignore"):
            ratios = g[nz] / e[nz]
        # one number is always some multiple of another: then only a whole factor counts
        telling = ratios.size > 1 or _whole_or_inverse(ratios[0])
        if (telling and ratios[0] != 0 and np.allclose(ratios, ratios[0], rtol=1e-6)
                and np.isfinite(ratios[0])):  # all zeros is no factor: a wrong value
            return (f"off by a factor of {ratios[0]:.4g}: expected {fmt(e, entries)}, "
                    f"got {fmt(g, entries)}")
    return f"wrong value: expected {fmt(e, entries)}, got {fmt(g, entries)}"


def fmt(value: object, entries: int | None = None) -> str:
    """A short rounded rendering of a number, array or tuple of them for messages;
    ``entries`` keeps at most that many numbers per axis end (``[1, 2, ..., 9]``)."""
    try:
        return _fmt(value, entries)
    except Exception:  # a value that cannot even be shown is named by its type
        return type(value).__name__


def _fmt(value: object, entries: int | None) -> str:
    if isinstance(value, (tuple, list)) and not _is_numeric_list(value):
        return "(" + ", ".join(fmt(v, entries) for v in value) + ")"
    if isinstance(value, str):
        return repr(value) if len(value) < 40 else repr(value[:30] + "...")
    if isinstance(value, (complex, np.complexfloating)):
        return f"{complex(value):.4g}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        text = repr(value)
        return text if len(text) < 60 else type(value).__name__
    if arr.ndim == 0:
        return f"{float(arr):.6g}" if entries is None else f"{float(arr):.4g}"
    edge = 2 if entries is None else max(1, entries)
    threshold = 12 if entries is None else 2 * edge
    text = np.array2string(arr, separator=", ", threshold=threshold, edgeitems=edge,
                           max_line_width=10_000,
                           formatter={"float_kind": _num if entries is None else _num4})
    return re.sub(r"\s+", " ", text)


def _whole_or_inverse(r: float) -> bool:
    if not np.isfinite(r) or r == 0:
        return False
    k = abs(r) if abs(r) >= 1 else 1 / abs(r)
    return abs(k - round(k)) < 1e-6 * k


def _num(v: float) -> str:
    return f"{v:.5g}" if abs(v) >= 1e-12 else "0"


def _num4(v: float) -> str:
    return f"{v:.4g}" if abs(v) >= 1e-12 else "0"


def _is_numeric_list(value: Sequence) -> bool:
    return all(isinstance(v, (int, float, np.number)) for v in value)


def _parameter_names(fn: Callable) -> list[str]:
    try:
        return [p.name for p in inspect.signature(fn).parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        return []


def _learner_names(learner: Callable, n: int) -> list[str]:
    """The learner's own parameter names, when they are plain and as many as the reference's
    (then messages use the names the learner wrote)."""
    names = _parameter_names(learner)
    if len(names) == n and all(not name.startswith("_") for name in names):
        return names
    return []


def _signature_problem(learner: Callable, case: tuple, ref_names: list[str]) -> str | None:
    try:
        signature = inspect.signature(learner)
    except (TypeError, ValueError):
        return None
    try:
        signature.bind(*case)
    except TypeError:
        mine = [p for p in signature.parameters.values() if p.default is p.empty
                and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        given = f" ({', '.join(ref_names)})" if len(ref_names) == len(case) else ""
        return (f"your function takes {len(mine)} argument{'s' if len(mine) != 1 else ''} "
                f"({', '.join(p.name for p in mine)}), but the check passes {len(case)}"
                f"{given}.")
    return None


def _describe(names: list[str], case: tuple, entries: int = 2) -> str:
    parts = [f"{names[i] if i < len(names) else f'arg{i + 1}'}={_short(arg, entries)}"
             for i, arg in enumerate(case)]
    return ", ".join(parts) if parts else "no input"


def _short(value: object, entries: int) -> str:
    """An input as a message shows it: a matrix of more than 4 numbers by its shape."""
    if isinstance(value, np.ndarray) and value.ndim >= 2 and value.size > 4:
        return f"({' × '.join(str(n) for n in value.shape)} array)"
    if isinstance(value, np.random.Generator):  # its repr holds a memory address
        return "(a Generator)"
    if type(value).__name__ == "DataFrame" and type(value).__module__.startswith("pandas"):
        return f"(a DataFrame of {len(value)} row{'s' if len(value) != 1 else ''})"
    return fmt(value, entries)


_INTERNAL = re.compile(r"\b_\w+\.(?:__call__|<locals>\.\w+)\(\)|\b_\w+\(\)")


_GUFUNC = re.compile(r",? with gufunc signature \S+")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = _GUFUNC.sub("", _INTERNAL.sub("your function", text[0])) if text else ""
    if len(first) > 110:
        first = first[:107] + "..."
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _where(exc: BaseException) -> str:
    """' at line N of your cell (`code`)' for the deepest frame of the learner's own code."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename.startswith("<") or "ipykernel" in f.filename]
    frames = [f for f in frames if not f.filename.startswith(_COURSE_DIR)
              and not f.filename.startswith("<frozen")]
    if not frames:
        return ""
    frame = frames[-1]
    code = frame.line.strip() if frame.line else ""
    code = f" (`{code}`)" if code and len(code) <= 60 else ""
    return f" at line {frame.lineno} of your cell{code}"

