"""Inside the sandbox: run one submission, then call its functions on the cases the grader
sends, and send back plain data. Nothing here decides a grade.

    python -E -c "import sys; sys.path.insert(0, LIB); from course.tools.grading import runner;
                  runner.main()" PLAN.json NOTEBOOK.ipynb REQUEST_FD REPLY_FD

The code cells run in order in one in-process IPython ``InteractiveShell`` (magics work), each
under ``cell_seconds``; their output is dropped, and no figure is drawn (``no_drawing``).
``course`` here is a shim: ``setup_notebook`` is the real one, but ``course.checks.chNN`` has
no checks, only recorders (``shim.py``), so a check cell decides nothing. The grader learns
which cells did not finish (the number and the exception's class). Afterwards, for each
exercise of the plan in order, the runner asks the grader for its cases, takes the learner's
function by the exercise's name from the notebook's namespace (what a cell rebound
``check_...`` to changes nothing) and sends what ``call_learner`` recorded; for a quiz it
sends the answer's value. Last, the log of what the submission tried outside its scratch
folder (``audit.py``); then the runner exits without the interpreter's shutdown.
"""

from __future__ import annotations

import builtins
import inspect
import io
import json
import os
import signal
import sys
from typing import NoReturn

from .audit import Audit
from .broken import entry
from .plain import PlainError, Proxy, dumps, loads

_MAX_REPLY = 256 * 2**20
_AGAIN = 0.2  # s between two CellTimeouts of a cell that outlived its time


class CellTimeout(BaseException):
    """A cell ran longer than the plan's ``cell_seconds``."""


class Channel:
    """JSON lines to the grader and back, through two inherited pipes; only the process that
    started the runner talks (a forked child of the submission stays silent)."""

    def __init__(self, request_fd: int, reply_fd: int):
        self.out = os.fdopen(request_fd, "w", encoding="utf-8", closefd=False)
        self.into = os.fdopen(reply_fd, "r", encoding="utf-8", closefd=False)
        self.pid = os.getpid()
        self.number = 0

    def ask(self, message: dict) -> dict:
        """The grader's reply to ``message`` (a reply to a message someone else wrote into the
        pipe is skipped)."""
        if os.getpid() != self.pid:
            raise RuntimeError("only the runner talks to the grader")
        self.number += 1
        message = {**message, "n": self.number}
        self.out.write(json.dumps(message, separators=(",", ":")) + "\n")
        self.out.flush()
        while True:
            line = self.into.readline(_MAX_REPLY)
            if not line:
                raise SystemExit(3)  # the grader has gone: nothing left to do
            reply = json.loads(line)
            if isinstance(reply, dict) and reply.get("n") == self.number:
                return reply


class ProxyCall:
    """A callable of the check's (a function the learner's function is given): each call goes
    to the grader with plain arguments and comes back as plain data."""

    def __init__(self, channel: Channel, proxy: Proxy):
        self._channel, self._handle, self._text = channel, proxy.handle, proxy.text

    def __call__(self, *args):
        try:
            reply = self._channel.ask({"op": "call", "handle": self._handle,
                                       "args": json.loads(dumps(list(args)))})
        except PlainError as exc:
            raise TypeError(f"{self._text}: {exc}") from None
        if "error" in reply:
            kind = getattr(builtins, str(reply.get("kind")), None)
            if not (isinstance(kind, type) and issubclass(kind, Exception)):
                kind = RuntimeError
            raise kind(str(reply["error"]))
        return loads(json.dumps(reply["value"]))

    def __repr__(self) -> str:
        return self._text

    def __deepcopy__(self, memo):
        return self


class Spec:
    """What ``call_learner`` reads of an exercise, without its reference: the cases, the
    reference's parameter names (as a signature), the time limit, what may change."""

    def __init__(self, cases, params, time_limit, may_change):
        self.cases, self.time_limit, self.may_change = cases, time_limit, tuple(may_change)

        def reference(*args):
            raise RuntimeError("the reference is not in the sandbox")
        reference.__signature__ = inspect.Signature(
            [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in params])
        self.reference = reference


def _with_proxies(value, channel):
    if isinstance(value, Proxy):
        return ProxyCall(channel, value)
    if type(value) in (list, tuple):
        return type(value)(_with_proxies(v, channel) for v in value)
    return value


