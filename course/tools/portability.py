"""Run nbval over the solution notebooks under an emulated CPU matrix, on one machine.

Stored outputs must be the same text on any CPU and thread count. numpy picks SIMD code at run
time (``exp``, ``log``, sums ... round differently in the last bits with AVX-512 than with AVX2
or SSE) and OpenBLAS picks its kernels by CPU, so this runs the notebooks once per
configuration, steering both:

    native     the machine as it is (its environment kept)
    avx2       numpy's AVX-512 paths off, OPENBLAS_CORETYPE=Haswell   (most laptops)
    baseline   numpy's baseline only, OPENBLAS_CORETYPE=Nehalem      (an old CPU)
    threads2   native, with two BLAS/OpenMP threads

Only features numpy dispatches AND this machine has are disabled (numpy refuses any other name
with an ImportWarning hidden by default, so a wrong name would silently emulate nothing); both
lists are read from numpy at run time, and a subprocess checks that they really are off and
which OpenBLAS core is in use. A configuration this CPU cannot emulate is skipped with a line.

    python -m course.tools.portability                      # every solution notebook
    python -m course.tools.portability notebooks/solutions/08_gradient_checking.ipynb
    python -m course.tools.portability --only native,avx2

Exit status 1 if any configuration has a failing cell.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .execute import set_environment

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "notebooks" / "solutions"
NBVAL_FLAGS = ["--nbval", "--nbval-current-env", "--nbval-cell-timeout=300",
               "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"]
NUMPY_KNOBS = ("NPY_DISABLE_CPU_FEATURES", "NPY_ENABLE_CPU_FEATURES")
THREAD_KNOBS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
CONFIGS = ("native", "avx2", "baseline", "threads2")

_PROBE = r"""
import json, warnings
warnings.simplefilter("error")  # numpy's ImportWarning about a refused feature name is fatal
from numpy._core import _multiarray_umath as m
info = {"baseline": list(m.__cpu_baseline__), "dispatch": list(m.__cpu_dispatch__),
        "features": {k: bool(v) for k, v in m.__cpu_features__.items()}, "blas": []}
try:
    import threadpoolctl
    info["blas"] = [{"api": p.get("internal_api"), "core": p.get("architecture"),
                     "threads": p.get("num_threads")} for p in threadpoolctl.threadpool_info()
                    if p.get("user_api") == "blas"]
except ImportError:
    pass
print(json.dumps(info))
"""


class CannotEmulate(Exception):
    """This configuration cannot be emulated on this machine; the message says why."""


@dataclass
class Config:
    name: str
    env: dict
    disabled: list = field(default_factory=list)  # numpy features turned off
    core: str | None = None                        # OpenBLAS core asked for
    threads: int | None = None                     # BLAS threads asked for
    described: str = ""                            # what was verified, one line
    failing: list = field(default_factory=list)    # "NB::Cell N"
    skipped: str | None = None                     # why it could not be emulated
    error: str | None = None                       # pytest did not run cleanly


def probe(env: dict) -> dict:
    """numpy's CPU lists and the BLAS in use, as a fresh interpreter under ``env`` sees them."""
    run = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                         text=True, cwd=ROOT)
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        raise CannotEmulate(f"numpy does not start: {last}")
    return json.loads(run.stdout)


def base_environment() -> dict:
    """The machine's environment with the course's defaults (one thread unless set)."""
    env = dict(os.environ)
    set_environment(env)
    return env


def machine(env: dict) -> dict:
    """What numpy dispatches and this machine has, with no numpy feature steering."""
    clean = {k: v for k, v in env.items() if k not in NUMPY_KNOBS}
    info = probe(clean)
    has = {name for name, on in info["features"].items() if on}
    info["available"] = [name for name in info["dispatch"] if name in has]
    return info


def _is_avx512(name: str) -> bool:
    return name.startswith("AVX512") or name == "X86_V4"


def build(name: str, env: dict, hw: dict) -> Config:
    """The environment of configuration ``name``; raises CannotEmulate when it is impossible."""
    env = dict(env)
    x86 = "SSE2" in hw["features"] or any(n.startswith(("X86_", "AVX", "SSE"))
                                          for n in hw["dispatch"])
    if name == "native":
        return Config(name, env)
    if name == "threads2":
        env.update({k: "2" for k in THREAD_KNOBS})
        return Config(name, env, threads=2)
    if not x86:
        raise CannotEmulate("not an x86 CPU: numpy's x86 paths and OpenBLAS's x86 cores "
                            "cannot be steered here")
    if name == "avx2":
        off, core = [n for n in hw["available"] if _is_avx512(n)], "Haswell"
        if not off:
            raise CannotEmulate("numpy has no AVX-512 path in use on this CPU "
                                "(native already is the AVX2 case)")
    elif name == "baseline":
        off, core = list(hw["available"]), "Nehalem"
        if not off:
            raise CannotEmulate("numpy already runs its baseline only on this CPU")
    else:
        raise ValueError(f"configuration: expected one of {', '.join(CONFIGS)}, got {name!r}")
    for knob in NUMPY_KNOBS:
        env.pop(knob, None)
    env["NPY_DISABLE_CPU_FEATURES"] = " ".join(off)
    env["OPENBLAS_CORETYPE"] = core
    return Config(name, env, disabled=off, core=core)


