"""Installed, not only editable: a wheel of the course holds every module and data file of the
checkout, byte for byte; in a fresh virtual environment outside the repository it imports
everything a notebook imports, loads the shipped data and runs a chapter that reads every kind
of file a chapter reads; and a notebook whose checkout differs from the installed course says so
in one line.

Why not every chapter: nbval runs each from the checkout. The wheel's files are the checkout's
(first test), the notebooks' imports resolve in the wheel's environment, installed from the
same lock (second test), so a chapter can only behave differently from the wheel where it
reads a file: the shipped data (second test), the checkout above its folder (the set-up cell
every chapter opens with, and the last test) and the learner's earlier chapters beside it
(chapter 8, course.carry on chapters 6 and 7)."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bytecode import borrow_bytecode

from course.marks import PASS

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
_ANYWHERE = shutil.ignore_patterns(".git", ".venv", "my-notebooks", "*.egg-info", "__pycache__",
                                   "node_modules", ".pytest_cache", ".ruff_cache", "screenshots",
                                   ".ipynb_checkpoints", "*.fresh*.ipynb")


def SKIP(folder: str, names: list[str]) -> set[str]:
    """What the copy leaves out: build output at the top (site/, build/; course/tools/site/ is
    a package and stays), and caches, environments and students' work anywhere."""
    top = {"site", "build"} & set(names) if Path(folder) == ROOT else set()
    return set(_ANYWHERE(folder, names)) | top


# the chapter that reads every kind of file a notebook reads (see the docstring): the checkout
# above (its set-up cell, as in every chapter) and the learner's chapters 6 and 7 beside it
# (course.carry; 7 and 9 read chapter 6 only). Chapter 0 reads nothing more than its set-up
# cell: run from the wheel as well, it proved nothing chapter 8 does not.
RUN_FROM_THE_WHEEL = ("08_gradient_checking.ipynb",)
# not packages: the hub's server configuration, copied into an image, never imported
NOT_INSTALLED = "course/tools/hub/"


def uv() -> list[str]:
    for cand in (Path(sys.executable).parent / "uv", shutil.which("uv")):
        if cand and Path(cand).exists():
            return [str(cand)]
    return [sys.executable, "-m", "uv"]


def run(cmd, cwd, env=None, timeout=900) -> str:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=timeout)
    assert proc.returncode == 0, f"{cmd}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    # --offline: the test reads uv's cache, filled by the set-up; it never reaches an index
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=SKIP, symlinks=True)
    run([*uv(), "build", "--offline", "--wheel", "--quiet", "--out-dir", tmp / "dist", src], cwd=tmp)
    wheel = wheel_of(tmp / "venv")
    env_dir = tmp / "venv"
    run([*uv(), "venv", "--offline", "--quiet", "--python", sys.executable, env_dir], cwd=tmp)
    run([*uv(), "pip", "install", "--offline", "--quiet", "--python", env_dir / "bin" / "python",
         "-c", ROOT / "constraints.txt", "--override", ROOT / "overrides.txt", wheel], cwd=tmp)
    borrow_bytecode(env_dir)  # what it would compile anew, 4 s of CPU of this file's 10
    return env_dir


def wheel_of(venv: Path) -> Path:
    [wheel] = (venv.parent / "dist").glob("*.whl")
    return wheel


def clean_env(venv: Path, home: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_CONFIG"))}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", HOME=str(home),
               JUPYTER_PREFER_ENV_PATH="1", JUPYTER_PLATFORM_DIRS="1", OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    return env


def tracked_files() -> dict[str, Path]:
    """{name in the wheel: file in the checkout} of every git-tracked file of course/, helpers/
    and data/ (installed as helpers/admissions/) but the hub's configuration."""
    names = run(["git", "ls-files", "-z", "course", "helpers", "data"], cwd=ROOT).split("\0")
    return {(f"helpers/admissions/{n[5:]}" if n.startswith("data/") else n): ROOT / n
            for n in names if n and not n.startswith(NOT_INSTALLED)}


def notebook_imports() -> list[str]:
    """Every module a solution notebook's code imports, anywhere in a cell."""
    found = set()
    for path in sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.Import):
                    found.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    found.add(node.module)
    return sorted(found)


def test_the_wheel_holds_every_module_and_data_file_of_the_checkout(venv):
    files = tracked_files()
    assert "helpers/admissions/binary.csv" in files and "course/carry.py" in files
    with zipfile.ZipFile(wheel_of(venv)) as wheel:
        held = set(wheel.namelist())
        assert sorted(set(files) - held) == []
        changed = [name for name, path in files.items()
                   if wheel.read(name) != path.read_bytes()]
    assert changed == []


