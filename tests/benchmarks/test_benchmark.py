"""benchmarks/run.py works end to end on tiny sizes. No timing is asserted: performance is
measured by `make bench`, never judged by a unit test."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_loop_and_vectorised_epochs_agree(bench):
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((20, 6)), rng.integers(0, 2, 20).astype(float)
    w, w_ih, w_ho = rng.standard_normal(6), rng.standard_normal((6, 3)), rng.standard_normal(3)
    np.testing.assert_allclose(bench.unit_epoch_loop(X, y, w, 0.5),
                               bench.unit_epoch_vectorised(X, y, w, 0.5))
    for a, b in zip(bench.mlp_epoch_loop(X, y, w_ih, w_ho, 0.5),
                    bench.mlp_epoch_vectorised(X, y, w_ih, w_ho, 0.5), strict=True):
        np.testing.assert_allclose(a, b)


def test_flop_count_of_one_epoch(bench):
    # forward 2N(DH + HK), weight gradients the same again, δ of the hidden layer 2N HK
    assert bench.flops_per_epoch(1, 784, 128, 10) == 2 * (2 * 784 * 128 + 3 * 128 * 10)
    assert bench.flops_per_epoch(60_000, 784, 128, 10) == 24_545_280_000


def test_quick_run_writes_every_section(bench, tmp_path, capsys):
    out = tmp_path / "results.json"
    assert bench.main(["--quick", "--skip-course", "--output", str(out)]) == 0
    results = json.loads(out.read_text())
    printed = capsys.readouterr().out
    assert results["quick"] is True and "course" not in results
    assert results["machine"]["threadpools"] and results["machine"]["cpu"]
    for key in ("unit", "mlp_6_2_1"):
        row = results["admissions"][key]
        assert row["loop_s_per_epoch"] > 0 and row["vectorised_s_per_epoch"] > 0
    network = results["network"]
    assert network["matmul_peak_gflops"] > 0
    for name in ("helpers", "helpers-fast", "scikit-learn"):
        assert network["frameworks"][name]["s_per_epoch"] > 0
        assert len(network["frameworks"][name]["all_s"]) == network["repeats"]
    torch = network["frameworks"]["pytorch"]
    assert "s_per_epoch" in torch or torch["skipped"] == bench.TORCH_HINT
    assert "1. admissions data" in printed and "2. 64-16-10 network" in printed
    assert "   helpers-fast " in printed and "vs PyTorch" in printed


def test_quick_run_without_output_writes_nothing(bench, monkeypatch):
    written = []
    monkeypatch.setattr(Path, "write_text", lambda self, text: written.append(self))
    monkeypatch.setattr(bench, "run", lambda **kw: {
        "quick": True, "machine": {"cpu": "x", "logical_cpus": 1, "threadpools": [],
                                   "env": {"OMP_NUM_THREADS": None},
                                   "load_average_start": None}})
    assert bench.main(["--quick", "--skip-course"]) == 0
    assert written == []


def test_run_no_longer_times_the_course(bench, tmp_path):
    # one source for each number: the course is timed by course_timing.py alone
    assert not hasattr(bench, "bench_course") and not hasattr(bench, "time_notebook")
    out = tmp_path / "results.json"
    assert bench.main(["--quick", "--output", str(out)]) == 0
    assert "course" not in json.loads(out.read_text())


@pytest.fixture(scope="module")
def course_timing():
    spec = importlib.util.spec_from_file_location("course_timing",
                                                  ROOT / "benchmarks" / "course_timing.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_course_timing_executes_a_notebook_without_changing_it(course_timing, tmp_path):
    path = tmp_path / "tiny.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1 + 1")])
    nbformat.write(nb, path)
    before = path.read_text()
    course = course_timing.time_course([path], jobs=1)
    assert list(course["notebooks"]) == ["tiny"] and course["seconds"] > 0
    assert path.read_text() == before
