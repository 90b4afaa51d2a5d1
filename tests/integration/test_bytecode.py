"""borrow_bytecode (tests/integration/bytecode.py) on a small environment of two files."""

from __future__ import annotations

import importlib.util
import os
import py_compile
import sys
import sysconfig
from pathlib import Path

from bytecode import borrow_bytecode

OURS = Path(sysconfig.get_paths()["purelib"])
VERSION = f"python{sys.version_info[0]}.{sys.version_info[1]}"


def environment(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An environment whose site-packages has pytest's own source hard-linked (the same
    file, as uv makes it) and another version of one module of pytest's."""
    site = tmp_path / "env" / "lib" / VERSION / "site-packages"
    same = Path(importlib.util.find_spec("_pytest.timing").origin)
    other = Path(importlib.util.find_spec("_pytest.stash").origin)
    for source in (same, other):
        (site / source.parent.relative_to(OURS)).mkdir(parents=True, exist_ok=True)
    os.link(same, site / same.relative_to(OURS))
    (site / other.relative_to(OURS)).write_text("x = 1\n")
    return tmp_path / "env", site / same.relative_to(OURS), site / other.relative_to(OURS)


def pyc(source: Path) -> Path:
    return Path(importlib.util.cache_from_source(str(source)))


def test_the_same_source_gets_the_venvs_pyc_and_another_version_none(tmp_path):
    prefix, same, other = environment(tmp_path)
    origin = importlib.util.find_spec("_pytest.timing").origin
    # what importing it wrote, unless bytecode is off (PYTHONDONTWRITEBYTECODE): the same file
    ours = Path(py_compile.compile(origin) if sys.dont_write_bytecode else
                importlib.util.cache_from_source(origin))
    assert borrow_bytecode(prefix) == same.parents[1]
    assert os.path.samefile(pyc(same), ours)
    assert not pyc(other).exists()


def test_compile_others_compiles_the_other_version_there(tmp_path):
    prefix, _, other = environment(tmp_path)
    borrow_bytecode(prefix, compile_others=True)
    assert pyc(other).exists()


def test_another_python_version_borrows_nothing(tmp_path):
    (tmp_path / "env" / "lib" / "python2.7" / "site-packages").mkdir(parents=True)
    assert borrow_bytecode(tmp_path / "env") is None
