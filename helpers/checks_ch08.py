"""Moved to ``course.checks.ch08``; this alias keeps notebooks saved before the move working
for one release (see CHANGELOG.md)."""

from course.checks.ch08 import *  # noqa: F403
