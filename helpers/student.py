"""Moved to ``course.student``; ``python -m helpers.student`` keeps working for one release."""

from course.student import *  # noqa: F403
from course.student import main

if __name__ == "__main__":
    raise SystemExit(main())
