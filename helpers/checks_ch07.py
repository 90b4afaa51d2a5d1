"""Moved to ``course.checks.ch07``; this alias keeps notebooks saved before the move working
for one release (see CHANGELOG.md)."""

from course.checks.ch07 import *  # noqa: F403
