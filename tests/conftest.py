"""Shared test helpers."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_builder():
    """tools/build_site.py as a module (tools/ is not a package)."""
    if "build_site" not in sys.modules:
        path = ROOT / "tools" / "build_site.py"
        spec = importlib.util.spec_from_file_location("build_site", path)
        sys.modules["build_site"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules["build_site"])
    return sys.modules["build_site"]
