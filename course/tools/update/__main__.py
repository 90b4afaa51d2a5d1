"""``python -m course.tools.update``: the command line (see the package's docstring)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from . import __doc__ as DOC
from .copies import sync
from .history import git_update

ROOT = Path(__file__).resolve().parents[3]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.tools.update", description=DOC,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    step = parser.add_mutually_exclusive_group()
    step.add_argument("--no-fetch", action="store_true",
                      help="do not use git; only refresh my-notebooks/")
    step.add_argument("--git-only", action="store_true",
                      help="only fetch and follow the course with git")
    parser.add_argument("--root", type=Path, default=ROOT, help="the course clone (default: "
                        "the one this package is in)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not args.no_fetch:
        lines, moved = git_update(root)
        for line in lines:
            print(line, flush=True)
        if args.git_only:
            return 0
        if moved:  # step 2 with the new version's own code, in a new process
            env = dict(os.environ, PYTHONPATH=os.pathsep.join(
                filter(None, [str(root), os.environ.get("PYTHONPATH")])))
            return subprocess.run([sys.executable, "-m", "course.tools.update", "--no-fetch",
                                   "--root", str(root)], env=env).returncode
    for line in sync(root):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
