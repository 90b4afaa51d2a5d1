"""Moved to ``course.checks.ch09``; this alias keeps notebooks saved before the move working
for one release (see CHANGELOG.md)."""

from course.checks.ch09 import *  # noqa: F403
