"""The ``course.checks`` a submission sees in the sandbox: no check, no reference, no case.

Every name a notebook imports from ``course.checks.chNN`` is a ``Recorder``: a check cell
calling ``check_x(x)`` only notes the call (and prints nothing), ``NAME.run(f).line`` reads as
an empty line. The grade comes from the grader, which takes the functions by the exercises'
names, never from these.
"""

from __future__ import annotations

CALLS: list[tuple[str, object]] = []


class _Nothing:
    line = ""
    passed = False


class Recorder:
    """Stands for any name of a check module."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, *args, **kwargs) -> None:
        CALLS.append((self.name, args[0] if args else None))

    def run(self, *args, **kwargs) -> _Nothing:
        return _Nothing()

    check = __call__

    def __repr__(self) -> str:
        return f"<{self.name}: graded outside this notebook>"


def __getattr__(name: str) -> Recorder:
    if name.startswith("__"):
        raise AttributeError(name)
    return Recorder(name)


MODULE = "from course.checks._recorder import __getattr__  # noqa: F401\n"