def _alone() -> None:
    """Kill every other process of the sandbox (a cell's forks do not outlive it). Only in the
    sandbox's own process tree: there, process 1 is bubblewrap and kill(-1) reaches no one
    outside."""
    try:
        with open("/proc/1/comm", encoding="utf-8") as fh:
            if fh.read().strip() != "bwrap" or os.getpid() == 1:
                return
        for _ in range(1000):  # a fork bomb forks while it is being killed: until none is left
            os.kill(-1, signal.SIGKILL)
    except OSError:  # ESRCH: no other process left
        pass
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:  # and none left as a zombie
            pass
    except ChildProcessError:
        pass


def no_drawing() -> None:
    """Figures are not drawn: what the cells show is dropped here, so a PNG would be thrown
    away (``helpers.show_figure`` renders through IPython's ``print_figure``: an empty image
    instead; the figure is built and checked for its text as in a kernel). A third of a chapter
    1 submission's CPU."""
    from IPython.core import pylabtools

    pylabtools.print_figure = lambda *args, **kwargs: b""


def run_cells(shell, cells: list[str], seconds: float, audit: Audit) -> list[list]:
    """Each code cell in order; a cell that raises or runs out of time stops only itself; the
    builtins are as they were before the first cell once the last has run. Returns
    ``broken.entry`` of each cell that did not finish (``CellTimeout`` when stopped)."""
    saved_builtins = dict(vars(builtins))
    failed = []
    running = [False]

    def alarm(signum, frame):
        # Raised again every _AGAIN s until the cell ends: one raise can be lost (a fork
        # bomb's CellTimeout lands in an at-fork handler, which only prints it); the cell's
        # forks are killed first, so that the loop that forks them is what is left to stop.
        if running[0]:
            _alone()
            raise CellTimeout
    sink = io.StringIO()
    for number, source in enumerate(cells, 1):
        signal.signal(signal.SIGALRM, alarm)
        running[0] = True
        signal.setitimer(signal.ITIMER_REAL, seconds, _AGAIN)
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = sink
        try:
            result = shell.run_cell(source, store_history=False, silent=True)
            error = result.error_in_exec or result.error_before_exec
        except CellTimeout:
            error = CellTimeout()
        except BaseException as exc:  # noqa: B036 - SystemExit, KeyboardInterrupt: a cell's
            error = exc
        finally:
            running[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            sys.stdout, sys.stderr = saved
            _alone()
            sink.seek(0)
            sink.truncate()
        if error is not None:
            failed.append(entry(number, error))
        if isinstance(error, CellTimeout):
            audit.note(f"cell {number} ran longer than {seconds:g} s and was stopped")
        elif isinstance(error, MemoryError):
            audit.note(f"cell {number} ran out of memory (MemoryError)")
    namespace = vars(builtins)
    for name in [n for n in namespace if n not in saved_builtins]:
        del namespace[name]
    namespace.update(saved_builtins)
    return failed


def code_cells(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        nb = json.load(fh)
    cells = []
    for cell in nb.get("cells", []):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            cells.append("".join(source) if isinstance(source, list) else str(source))
    return cells


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the submission, answer the grader, and exit at once (``os._exit``)."""
    plan_path, notebook, request_fd, reply_fd = (argv or sys.argv[1:])[:4]
    with open(plan_path, encoding="utf-8") as fh:
        plan = json.load(fh)
    channel = Channel(int(request_fd), int(reply_fd))
    from IPython.core.interactiveshell import InteractiveShell

    from ...checking import call_learner

    cells = code_cells(notebook)
    shell = InteractiveShell.instance()
    shell.user_ns["__name__"] = "__main__"
    no_drawing()
    audit = Audit(plan["allowed"], plan["writable"])
    audit.install()  # from here on, what runs is the submission's
    failed = run_cells(shell, cells, float(plan["cell_seconds"]), audit)
    channel.ask({"op": "cells", "failed": failed})
    namespace = dict(shell.user_ns)  # what the cells left bound, taken once
    for exercise in plan["exercises"]:
        ex_id, name = exercise["ex_id"], exercise["name"]
        given = namespace.get(name)
        if exercise["kind"] == "quiz":
            channel.ask({"op": "answer", "ex": ex_id,
                         "value": json.loads(dumps(given, lenient=True))})
            continue
        reply = channel.ask({"op": "cases", "ex": ex_id})
        cases = _with_proxies(loads(json.dumps(reply["cases"])), channel)
        spec = Spec(cases, reply["params"], reply["time_limit"], reply["may_change"])
        calls = call_learner(spec, given)
        channel.ask({"op": "calls", "ex": ex_id, "calls": json.loads(dumps(calls, lenient=True))})
    channel.ask({"op": "log", "tried": audit.lines()})
    os._exit(0)  # all is said: no interpreter shutdown (tearing down matplotlib costs CPU)
