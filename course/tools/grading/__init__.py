"""Grading a class: one submission in a sandbox (``one``), a whole class on every core
(``pool``), resumable (``resume``), into nbgrader's gradebook, with a class report
(``report``), feedback a student reads (``feedback``) and a synthetic class (``synthetic``).

    python -m course.tools.grading grade --chapter 04     # make grade CH=04
    python -m course.tools.grading report [--chapter 04]  # make report CH=04
"""
