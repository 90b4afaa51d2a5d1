"""A progress line with an ETA: updated in place on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


class Progress:
    """``total`` submissions to grade; ``update()`` after each. On a tty one line is redrawn
    (``\\r``); otherwise a line is printed every ``every`` submissions and at the end."""

    def __init__(self, total: int, label: str, stream=None, every: int | None = None):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.every = every or max(1, total // 10)
        self.start = time.monotonic()

    def line(self) -> str:
        width = 24
        filled = width * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (width - filled)
        elapsed = time.monotonic() - self.start
        if self.done and self.done < self.total:
            eta = f", about {_duration(elapsed / self.done * (self.total - self.done))} left"
        elif self.done == self.total:
            eta = f", done in {_duration(elapsed)}"
        else:
            eta = ""
        return f"{self.label} [{bar}] {self.done}/{self.total}{eta}"

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.tty:
            self.stream.write("\r" + self.line().ljust(79))
            if self.done == self.total:
                self.stream.write("\n")
        elif self.done % self.every == 0 or self.done == self.total:
            self.stream.write(self.line() + "\n")
        self.stream.flush()
