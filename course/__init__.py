"""The course machinery: exercise checks, notebook set-up, the student notebook generator and
the static site. The learner's maths lives apart, in ``helpers``; nothing here is needed to
understand a chapter.

Notebooks call ``from course import setup_notebook`` and ``from course.checks.ch01 import ...``.
"""

__all__ = ["setup_notebook"]


def __getattr__(name: str):
    # on first use: the set-up imports numpy (0.1 s of CPU), which the course's tools
    # (`make update` at every hub server start, the student copies, grading) do not need
    if name == "setup_notebook":
        from .notebook import setup_notebook

        return setup_notebook
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
