"""What the learner's function raised: recorded as plain data where it happened, turned into
the detail of the line where the check is judged."""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..marks import exercise_id, kernel

_COURSE_DIR = str(Path(__file__).resolve().parents[1])
_INTERNAL = re.compile(r"\b_\w+\.(?:__call__|<locals>\.\w+)\(\)|\b_\w+\(\)")
_GUFUNC = re.compile(r",? with gufunc signature \S+")


class TimeUp(BaseException):
    """Raised inside the learner's function when the check's time is up."""


class NoStdin(Exception):
    """Raised by input() during a check."""


@dataclass(frozen=True)
class Raised:
    """An exception from the learner's function: ``kind`` is ``timeout``, ``interrupt``,
    ``exit``, ``stdin``, ``stub`` (a NotImplementedError; ``stub`` is the exercise whose stub
    raised, if known) or ``error`` (``text`` is ``Type: message``, ``where`` the place in the
    learner's cell)."""

    kind: str  # also "fatal": another BaseException, shown as an error that stops the check
    text: str = ""
    where: str = ""
    stub: str | None = None

    @property
    def stops(self) -> bool:
        """Whether the check stops here (a plain error may still be explained by a mistake)."""
        return self.kind != "error"


def record(exc: BaseException) -> Raised:
    """The plain record of ``exc``, raised by the learner's function."""
    if isinstance(exc, TimeUp):
        return Raised("timeout")
    if isinstance(exc, KeyboardInterrupt):
        return Raised("interrupt")
    if isinstance(exc, SystemExit):
        return Raised("exit")
    if isinstance(exc, (NoStdin, EOFError)) or type(exc).__name__ == "StdinNotImplementedError":
        return Raised("stdin")
    if isinstance(exc, NotImplementedError):
        return Raised("stub", stub=exercise_id(exc) or kernel.stub_raising(exc.__traceback__))
    if not isinstance(exc, Exception):  # another BaseException: the check stops on it
        return Raised("fatal", one_line(exc), _where(exc))
    return Raised("error", one_line(exc), _where(exc))


def detail(raised: Raised, ex_id: str, on: str, limit: float) -> tuple[str, tuple[str, ...]]:
    """``(status, details)`` for the line: ``details`` from the fullest to the shortest."""
    if raised.kind == "timeout":
        return "fail", (f"your function did not finish within {limit:g} s (on {on}): a loop "
                        f"that never ends?",
                        f"your function did not finish within {limit:g} s: a loop that never "
                        f"ends?")
    if raised.kind == "interrupt":
        return "fail", (f"interrupted while your function ran (on {on}); if it never finishes, "
                        f"look for a loop that does not end.",
                        "interrupted while your function ran; if it never finishes, look for a "
                        "loop that does not end.")
    if raised.kind == "exit":
        return "fail", ("your function called exit() (SystemExit), which would stop the "
                        "notebook; a function hands back its result with `return`.",)
    if raised.kind == "stdin":
        return "fail", ("your function calls input(), but a check gives it its inputs as "
                        "arguments and no one can type during a check.",)
    if raised.kind == "stub":
        stub = raised.stub or ex_id
        kernel.mark_pending(stub)
        if stub != ex_id:
            return "todo", (f"it needs {stub}, which is not done yet. Finish {stub}, run its "
                            f"cell, then run this one again.",)
        return "todo", ("replace the NotImplementedError line in its cell with your code, run "
                        "that cell, then run this one again.",)
    return "fail", (f"your code raised {raised.text}{raised.where} on {on}.",
                    f"your code raised {raised.text}{raised.where}.")


def one_line(exc: BaseException) -> str:
    """``Type: first line of the message``, without the course's internal names."""
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

