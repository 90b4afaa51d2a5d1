"""The machinery behind every exercise check, one job per module.

A check runs the learner's function on copies of several inputs, compares each result with
the reference, and prints one line: ``✅ correct: …``, ``❌ not yet: …`` or ``⏳ not done: …``.
Typical mistakes are given as functions computing the wrong answer they lead to; a mistake is
named only when it explains every input on which the learner's answer is wrong.

It runs in two steps with plain data between them: ``call_learner`` (``calls.py``, on top of
``runner.py``) runs the learner's function under a time limit, with its printed output
captured, without stdin, and records every result, exception (``raised.py``) and argument
changed in place; ``judge`` (``judge.py``, with ``compare.py`` and ``fmt.py``) compares that
record with the reference and the mistakes and returns a ``CheckResult`` (``result.py``),
whose ``line`` is the one line. ``report`` (``report.py``) prints it; under nbgrader
(``NBGRADER_EXECUTION`` set) a check that does not pass also raises an AssertionError, so the
graded cell loses its points; in a learner's session it never raises. ``model.py`` holds
``Exercise`` and ``Mistake``; ``quiz.py`` the ``Quiz``.
"""

from ..marks import FAIL, PASS, TODO, exercise_id, not_done_message
from .calls import Call, Calls, Source, call_learner
from .compare import compare
from .fmt import MAX_LINE, fmt
from .judge import judge
from .model import Exercise, Mistake
from .quiz import Quiz
from .report import report
from .result import CheckResult

__all__ = ["FAIL", "MAX_LINE", "PASS", "TODO", "Call", "Calls", "CheckResult", "Exercise",
           "Mistake", "Quiz", "Source", "call_learner", "compare", "exercise_id", "fmt",
           "judge", "not_done_message", "report"]
