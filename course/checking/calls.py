"""Step 1 of a check: call the learner's function on a copy of every case and record what
happened as plain data (numbers, strings, arrays of plain dtypes, tuples and lists of them).

Only this step and ``runner`` run the learner's code (the arguments are compared afterwards
with pristine copies); ``judge`` (step 2) reads the record and never calls the learner.
"""

from __future__ import annotations

import copy
import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .fmt import Opaque
from .raised import Raised, one_line, record
from .runner import Runner

_PLAIN_DTYPES = "biufcUS"


@dataclass(frozen=True)
class Call:
    """One call of the learner's function on case ``case`` (an index): the ``value`` it
    returned, or what it ``raised``; ``changed`` names an argument it changed in place although
    the exercise does not allow it."""

    case: int
    value: object = None
    raised: Raised | None = None
    changed: str | None = None


@dataclass(frozen=True)
class Source:
    """The learner's function as text (None when Python cannot show it), and the text of the
    learner's own functions it calls by name (defined in the same place): what a
    ``structure`` test reads."""

    text: str | None = None
    helpers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Calls:
    """What step 1 saw. ``not_callable`` is the type of a learner that is no function;
    ``mismatch`` the learner's required parameters when the first case does not fit them (then
    nothing was called); ``params`` its positional parameter names; ``interrupted`` says
    Interrupt came outside the learner's own call, ``broken`` that the course's code failed."""

    calls: tuple[Call, ...] = ()
    params: tuple[str, ...] = ()
    printed: tuple[str, ...] = ()
    source: Source = Source()
    not_callable: str | None = None
    mismatch: tuple[str, ...] | None = None
    interrupted: bool = False
    broken: str | None = None


def call_learner(exercise, learner: object) -> Calls:
    """Run ``learner`` on a deep copy of every case of ``exercise`` until one stops the check
    (a time-out, an Interrupt, exit(), input(), a stub, an argument changed in place)."""
    if not callable(learner):
        return Calls(not_callable=type(learner).__name__)
    params = tuple(parameter_names(learner))
    cases = exercise.cases
    mismatch = _mismatch(learner, cases[0]) if cases else None
    if mismatch is not None:
        return Calls(params=params, mismatch=mismatch)
    source = _source(learner)
    names = argument_names(params, parameter_names(exercise.reference))
    runner, calls = Runner(exercise.time_limit), []
    try:
        for number, case in enumerate(cases):
            call = _call(runner, learner, number, case, names, exercise)
            calls.append(call)
            if call.changed or (call.raised and call.raised.stops):
                break
    except KeyboardInterrupt:  # Interrupt pressed outside the learner's own call
        return Calls(tuple(calls), params, runner.printed.shown(), source, interrupted=True)
    except Exception as exc:  # the course's own fault: judged as one line, never a traceback
        return Calls(tuple(calls), params, runner.printed.shown(), source,
                     broken=one_line(exc))
    return Calls(tuple(calls), params, runner.printed.shown(), source)


def _call(runner: Runner, learner: Callable, number: int, case: tuple, names, exercise) -> Call:
    pristine, args = copy.deepcopy(case), copy.deepcopy(case)
    try:
        got = runner.call(learner, args)
    except BaseException as exc:  # noqa: B036 - everything the learner's code can raise
        return Call(number, raised=record(exc))
    ref_names = parameter_names(exercise.reference)
    for i, (before, after) in enumerate(zip(pristine, args, strict=True)):
        name = names[i] if i < len(names) else f"argument {i + 1}"
        allowed = (name in exercise.may_change
                   or (i < len(ref_names) and ref_names[i] in exercise.may_change))
        if not allowed and not same(before, after):
            return Call(number, changed=name)
    return Call(number, value=plain(got))


def plain(value: object) -> object:
    """``value`` as plain data: numbers, strings, None, arrays of plain dtypes, tuples and
    lists of them; anything else becomes an ``Opaque`` (its type name and rendering)."""
    if value is None or isinstance(value, (bool, int, float, complex, str)):
        return value
    if isinstance(value, np.generic) and value.dtype.kind in _PLAIN_DTYPES:
        return value
    if isinstance(value, np.ndarray):
        return value.copy() if value.dtype.kind in _PLAIN_DTYPES else Opaque.of(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    return Opaque.of(value)


def parameter_names(fn: Callable) -> list[str]:
    try:
        return [p.name for p in inspect.signature(fn).parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        return []


def argument_names(params, ref_names) -> list[str]:
    """The names messages give the arguments: the learner's own when they are plain and as
    many as the reference's, else the reference's."""
    if len(params) == len(ref_names) and all(not name.startswith("_") for name in params):
        return list(params)
    return list(ref_names)


def _mismatch(learner: Callable, case: tuple) -> tuple[str, ...] | None:
    try:
        signature = inspect.signature(learner)
    except (TypeError, ValueError):
        return None
    try:
        signature.bind(*case)
    except TypeError:
        return tuple(p.name for p in signature.parameters.values() if p.default is p.empty
                     and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
    return None


def _source(fn: Callable) -> Source:
    try:
        text = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError):
        return Source()
    helpers = []
    for name in sorted(set(re.findall(r"\b([A-Za-z_]\w*)\s*\(", text))):
        helper = getattr(fn, "__globals__", {}).get(name)
        if (inspect.isfunction(helper) and helper is not fn
                and helper.__module__ == getattr(fn, "__module__", None)):
            try:
                helpers.append((name, textwrap.dedent(inspect.getsource(helper))))
            except (OSError, TypeError):
                continue
    return Source(text, tuple(helpers))


def same(before: object, after: object) -> bool:
    """True when the learner left an argument as it came (NaN equals NaN)."""
    try:
        if isinstance(before, np.ndarray):
            return (isinstance(after, np.ndarray) and before.shape == after.shape
                    and before.dtype == after.dtype
                    and bool(np.array_equal(before, after,
                                            equal_nan=before.dtype.kind in "fc")))
        if isinstance(before, (list, tuple)):
            return (type(before) is type(after) and len(before) == len(after)
                    and all(same(b, a) for b, a in zip(before, after, strict=True)))
        if isinstance(before, dict):
            return (isinstance(after, dict) and before.keys() == after.keys()
                    and all(same(before[k], after[k]) for k in before))
        if isinstance(before, np.random.Generator):
            return before.bit_generator.state == after.bit_generator.state
        if hasattr(before, "equals") and type(before).__module__.startswith("pandas"):
            return bool(before.equals(after))
        if isinstance(before, float) and isinstance(after, float):
            return before == after or (before != before and after != after)
        if type(before).__eq__ is object.__eq__:
            state = getattr(before, "__dict__", None)
            return state is None or same(state, getattr(after, "__dict__", None))
        return bool(before == after)
    except Exception:  # cannot tell: say nothing rather than something wrong
        return True
