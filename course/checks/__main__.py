"""``python -m course.checks --list``: every exercise, then each of its mistakes' full id and
message, one per line, in exercise-id order (the ids teachers count and CHANGELOG names)."""

from __future__ import annotations

import argparse
import sys

from . import every


def listing() -> list[str]:
    """The lines of ``--list``: ``ex4.1 backprop_step`` then ``  ex4.1/missing-slope  message``."""
    lines = []
    for check in every():
        lines.append(f"{check.ex_id} {check.title}")
        for mistake in getattr(check, "mistakes", ()):
            lines.append(f"  {check.ex_id}/{mistake.id}  {mistake.message}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.checks",
                                     description="The course's exercise checks.")
    parser.add_argument("--list", action="store_true",
                        help="print every exercise and its mistakes' ids and messages")
    args = parser.parse_args(argv)
    if not args.list:
        parser.print_help()
        return 2
    sys.stdout.write("".join(f"{line}\n" for line in listing()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
