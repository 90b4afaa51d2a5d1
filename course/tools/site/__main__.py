"""python -m course.tools.site [OUT_DIR [NOTEBOOK_DIR]]: the static site (make html)."""

import sys
from pathlib import Path

from . import ROOT, build

target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
built = build(target, *map(Path, sys.argv[2:3]))
print(f"{len(built)} chapters -> {target / 'index.html'}")
