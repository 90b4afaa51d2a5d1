"""The class report: what a class got right, left blank and got wrong, by exercise.

Made from the stored result files (``resume.all_records``) and nbgrader's gradebook (the
points and the students' names), without rerunning anything. Per exercise: the share
right, the share blank, every diagnosed mistake ranked by how many students made it (its
id, the line the students saw, who made it), and the wrong answers no typical mistake
explains; the hardest exercises (fewest right) first. ``report_html`` renders it as one
self-contained page; ``rows`` as CSV rows. ``anonymous`` leaves every name out.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import resume

CSV_HEADER = ["chapter", "exercise", "title", "kind", "mistake", "students", "share", "line",
              "who"]


@dataclass
class Mistaken:
    mistake_id: str
    line: str
    students: list[str] = field(default_factory=list)


@dataclass
class ExerciseReport:
    chapter: str
    ex_id: str
    title: str
    students: int = 0
    right: int = 0
    blank: int = 0
    mistakes: list[Mistaken] = field(default_factory=list)
    undiagnosed: list[str] = field(default_factory=list)
    undiagnosed_line: str = ""
    points: float = 0.0
    max_points: float = 0.0

    def share(self, n: int) -> float:
        return n / self.students if self.students else 0.0

    @property
    def wrong(self) -> int:
        return self.students - self.right - self.blank


@dataclass
class ClassReport:
    chapters: list[str]
    exercises: list[ExerciseReport]  # hardest first
    totals: dict[str, list[float]]  # chapter -> every student's points (the gradebook's)
    max_points: dict[str, float]
    names: dict[str, str]
    anonymous: bool = False

    def who(self, students: list[str]) -> str:
        return "" if self.anonymous else ", ".join(self.names.get(s, s) for s in students)


def _key(ex_id: str) -> tuple[int, ...]:
    return tuple(int(n) for n in ex_id[2:].split("."))


def _most_common(lines: list[str]) -> str:
    return Counter(lines).most_common(1)[0][0] if lines else ""


def build(course: Path, assignment: str | None = None, anonymous: bool = False) -> ClassReport:
    records = resume.all_records(course, assignment)
    by_exercise: dict[tuple[str, str], ExerciseReport] = {}
    lines: dict[tuple[str, str, str | None], list[str]] = defaultdict(list)
    for record in records:
        for o in record.outcomes:
            report = by_exercise.setdefault((record.chapter, o.ex_id),
                                            ExerciseReport(record.chapter, o.ex_id, o.title))
            report.students += 1
            report.max_points = max(report.max_points, o.max_points)
            if o.status == "pass":
                report.right += 1
            elif o.status == "todo":
                report.blank += 1
            else:
                lines[record.chapter, o.ex_id, o.mistake_id].append(o.line)
                if o.mistake_id is None:
                    report.undiagnosed.append(record.student)
                else:
                    found = next((m for m in report.mistakes if m.mistake_id == o.mistake_id),
                                 None)
                    if found is None:
                        found = Mistaken(o.mistake_id, "")
                        report.mistakes.append(found)
                    found.students.append(record.student)
    for (chapter, ex_id), report in by_exercise.items():
        for m in report.mistakes:
            m.line = _most_common(lines[chapter, ex_id, m.mistake_id])
            m.students.sort()
        report.mistakes.sort(key=lambda m: (-len(m.students), m.mistake_id))
        report.undiagnosed.sort()
        report.undiagnosed_line = _most_common(lines[chapter, ex_id, None])
    totals, max_points, names = _gradebook(course, sorted({r.chapter for r in records}))
    for report in by_exercise.values():
        report.points = sum(o.points for r in records if r.chapter == report.chapter
                            for o in r.outcomes if o.ex_id == report.ex_id)
    exercises = sorted(by_exercise.values(),
                       key=lambda r: (r.share(r.right), _key(r.ex_id)))
    return ClassReport(sorted({r.chapter for r in records}), exercises, totals, max_points,
                       names, anonymous)


def _gradebook(course: Path, chapters: list[str]):
    """Each chapter's totals per student and the students' names, from nbgrader's gradebook."""
    from .book import open_gradebook

    totals, max_points, names = {}, {}, {}
    with open_gradebook(course) as gb:
        for student in gb.students:
            full = " ".join(n for n in (student.first_name, student.last_name) if n)
            names[student.id] = f"{full} ({student.id})" if full else student.id
        for chapter in chapters:
            assignment = gb.find_assignment(chapter)
            max_points[chapter] = float(assignment.max_score)
            totals[chapter] = sorted(float(s.score) for s in assignment.submissions)
    return totals, max_points, names


def rows(report: ClassReport) -> list[list[str]]:
    """CSV rows: per exercise one row each for right, blank, every mistake, undiagnosed."""
    out = []
    for ex in report.exercises:
        parts = [("right", "", ex.right, "", ()), ("blank", "", ex.blank, "", ()),
                 *(("mistake", f"{ex.ex_id}/{m.mistake_id}", len(m.students), m.line,
                    m.students) for m in ex.mistakes),
                 ("undiagnosed", "", len(ex.undiagnosed), ex.undiagnosed_line, ex.undiagnosed)]
        for kind, mistake, students, line, who in parts:
            out.append([ex.chapter, ex.ex_id, ex.title, kind, mistake, str(students),
                        f"{ex.share(students):.3f}", line, report.who(list(who))])
    return out


def to_csv(report: ClassReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows(report))
    return buffer.getvalue()
