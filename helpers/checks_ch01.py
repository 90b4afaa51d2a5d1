"""Moved to ``course.checks.ch01``; this alias keeps notebooks saved before the move working
for one release (see CHANGELOG.md)."""

from course.checks.ch01 import *  # noqa: F403
