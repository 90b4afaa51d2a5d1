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


def test_the_cpu_of_a_process_nobody_waits_for_is_counted(tmp_path):
    probe = grading.CpuGroup()
    probe.close()
    if probe.path is None:
        pytest.skip("needs a writable cgroup (cpuacct v1 or cpu.stat v2)")
    wall, cpu, peak, code, out, how = grading.measured([sys.executable, "-c", ORPHAN], tmp_path)
    assert (code, out, how) == (0, "", "cgroup")
    assert cpu >= 0.4
    leftovers = [*Path("/sys/fs/cgroup/cpuacct").glob(f"grading-bench-{os.getpid()}"),
                 *Path("/sys/fs/cgroup").glob(f"grading-bench-{os.getpid()}")]
    assert not leftovers


def test_without_the_cgroup_the_orphan_is_missed(tmp_path, monkeypatch):
    monkeypatch.setattr(grading.CpuGroup, "seconds", lambda self: None)
    wall, cpu, peak, code, out, how = grading.measured([sys.executable, "-c", ORPHAN], tmp_path)
    assert (code, how) == (0, "rusage, a lower bound")
    assert cpu < 0.4
