"""Compiled bytecode for what the sandbox imports, written once outside it.

The sandbox sees the virtual environment read-only and runs Python with ``-B``, so it can
never cache a compiled module: where the venv holds no ``.pyc`` files (uv installs without
them; ``PYTHONDONTWRITEBYTECODE`` keeps Python from writing them), every submission compiles
numpy, IPython and matplotlib from source again, about 0.9 s of CPU each on the 2-core
machine. ``ensure()`` checks for them (a few file lookups) and, when one is missing, runs one
Python outside the sandbox that imports what the runner and the notebooks import and compiles
the packages they came from (about 15 s once). A venv it may not write is left as it is.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

# what the runner and the chapters' notebooks import in the sandbox
MODULES = ("IPython.core.interactiveshell", "numpy", "matplotlib.pyplot", "helpers")
# a module of each package that must be compiled; one without its .pyc means: compile
SENTINELS = ("numpy/_core/numeric.py", "IPython/core/interactiveshell.py",
             "matplotlib/pyplot.py", "matplotlib/axes/_axes.py", "PIL/Image.py",
             "traitlets/traitlets.py", "pyparsing/core.py")
_WARM = """
import compileall, importlib, os, sys
sys.dont_write_bytecode = False
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception:
        pass
sites = [p for p in sys.path if os.path.basename(p) == "site-packages"]
tops = set()
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None) or ""
    for site in sites:
        if path.startswith(site + os.sep):
            tops.add(os.path.join(site, path[len(site) + 1:].split(os.sep)[0]))
for top in sorted(tops):
    if os.path.isdir(top):
        compileall.compile_dir(top, quiet=2)
    elif top.endswith(".py"):
        compileall.compile_file(top, quiet=2)
"""


def missing() -> list[str]:
    """The sentinel modules whose compiled file is not there (empty: nothing to do)."""
    out = []
    for sentinel in SENTINELS:
        spec = importlib.util.find_spec(sentinel.split("/")[0])
        if spec is None or not spec.submodule_search_locations:
            continue
        source = Path(list(spec.submodule_search_locations)[0]).parent / sentinel
        if source.exists() and not Path(importlib.util.cache_from_source(str(source))).exists():
            out.append(sentinel)
    return out


def ensure() -> bool:
    """Compile what the sandbox imports if some of it is not compiled; True when it ran."""
    if not missing():
        return False
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["MPLBACKEND"] = "Agg"
    subprocess.run([sys.executable, "-c", _WARM, *MODULES], env=env, check=False,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=600)
    return True
