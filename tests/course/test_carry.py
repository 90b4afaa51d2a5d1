"""course.carry: the learner's own chapter 6 functions run where they are done, the course's
reference (with one line saying why) where the copy is missing, a stub, broken or graded."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from course.carry import REFERENCES, learner_functions
from helpers.net_nout_nin import backward, init_params

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = next((ROOT / "notebooks" / "solutions").glob("06_*.ipynb"))
STUDENT = next((ROOT / "notebooks").glob("06_*.ipynb"))
NAME = SOLUTION.stem


@pytest.fixture(autouse=True)
def not_grading(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


def _data():
    weights, biases = init_params([2, 3, 1], np.random.default_rng(0))
    X = np.random.default_rng(1).standard_normal((4, 2))
    return X, np.array([[0.0], [1.0], [1.0], [0.0]]), weights, biases


def _copy(tmp_path: Path, source: Path, edit=None) -> Path:
    target = tmp_path / source.name
    if edit is None:
        shutil.copy(source, target)
    else:
        nb = json.loads(source.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if grade_id:
                cell["source"] = edit(grade_id, "".join(cell["source"]))
        target.write_text(json.dumps(nb), encoding="utf-8")
    return tmp_path


def test_the_learners_done_functions_are_returned_and_run(tmp_path, capsys):
    fns = learner_functions("06", ["forward", "backward"], _copy(tmp_path, SOLUTION))
    assert capsys.readouterr().out == (
        f"this notebook uses your forward and backward from {NAME} (ex6.3, ex6.4).\n")
    assert fns["backward"] is not REFERENCES["06", "backward"]
    assert fns["backward"].__code__.co_filename == f"{NAME} ex6.4"
    X, y, weights, biases = _data()
    for got, want in zip(fns["backward"](X, y, weights, biases),
                         backward(weights, biases, X, y, "mse"), strict=True):
        for g, w in zip(got, want, strict=True):
            np.testing.assert_allclose(g, w, rtol=1e-12)


def test_the_working_folder_is_the_default(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(_copy(tmp_path, SOLUTION))
    assert learner_functions("06", ["forward"])["forward"].__code__.co_filename.endswith("ex6.3")


def test_a_missing_copy_falls_back_to_the_reference(tmp_path, capsys):
    fns = learner_functions("06", ["backward"], tmp_path)
    assert capsys.readouterr().out == (
        f"this notebook uses the course's backward: there is no 06_*.ipynb in {tmp_path.name}.\n")
    assert fns == {"backward": REFERENCES["06", "backward"]}
    X, y, weights, biases = _data()
    np.testing.assert_array_equal(fns["backward"](X, y, weights, biases)[0][0],
                                  backward(weights, biases, X, y, "mse")[0][0])


def test_a_stub_falls_back_and_names_the_exercise(tmp_path, capsys):
    fns = learner_functions("06", ["forward", "backward"], _copy(tmp_path, STUDENT))
    assert capsys.readouterr().out == (
        f"this notebook uses the course's forward and backward: your ex6.4 in {NAME} is not "
        "done yet.\n")
    assert fns["forward"] is REFERENCES["06", "forward"]


def test_a_stub_the_function_calls_falls_back_too(tmp_path, capsys):
    # backward done, but the forward it calls (ex6.3) is still the stub
    def edit(grade_id, src):
        if grade_id == "ex6_3":
            return src.split("### BEGIN")[0] + "    raise NotImplementedError\n"
        return src
    learner_functions("06", ["backward"], _copy(tmp_path, SOLUTION, edit))
    assert capsys.readouterr().out == (
        f"this notebook uses the course's backward: your ex6.3 in {NAME} is not done yet.\n")


@pytest.mark.parametrize("broken, why", [
    ("def backward(X, y, weights, biases):\n    return (\n", "does not run (SyntaxError)"),
    ("import not_a_module_anywhere\ndef backward(X, y, weights, biases):\n    return 1\n",
     "raises ModuleNotFoundError when it runs"),
])
def test_a_broken_cell_falls_back(tmp_path, capsys, broken, why):
    edit = lambda grade_id, src: broken if grade_id == "ex6_4" else src  # noqa: E731
    fns = learner_functions("06", ["backward"], _copy(tmp_path, SOLUTION, edit))
    assert capsys.readouterr().out == (
        f"this notebook uses the course's backward: your ex6.4 in {NAME} {why}.\n")
    assert fns["backward"] is REFERENCES["06", "backward"]


def test_an_unreadable_copy_falls_back(tmp_path, capsys):
    (tmp_path / f"{NAME}.ipynb").write_text("{ not json", encoding="utf-8")
    learner_functions("06", ["backward"], tmp_path)
    assert capsys.readouterr().out == (
        f"this notebook uses the course's backward: {NAME}.ipynb cannot be read "
        "(JSONDecodeError).\n")


def test_under_nbgrader_the_reference_is_used(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    fns = learner_functions("06", ["forward", "backward"], _copy(tmp_path, SOLUTION))
    assert capsys.readouterr().out == (
        "graded on its own: this notebook uses the course's forward and backward.\n")
    assert fns["backward"] is REFERENCES["06", "backward"]


def test_a_name_without_a_reference_is_rejected(tmp_path):
    with pytest.raises(ValueError, match=r"names: expected functions of chapter 06 with a "
                       r"reference \(\['backward', 'forward', 'init_weights', "
                       r"'mse_delta'\]\), got \['train'\]"):
        learner_functions("06", ["train"], tmp_path)


def test_nothing_else_of_the_notebook_runs(tmp_path, capsys):
    # a later cell that would fail, and an exercise the names do not need, are never run
    def edit(grade_id, src):
        return "raise RuntimeError('ran')\n" if grade_id == "ex6_1" else src
    learner_functions("06", ["backward"], _copy(tmp_path, SOLUTION, edit))
    assert "uses your backward" in capsys.readouterr().out


def _ce_delta(Z, A, Y):
    return (A - Y) / len(Y)


@pytest.mark.parametrize("keywords", [
    {},
    {"activation": np.tanh, "slope": lambda Z: 1 - np.tanh(Z) ** 2, "output_delta": _ce_delta},
    {"activation": lambda Z: np.maximum(Z, 0), "slope": lambda Z: (Z > 0) * 1.0,
     "output": lambda Z: Z, "output_delta": _ce_delta},
], ids=["defaults", "tanh-cross-entropy", "relu-linear"])
def test_the_references_follow_the_contract_as_the_solution_does(tmp_path, capsys, keywords):
    # the one signature of chapters 6 to 9: keyword pieces passed in, lists out
    names = ["init_weights", "forward", "mse_delta", "backward"]
    mine = learner_functions("06", names, _copy(tmp_path, SOLUTION))
    weights, biases = REFERENCES["06", "init_weights"]([2, 3, 3, 2], np.random.default_rng(3))
    X = np.random.default_rng(4).standard_normal((5, 2))
    Y = (np.random.default_rng(5).uniform(size=(5, 2)) < 0.5) * 1.0
    forward_keywords = {k: v for k, v in keywords.items() if k in ("activation", "output")}
    for name, args, kw in (("forward", (X, weights, biases), forward_keywords),
                           ("backward", (X, Y, weights, biases), keywords)):
        got, want = REFERENCES["06", name](*args, **kw), mine[name](*args, **kw)
        assert all(isinstance(part, list) for part in got)
        for part, expected in zip(got, want, strict=True):
            for g, w in zip(part, expected, strict=True):
                np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-15)
    Z = np.random.default_rng(6).standard_normal((5, 2))
    np.testing.assert_allclose(REFERENCES["06", "mse_delta"](Z, 1 / (1 + np.exp(-Z)), Y),
                               mine["mse_delta"](Z, 1 / (1 + np.exp(-Z)), Y), rtol=1e-12)
    np.testing.assert_array_equal(weights[0], mine["init_weights"](
        [2, 3, 3, 2], np.random.default_rng(3))[0][0])


def test_a_copy_from_before_the_keyword_parameters_falls_back(tmp_path, capsys):
    # make update keeps a learner's code: their ex6.4 may still be the first version's
    def edit(grade_id, src):
        if grade_id == "ex6_4":
            return ("def mse_delta(Z, A, Y):\n    return (A - Y) / len(Y)\n\n\n"
                    "def backward(X, y, weights, biases):\n    return [], []\n")
        return src
    fns = learner_functions("06", ["forward", "backward"], _copy(tmp_path, SOLUTION, edit))
    assert capsys.readouterr().out == (
        f"this notebook uses the course's forward and backward: your ex6.4 in {NAME} has no "
        "parameter `activation` (an earlier version of the exercise).\n")
    assert fns["backward"] is REFERENCES["06", "backward"]
