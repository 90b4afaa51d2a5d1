"""The course machinery: exercise checks, notebook set-up, the student notebook generator and
the static site. The learner's maths lives apart, in ``helpers``; nothing here is needed to
understand a chapter.

Notebooks call ``from course import setup_notebook`` and ``from course.checks.ch01 import ...``.
"""

from .notebook import setup_notebook

__all__ = ["setup_notebook"]
