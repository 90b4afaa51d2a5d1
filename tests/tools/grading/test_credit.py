"""Partial credit: all or nothing by default; per check case when grading.toml says so."""

from __future__ import annotations

import pytest

from course.tools.grading import credit, settings
from course.tools.grading.record import Outcome

LINE = "❌ not yet: ex1.3 error_term — wrong value."


def outcome(status="fail", right=5, total=6, most=1.0):
    return Outcome("ex1.3", "error_term", status, LINE, None, right, total, 0.0, most)


def test_all_or_nothing_is_the_default():
    assert credit.score(outcome(), per_case=False).points == 0.0
    assert credit.score(outcome("pass", 6, 6), per_case=False).points == 1.0
    assert settings.Settings().per_case is False


def test_per_case_gives_the_share_of_cases_right_and_says_so():
    scored = credit.score(outcome(most=3.0), per_case=True)
    assert scored.points == 2.5
    assert credit.share_line(scored) == "5 of 6 test cases right: 2.5 of 3 points"
    assert credit.share_line(credit.score(outcome(right=4), per_case=True)) == (
        "4 of 6 test cases right: 0.67 of 1 point")


def test_a_blank_or_a_run_without_cases_earns_nothing_even_per_case():
    assert credit.score(outcome("todo", 0, 6), per_case=True).points == 0.0
    assert credit.score(outcome("fail", 0, 0), per_case=True).points == 0.0
    assert credit.share_line(credit.score(outcome("fail", 0, 6), per_case=True)) == ""


def test_grading_toml_sets_partial_credit_and_limits(tmp_path):
    (tmp_path / "grading.toml").write_text(
        "[credit]\nper_case = true\n[limits]\ncell_seconds = 3\n")
    got = settings.load(tmp_path)
    assert (got.per_case, got.cell_seconds, got.submission_seconds) == (True, 3.0, 300.0)
    assert got.fingerprint() != settings.Settings().fingerprint()  # a change grades again


@pytest.mark.parametrize(("text", "message"), [
    ("[credit]\nper_cases = true\n", "unknown setting per_cases; expected per_case, "
     "cell_seconds, submission_seconds, memory_mib"),
    ("[credit]\nper_case = 1\n", "per_case: expected true or false, got 1"),
    ("[limits]\ncell_seconds = -2\n", "cell_seconds: expected a positive number, got -2"),
])
def test_a_wrong_setting_is_an_error_naming_it(tmp_path, text, message):
    (tmp_path / "grading.toml").write_text(text)
    with pytest.raises(ValueError, match=f"grading.toml: {message}"):
        settings.load(tmp_path)
