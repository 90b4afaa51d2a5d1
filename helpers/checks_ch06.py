"""Moved to ``course.checks.ch06``; this alias keeps notebooks saved before the move working
for one release (see CHANGELOG.md)."""

from course.checks.ch06 import *  # noqa: F403
