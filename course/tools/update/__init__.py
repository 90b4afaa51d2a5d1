"""Bring a new course version to a student's clone without touching a line of their work.

The notebooks the course ships (``notebooks/NN_name.ipynb``, generated from the solutions) are
committed and never edited by a student. A student works in ``my-notebooks/``, which git does
not track: copies seeded on first use. An update has two steps, one module each:

1. ``history``: fetch the course with git and follow it (``git``: running git, saving the
   student's files first). A fast-forward, a merge when the student committed, or, when the
   teacher rewrote the course's history (``git push --force``), the new history with the
   withdrawn commits gone and the student's own commits put back on top; the student's
   commits are always kept, once, on a ``my-work-...`` branch, and a tracked file the student
   changed anyway is first copied into ``my-notebooks/`` (no conflict marker is ever left).
2. ``copies``: refresh ``my-notebooks/``: a missing copy is seeded, a copy the student has not
   edited is replaced by the new version (or removed when the course withdrew its chapter),
   and beside an edited copy the new version lands as ``NAME.fresh.ipynb``
   (``NAME.fresh-2.ipynb`` ... when that one was edited too: the fresh-copy rule of
   ``course.tools.student``); then the ``changelog`` lines new since the last update, by
   exercise id, with where each new version was put.

    python -m course.tools.update              # both steps (the hub's start script runs this)
    python -m course.tools.update --git-only   # step 1 only
    python -m course.tools.update --no-fetch   # step 2 only (what `make lab` runs)

When step 1 moved the clone, step 2 must run the *new* version's code: the tool then runs
itself again as ``python -m course.tools.update --no-fetch`` (``make update`` runs the two
steps as two commands instead, reinstalling the packages in between).

It never stops half-way: every problem (no upstream, a dirty tree, diverged history, a corrupt
notebook, a read-only folder ...) is one line, and the other chapters are still processed.
"""
