"""Calling the learner's function safely: one time budget for all calls (SIGALRM in the main
thread, else a trace function), printed output captured and shortened, warnings recorded
apart (the learner did not print them), no stdin."""

from __future__ import annotations

import builtins
import io
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable

from .raised import NoStdin, TimeUp

SHOWN_LINES = 3  # of what the learner's function printed during a check


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
        raise NoStdin("input")

    readline = read


def _no_input(*args, **kwargs):
    raise NoStdin("input")


class Runner:
    """Calls the learner's function: printed output captured, no stdin, warnings recorded,
    and one time budget for all calls (SIGALRM in the main thread, else a trace function)."""

    def __init__(self, time_limit: float):
        self.left = time_limit
        self.printed = _Printed()
        self.warned: tuple[str, ...] = ()  # by the last call, each once: ``warned(w)``

    def call(self, fn: Callable, args: tuple):
        if self.left <= 0:
            raise TimeUp
        saved = sys.stdout, sys.stderr, sys.stdin, builtins.input
        sys.stdout = sys.stderr = self.printed
        sys.stdin, builtins.input = _NoInput(), _no_input
        start = time.monotonic()
        stop = _start_clock(start + self.left)
        self.warned = ()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                # a resource left open anywhere, found by the garbage collector while the
                # function runs (an event loop of the kernel's, say): not the learner's work,
                # and Python itself does not show these
                warnings.simplefilter("ignore", ResourceWarning)
                return fn(*args)
        finally:
            stop()
            sys.stdout, sys.stderr, sys.stdin, builtins.input = saved
            self.left -= time.monotonic() - start
            self.warned = tuple(dict.fromkeys(warned(w) for w in caught))


def warned(w: warnings.WarningMessage) -> str:
    """``NumPy warned: overflow encountered in exp``: a warning as a line names it."""
    lines = str(w.message).strip().splitlines()
    text = lines[0] if lines else ""
    text = text if len(text) <= 110 else text[:107] + "..."
    category = w.category.__name__
    if category == "RuntimeWarning" and " encountered in " in text:
        return f"NumPy warned: {text}"
    who = "NumPy" if w.category.__module__.startswith("numpy") else "Python"
    return f"{who} warned: {category}: {text}" if text else f"{who} warned: {category}"


def _start_clock(deadline: float) -> Callable[[], None]:
    seconds = max(deadline - time.monotonic(), 1e-3)
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        def alarm(signum, frame):
            raise TimeUp
        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)

        def stop() -> None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
        return stop
    previous_trace = sys.gettrace()

    def tracer(frame, event, arg):  # fallback: checked on every call and line
        if time.monotonic() > deadline:
            raise TimeUp
        return tracer
    sys.settrace(tracer)

    def stop() -> None:
        sys.settrace(previous_trace)
    return stop