IMPORT_ALL = """
import importlib, json, pkgutil, sys
import course, helpers
from helpers import load_admissions
names = sys.argv[1:]
for package in ("course", "course.checks", "course.checking", "helpers"):
    path = importlib.import_module(package).__path__
    names += [f"{package}.{m.name}" for m in pkgutil.iter_modules(path) if not m.ispkg]
failed = []
for name in names:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {exc!r}")
print(json.dumps([course.__file__, helpers.__file__, list(load_admissions().shape), len(names),
                  failed]))
"""


def test_the_wheel_imports_what_notebooks_import_and_loads_its_data_outside_the_repository(
        venv, tmp_path):
    wanted = notebook_imports()
    assert {"course", "helpers", "sklearn.datasets", "matplotlib.pyplot"} <= set(wanted)
    out = run([venv / "bin" / "python", "-c", IMPORT_ALL, *wanted], cwd=tmp_path,
              env=clean_env(venv, tmp_path))
    course_file, helpers_file, shape, imported, failed = json.loads(out.splitlines()[-1])
    site = str(venv / "lib")
    assert course_file.startswith(site) and helpers_file.startswith(site)
    assert shape == [400, 4]
    assert failed == [] and imported > len(wanted)


def test_the_chapters_that_read_files_run_from_the_wheel(venv, tmp_path):
    nbs = tmp_path / "nbs"
    shutil.copytree(ROOT / "notebooks" / "solutions", nbs, ignore=SKIP)  # chapter 8 reads 6, 7
    names = list(RUN_FROM_THE_WHEEL)
    readers = sorted(p.name for p in nbs.glob("*.ipynb")
                     if "learner_functions(" in p.read_text(encoding="utf-8"))
    assert names[0] in readers, readers  # course.carry runs the learner's chapters 6 and 7
    (tmp_path / "out").mkdir()
    # nbclient's command (what nbconvert --execute runs, without loading nbconvert's exporters)
    run([venv / "bin" / "jupyter", "execute", "--timeout=600", "--kernel_name=python3",
         f"--output={tmp_path / 'out'}/{{notebook_name}}", *names], cwd=nbs,
        env=clean_env(venv, tmp_path), timeout=1800)
    printed = {}
    for name in names:
        nb = json.loads((tmp_path / "out" / name).read_text(encoding="utf-8"))
        checks = 0
        for cell in nb["cells"]:
            outs = cell.get("outputs", [])
            assert not [o for o in outs if o["output_type"] == "error"], (name, cell["source"])
            text = "".join("".join(o.get("text", "")) for o in outs)
            printed[name] = printed.get(name, "") + text
            if "check" in cell.get("metadata", {}).get("tags", []):
                assert text.startswith(PASS), (name, text)
                checks += 1
        assert checks, name
    # the wheel's course.carry found and ran the chapters beside the notebook, not its references
    assert [line for line in printed[names[0]].splitlines()
            if line.startswith("this notebook uses ")] == [
        "this notebook uses your forward and backward from 06_shapes_and_biases (ex6.3, ex6.4).",
        "this notebook uses your cost_and_delta from 07_cross_entropy_deeper_network (ex7.2)."]


def test_a_notebook_from_another_checkout_says_so_in_one_line(venv, tmp_path):
    checkout = tmp_path / "delta-to-backprop"
    for name in ("course", "helpers", "notebooks"):
        shutil.copytree(ROOT / name, checkout / name, ignore=SKIP)
    env = clean_env(venv, tmp_path)
    setup = [venv / "bin" / "python", "-c", "from course import setup_notebook; setup_notebook()"]
    assert run(setup, cwd=checkout / "notebooks", env=env) == ""  # the same code: no word
    marks = checkout / "course" / "marks.py"
    marks.write_text(marks.read_text(encoding="utf-8") + "\n# a newer version\n",
                     encoding="utf-8")
    installed = next((venv / "lib").glob("python*/site-packages/course")).resolve()
    assert run(setup, cwd=checkout / "notebooks", env=env).splitlines() == [
        f"⚠️ This notebook belongs to the course in {checkout}, but Python imported `course` "
        f"from another copy, {installed}: run `pip install -e {checkout}` in this environment "
        "(or start JupyterLab with `make lab`), then restart the kernel."]
