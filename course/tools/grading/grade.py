"""The grader: runs one submission in the sandbox, answers its runner with the cases, and
judges the plain data that comes back. Never executes student code, never unpickles.

The conversation (JSON lines, ``runner.py`` the other side) follows the plan strictly: for
exercise after exercise, in the chapter's order, the runner asks for the cases and sends the
calls (or, for a quiz, the answer). A callable in the cases stays here: the sandbox gets a
handle (``plain.Proxy``) and calls back, only while that exercise is being called. Whatever
the submission sends out of turn is refused and logged; what an exercise never sent is
judged as a missing function.
"""

from __future__ import annotations

import copy
import json
import os
import select
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from ...checking import Call, Calls, Quiz, Source
from ...checking.raised import Raised
from . import plain
from .sandbox import DEFAULT, INPUT, Limits, Pids, command, limit_self, shared_lib

MAX_MESSAGE = 256 * 2**20


class Conversation:
    """The grader's side of one run: the plan's exercises, what each sent, the open proxies."""

    def __init__(self, exercises: list):
        self.exercises = exercises
        self.at = 0
        self.got: dict[str, object] = {}
        self.proxies: dict[str, object] = {}
        self.tried: list[str] = []
        self.refused = 0
        self.opened: str | None = None  # the exercise whose cases were sent last
        self.failed: dict[int, str] | None = None  # code cell -> what stopped it (broken.py)

    def answer(self, message: dict) -> dict:
        op = message.get("op") if type(message) is dict else None
        if op == "log":
            lines = message.get("tried")
            if type(lines) is list:
                self.tried += [str(line)[:200] for line in lines[:30]]
            return {"ok": True}
        if op == "cells" and self.failed is None:
            from .broken import valid

            self.failed = valid(message.get("failed"))
            return {"ok": True}
        if op == "call":
            return self._call(message)
        current = self.exercises[self.at] if self.at < len(self.exercises) else None
        if current is None or message.get("ex") != current.ex_id:
            return self._refuse(f"sent {op!r} for {message.get('ex')!r} out of turn")
        if op == "calls" and self.opened != current.ex_id:
            return self._refuse(f"sent {op!r} for {current.ex_id!r} out of turn")
        if op == "cases" and not isinstance(current, Quiz):
            self.opened = current.ex_id
            self.proxies = {}
            cases = plain.encode(copy.deepcopy(list(current.cases)), proxies=self.proxies)
            return {"cases": cases, "params": _params(current.reference),
                    "time_limit": current.time_limit, "may_change": list(current.may_change)}
        key = "value" if isinstance(current, Quiz) else "calls"
        if op not in ("answer", "calls") or (op == "answer") != isinstance(current, Quiz):
            return self._refuse(f"sent {op!r} for {current.ex_id}")
        try:
            value = plain.decode(message.get(key))
        except plain.PlainError as exc:
            self.tried.append(f"{current.ex_id}: sent something that is not plain data ({exc})")
            value = None
        if key == "calls":
            value = complete(value, len(current.cases))
        self.got[current.ex_id] = value
        self.at += 1
        self.proxies = {}
        return {"ok": True}

    def _call(self, message: dict) -> dict:
        target = self.proxies.get(message.get("handle"))
        if target is None:
            return self._refuse("called a function of the check's that is not its to call")
        try:
            args = plain.decode(message.get("args"))
            if type(args) is not list:
                raise plain.PlainError("arguments are a list")
            value = target(*args)
            return {"value": plain.encode(value)}
        except Exception as exc:  # the check's own function on the learner's arguments
            return {"error": str(exc)[:300], "kind": type(exc).__name__}

    def _refuse(self, what: str) -> dict:
        self.refused += 1
        if self.refused <= 5:
            self.tried.append(f"the notebook's code {what}")
        return {"error": "refused", "kind": "PermissionError"}


def complete(calls, cases: int) -> Calls:
    """``calls`` if it is a whole record of one run over ``cases`` cases (every case in order,
    up to the end or to a call that stopped the check), else a record that fails."""
    if type(calls) is not Calls:
        return Calls(not_callable="NoneType")
    if not _well_formed(calls):
        return Calls(broken="the record of the calls is not well formed")
    numbers = [call.case for call in calls.calls]
    last = calls.calls[-1] if calls.calls else None
    stopped = last is not None and (last.changed is not None
                                    or (last.raised is not None and last.raised.stops))
    early = (calls.not_callable is not None or calls.mismatch is not None or calls.interrupted
             or calls.broken is not None)
    if numbers != list(range(len(numbers))) or not (early or stopped or len(numbers) == cases):
        return Calls(broken="the record of the calls is incomplete")
    return calls


