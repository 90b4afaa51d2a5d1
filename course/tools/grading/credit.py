"""Points from an outcome: all or nothing (the default, as nbgrader grades), or per check
case when the course's ``grading.toml`` says ``per_case = true``."""

from __future__ import annotations

from dataclasses import replace

from .record import Outcome


def _number(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def score(outcome: Outcome, per_case: bool) -> Outcome:
    """``outcome`` with its points set: full points when it passed; with ``per_case``, the
    share of check cases right (5 of 6 right: 5/6 of the points), else 0."""
    if outcome.status == "pass":
        return replace(outcome, points=outcome.max_points)
    if not per_case or outcome.status != "fail" or not outcome.cases_total:
        return replace(outcome, points=0.0)
    share = outcome.cases_right / outcome.cases_total
    return replace(outcome, points=round(outcome.max_points * share, 4))


def share_line(outcome: Outcome) -> str:
    """What the feedback says about partial points: ``4 of 6 test cases right: 0.67 of 1
    point``; empty when there is nothing partial to say."""
    if outcome.status != "fail" or not outcome.points:
        return ""
    unit = "point" if outcome.max_points == 1 else "points"
    return (f"{outcome.cases_right} of {outcome.cases_total} test cases right: "
            f"{_number(outcome.points)} of {_number(outcome.max_points)} {unit}")
