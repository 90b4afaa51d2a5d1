"""The class report of a synthetic class in Debian's Chromium: its plots load (decoded, with
alt text that says what they show), its tables show the generated counts, it fetches nothing,
and axe-core finds no WCAG 2.1 A or AA violation; the teacher's copy and the anonymous one.

The class is the one test_classrun.py grades (``class_course``: graded once per test run,
this module's copy), its report the one test_classrun.py reads (made once per test run); the
browser and axe-core are the site's browser tests' own (tests/integration/test_browser.py).
Every number asserted comes from the generator's expectations (``synthetic-ch01.json``), none
from the report. A screenshot of the teacher's copy goes to screenshots/class-report-ch01.png
(git-ignored).
"""

from __future__ import annotations

import sys
from pathlib import Path

import class_course
import pytest
from class_course import STUDENTS, expected, tally
from conftest import failed_prefix, skip_unless_installed

from course.checking import Exercise
from course.checks import ch01

skip_unless_installed("nbgrader", "nbgrader comes with the class extra")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "integration"))
import test_browser  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow, getattr(pytest.mark, "class")]
course, graded, graded_class, reports = (  # the fixtures
    class_course.course, class_course.graded, class_course.graded_class, class_course.reports)
browser, page = test_browser.browser, test_browser.page
EXERCISES = {e.ex_id: e for e in vars(ch01).values() if isinstance(e, Exercise)}


def pct(k: int, n: int) -> str:
    return f"{100 * k / n:.0f}%"


def overview_alt(exercises: list[dict]) -> str:
    parts = [f"{e['ex_id']}: {pct(e['right'], e['students'])} right, "
             f"{pct(e['students'] - e['right'] - e['blank'], e['students'])} wrong, "
             f"{pct(e['blank'], e['students'])} blank" for e in exercises]
    return "Stacked bars per exercise, hardest first. " + "; ".join(parts) + "."


def points_alt(outcomes_by_student: dict, most: float) -> str:
    totals = [sum(o["points"] for o in ex.values()) for ex in outcomes_by_student.values()]
    spread = ", ".join(f"{totals.count(p)} with {p:g}" for p in sorted(set(totals)))
    return (f"Histogram of the points in ch01 of {len(totals)} students (of {most:g}): "
            f"{spread}.")


def summary_row(e: dict) -> list[str]:
    title = EXERCISES[e["ex_id"]].title
    top = next(iter(e["mistakes"].items()), None)
    return [f"{e['ex_id']} {title}", pct(e["right"], e["students"]),
            pct(e["blank"], e["students"]), str(sum(map(len, e["mistakes"].values()))),
            str(len(e["undiagnosed"])), f"{e['ex_id']}/{top[0]} ({len(top[1])})" if top else ""]


def section_rows(e: dict, anonymous: bool) -> list[list[str]]:
    """Each row of an exercise's table, the line they saw left out (checked on its own)."""
    rows = [[str(len(who)), f"{e['ex_id']}/{m}", ", ".join(who)]
            for m, who in e["mistakes"].items()]
    if e["undiagnosed"]:
        rows.append([str(len(e["undiagnosed"])), "undiagnosed (an example line)",
                     ", ".join(e["undiagnosed"])])
    return [row[:2] if anonymous else row for row in rows]


@pytest.mark.parametrize("anonymous", [False, True], ids=["teacher", "anonymous"])
def test_the_report_opens_with_its_plots_and_tables_and_no_wcag_violation(course, reports, page,
                                                                           anonymous):
    from nbgrader.api import Gradebook

    # `python -m course.tools.grading report --chapter 01 [--anonymous]`, run by the fixture
    # (its output and CSV: test_classrun.py)
    out = (reports / f"report-ch01{'-anonymous' if anonymous else ''}.out").read_text()
    report = reports / "teacher" / out.splitlines()[0]
    fetched = []
    page.on("request", lambda r: r.url.startswith(("file:", "data:")) or fetched.append(r.url))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    outcomes = expected(course)
    exercises = tally(outcomes)
    assert sorted(e["ex_id"] for e in exercises) == sorted(EXERCISES)
    assert sum(e["students"] for e in exercises) == STUDENTS * len(EXERCISES)

    decoded = page.evaluate("""() => Promise.all([...document.images].map(img => img.decode()
        .then(() => [img.naturalWidth, img.naturalHeight, img.alt], () => "not decoded")))""")
    assert len(decoded) == 2 and all(type(d) is list and d[0] > 200 and d[1] > 100
                                     for d in decoded), decoded
    with Gradebook(f"sqlite:///{course / 'grading' / 'gradebook.db'}",
                   course_id="delta-to-backprop") as gb:
        most = gb.find_assignment("ch01").max_score
    assert [d[2] for d in decoded] == [overview_alt(exercises), points_alt(outcomes, most)]
    assert page.locator("figure figcaption").all_inner_texts() == [
        "What the class did, by exercise.", "Points in ch01, from the gradebook."]

    summary = page.locator("table").first
    assert summary.locator("th").all_inner_texts() == [
        "exercise", "right", "blank", "typical mistakes", "undiagnosed", "most common mistake"]
    cells = [row.locator("td").all_inner_texts() for row in summary.locator("tr").all()[1:]]
    assert cells == [summary_row(e) for e in exercises]

    sections = page.locator("section")
    assert sections.evaluate_all("all => all.map(s => s.id)") == [e["ex_id"] for e in exercises]
    for e in exercises:
        section = page.locator(f'section[id="{e["ex_id"]}"]')
        title = EXERCISES[e["ex_id"]].title
        assert section.locator("h3").inner_text() == (
            f"{e['ex_id']} {title} (ch01): {pct(e['right'], e['students'])} right, "
            f"{pct(e['blank'], e['students'])} blank")
        wrong = sum(map(len, e["mistakes"].values()))
        assert section.locator("p").inner_text() == (
            f"{e['students']} students: {e['right']} right, {e['blank']} blank, {wrong} with a "
            f"typical mistake, {len(e['undiagnosed'])} wrong in a way no typical mistake "
            f"explains.")
        want = section_rows(e, anonymous)
        assert section.locator("table").count() == (1 if want else 0)
        if not want:
            continue
        assert section.locator("th").all_inner_texts() == [
            "students", "mistake", "the line they saw"] + ([] if anonymous else ["students"])
        rows = [row.locator("td").all_inner_texts() for row in section.locator("tr").all()[1:]]
        assert [row[:2] + row[3:] for row in rows] == want
        assert all(row[2].startswith(failed_prefix(EXERCISES[e["ex_id"]])) for row in rows)
    assert any(section_rows(e, anonymous) for e in exercises)  # the seed has wrong answers
    named = [s for s in outcomes if any(o["status"] == "fail" for o in outcomes[s].values())]
    text = page.inner_text("body")
    assert named and all((s in text) != anonymous for s in named)

    if not anonymous:
        test_browser.shoot(page, "class-report-ch01")
    assert test_browser.axe_violations(page) == []
    assert fetched == []
