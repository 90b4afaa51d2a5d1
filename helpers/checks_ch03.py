"""Moved to ``course.checks.ch03``; this alias keeps notebooks saved before the move working
for one release (see CHANGELOG.md)."""

from course.checks.ch03 import *  # noqa: F403