def verify(config: Config) -> None:
    """Check in a subprocess that the configuration is really in effect; describe it."""
    info = probe(config.env)
    still_on = [n for n in config.disabled if info["features"].get(n)]
    if still_on:
        raise CannotEmulate(f"numpy kept {' '.join(still_on)} on")
    blas = info["blas"][0] if info["blas"] else None
    if blas and config.core and blas["api"] == "openblas" \
            and (blas["core"] or "").lower() != config.core.lower():
        raise CannotEmulate(f"OpenBLAS ignored OPENBLAS_CORETYPE={config.core} "
                            f"(uses {blas['core']})")
    if blas and config.threads and blas["threads"] != config.threads:
        raise CannotEmulate(f"BLAS runs {blas['threads']} threads, not {config.threads}")
    off = " ".join(config.disabled) or "nothing"
    where = (f"{blas['api']} core {blas['core']}, {blas['threads']} thread(s)" if blas
             else "BLAS not identified (threadpoolctl missing)")
    from_env = ("; OPENBLAS_CORETYPE from the environment" if not config.core
                and config.env.get("OPENBLAS_CORETYPE") else "")
    config.described = f"numpy features off: {off}; {where}{from_env}"


def _xdist(notebooks: list[str]) -> list[str]:
    # loadfile keeps each notebook in one worker: a worker more than notebooks idles (and costs
    # a pytest start-up), so one notebook runs without xdist
    workers = min(2, len(notebooks))
    if workers < 2 or not importlib.util.find_spec("xdist"):
        return []
    return ["-n", str(workers), "--dist", "loadfile"]


def run_nbval(config: Config, notebooks: list[str]) -> None:
    """Run nbval over ``notebooks`` under ``config``; record the failing cells."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        cmd = [sys.executable, "-m", "pytest", *notebooks, *NBVAL_FLAGS, *_xdist(notebooks),
               "-q", "-p", "no:cacheprovider", "-o", "addopts=", "-o", "junit_family=xunit1",
               f"--junitxml={report}"]
        run = subprocess.run(cmd, env=config.env, cwd=ROOT, capture_output=True, text=True)
        if run.returncode not in (0, 1) or not report.exists():
            tail = (run.stdout + run.stderr).strip().splitlines()[-1:] or ["no output"]
            config.error = f"pytest exited {run.returncode}: {tail[0]}"
            return
        for case in ET.parse(report).getroot().iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                config.failing.append(_where(case.get("file", ""), case.get("name", "")))
        if run.returncode == 1 and not config.failing:
            config.error = "pytest failed without naming a cell"


def _where(file: str, name: str) -> str:
    """``NN_name.ipynb cell I (nbval Cell N)``: nbval counts code cells only, I is the index."""
    path = (ROOT / file).resolve()
    try:
        number = int(name.split()[-1])
        code = [i for i, c in enumerate(nbformat.read(path, as_version=4).cells)
                if c.cell_type == "code"]
        return f"{path.name} cell {code[number]} (nbval {name})"
    except (ValueError, IndexError, OSError):
        return f"{path.name} {name}"


def _notebook_arg(path: Path) -> str:
    path = path.resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def summary(configs: list[Config]) -> list[str]:
    """The table: failing cells per configuration."""
    width = max(len(c.name) for c in configs)
    lines = [f"{'configuration':<{max(width, 13)}}  failing cells"]
    for c in configs:
        if c.skipped:
            result = f"not emulated ({c.skipped})"
        elif c.error:
            result = f"ERROR ({c.error})"
        else:
            result = str(len(c.failing)) + (f": {', '.join(c.failing)}" if c.failing else "")
        lines.append(f"{c.name:<{max(width, 13)}}  {result}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.tools.portability", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="solution notebooks (default: all in notebooks/solutions)")
    parser.add_argument("--only", default=",".join(CONFIGS),
                        help=f"comma-separated configurations (default: {','.join(CONFIGS)})")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        parser.error(f"--only: expected names from {', '.join(CONFIGS)}, got {', '.join(unknown)}")
    notebooks = [_notebook_arg(p) for p in (args.notebooks or sorted(SOLUTIONS.glob("*.ipynb")))]
    env = base_environment()
    try:
        hw = machine(env)
    except CannotEmulate as why:
        print(f"cannot read numpy's CPU features: {why}")
        return 1
    print(f"numpy baseline: {' '.join(hw['baseline']) or 'none'}; dispatched and on this CPU: "
          f"{' '.join(hw['available']) or 'none'}", flush=True)
    configs = []
    for name in names:
        try:
            config = build(name, env, hw)
            verify(config)
        except CannotEmulate as why:
            config = Config(name, {}, skipped=str(why))
            print(f"{name}: cannot be emulated on this CPU: {why}", flush=True)
            configs.append(config)
            continue
        print(f"{name}: {config.described}", flush=True)
        run_nbval(config, notebooks)
        outcome = config.error or f"{len(config.failing)} failing cell(s)"
        print(f"{name}: {outcome}", flush=True)
        configs.append(config)
    print()
    print("\n".join(summary(configs)))
    bad = [c for c in configs if c.failing or c.error]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
