"""Installed, not only editable: a wheel of the course in a fresh virtual environment outside
the repository imports, loads the shipped data and runs every chapter; and a notebook whose
checkout differs from the installed course says so in one line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
    wheel = next((tmp / "dist").glob("*.whl"))
    env_dir = tmp / "venv"
    run([*uv(), "venv", "--offline", "--quiet", "--python", sys.executable, env_dir], cwd=tmp)
    run([*uv(), "pip", "install", "--offline", "--quiet", "--python", env_dir / "bin" / "python",
         "-c", ROOT / "constraints.txt", wheel], cwd=tmp)
    return env_dir


def clean_env(venv: Path, home: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_CONFIG"))}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", HOME=str(home),
               JUPYTER_PREFER_ENV_PATH="1", JUPYTER_PLATFORM_DIRS="1", OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    return env


def test_the_wheel_imports_and_loads_its_data_outside_the_repository(venv, tmp_path):
    out = run([venv / "bin" / "python", "-c",
               "import json, course, helpers\n"
               "from helpers import load_admissions\n"
               "df = load_admissions()\n"
               "print(json.dumps([course.__file__, helpers.__file__, list(df.shape)]))"],
              cwd=tmp_path, env=clean_env(venv, tmp_path))
    course_file, helpers_file, shape = json.loads(out.splitlines()[-1])
    site = str(venv / "lib")
    assert course_file.startswith(site) and helpers_file.startswith(site)
    assert shape == [400, 4]


def test_every_chapter_runs_from_the_wheel(venv, tmp_path):
    nbs = tmp_path / "nbs"
    shutil.copytree(ROOT / "notebooks" / "solutions", nbs, ignore=SKIP)
    names = sorted(p.name for p in nbs.glob("*.ipynb"))
    run([venv / "bin" / "jupyter", "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.kernel_name=python3",
         "--output-dir", tmp_path / "out", *names], cwd=nbs, env=clean_env(venv, tmp_path),
        timeout=1800)
    for name in names:
        nb = json.loads((tmp_path / "out" / name).read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            outs = cell.get("outputs", [])
            assert not [o for o in outs if o["output_type"] == "error"], (name, cell["source"])
            if "check" in cell.get("metadata", {}).get("tags", []):
                text = "".join("".join(o.get("text", "")) for o in outs)
                assert text.startswith(PASS), (name, text)


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
