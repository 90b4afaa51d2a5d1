"""Chapter 9's checks: the reference passes, every typical mistake gets its own line, a stub is
"not done", answers written the way learners write them get the right line, and the
references are what the notebook says they are (the gradients of the mean cross-entropy). The
notebook's cell that loads the learner's chapter 6 network says whose it runs, and its closing
note quotes the stored outputs. ex9.5-ex9.6 are tested in test_ch09_training.py, ex9.7-ex9.11
in test_ch09_decisions.py; chapter 9 run on a changed chapter 6 in
tests/integration/test_learner_network_ch09.py."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import failed_prefix, named_line, passed_line

from course import marks
from course.checking import TODO
from course.checks import ch09, ch09_network
from course.marks import verdict
from helpers import (
    Network,
    categorical_cross_entropy,
    check_gradients,
    sigmoid,
    sigmoid_prime,
    softmax,
)

ROOT = Path(__file__).resolve().parents[2]

EXERCISES = [ch09.ONE_HOT, ch09.SOFTMAX, ch09.CROSS_ENTROPY_DELTA, ch09.INIT_NETWORK,
             ch09.SGD_EPOCH, ch09.TRAIN, ch09.SANITY_CHECKS, ch09.TRAIN_LOGGED, ch09.SEARCH,
             ch09.RELU_PRIME, ch09.BERNOULLI_NLL]


def not_done(ex) -> str:
    return (f"{verdict(TODO, ex.ex_id, ex.title)} — replace the NotImplementedError line in "
            f"its cell with your code, run that cell, then run this one again.")


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
    for Z, P, Y in ch09.CROSS_ENTROPY_DELTA.cases:
        np.testing.assert_allclose(softmax(Z), P, rtol=1e-12)
        np.testing.assert_allclose(ch09._delta_by_differences(Z, P, Y), (P - Y) / len(P),
                                   rtol=0, atol=1e-9)


def test_cross_entropy_delta_is_the_slope_of_the_mean_loss_in_the_logits():
    rng = np.random.default_rng(0)
    Z, Y = rng.normal(size=(4, 3)), ch09._one_hot([0, 2, 1, 2], 3)

    def loss(params):
        return categorical_cross_entropy(Y, softmax(params["Z"]))

    [result] = check_gradients(loss, {"Z": Z},
                               {"Z": ch09._delta_by_differences(Z, softmax(Z), Y)})
    assert result.max_rel_error < 1e-7


def test_cross_entropy_delta_from_the_logits_passes_and_from_the_mean_over_every_entry_is_named(
        check_line):
    def from_logits(Z, P, Y):  # the learner recomputes the softmax from Z
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        return (E / E.sum(axis=1, keepdims=True) - Y) / Z.shape[0]

    assert check_line(ch09.check_cross_entropy_delta, from_logits) == passed_line(
        ch09.CROSS_ENTROPY_DELTA)
    line = check_line(ch09.check_cross_entropy_delta, lambda Z, P, Y: (P - Y) / np.size(P))
    assert line.startswith(named_line(ch09.CROSS_ENTROPY_DELTA, "m·K")), line


# ---------- chapter 6's network, written the way a learner writes it (the contract) ----------

def init_weights(sizes, rng):
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]
    return weights, [rng.standard_normal(n_out) for n_out in sizes[1:]]


def mse_delta(Z, A, Y):
    return (A - Y) / len(A) * sigmoid_prime(Z)


def forward(X, weights, biases, activation=sigmoid, output=sigmoid):
    zs, activations = [], [X]
    for W, b in zip(weights, biases, strict=True):
        zs.append(activations[-1] @ W.T + b)
        activations.append(activation(zs[-1]) if len(zs) < len(weights) else output(zs[-1]))
    return zs, activations


def backward(X, Y, weights, biases, activation=sigmoid, slope=sigmoid_prime, output=sigmoid,
             output_delta=mse_delta):
    zs, activations = forward(X, weights, biases, activation, output)
    delta = output_delta(zs[-1], activations[-1], Y)
    nabla_w, nabla_b = [], []
    for layer in range(len(weights), 0, -1):
        nabla_w.insert(0, delta.T @ activations[layer - 1])
        nabla_b.insert(0, np.sum(delta, axis=0))
        if layer > 1:
            delta = delta @ weights[layer - 1] * slope(zs[layer - 2])
    return nabla_w, nabla_b


def cross_entropy_delta(Z, P, Y):
    return (P - Y) / len(P)


def gradients(X, Y, weights, biases):  # the notebook's: chapter 6's backward, softmax output
    return backward(X, Y, weights, biases, output=softmax, output_delta=cross_entropy_delta)


def test_the_references_are_chapter_6s_network_with_a_softmax_output():
    for X, Y, weights, biases in (ch09_network._net_case((3, 4, 2), 5, 11),
                                  ch09_network._net_case((2, 3, 3, 3), 4, 12)):
        for mine, theirs in zip(gradients(X, Y, weights, biases),
                                ch09_network._backward_lists(X, Y, weights, biases),
                                strict=True):
            for a, b in zip(mine, theirs, strict=True):
                np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_the_softmax_gradients_agree_with_check_gradients_for_weights_and_biases():
    for X, Y, weights, biases in (ch09_network._net_case((3, 4, 2), 5, 11),
                                  ch09_network._net_case((2, 3, 3, 3), 4, 12),
                                  ch09_network._net_case((4, 3), 2, 14)):
        def loss(w, b, X=X, Y=Y):
            return categorical_cross_entropy(Y, ch09_network._probabilities(X, w, b))

        results = check_gradients(loss, (weights, biases),
                                  ch09_network._backward_lists(X, Y, weights, biases), eps=1e-4)
        assert len(results) == 2 * len(weights)
        assert max(r.max_rel_error for r in results) < 1e-6


# ---------- ex9.4 ----------

VARIANCE = {"lecun": lambda n_in, n_out: 1 / n_in, "he": lambda n_in, n_out: 2 / n_in,
            "glorot": lambda n_in, n_out: 2 / (n_in + n_out)}


def init_network(sizes, rng, rule="lecun"):
    weights, biases = init_weights(sizes, rng)
    return ([W * np.sqrt(VARIANCE[rule](W.shape[1], W.shape[0])) for W in weights],
            [np.zeros_like(b) for b in biases])


def test_init_network_from_chapter_6s_draws_passes(check_line):
    assert check_line(ch09.check_init_network, init_network) == passed_line(ch09.INIT_NETWORK)


def test_init_network_drawing_only_the_weights_itself_passes(check_line):
    def own_draws(sizes, rng, rule="lecun"):  # the weights are drawn first: the same numbers
        weights = [rng.normal(0, np.sqrt(VARIANCE[rule](n_in, n_out)), (n_out, n_in))
                   for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]
        return weights, [np.zeros(n) for n in sizes[1:]]

    assert check_line(ch09.check_init_network, own_draws) == passed_line(ch09.INIT_NETWORK)


def test_init_network_from_a_new_generator_is_wrong(check_line):
    def fresh(sizes, rng, rule="lecun"):
        return init_network(sizes, np.random.default_rng(0), rule)

    line = check_line(ch09.check_init_network, fresh)
    assert line.startswith(failed_prefix(ch09.INIT_NETWORK)
                           + "the 1st result (weights), its 1st entry: wrong value (on "
                             "sizes=[3, 4, 2], rng=(a Generator), rule='he')."), line


def test_init_network_reference_starts_like_helpers_network():
    net = Network((64, 5, 10), seed=7)
    weights, biases = ch09._init_network((64, 5, 10), np.random.default_rng(7))
    for a, b in zip(weights + biases, net.weights + net.biases, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-15, atol=0)  # W·√(1/n) and W/√n: rounding


def test_init_network_reference_draws_the_variance_of_each_rule():
    for rule, variance in (("lecun", 1 / 400), ("he", 2 / 400), ("glorot", 2 / 700)):
        weights, biases = ch09._init_network((400, 300), np.random.default_rng(0), rule)
        assert weights[0].shape == (300, 400) and not biases[0].any()
        assert weights[0].var() == pytest.approx(variance, rel=0.02)


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
    assert check_line(ch09.check_cross_entropy_delta, lambda Z, P, Y: (P - Y) / P.shape[1]) == (
            "❌ not yet: ex9.3 cross_entropy_delta — you divide by K, the number of classes "
            "(columns); the mean is over the m records, the rows.")


def test_qa_ex9_3_chapter_6s_mse_delta_copied_is_named(check_line):
    def copied(Z, P, Y):
        return (P - Y) / len(P) * sigmoid(Z) * (1 - sigmoid(Z))

    assert check_line(ch09.check_cross_entropy_delta, copied) == (
            "❌ not yet: ex9.3 cross_entropy_delta — there is an extra factor σ'(Z), as in "
            "chapter 6's mse_delta: with a softmax and cross-entropy the slope cancels, it does "
            "not come on top.")


def test_qa_ex9_4_fans_from_the_wrong_axis_and_glorots_uniform_limit_are_named(check_line):
    def by_rows(sizes, rng, rule="lecun"):
        weights, biases = init_weights(sizes, rng)
        return ([W * np.sqrt(VARIANCE[rule](len(W), W.shape[1])) for W in weights],
                [0 * b for b in biases])

    assert check_line(ch09.check_init_network, by_rows) == (
        "❌ not yet: ex9.4 init_network — n_(l-1) and n_l are swapped: W^[l] has shape "
        "(n_l, n_(l-1)), so its rows count the layer's units and its columns the inputs "
        "n_(l-1).")

    def uniform_limit(sizes, rng, rule="lecun"):
        weights, biases = init_weights(sizes, rng)
        limit = {**VARIANCE, "glorot": lambda n_in, n_out: 6 / (n_in + n_out)}[rule]
        return ([W * np.sqrt(limit(W.shape[1], W.shape[0])) for W in weights],
                [0 * b for b in biases])

    assert check_line(ch09.check_init_network, uniform_limit) == (
        "❌ not yet: ex9.4 init_network — for \"glorot\" you scale by √(6/(n_(l-1) + n_l)), the "
        "half-width of Glorot's uniform draw; a normal draw of the same variance has standard "
        "deviation √(2/(n_(l-1) + n_l)).")


# ---------- the notebook: the learner's chapter 6 network (course.carry), the closing note ----------

CH09 = ROOT / "notebooks" / "solutions" / "09_capstone_digits.ipynb"
CH06 = next((ROOT / "notebooks" / "solutions").glob("06_*.ipynb"))
NAMES = ("init_weights", "forward", "backward")


def cells() -> list[dict]:
    return json.loads(CH09.read_text(encoding="utf-8"))["cells"]


def run_carry_cell(folder, monkeypatch, capsys) -> tuple[list[str], dict]:
    """Run chapter 9's cell that loads the learner's chapter 6 network, with ``folder`` as the
    working folder: its printed lines and the namespace it filled."""
    source = next("".join(c["source"]) for c in cells()
                  if "".join(c["source"]).startswith("# your chapter 6 network"))
    namespace = {}
    monkeypatch.chdir(folder)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    exec(source, namespace)
    return capsys.readouterr().out.splitlines(), namespace


def chapter_6_exercises() -> str:
    """The exercise ids of chapter 6's cells that define the network, in notebook order."""
    found = []
    for cell in json.loads(CH06.read_text(encoding="utf-8"))["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
        if any(f"def {name}(" in "".join(cell["source"]) for name in NAMES) and grade_id:
            found.append("ex6." + grade_id.split("_")[1])
    return ", ".join(found)


def test_chapter_9_runs_the_learners_chapter_6_network(tmp_path, monkeypatch, capsys):
    shutil.copy(CH06, tmp_path / CH06.name)
    lines, namespace = run_carry_cell(tmp_path, monkeypatch, capsys)
    assert lines == [f"this notebook uses your init_weights and forward and backward from "
                     f"{CH06.stem} ({chapter_6_exercises()})."]
    X, Y, weights, biases = ch09_network._net_case((4, 5, 3), 7, 2)
    mine = namespace["backward"](X, Y, weights, biases, output=softmax,
                                 output_delta=cross_entropy_delta)
    for a, b in zip(sum(mine, []), sum(gradients(X, Y, weights, biases), []), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_without_a_chapter_6_copy_chapter_9_says_it_uses_the_reference(tmp_path, monkeypatch,
                                                                       capsys):
    lines, namespace = run_carry_cell(tmp_path, monkeypatch, capsys)
    assert lines == ["this notebook uses the course's init_weights and forward and backward: "
                     f"there is no 06_*.ipynb in {tmp_path.name}."]
    weights, _ = namespace["init_weights"]((3, 4, 2), np.random.default_rng(0))
    assert [W.shape for W in weights] == [(4, 3), (2, 4)]


def test_the_closing_note_quotes_the_stored_outputs():
    text = {c["id"]: "".join(c["source"]) for c in cells()}
    outputs = "".join("".join(o.get("text", "")) for c in cells() if c["cell_type"] == "code"
                      for o in c["outputs"])
    note = text["ch09-closing-note"]
    quoted = re.findall(r"\d\.\de-\d\d|0\.\d{3,4}|\d+ of the \d+", note)
    assert len(quoted) >= 15, quoted
    for number in quoted:
        assert number.replace(" the ", " ") in outputs, number