def _strings(value, optional=False) -> bool:
    if value is None:
        return optional
    return type(value) is tuple and all(type(v) is str for v in value)


def _well_formed(calls: Calls) -> bool:
    """Every field of the record has the type ``call_learner`` gives it."""
    return (type(calls.calls) is tuple and _strings(calls.params) and _strings(calls.printed)
            and type(calls.source) is Source and _strings(calls.mismatch, optional=True)
            and type(calls.interrupted) is bool
            and all(type(v) in (str, type(None)) for v in (calls.not_callable, calls.broken,
                                                           calls.source.text))
            and type(calls.source.helpers) is tuple
            and all(type(h) is tuple and _strings(h) for h in calls.source.helpers)
            and all(type(c) is Call and type(c.case) is int
                    and type(c.changed) in (str, type(None))
                    and (c.raised is None or (type(c.raised) is Raised
                                              and all(type(getattr(c.raised, f)) is str
                                                      for f in ("kind", "text", "where"))
                                              and type(c.raised.stub) in (str, type(None))))
                    for c in calls.calls))


def _params(reference) -> list[str]:
    from ...checking.calls import parameter_names

    return parameter_names(reference)


def run(notebook: Path, plan: dict, exercises: list, limits: Limits = DEFAULT,
        scratch: Path | None = None, chapter: int | str = 0) -> tuple[Conversation, str | None]:
    """Run ``notebook`` in the sandbox and hold the conversation; returns it and the run's
    failure (None when the runner finished)."""
    talk = Conversation(exercises)
    with tempfile.TemporaryDirectory(prefix="grading-", dir=scratch) as tmp:
        stage = Path(tmp)
        (stage / "in").mkdir()
        (stage / "in" / "submission.ipynb").write_bytes(Path(notebook).read_bytes())
        (stage / "in" / "plan.json").write_text(json.dumps(plan))
        log = stage / "stderr.txt"
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        args = command(stage, limits, [f"{INPUT}/plan.json", f"{INPUT}/submission.ipynb",
                                       str(request_w), str(reply_r)], shared_lib(chapter))
        pids = Pids(limits.processes)
        with open(log, "wb") as err:
            process = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=err, stderr=err,
                pass_fds=(request_w, reply_r), start_new_session=True,
                preexec_fn=lambda: limit_self(limits, pids))
        os.close(request_w)
        os.close(reply_r)
        os.set_blocking(reply_w, False)
        try:
            failure = _converse(process, talk, request_r, reply_w, limits.seconds)
        finally:
            _kill(process)
            os.close(request_r)
            os.close(reply_w)
            pids.close()
        if failure is None and process.returncode != 0:
            failure = _crash(process.returncode, log)
    return talk, failure


def _converse(process, talk: Conversation, inbox: int, outbox: int, seconds: float):
    deadline = time.monotonic() + seconds
    buffer = b""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return f"hung: stopped after {seconds:g} s"
        ready, _, _ = select.select([inbox], [], [], min(left, 1.0))
        if not ready:
            if process.poll() is not None:
                return None
            continue
        chunk = os.read(inbox, 1 << 20)
        if not chunk:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            return None
        buffer += chunk
        if len(buffer) > MAX_MESSAGE:
            return "crashed: sent more than 256 MiB in one message"
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            try:
                message = json.loads(line)
                reply = talk.answer(message)
            except (ValueError, RecursionError):
                message, reply = None, talk._refuse("sent a line that is not JSON")
            if type(message) is dict and type(message.get("n")) is int:
                reply = {**reply, "n": message["n"]}
            data = json.dumps(reply, separators=(",", ":")).encode() + b"\n"
            if not _send(outbox, data, deadline):
                return None if process.poll() is not None else f"hung: stopped after {seconds:g} s"


def _send(fd: int, data: bytes, deadline: float) -> bool:
    """Write all of ``data`` before the deadline; False if the runner stopped reading."""
    view = memoryview(data)
    while view:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([], [fd], [], left)[1]:
            return False
        try:
            view = view[os.write(fd, view[:1 << 16]):]
        except (BrokenPipeError, BlockingIOError, OSError):
            return False
    return True


def _kill(process) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


def _crash(code: int, log: Path) -> str:
    tail = log.read_bytes()[-2000:].decode("utf-8", "replace").strip().splitlines()
    last = tail[-1][:160] if tail else ""
    if "MemoryError" in last:
        return f"out of memory: {last}"
    reason = f"signal {-code}" if code < 0 else f"exit code {code}"
    return f"crashed ({reason}){f': {last}' if last else ''}"
