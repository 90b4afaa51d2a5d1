"""Moved to ``course.checking``; this alias keeps old imports working for one release."""

from course.checking import *  # noqa: F403
