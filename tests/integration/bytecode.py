"""Compiled modules (.pyc) for a fresh Python environment the tests build with uv, borrowed
from this checkout's .venv (tests/integration/test_wheel.py, test_hub_class.py).

uv writes no bytecode and hard-links both environments' packages from its cache, so the same
source is the very same file in both, and a .pyc records its source's time and size, which
Python checks before it uses one. Without them, the first imports in the fresh environment
compile numpy, pandas, scikit-learn, matplotlib and Jupyter anew: seconds of CPU each time."""

from __future__ import annotations

import contextlib
import os
import py_compile
import sys
import sysconfig
from pathlib import Path


def borrow_bytecode(prefix: Path, compile_others: bool = False) -> Path | None:
    """Give the environment at ``prefix`` a hard link to each of the .venv's .pyc files whose
    source is the very same file there; with ``compile_others``, compile here the sources it
    has in another version (for an environment its users cannot write to). Returns its
    site-packages, or None when its Python is another version (a .pyc holds one version's
    code)."""
    tag = f"{sys.implementation.cache_tag}.pyc"
    ours = Path(sysconfig.get_paths()["purelib"])
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    theirs = prefix / "lib" / version / "site-packages"
    if not theirs.is_dir():
        return None
    for root, _, files in os.walk(ours):
        if not root.endswith("__pycache__"):
            continue
        folder = Path(root).parent
        for name in files:
            if not name.endswith(tag):
                continue
            source = f"{name.removesuffix(tag).rstrip('.')}.py"
            target = theirs / folder.relative_to(ours) / source
            with contextlib.suppress(OSError, py_compile.PyCompileError):  # not there: no .pyc
                if os.path.samefile(folder / source, target):
                    (target.parent / "__pycache__").mkdir(exist_ok=True)
                    os.link(Path(root) / name, target.parent / "__pycache__" / name)
                elif compile_others:
                    py_compile.compile(str(target), doraise=True)
    return theirs
