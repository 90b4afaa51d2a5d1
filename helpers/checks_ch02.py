"""Moved to ``course.checks.ch02``; this alias keeps notebooks saved before the move working
for one release (see CHANGELOG.md)."""

from course.checks.ch02 import *  # noqa: F403
