"""Step 2 of a check: compare what the learner's function gave (the ``Calls`` of step 1) with
the reference, and name the typical mistake that explains every wrong case. Nothing here calls
the learner's function; the reference and the mistakes run on fresh copies of the cases."""

from __future__ import annotations

import copy
import warnings

from ..marks import FAIL, kernel, verdict
from .calls import Calls, argument_names, parameter_names
from .compare import looks_equal, safe_compare, type_problem, without_numbers
from .fmt import article, describe, fit, fmt
from .raised import detail as raised_detail
from .raised import one_line
from .result import CheckResult


class _Stop(Exception):
    """The check's own fault; ``text`` is the detail of the line."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def judge(exercise, calls: Calls) -> CheckResult:
    """The result of ``exercise`` for the learner whose calls are ``calls``."""
    def result(status: str, *details: str, **more) -> CheckResult:
        head = verdict(FAIL, exercise.ex_id, exercise.title)
        return CheckResult(exercise.ex_id, exercise.title, status,
                           fit(head, *details) if details else "", printed=calls.printed,
                           cases=len(exercise.cases), **more)
    try:
        if calls.broken is not None:
            raise _Stop(f"the check itself failed ({calls.broken}); please report this.")
        if calls.interrupted:
            return result("fail", "the check was interrupted before it finished.",
                          interrupted=True)
        return _judge(exercise, calls, result)
    except _Stop as stop:
        return result("fail", stop.text)
    except Exception as exc:  # the course's own fault: still one line, never a traceback
        return result("fail", f"the check itself failed ({one_line(exc)}); please report this.")
    except KeyboardInterrupt:
        return result("fail", "the check was interrupted before it finished.", interrupted=True)


def _judge(exercise, calls: Calls, result) -> CheckResult:
    if calls.not_callable is not None:
        got = "None" if calls.not_callable == "NoneType" else article(calls.not_callable)
        return result("fail", f"expected a function, got {got}. Pass the function itself, "
                              f"without calling it.")
    cases = exercise.cases
    ref_names = parameter_names(exercise.reference)
    names = argument_names(calls.params, ref_names)
    if calls.mismatch is not None:
        mine, case = calls.mismatch, cases[0]
        given = f" ({', '.join(ref_names)})" if len(ref_names) == len(case) else ""
        return result("fail", f"your function takes {len(mine)} argument"
                              f"{'s' if len(mine) != 1 else ''} ({', '.join(mine)}), but the "
                              f"check passes {len(case)}{given}.")
    if exercise.structure is not None and calls.source.text is not None:
        try:
            problem = exercise.structure(calls.source)
        except Exception:  # a structure test is a bonus; it never breaks the check
            problem = None
        if problem:  # found before running anything: what the function printed is not shown
            return CheckResult(exercise.ex_id, exercise.title, "fail",
                               fit(verdict(FAIL, exercise.ex_id, exercise.title), problem),
                               cases=len(cases))
    results, crashed = [], []
    for call in calls.calls:
        case = cases[call.case]
        expected = _expected(exercise, case)
        on = describe(names, case)
        if call.raised is not None and call.raised.stops:
            status, details = raised_detail(call.raised, exercise.ex_id, on,
                                            exercise.time_limit)
            return result(status, *details, interrupted=call.raised.kind == "interrupt",
                          right=_right(results, exercise))
        if call.raised is not None:
            crashed.append((call.case, call.raised))
        elif call.changed is not None:
            change = f"your function changed its argument `{call.changed}` in place"
            rest = "later cells reuse it, so leave the arguments as they came."
            return result("fail", f"{change} (on {on}); {rest}",
                          f"{change} (on {describe(names, case, 1)}); {rest}", f"{change}; {rest}")
        else:
            results.append((call.case, call.value, expected))
    return _compared(exercise, results, crashed, names, result)


def _expected(exercise, case: tuple):
    try:
        with warnings.catch_warnings():  # nothing on stderr: under nbgrader it costs points
            warnings.simplefilter("ignore")
            return exercise.reference(*copy.deepcopy(case))
    except Exception as exc:  # the course's own fault: still one line, never a traceback
        raise _Stop(f"the check could not compute its own answer ({one_line(exc)}); please "
                    f"report this.") from exc


def _right(results, exercise) -> int:
    return sum(safe_compare(got, expected, exercise.outputs, exercise.rtol, exercise.atol) is None
               and type_problem(got, expected, exercise.outputs) is None
               for _, got, expected in results)


def _compared(exercise, results, crashed, names, result) -> CheckResult:
    cases, outputs = exercise.cases, exercise.outputs
    rtol, atol = exercise.rtol, exercise.atol
    wrong = [(number, got, expected, problem) for number, got, expected in results
             if (problem := safe_compare(got, expected, outputs, rtol, atol)) is not None]
    typed = [p for _, got, expected in results
             if (p := type_problem(got, expected, outputs)) is not None]
    right = _right(results, exercise)
    if not wrong and not typed and not crashed:
        kernel.mark_done(exercise.ex_id)
        return result("pass", right=right)
    if wrong:
        for mistake in exercise.mistakes:
            if _explains(mistake, wrong, crashed, exercise):
                number, got, expected, _ = wrong[0]
                return result("fail", *_mistake_details(mistake.message, names, cases[number],
                                                        number + 1, expected, got),
                              mistake=mistake.id, right=right)
    if crashed:
        number, raised = crashed[0]
        _, details = raised_detail(raised, exercise.ex_id, describe(names, cases[number]),
                                   exercise.time_limit)
        return result("fail", *details, right=right)
    if typed:
        return result("fail", typed[0] if typed[0].endswith("?") else typed[0] + ".",
                      right=right)
    number, got, expected, problem = wrong[0]
    case = cases[number]
    shorter = [safe_compare(got, expected, outputs, rtol, atol, entries=k) or problem
               for k in (2, 1)]
    on = f"(on test input {number + 1} of {len(cases)})."
    details = [f"{problem} (on {describe(names, case)}).",
               f"{problem} (on {describe(names, case, 1)}).", f"{problem} {on}",
               *(f"{short} {on}" for short in shorter if not looks_equal(short)),
               f"{without_numbers(shorter[-1])} {on}"]
    if exercise.hint is not None:
        for number, got, expected, _ in wrong:
            try:
                extra = exercise.hint(cases[number], got, expected)
            except Exception:  # a hint is a bonus; it never breaks the check
                extra = None
            if extra:
                return result("fail", *(f"{detail} {extra}" for detail in details),
                              right=right)
    return result("fail", *details, right=right)


def _explains(mistake, wrong, crashed, exercise) -> bool:
    """The mistake gives the learner's result on every input where the learner is wrong (on
    the inputs where the mistake is defined at all, and at least one); where the learner's
    function raised, the mistake raises too."""
    for number, _ in crashed:
        try:
            _run_mistake(mistake, exercise.cases[number])
        except Exception:  # noqa: BLE001, S112 - raising like the learner is consistent
            continue
        return False
    tried = 0
    for number, got, _, _ in wrong:
        try:
            value = _run_mistake(mistake, exercise.cases[number])
        except Exception:  # a mistake that cannot run on this input says nothing about it
            continue
        tried += 1
        if safe_compare(got, value, exercise.outputs, exercise.rtol, exercise.atol) is not None:
            return False
    return tried > 0


def _run_mistake(mistake, case: tuple):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return mistake.fn(*copy.deepcopy(case))


def _mistake_details(message, names, case, number, expected, got) -> tuple[str, ...]:
    message = message.strip()
    if not message.endswith((".", "?", "!")):
        message += "."
    on = f"On test input {number}"
    return (f"{message} On {describe(names, case)}: expected {fmt(expected)}, got {fmt(got)}.",
            f"{message} On {describe(names, case, 1)}: expected {fmt(expected, 2)}, "
            f"got {fmt(got, 2)}.",
            f"{message} {on}: expected {fmt(expected, 2)}, got {fmt(got, 2)}.",
            f"{message} {on}: expected {fmt(expected, 1)}, got {fmt(got, 1)}.",
            message)
