"""Moved to ``course.checks.ch00``; this alias keeps notebooks saved before the move working
for one release (see CHANGELOG.md)."""

from course.checks.ch00 import *  # noqa: F403
