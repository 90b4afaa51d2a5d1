"""The pool: a submission that crashes, hangs or is killed costs its own points only; the
main process gets every record, after its result file is written."""

from __future__ import annotations

import os
import signal
import time

from course.tools.grading import pool
from course.tools.grading.chapter import Chapter, Check
from course.tools.grading.record import Outcome, Record
from course.tools.grading.resume import Job, stored
from course.tools.grading.settings import Settings

CHAPTER = Chapter("ch01", "01_one_sigmoid_unit", None,
                  (Check("ex1.1", "ex1_1_check", 1.0, "check_sigmoid_prime", "sigmoid_prime"),))


def grade(job, chapter, settings):
    what = job.student
    if what == "hangs":
        time.sleep(60)
    if what == "crashes":
        os._exit(7)
    if what == "killed":
        os.kill(os.getpid(), signal.SIGKILL)
    if what == "raises":
        raise RuntimeError("the unit itself failed")
    line = "✅ correct: ex1.1 sigmoid_prime on all 4 test inputs."
    return Record(job.student, "ch01", job.key,
                  (Outcome("ex1.1", "sigmoid_prime", "pass", line, None, 4, 4, 1.0, 1.0),))


def test_each_failure_costs_its_own_points_and_every_record_reaches_the_main_process(tmp_path):
    names = ["ok1", "hangs", "crashes", "killed", "raises", "ok2"]
    jobs = [Job(n, tmp_path / f"{n}.ipynb", f"key-{n}", tmp_path / f"{n}.json") for n in names]
    got = []

    def on_record(record):
        assert stored(tmp_path / f"{record.student}.json") == record  # on disk first
        got.append(record)

    start = time.monotonic()
    pool.run(jobs, CHAPTER, Settings(submission_seconds=2), 2, grade, on_record)
    assert time.monotonic() - start < 30
    by = {r.student: r for r in got}
    assert sorted(by) == sorted(names)
    assert {n: by[n].points for n in names} == {
        "ok1": 1.0, "hangs": 0.0, "crashes": 0.0, "killed": 0.0, "raises": 0.0, "ok2": 1.0}
    assert {n: by[n].failure for n in names} == {
        "ok1": None, "hangs": "ran past its 2 s and was stopped",
        "crashes": "crashed (exit code 7)", "killed": "was killed (out of memory?)",
        "raises": "crashed (exit code 3)", "ok2": None}
    assert by["hangs"].outcomes[0].line == (
        "❌ not yet: ex1.1 sigmoid_prime — not graded: the notebook ran past its 2 s and was "
        "stopped.")
    assert all(r.key == f"key-{r.student}" for r in got)
