"""The class report as one self-contained HTML page: tables and matplotlib plots embedded as
PNG data URIs (the Okabe-Ito colour-blind-safe palette, alt text on every plot), no script,
no font, nothing fetched. Student names appear only when the report is not anonymous."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from . import resume
from .report import ClassReport, ExerciseReport, build, to_csv

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency
RIGHT, MISTAKE, UNDIAGNOSED, BLANK = "#009E73", "#E69F00", "#D55E00", "#999999"
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem;
       color: #1a1a1a; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left;
         vertical-align: top; }
td.n { text-align: right; white-space: nowrap; }
code { font-size: 0.92em; }
figure { margin: 1rem 0; } img { max-width: 100%; height: auto; }
.line { font-family: ui-monospace, monospace; font-size: 0.88em; white-space: pre-wrap; }
"""


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight", metadata={"Software": None})
    import matplotlib.pyplot as plt

    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(src: str, alt: str, caption: str) -> str:
    return (f'<figure><img src="{src}" alt="{html.escape(alt)}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def overview_plot(report: ClassReport) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    exercises = report.exercises
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(exercises) + 1.2))
    labels = [f"{e.ex_id} {e.title}" for e in exercises]
    parts = [("right", RIGHT, lambda e: e.right),
             ("a typical mistake", MISTAKE, lambda e: sum(len(m.students) for m in e.mistakes)),
             ("wrong, undiagnosed", UNDIAGNOSED, lambda e: len(e.undiagnosed)),
             ("blank", BLANK, lambda e: e.blank)]
    left = [0.0] * len(exercises)
    for name, colour, count in parts:
        widths = [100 * e.share(count(e)) for e in exercises]
        ax.barh(labels, widths, left=left, color=colour, label=name, edgecolor="white")
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.invert_yaxis()  # hardest at the top, as the tables
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the class (%)")
    ax.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def overview_alt(report: ClassReport) -> str:
    parts = [f"{e.ex_id}: {100 * e.share(e.right):.0f}% right, "
             f"{100 * e.share(e.wrong):.0f}% wrong, {100 * e.share(e.blank):.0f}% blank"
             for e in report.exercises]
    return "Stacked bars per exercise, hardest first. " + "; ".join(parts) + "."


def points_plot(totals: list[float], most: float, chapter: str) -> str:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 2.6))
    bins = [x - 0.5 for x in range(int(most) + 2)]
    ax.hist(totals, bins=bins, color="#0072B2", edgecolor="white")
    ax.set_xlabel(f"points in {chapter} (of {most:g})")
    ax.set_ylabel("students")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def points_alt(totals: list[float], most: float, chapter: str) -> str:
    counts = {}
    for t in totals:
        counts[t] = counts.get(t, 0) + 1
    spread = ", ".join(f"{n} with {p:g}" for p, n in sorted(counts.items()))
    return (f"Histogram of the points in {chapter} of {len(totals)} students (of {most:g}): "
            f"{spread}.")


def _exercise_section(report: ClassReport, e: ExerciseReport) -> str:
    pct = lambda n: f"{100 * e.share(n):.0f}%"  # noqa: E731
    out = [f'<section id="{e.ex_id}"><h3>{e.ex_id} {html.escape(e.title)} '
           f"({e.chapter}): {pct(e.right)} right, {pct(e.blank)} blank</h3>",
           f"<p>{e.students} students: {e.right} right, {e.blank} blank, "
           f"{sum(len(m.students) for m in e.mistakes)} with a typical mistake, "
           f"{len(e.undiagnosed)} wrong in a way no typical mistake explains.</p>"]
    if e.mistakes or e.undiagnosed:
        who = "" if report.anonymous else "<th>students</th>"
        out.append(f"<table><tr><th>students</th><th>mistake</th><th>the line they saw</th>"
                   f"{who}</tr>")
        rows = [(len(m.students), f"<code>{e.ex_id}/{html.escape(m.mistake_id)}</code>", m.line,
                 m.students) for m in e.mistakes]
        if e.undiagnosed:
            rows.append((len(e.undiagnosed), "undiagnosed (an example line)",
                         e.undiagnosed_line, e.undiagnosed))
        for n, label, line, students in rows:
            names = "" if report.anonymous else f"<td>{html.escape(report.who(students))}</td>"
            out.append(f'<tr><td class="n">{n}</td><td>{label}</td>'
                       f'<td class="line">{html.escape(line)}</td>{names}</tr>')
        out.append("</table>")
    out.append("</section>")
    return "\n".join(out)


def render(report: ClassReport, assignment: str | None) -> str:
    scope = assignment or "the course"
    title = f"Class report: {scope}{' (anonymous)' if report.anonymous else ''}"
    n = max((e.students for e in report.exercises), default=0)
    body = [f"<h1>{html.escape(title)}</h1>",
            f"<p>{n} submission{'s' if n != 1 else ''} graded; made from the stored results and "
            f"nbgrader's gradebook. Hardest exercises (fewest right) first.</p>"]
    body.append(_figure(overview_plot(report), overview_alt(report),
                        "What the class did, by exercise."))
    body.append("<h2>Exercises</h2><table><tr><th>exercise</th><th>right</th><th>blank</th>"
                "<th>typical mistakes</th><th>undiagnosed</th><th>most common mistake</th></tr>")
    for e in report.exercises:
        top = (f"<code>{e.ex_id}/{html.escape(e.mistakes[0].mistake_id)}</code> "
               f"({len(e.mistakes[0].students)})" if e.mistakes else "")
        body.append(f'<tr><td><a href="#{e.ex_id}">{e.ex_id} {html.escape(e.title)}</a></td>'
                    f'<td class="n">{100 * e.share(e.right):.0f}%</td>'
                    f'<td class="n">{100 * e.share(e.blank):.0f}%</td>'
                    f'<td class="n">{sum(len(m.students) for m in e.mistakes)}</td>'
                    f'<td class="n">{len(e.undiagnosed)}</td><td>{top}</td></tr>')
    body.append("</table>")
    for chapter in report.chapters:
        totals = report.totals.get(chapter, [])
        if totals:
            most = report.max_points[chapter]
            body.append(_figure(points_plot(totals, most, chapter),
                                points_alt(totals, most, chapter),
                                f"Points in {chapter}, from the gradebook."))
    body.append("<h2>Each exercise</h2>")
    body += [_exercise_section(report, e) for e in report.exercises]
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def write_report(course: Path, chapter: str | None = None, anonymous: bool = False,
                 out: Path | None = None) -> list[Path]:
    """Write ``report-chNN.html`` and ``.csv`` (``report-course`` without a chapter;
    ``-anonymous`` without names) into ``out`` (default ``COURSE/reports``)."""
    from .record import write_atomic

    assignment = f"ch{str(chapter).removeprefix('ch').zfill(2)}" if chapter else None
    report = build(course, assignment, anonymous)
    if not report.exercises:
        raise SystemExit(f"error: no graded submissions{f' of {assignment}' if assignment else ''}"
                         f" in {Path(course) / resume.RESULTS}: run the grade command first")
    stem = f"report-{assignment or 'course'}{'-anonymous' if anonymous else ''}"
    folder = Path(out or Path(course) / "reports")
    paths = [folder / f"{stem}.html", folder / f"{stem}.csv"]
    write_atomic(paths[0], render(report, assignment))
    write_atomic(paths[1], to_csv(report))
    return paths
