"""Moved to ``course.checks.ch05``; this alias keeps notebooks saved before the move working
for one release (see CHANGELOG.md)."""

from course.checks.ch05 import *  # noqa: F403
