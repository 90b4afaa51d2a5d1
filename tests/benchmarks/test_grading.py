"""benchmarks/grading.py's measurement: the CPU time of a command counts every process it
started, also one that nobody waits for (as bubblewrap leaves the sandboxed ones)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("grading_bench", ROOT / "benchmarks" / "grading.py")
grading = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(grading)

# a grandchild that burns 0.4 s of its own CPU, started so that no one ever waits for it
# (its parent exits first); the command returns when the grandchild has finished
ORPHAN = """
import os, time
read, write = os.pipe()
if os.fork() == 0:
    if os.fork() == 0:
        os.close(read)
        while time.process_time() < 0.4:
            pass
        os.write(write, b"x")
    os._exit(0)
os.wait()
os.close(write)
os.read(read, 1)
"""


@pytest.mark.skipif(not grading.Group.usable(), reason="needs a writable cgroup v1 cpuacct")
def test_the_cpu_of_a_process_nobody_waits_for_is_counted(tmp_path):
    wall, cpu, peak, code, out = grading.measured([sys.executable, "-c", ORPHAN], tmp_path)
    assert (code, out) == (0, "")
    assert cpu >= 0.4
    assert not list(Path("/sys/fs/cgroup/cpuacct").glob(f"course-bench-{os.getpid()}-*"))


def test_without_the_cgroup_the_orphan_is_missed(tmp_path, monkeypatch):
    monkeypatch.setattr(grading.Group, "usable", classmethod(lambda cls: False))
    wall, cpu, peak, code, out = grading.measured([sys.executable, "-c", ORPHAN], tmp_path)
    assert code == 0
    assert cpu < 0.4
