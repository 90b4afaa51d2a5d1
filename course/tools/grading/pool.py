"""A bounded pool: every core grades one submission at a time, the main process books.

Each submission is graded in a child process forked from the main one (which has imported
what every submission needs, so a child starts in milliseconds): the child runs the grading
unit (``unit.grade``), writes the submission's result file (atomically) and exits. At most
``workers`` children run at once. A child that runs past the submission's time limit is
killed with its whole process group; a child that dies (a crash, the kernel's OOM killer)
or is killed gets a record saying so and 0 points, and the run goes on. The main process,
and only it, books each result into the gradebook, one at a time, after the result file is
on disk (``on_record``).
"""

from __future__ import annotations

import os
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass

from .chapter import Chapter
from .record import Outcome, Record, write_atomic
from .resume import Job, stored
from .settings import Settings


@dataclass
class _Running:
    job: Job
    started: float


def failed(job: Job, chapter: Chapter, failure: str, seconds: float = 0.0) -> Record:
    """The record of a submission whose run failed as a whole: every exercise 0 points."""
    from .unit import title_of

    outcomes = tuple(
        Outcome(c.ex_id, title_of(chapter, c.ex_id), "fail",
                f"❌ not yet: {c.ex_id} {title_of(chapter, c.ex_id)} — not graded: the "
                f"notebook {failure}.", None, 0, 0, 0.0, c.points)
        for c in chapter.checks)
    return Record(job.student, chapter.assignment, job.key, outcomes, failure=failure,
                  seconds=round(seconds, 3))


def _child(job: Job, chapter: Chapter, settings: Settings,
           grade: Callable[[Job, Chapter, Settings], Record]) -> None:
    """In the forked child: limits, grade, write the result file, exit. Never returns."""
    code = 0
    try:
        os.setsid()  # its own process group: a kill reaches whatever it started
        _die_with_parent()
        limit = settings.memory_mib * 2**20 + _address_space()
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_FSIZE, (2**27, 2**27))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        record = grade(job, chapter, settings)
        write_atomic(job.out, record.to_json())
    except BaseException:  # noqa: B036 - whatever happened, the parent records a failure
        code = 3
    finally:
        os._exit(code)


def _die_with_parent() -> None:
    """Linux: SIGKILL this child when the main process dies (a killed run leaves no orphan
    that would write a result the next run grades again)."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(4)


def _address_space() -> int:
    """Bytes of address space this process has mapped already (libraries, numpy's arenas)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _why(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGKILL:
            return "was killed (out of memory?)"
        return f"crashed (signal {signal.Signals(sig).name})"
    return f"crashed (exit code {os.WEXITSTATUS(status)})"


def run(jobs: list[Job], chapter: Chapter, settings: Settings, workers: int,
        grade: Callable[[Job, Chapter, Settings], Record],
        on_record: Callable[[Record], None]) -> None:
    """Grade every job, at most ``workers`` at a time; ``on_record`` gets each record in the
    main process after its result file is written. KeyboardInterrupt stops the children and
    propagates: every record already handed to ``on_record`` stays."""
    pending = list(jobs)
    running: dict[int, _Running] = {}
    try:
        while pending or running:
            while pending and len(running) < workers:
                job = pending.pop(0)
                pid = os.fork()
                if pid == 0:
                    _child(job, chapter, settings, grade)
                running[pid] = _Running(job, time.monotonic())
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                now = time.monotonic()
                for child, state in list(running.items()):
                    if now - state.started > settings.submission_seconds:
                        _kill(child)
                        os.waitpid(child, 0)
                        del running[child]
                        record = failed(state.job, chapter,
                                        f"ran past its {settings.submission_seconds:g} s "
                                        f"and was stopped", now - state.started)
                        write_atomic(state.job.out, record.to_json())
                        on_record(record)
                time.sleep(0.01)
                continue
            state = running.pop(pid, None)
            if state is None:
                continue
            record = stored(state.job.out) if status == 0 else None
            if record is None or record.key != state.job.key:
                record = failed(state.job, chapter, _why(status) if status else
                                "left no result", time.monotonic() - state.started)
                write_atomic(state.job.out, record.to_json())
            on_record(record)
    finally:
        for child in running:
            _kill(child)
            try:
                os.waitpid(child, 0)
            except ChildProcessError:
                pass


def _kill(pid: int) -> None:
    for kill in (os.killpg, os.kill):  # the group; the child itself if it has none yet
        try:
            kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
