"""Moved to ``course.notebook``; this alias keeps old imports working for one release."""

from course.notebook import *  # noqa: F403
