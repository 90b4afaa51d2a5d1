"""Chapter 9's checks: the reference passes, every typical mistake gets its own line, a stub is
"not done", answers written the way learners write them get the right line, and the
references are what the notebook says they are (the gradients of the mean cross-entropy).
ex9.7-ex9.8 are tested in test_ch09_training.py, ex9.9-ex9.13 in test_ch09_decisions.py."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import failed_prefix, named_line, passed_line

from course import marks
from course.checking import TODO
from course.checks import ch09
from course.marks import verdict
from helpers import Network, categorical_cross_entropy, check_gradients, sigmoid, softmax

ROOT = Path(__file__).resolve().parents[2]

EXERCISES = [ch09.ONE_HOT, ch09.SOFTMAX, ch09.CROSS_ENTROPY_DELTA, ch09.INIT_NETWORK,
             ch09.FORWARD, ch09.BACKWARD, ch09.SGD_EPOCH, ch09.TRAIN,
             ch09.SANITY_CHECKS, ch09.TRAIN_LOGGED, ch09.SEARCH, ch09.RELU_BACKWARD,
             ch09.BERNOULLI_NLL]


def not_done(ex) -> str:
    return (f"{verdict(TODO, ex.ex_id, ex.title)} — replace the NotImplementedError line in "
            f"its cell with your code, run that cell, then run this one again.")


def needs(ex, other) -> str:
    return (f"{verdict(TODO, ex.ex_id, ex.title)} — it needs {other.ex_id}, which is not done "
            f"yet. Finish {other.ex_id}, run its cell, then run this one again.")


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.ex_id)
def test_every_exercise_names_the_function_its_cell_defines(ex, monkeypatch):
    monkeypatch.delitem(marks.kernel.names, ex.title)  # put back after the test
    dataclasses.replace(ex)  # made again, it registers its names (by default its title)
    assert marks.kernel.exercise_for_name(ex.title) == (ex.ex_id, True)


# ---------- ex9.1 ----------

def test_one_hot_written_other_ways(check_line):
    def with_eye(labels, n_classes):
        return np.eye(n_classes)[np.asarray(labels)]

    def with_a_loop(labels, n_classes):
        rows = []
        for label in labels:
            row = [0] * n_classes
            row[label] = 1
            rows.append(row)
        return np.array(rows)

    assert check_line(ch09.check_one_hot, with_eye) == passed_line(ch09.ONE_HOT)
    assert check_line(ch09.check_one_hot, with_a_loop) == passed_line(ch09.ONE_HOT)
    line = check_line(ch09.check_one_hot, lambda labels, n: np.eye(max(labels) + 1)[labels])
    assert line.startswith(named_line(ch09.ONE_HOT, "largest label")), line


def test_one_hot_crash_and_non_function(check_line):
    line = check_line(ch09.check_one_hot, lambda labels, n_classes: labels.shape_of_nothing)
    assert line.startswith(failed_prefix(ch09.ONE_HOT) + "your code raised AttributeError"), line
    line = check_line(ch09.check_one_hot, [[1, 0], [0, 1]])  # a result, not the function
    assert line.startswith(failed_prefix(ch09.ONE_HOT) + "expected a function, got a list"), line


# ---------- ex9.2 ----------

def test_naive_softmax_shows_the_overflow_warning_then_names_the_mistake(check_output):
    def softmax_naive(Z):
        E = np.exp(Z)
        return E / E.sum(axis=1, keepdims=True)

    lines = check_output(ch09.check_softmax, softmax_naive)
    assert lines[-1].startswith(named_line(ch09.SOFTMAX, "no row maximum")), lines
    assert lines[:-1] == [  # NumPy's warnings have their own lines, not "your function printed:"
        "NumPy warned: overflow encountered in exp (on Z=(4 × 3 array))",
        "NumPy warned: invalid value encountered in divide (on Z=(4 × 3 array))"]


def test_softmax_without_keepdims_raises_on_non_square_batches_and_is_named(check_line):
    def softmax_no_keepdims(Z):
        E = np.exp(Z - np.max(Z, axis=1))
        return E / np.sum(E, axis=1, keepdims=True)

    line = check_line(ch09.check_softmax, softmax_no_keepdims)
    assert line.startswith(named_line(ch09.SOFTMAX, "shape (m,)")), line


def test_softmax_written_with_a_loop_over_records_passes(check_line):
    def softmax_rows(Z):
        out = np.empty_like(Z)
        for n, z in enumerate(Z):
            e = np.exp(z - z.max())
            out[n] = e / e.sum()
        return out

    assert check_line(ch09.check_softmax, softmax_rows) == passed_line(ch09.SOFTMAX)


def test_softmax_reference_is_the_helpers_softmax():
    for (Z,) in ch09.SOFTMAX.cases:
        np.testing.assert_allclose(ch09._softmax(Z), softmax(Z), rtol=1e-15)


# ---------- ex9.3 ----------

def test_cross_entropy_delta_reference_is_p_minus_y_over_m():
    for P, Y in ch09.CROSS_ENTROPY_DELTA.cases:
        np.testing.assert_allclose(ch09._cross_entropy_delta(P, Y), (P - Y) / len(P), rtol=0,
                                   atol=1e-9)

def test_cross_entropy_delta_is_the_slope_of_the_mean_loss_in_the_logits():
    rng = np.random.default_rng(0)
    Z, Y = rng.normal(size=(4, 3)), ch09._one_hot([0, 2, 1, 2], 3)

    def loss(params):
        return categorical_cross_entropy(Y, softmax(params["Z"]))

    [result] = check_gradients(loss, {"Z": Z}, {"Z": ch09._cross_entropy_delta(softmax(Z), Y)})
    assert result.max_rel_error < 1e-7


def test_cross_entropy_delta_from_the_mean_over_every_entry_is_named(check_line):
    line = check_line(ch09.check_cross_entropy_delta, lambda P, Y: (P - Y) / np.size(P))
    assert line.startswith(named_line(ch09.CROSS_ENTROPY_DELTA, "m·K")), line


# ---------- ex9.4 ----------

def init_network(sizes, rng):
    weights, biases = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        weights.append(rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_out)))
        biases.append(np.zeros(n_out))
    return weights, biases


def test_init_network_with_rng_normal_and_lists_passes(check_line):
    # normal(0, s) draws the same numbers as standard_normal() * s
    assert check_line(ch09.check_init_network, init_network) == passed_line(ch09.INIT_NETWORK)


def test_init_network_from_a_new_generator_is_wrong(check_line):
    def fresh(sizes, rng):
        return init_network(sizes, np.random.default_rng(0))

    line = check_line(ch09.check_init_network, fresh)
    assert line.startswith(failed_prefix(ch09.INIT_NETWORK)
                           + "the 1st result (weights), its 1st entry: wrong value (on "
                             "sizes=[3, 4, 2], rng=(a Generator))."), line


def test_init_network_reference_starts_like_helpers_network():
    net = Network((64, 5, 10), seed=7)
    weights, biases = ch09._init_network((64, 5, 10), np.random.default_rng(7))
    for a, b in zip(weights + biases, net.weights + net.biases, strict=True):
        np.testing.assert_array_equal(a, b)


# ---------- ex9.5 and ex9.6 ----------

def forward(X, weights, biases):
    activations = [X]
    for W, b in zip(weights[:-1], biases[:-1], strict=True):
        activations.append(sigmoid(activations[-1] @ W + b))
    activations.append(ch09._softmax(activations[-1] @ weights[-1] + biases[-1]))
    return activations


def backward(X, Y, weights, biases):
    activations = forward(X, weights, biases)
    delta = ch09._cross_entropy_delta(activations[-1], Y)
    nabla_w, nabla_b = [], []
    for layer in range(len(weights), 0, -1):
        nabla_w.insert(0, activations[layer - 1].T @ delta)
        nabla_b.insert(0, np.sum(delta, axis=0))
        A = activations[layer - 1]
        delta = delta @ weights[layer - 1].T * A * (1 - A)
    return nabla_w, nabla_b


def test_forward_and_backward_written_as_lists_pass(check_line):
    assert check_line(ch09.check_forward, forward) == passed_line(ch09.FORWARD)
    assert check_line(ch09.check_backward, backward) == passed_line(ch09.BACKWARD)


def test_backward_waiting_for_forward_says_which_exercise(check_line):
    def backward_on_a_stub(X, Y, weights, biases):
        raise NotImplementedError("ex9.5 is not done yet")  # what forward's stub raises

    assert (check_line(ch09.check_backward, backward_on_a_stub)
            == needs(ch09.BACKWARD, ch09.FORWARD))


def test_backward_with_the_hidden_slope_at_the_wrong_activation_is_named(check_line):
    def slope_of_activation(X, Y, weights, biases):
        activations = forward(X, weights, biases)
        delta = (activations[-1] - Y) / len(X)
        nabla_w, nabla_b = [None] * len(weights), [None] * len(weights)
        for i in reversed(range(len(weights))):
            nabla_w[i], nabla_b[i] = activations[i].T @ delta, delta.sum(axis=0)
            s = sigmoid(activations[i])
            delta = (delta @ weights[i].T) * s * (1 - s)
        return nabla_w, nabla_b

    line = check_line(ch09.check_backward, slope_of_activation)
    assert line.startswith(named_line(ch09.BACKWARD, "sigmoid_prime is applied")), line


def test_backward_reference_agrees_with_check_gradients_for_weights_and_biases():
    for X, Y, weights, biases in ch09._NETS:
        def loss(w, b, X=X, Y=Y):
            return categorical_cross_entropy(Y, ch09._forward(X, w, b)[-1])

        nabla_w, nabla_b = ch09._backward(X, Y, weights, biases)
        results = check_gradients(loss, (weights, biases), (list(nabla_w), list(nabla_b)))
        assert len(results) == 2 * len(weights)
        assert max(r.max_rel_error for r in results) < 1e-6


# ---------- QA: slips a student makes (exact lines) ----------

def test_qa_ex9_1_a_width_of_10_is_named(check_line):
    assert check_line(ch09.check_one_hot, lambda labels, n_classes: np.eye(10)[labels]) == (
            "❌ not yet: ex9.1 one_hot — the width is always 10, the number of digits; it must "
            "be n_classes, the number the function is given.")


def test_qa_ex9_2_subtracting_the_row_minimum_is_not_stable(check_output):
    def softmax_min(Z):
        E = np.exp(Z - Z.min(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)

    lines = check_output(ch09.check_softmax, softmax_min)
    assert lines[:-1] == [  # NumPy's warnings, then the line
        "NumPy warned: overflow encountered in exp (on Z=(4 × 3 array))",
        "NumPy warned: invalid value encountered in divide (on Z=(4 × 3 array))"]
    assert lines[-1] == (
        "❌ not yet: ex9.2 softmax — the row minimum is subtracted: in a row whose logits spread "
        "widely, e^z of the largest still overflows to inf, and the row becomes NaN.")


def test_qa_ex9_3_dividing_by_the_number_of_classes_is_named(check_line):
    assert check_line(ch09.check_cross_entropy_delta, lambda P, Y: (P - Y) / P.shape[1]) == (
            "❌ not yet: ex9.3 cross_entropy_delta — you divide by K, the number of classes "
            "(columns); the mean is over the m records, the rows.")


def test_qa_ex9_4_own_argument_names_and_other_draws(check_line):
    def init_network(s, r):  # the learner's own names; r.normal draws what standard_normal does
        weights = [r.normal(0.0, 1 / np.sqrt(n_in), (n_in, n_out))
                   for n_in, n_out in zip(s[:-1], s[1:], strict=True)]
        return weights, [np.zeros(n) for n in s[1:]]

    assert check_line(ch09.check_init_network, init_network) == (
        "✅ correct: ex9.4 init_network on all 3 test inputs.")

    def by_n_out(sizes, rng):
        weights = [rng.standard_normal((n_in, n_out)) / np.sqrt(n_out)
                   for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]
        return weights, [np.zeros(n) for n in sizes[1:]]

    assert check_line(ch09.check_init_network, by_n_out) == (
        "❌ not yet: ex9.4 init_network — the weights are scaled by 1/√n_out; the scale that "
        "keeps a weighted input the size of one input counts the inputs, 1/√n_in.")


def test_qa_ex9_6_sigma_for_its_slope_and_the_pair_swapped_are_named(check_line):
    assert check_line(ch09.check_backward, lambda *args: ch09._backward(
        *args, slope=lambda A: A)) == (
            "❌ not yet: ex9.6 backward — the hidden error terms are multiplied by A^[l] = σ(Z^[l]) "
            "where its slope A^[l](1 − A^[l]) belongs.")
    assert check_line(ch09.check_backward, lambda *args: ch09._backward(*args)[::-1]) == (
            "❌ not yet: ex9.6 backward — the pair comes back in the wrong order: the result is "
            "(nabla_w, nabla_b).")


# ---------- the learner's chapter 6 forward runs chapter 9's network (course.carry) ----------

CH09 = ROOT / "notebooks" / "solutions" / "09_capstone_digits.ipynb"
CH06 = next((ROOT / "notebooks" / "solutions").glob("06_*.ipynb"))


def run_chapter_6_cell(folder, monkeypatch, capsys) -> list[str]:
    """Run chapter 9's cell that uses the learner's chapter 6 forward, with ``folder`` as the
    working folder, on a small network; its printed lines."""
    cells = json.loads(CH09.read_text(encoding="utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells
                  if "".join(c["source"]).startswith("# your chosen network through your chapter 6"))
    X, Y, weights, biases = ch09._net_case((4, 5, 3), 7, 2)
    namespace = {"np": np, "softmax": softmax, "forward": ch09._forward, "weights": weights,
                 "biases": biases, "X_val": X, "y_val": Y.argmax(axis=1)}
    monkeypatch.chdir(folder)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    exec(source, namespace)
    return capsys.readouterr().out.splitlines()


def forward_exercise() -> tuple[str, str]:
    """The grade id and exercise id of chapter 6's cell that defines forward."""
    for cell in json.loads(CH06.read_text(encoding="utf-8"))["cells"]:
        if "def forward(" in "".join(cell["source"]):
            grade_id = cell["metadata"]["nbgrader"]["grade_id"]
            return grade_id, "ex6." + grade_id.split("_")[1]
    raise AssertionError("chapter 6 defines no forward")


