"""The ex9.1 check accepts the reference and names typical mistakes."""

from __future__ import annotations

import numpy as np

from course.checks.ch09 import check_one_hot


def _line(capsys, fn) -> str:
    check_one_hot(fn)
    out = capsys.readouterr().out.strip()
    assert "\n" not in out
    return out


def reference(labels, n_classes):
    return np.eye(n_classes)[np.asarray(labels)]


def test_accepts_the_reference_and_an_equivalent_answer(capsys):
    assert _line(capsys, reference).startswith("✅ correct: ex9.1")

    def with_a_loop(labels, n_classes):
        rows = []
        for label in labels:
            row = [0] * n_classes
            row[label] = 1
            rows.append(row)
        return np.array(rows)

    assert _line(capsys, with_a_loop).startswith("✅")


def test_names_the_off_by_one(capsys):
    line = _line(capsys, lambda labels, n: np.eye(n)[np.asarray(labels) - 1])
    assert line.startswith("❌") and "one column to the left" in line


def test_names_the_width_taken_from_the_data(capsys):
    line = _line(capsys, lambda labels, n: np.eye(max(labels) + 1)[np.asarray(labels)])
    assert line.startswith("❌") and "must be n_classes" in line


def test_names_labels_returned_as_a_column(capsys):
    line = _line(capsys, lambda labels, n: np.asarray(labels)[:, None])
    assert line.startswith("❌") and "as a column" in line


def test_transposed_result_is_diagnosed(capsys):
    line = _line(capsys, lambda labels, n: reference(labels, n).T)
    assert line.startswith("❌") and "transpose" in line


def test_unfinished_and_crashing_answers(capsys):
    def stub(labels, n_classes):
        raise NotImplementedError("ex9.1 is not done yet")

    assert _line(capsys, stub).startswith("⏳")
    assert "raised" in _line(capsys, lambda labels, n: labels.shape_of_nothing)
    assert "expected a function" in _line(capsys, reference(np.array([1]), 3))
