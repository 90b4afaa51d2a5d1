"""Shared test helpers."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_builder():
    """The static-site builder, ``course.site``."""
    from course import site

    return site


@pytest.fixture
def check_output(capsys):
    """``check_output(check, answer)``: every line a check printed (the verdict last); nothing
    on stderr and no traceback."""
    def run(check, answer) -> list[str]:
        capsys.readouterr()
        check(answer)
        out = capsys.readouterr()
        assert out.err == "", out.err
        assert out.out.endswith("\n") and "Traceback" not in out.out, out.out
        return out.out[:-1].split("\n")
    return run


@pytest.fixture
def check_line(check_output):
    """``check_line(check, answer)``: the one line a check printed, asserting it printed
    exactly one (the line a student sees under the check cell)."""
    def run(check, answer) -> str:
        lines = check_output(check, answer)
        assert len(lines) == 1, lines
        return lines[0]
    return run
