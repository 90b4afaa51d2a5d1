"""The tools that build, check, grade and update the course: nothing here runs in a learner's
kernel. Authors run ``execute``, ``student``, ``portability`` and ``site``; teachers run
``nbgrader`` and the hub recipe; ``update`` brings a student's clone up to date.
"""
