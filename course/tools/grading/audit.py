"""Inside the sandbox: note what the submission tries beyond its own scratch folder.

A Python audit hook (``sys.addaudithook``, which nothing can remove) sees every ``open``,
directory listing, removal, rename, new process and network connection. The sandbox itself
is what stops them (the course, the other submissions and the gradebook are not even there,
what is there is read-only, and there is no network); this only tells the teacher what was
tried, in a few lines. A submission can hide from it (it runs in the same process), never
get past the sandbox.
"""

from __future__ import annotations

import os
import sys

MAX_LINES = 20
_WRITE_MODES = set("wax+")
_EVENTS = {"os.listdir": "listed", "os.scandir": "listed", "os.remove": "removed",
           "os.rmdir": "removed", "os.rename": "renamed", "os.mkdir": "made a folder in",
           "shutil.rmtree": "removed", "os.chmod": "changed the mode of",
           "os.truncate": "truncated", "os.link": "linked", "os.symlink": "linked"}


class Audit:
    """Collects one line per distinct attempt (at most MAX_LINES, then a count)."""

    def __init__(self, allowed: list[str], writable: list[str]):
        self.allowed = tuple(os.path.join(p, "") for p in allowed)
        self.writable = tuple(os.path.join(p, "") for p in writable)
        self.seen: list[str] = []
        self.more = 0
        self.busy = False

    def install(self) -> None:
        sys.addaudithook(self.hook)

    def note(self, line: str) -> None:
        if line in self.seen:
            return
        if len(self.seen) < MAX_LINES:
            self.seen.append(line)
        else:
            self.more += 1

    def lines(self) -> list[str]:
        return self.seen + ([f"... and {self.more} more"] if self.more else [])

    def hook(self, event: str, args: tuple) -> None:
        if self.busy:
            return
        self.busy = True
        try:
            self._see(event, args)
        except Exception:  # noqa: BLE001, S110 - noting must never break the submission
            pass
        finally:
            self.busy = False

    def _see(self, event: str, args: tuple) -> None:
        if event == "open":
            path, mode = args[0], args[1]
            if not isinstance(path, (str, bytes)):
                return
            path = os.path.abspath(os.fsdecode(path))
            writes = isinstance(mode, str) and bool(_WRITE_MODES & set(mode))
            if isinstance(args[2], int) and args[2] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                writes = True
            if writes and not self._inside(path, self.writable):
                self.note(f"tried to write {path}")
            elif not self._inside(path, self.allowed + self.writable):
                self.note(f"tried to read {path}")
        elif event in _EVENTS:
            path = args[0]
            if isinstance(path, (str, bytes)):
                path = os.path.abspath(os.fsdecode(path))
                reads = _EVENTS[event] == "listed"
                if not self._inside(path, self.writable + (self.allowed if reads else ())):
                    self.note(f"{_EVENTS[event]} {path}")
        elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn"):
            program = args[0] if args and isinstance(args[0], (str, bytes)) else "?"
            self.note(f"started a program ({os.fsdecode(program)})")
        elif event == "os.fork":
            self.note("forked a process")
        elif event in ("socket.connect", "socket.sendto"):
            self.note(f"tried to reach the network ({args[1]!r:.60})")
        elif event == "socket.getaddrinfo":
            self.note(f"tried to reach the network ({args[0]!r:.60})")

    @staticmethod
    def _inside(path: str, roots: tuple[str, ...]) -> bool:
        return any(os.path.join(path, "").startswith(root) for root in roots)
