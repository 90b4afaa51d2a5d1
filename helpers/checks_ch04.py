"""Moved to ``course.checks.ch04``; this alias keeps notebooks saved before the move working
for one release (see CHANGELOG.md)."""

from course.checks.ch04 import *  # noqa: F403
