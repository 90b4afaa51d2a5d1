"""The course's performance benchmark: prints a table and writes benchmarks/results.json.

    .venv/bin/python benchmarks/run.py                 # both sections (make bench)
    .venv/bin/python benchmarks/run.py --quick         # tiny sizes, a smoke test

1. Loop against vectorised training on the admissions data (chapters 2 and 5).
2. A 784-128-10 sigmoid/softmax network, float32, batch 128, on 60,000 synthetic rows:
   seconds per epoch for helpers.network.Network (the chapter 9 equations as written),
   benchmarks/fast_network.py (the same network with buffers, filled in place),
   scikit-learn's MLPClassifier and (if installed) PyTorch on the CPU, side by side in one
   run, as GFLOP/s and as a fraction of numpy's float32 matmul peak here.

The set-up cell and the whole course are timed by benchmarks/course_timing.py alone (make
bench runs it next), so each number has one source. Threads are whatever the environment
sets (OMP_NUM_THREADS); see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # helpers, when run as a script from anywhere
sys.path.insert(0, str(ROOT / "benchmarks"))  # fast_network, however this file is loaded

from fast_network import FastNetwork  # noqa: E402

from helpers.data import load_admissions, prepare_admissions  # noqa: E402
from helpers.network import Network  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results.json"
TORCH_HINT = "PyTorch not installed: skipped (pip install torch==2.13.0 in .venv to include it)"

FULL = {"rows": 60_000, "inputs": 784, "hidden": 128, "classes": 10, "batch": 128,
        "repeats": 5, "peak_n": 2048, "peak_repeats": 7, "admissions_min_s": 0.25,
        "admissions_repeats": 7}
QUICK = {"rows": 1_024, "inputs": 64, "hidden": 16, "classes": 10, "batch": 128,
         "repeats": 2, "peak_n": 256, "peak_repeats": 2, "admissions_min_s": 0.002,
         "admissions_repeats": 2}


def sigma(h):
    """σ(h) = 1/(1 + e^(−h)); admissions inputs keep h small, so no overflow guard."""
    return 1.0 / (1.0 + np.exp(-h))


# ---- 1. loops against matrices on the admissions data ------------------------------------

def unit_epoch_loop(X, y, w, lr):
    """Chapter 2: one sigmoid unit, MSE, a step accumulated record by record."""
    delta_w = np.zeros_like(w)
    for x, target in zip(X, y, strict=True):
        y_hat = sigma(np.dot(x, w))
        delta = (target - y_hat) * y_hat * (1 - y_hat)
        delta_w += delta * x
    return w + lr * delta_w / len(X)


def unit_epoch_vectorised(X, y, w, lr):
    """The same epoch as one matrix-vector product."""
    y_hat = sigma(X @ w)
    delta = (y - y_hat) * y_hat * (1 - y_hat)
    return w + (lr / len(X)) * (delta @ X)  # Σ_records δ x = δ X


def mlp_epoch_loop(X, y, w_ih, w_ho, lr):
    """Chapter 5: 6-h-1 sigmoid network, both steps accumulated record by record."""
    delta_ih, delta_ho = np.zeros_like(w_ih), np.zeros_like(w_ho)
    for x, target in zip(X, y, strict=True):
        hidden = sigma(np.dot(x, w_ih))
        y_hat = sigma(np.dot(hidden, w_ho))
        delta_o = (target - y_hat) * y_hat * (1 - y_hat)
        delta_h = delta_o * w_ho * hidden * (1 - hidden)
        delta_ho += delta_o * hidden
        delta_ih += delta_h * x[:, None]
    return w_ih + lr * delta_ih / len(X), w_ho + lr * delta_ho / len(X)


def mlp_epoch_vectorised(X, y, w_ih, w_ho, lr):
    hidden = sigma(X @ w_ih)
    y_hat = sigma(hidden @ w_ho)
    delta_o = (y - y_hat) * y_hat * (1 - y_hat)
    delta_h = np.outer(delta_o, w_ho) * hidden * (1 - hidden)
    return w_ih + lr * (X.T @ delta_h) / len(X), w_ho + lr * (hidden.T @ delta_o) / len(X)


def seconds_per_call(fn: Callable[[], object], min_s: float, repeats: int) -> float:
    """Median over ``repeats`` of the mean time of one call, each repeat making as many
    calls as fill at least ``min_s`` seconds (short windows are mostly timer noise)."""
    fn()  # warm-up
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_s / 4:  # calibrate on a quarter window
        fn()
        calls += 1
    calls = max(1, calls * 4)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times)


def bench_admissions(cfg: dict) -> dict:
    split = prepare_admissions(load_admissions())
    X, y = split.X_train, split.y_train
    rng = np.random.default_rng(42)
    n_features, n_hidden = X.shape[1], 2
    w = rng.normal(0, n_features ** -0.5, n_features)
    w_ih = rng.normal(0, n_features ** -0.5, (n_features, n_hidden))
    w_ho = rng.normal(0, n_hidden ** -0.5, n_hidden)
    # both versions compute the same epoch: a check that the comparison is fair
    assert np.allclose(unit_epoch_loop(X, y, w, 0.5), unit_epoch_vectorised(X, y, w, 0.5))
    for a, b in zip(mlp_epoch_loop(X, y, w_ih, w_ho, 0.5),
                    mlp_epoch_vectorised(X, y, w_ih, w_ho, 0.5), strict=True):
        assert np.allclose(a, b)
    reps, min_s = cfg["admissions_repeats"], cfg["admissions_min_s"]
    out = {"records": len(X), "features": n_features, "hidden": n_hidden}
    for name, loop, vec in [
            ("unit", lambda: unit_epoch_loop(X, y, w, 0.5),
             lambda: unit_epoch_vectorised(X, y, w, 0.5)),
            ("mlp_6_2_1", lambda: mlp_epoch_loop(X, y, w_ih, w_ho, 0.5),
             lambda: mlp_epoch_vectorised(X, y, w_ih, w_ho, 0.5))]:
        t_loop = seconds_per_call(loop, min_s, reps)
        t_vec = seconds_per_call(vec, min_s, reps)
        out[name] = {"loop_s_per_epoch": t_loop, "vectorised_s_per_epoch": t_vec,
                     "speed_up": t_loop / t_vec}
    return out


# ---- 2. a 784-128-10 network: helpers, scikit-learn, PyTorch ----------------------------

def flops_per_epoch(rows: int, d: int, h: int, k: int) -> int:
    """Matmul FLOPs of one epoch (a multiply-add counts 2).

    forward  X W1 and A1 W2:                      2N(DH + HK)
    backward nabla_w1 = X^T δ1, nabla_w2 = A1^T δ2: 2N(DH + HK)
             δ1 = δ2 W2^T (δ for the inputs is never needed): 2N HK
    total 2N(2DH + 3HK); the common "3 × forward" rule would add the unneeded 2N DH.
    """
    return 2 * rows * (2 * d * h + 3 * h * k)


def matmul_peak(n: int, repeats: int) -> float:
    """Best GFLOP/s of an n×n float32 matmul with numpy (2n³ FLOPs)."""
    rng = np.random.default_rng(0)
    a = rng.random((n, n), dtype=np.float32)
    b = rng.random((n, n), dtype=np.float32)
    out = np.empty((n, n), dtype=np.float32)
    np.matmul(a, b, out=out)
    best = min(_time(lambda: np.matmul(a, b, out=out)) for _ in range(repeats))
    return 2 * n ** 3 / best / 1e9


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def synthetic_digits(cfg: dict) -> tuple[np.ndarray, np.ndarray]:
    """Seeded rows in [0, 1) (like scaled pixels) labelled by a random linear teacher."""
    rng = np.random.default_rng(2024)
    X = rng.random((cfg["rows"], cfg["inputs"]), dtype=np.float32)
    teacher = rng.standard_normal((cfg["inputs"], cfg["classes"])).astype(np.float32)
    labels = np.argmax((X - 0.5) @ teacher, axis=1)
    return X, labels


def helpers_runner(X, labels, cfg, network: type = Network) -> Callable[[], None]:
    """One epoch of ``network`` (Network or FastNetwork): the same seed, the same draws."""
    Y = np.eye(cfg["classes"], dtype=np.float32)[labels]
    net = network((cfg["inputs"], cfg["hidden"], cfg["classes"]), output="softmax",
                  loss="cce", seed=0, dtype=np.float32)
    return lambda: net.train_epoch(X, Y, lr=0.1, batch_size=cfg["batch"])


def sklearn_runner(X, labels, cfg) -> Callable[[], None]:
    from sklearn.neural_network import MLPClassifier

    mlp = MLPClassifier(hidden_layer_sizes=(cfg["hidden"],), activation="logistic",
                        solver="sgd", batch_size=cfg["batch"], learning_rate_init=0.1,
                        momentum=0.0, alpha=0.0, random_state=0)
    classes = np.arange(cfg["classes"])
    return lambda: mlp.partial_fit(X, labels, classes=classes)  # one epoch per call


def torch_runner(X, labels, cfg) -> Callable[[], None] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(cfg["inputs"], cfg["hidden"]),
                                torch.nn.Sigmoid(),
                                torch.nn.Linear(cfg["hidden"], cfg["classes"]))
    optimiser = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = torch.nn.CrossEntropyLoss()  # log-softmax + cross-entropy, from the logits
    Xt, yt = torch.from_numpy(X), torch.from_numpy(labels.astype(np.int64))
    generator = torch.Generator().manual_seed(0)
    batch = cfg["batch"]

    def epoch() -> None:
        order = torch.randperm(len(Xt), generator=generator)
        for start in range(0, len(Xt), batch):
            idx = order[start:start + batch]
            xb, yb = Xt.index_select(0, idx), yt.index_select(0, idx)
            optimiser.zero_grad(set_to_none=True)
            loss_fn(model(xb), yb).backward()
            optimiser.step()
    return epoch


def bench_network(cfg: dict) -> dict:
    X, labels = synthetic_digits(cfg)
    runners = {"helpers": helpers_runner(X, labels, cfg),
               "helpers-fast": helpers_runner(X, labels, cfg, FastNetwork),
               "scikit-learn": sklearn_runner(X, labels, cfg)}
    torch_epoch = torch_runner(X, labels, cfg)
    if torch_epoch is not None:
        runners["pytorch"] = torch_epoch
    with warnings.catch_warnings():
        # partial_fit runs exactly one epoch on purpose; it may warn it has not converged
        from sklearn.exceptions import ConvergenceWarning
        warnings.filterwarnings("ignore", category=ConvergenceWarning)
        for run in runners.values():
            run()  # warm-up: first-call costs (buffers, initialisation) are not an epoch
        peak = matmul_peak(cfg["peak_n"], cfg["peak_repeats"])
        times: dict[str, list[float]] = {name: [] for name in runners}
        for _ in range(cfg["repeats"]):  # alternate, so a slow moment hits everyone
            for name, run in runners.items():
                times[name].append(_time(run))
    flops = flops_per_epoch(cfg["rows"], cfg["inputs"], cfg["hidden"], cfg["classes"])
    out = {"rows": cfg["rows"], "shape": [cfg["inputs"], cfg["hidden"], cfg["classes"]],
           "batch_size": cfg["batch"], "dtype": "float32", "repeats": cfg["repeats"],
           "flops_per_epoch": flops, "matmul_peak_gflops": peak,
           "matmul_peak_size": cfg["peak_n"], "frameworks": {}}
    for name, ts in times.items():
        median = statistics.median(ts)
        gflops = flops / median / 1e9
        out["frameworks"][name] = {"s_per_epoch": median, "all_s": ts, "gflops": gflops,
                                   "fraction_of_peak": gflops / peak}
    if torch_epoch is None:
        out["frameworks"]["pytorch"] = {"skipped": TORCH_HINT}
    else:
        import torch
        out["torch_version"] = torch.__version__
        out["torch_threads"] = torch.get_num_threads()
    return out


# ---- the machine, the table, the command line ---------------------------------------------

def machine() -> dict:
    from threadpoolctl import threadpool_info

    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pools = [{k: pool.get(k) for k in ("prefix", "user_api", "internal_api", "num_threads",
                                       "architecture", "version", "threading_layer")}
             for pool in threadpool_info()]
    return {"cpu": cpu, "logical_cpus": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "threadpools": pools,
            "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                   "MKL_NUM_THREADS", "OPENBLAS_CORETYPE",
                                                   "OPENBLAS_L2_SIZE")},
            "load_average_start": os.getloadavg() if hasattr(os, "getloadavg") else None}


def table(results: dict) -> str:
    lines = []
    m = results["machine"]
    blas = ", ".join(f"{p['internal_api']} {p['version']} ({p['architecture']}, "
                     f"{p['num_threads']} threads)" for p in m["threadpools"]
                     if p["user_api"] == "blas")
    lines += [f"machine: {m['cpu']}, {m['logical_cpus']} logical CPUs; BLAS: {blas}",
              f"OMP_NUM_THREADS={m['env']['OMP_NUM_THREADS']}, load average at start "
              f"{_load(m['load_average_start'])}, at end {_load(m.get('load_average_end'))}", ""]
    if "admissions" in results:
        a = results["admissions"]
        lines.append(f"1. admissions data ({a['records']} records), seconds per epoch")
        lines.append(f"   {'model':22} {'loop':>10} {'vectorised':>11} {'speed-up':>9}")
        for key, label in [("unit", "sigmoid unit (ch. 2)"),
                           ("mlp_6_2_1", f"6-{a['hidden']}-1 backprop (ch. 5)")]:
            r = a[key]
            lines.append(f"   {label:22} {r['loop_s_per_epoch']:10.2e} "
                         f"{r['vectorised_s_per_epoch']:11.2e} {r['speed_up']:8.0f}×")
        lines.append("")
    if "network" in results:
        n = results["network"]
        shape = "-".join(map(str, n["shape"]))
        lines.append(f"2. {shape} network, float32, batch {n['batch_size']}, {n['rows']} rows, "
                     f"median of {n['repeats']} epochs; {n['flops_per_epoch'] / 1e9:.2f} "
                     f"GFLOP per epoch")
        lines.append(f"   numpy float32 matmul peak ({n['matmul_peak_size']}²): "
                     f"{n['matmul_peak_gflops']:.1f} GFLOP/s")
        lines.append(f"   {'framework':14} {'s/epoch':>9} {'GFLOP/s':>9} {'of peak':>8} "
                     f"{'vs PyTorch':>10}")
        torch_s = n["frameworks"].get("pytorch", {}).get("s_per_epoch")
        for name, r in n["frameworks"].items():
            if "skipped" in r:
                lines.append(f"   {name:14} {r['skipped']}")
            else:
                ratio = f"{r['s_per_epoch'] / torch_s:9.2f}×" if torch_s else f"{'n/a':>10}"
                lines.append(f"   {name:14} {r['s_per_epoch']:9.3f} {r['gflops']:9.1f} "
                             f"{r['fraction_of_peak']:8.0%} {ratio}")
        lines.append("")
    return "\n".join(lines)


def _load(value) -> str:
    return "n/a" if value is None else " ".join(f"{x:.2f}" for x in value)


def run(quick: bool = False) -> dict:
    cfg = QUICK if quick else FULL
    results = {"quick": quick, "config": cfg, "machine": machine()}
    results["admissions"] = bench_admissions(cfg)
    results["network"] = bench_network(cfg)
    if hasattr(os, "getloadavg"):
        results["machine"]["load_average_end"] = os.getloadavg()
    # scikit-learn and PyTorch bring their own BLAS / OpenMP pools: list them all now
    results["machine"]["threadpools_after"] = machine()["threadpools"]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes, a smoke test (writes nothing unless --output)")
    parser.add_argument("--skip-course", action="store_true",
                        help="accepted and ignored (kept for one release): run.py no longer "
                             "times the course; benchmarks/course_timing.py does")
    parser.add_argument("--output", type=Path, default=None,
                        help=f"where to write the JSON (default: {RESULTS.name} for a full "
                             f"run, nothing for --quick)")
    args = parser.parse_args(argv)
    results = run(quick=args.quick)
    print(table(results))
    output = args.output or (None if args.quick else RESULTS)
    if output is not None:
        output.write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nwrote {output}")
    if results.get("network", {}).get("frameworks", {}).get("pytorch", {}).get("skipped"):
        print(TORCH_HINT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