def accuracy_line() -> str:
    """The accuracy line of that cell when chapter 6's forward is right (chapter 9's own)."""
    X, Y, weights, biases = ch09._net_case((4, 5, 3), 7, 2)
    right = np.mean(ch09._forward(X, weights, biases)[-1].argmax(axis=1) == Y.argmax(axis=1))
    return f"validation accuracy through chapter 6's forward: {right:.4f}"


def test_chapter_9_runs_the_learners_chapter_6_forward(tmp_path, monkeypatch, capsys):
    shutil.copy(CH06, tmp_path / CH06.name)
    assert run_chapter_6_cell(tmp_path, monkeypatch, capsys) == [
        f"this notebook uses your forward from {CH06.stem} ({forward_exercise()[1]}).",
        accuracy_line(),
        "the same probabilities as your chapter 9 forward, to 1e-12: True"]


def test_a_changed_chapter_6_forward_changes_chapter_9s_output(tmp_path, monkeypatch, capsys):
    nb = json.loads(CH06.read_text(encoding="utf-8"))
    for cell in nb["cells"]:  # the learner's forward forgets the biases
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == forward_exercise()[0]:
            cell["source"] = "".join(cell["source"]).replace("z = a @ W.T + b", "z = a @ W.T")
    (tmp_path / CH06.name).write_text(json.dumps(nb), encoding="utf-8")
    lines = run_chapter_6_cell(tmp_path, monkeypatch, capsys)
    assert lines[0] == f"this notebook uses your forward from {CH06.stem} ({forward_exercise()[1]})."
    assert lines[2] == "the same probabilities as your chapter 9 forward, to 1e-12: False"


def test_without_a_chapter_6_copy_chapter_9_says_it_uses_the_reference(tmp_path, monkeypatch,
                                                                       capsys):
    assert run_chapter_6_cell(tmp_path, monkeypatch, capsys) == [
        f"this notebook uses the course's forward: there is no 06_*.ipynb in {tmp_path.name}.",
        accuracy_line(),
        "the same probabilities as your chapter 9 forward, to 1e-12: True"]
