"""A synthetic class: N submissions whose points and diagnosed mistakes are known in advance.

    python -m course.tools.grading synthetic --students N --chapter NN [--course grading]

Writes ``submitted/sNNN/chNN/NAME.ipynb`` from the released notebook (``nbgrader
generate_assignment chNN`` first) and ``synthetic-chNN.json``, what each submission is worth.
Each student is one profile, drawn by a seeded generator: every exercise right, every one
blank, or the exercises done in order up to some point with ONE of them written wrong in a
known way (a typical mistake by id, from ``WRONG``; a crash; an endless loop) and the rest
after the last done one left blank. Exercises that call an earlier one (``DEPENDS``) come
after it, so a wrong exercise never leaves a later one wrong in an unknown way: every later
exercise that might call it is left blank. A wrong body is the chapter's solution with a few
words replaced (``WRONG``: grade id -> mistake id -> (old, new) replacements).
"""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import chapter as chapters
from .record import write_atomic

WRONG = {
    "ex1_1": {"sigmoid-not-slope": [("return s * (1 - s)", "return s")],
              "one-factor-only": [("return s * (1 - s)", "return 1 - s")],
              "sign-flipped": [("return s * (1 - s)", "return -s * (1 - s)")]},
    "ex1_2": {"sign-flipped": [("-(y - sigmoid(h))", "(y - sigmoid(h))")],
              "missing-slope": [(" * sigmoid_prime(h)", "")],
              "missing-x": [("sigmoid_prime(h) * x", "sigmoid_prime(h)")],
              "slope-at-output": [("sigmoid_prime(h)", "sigmoid_prime(sigmoid(h))")],
              "factor-two": [("-(y - sigmoid(h))", "-2 * (y - sigmoid(h))")]},
    "ex1_3": {"sign-flipped": [("return w + lr", "return w - lr")],
              "missing-slope": [(" * sigmoid_prime(h)", "")],
              "slope-at-output": [("sigmoid_prime(h)", "sigmoid_prime(out)")],
              "returns-step": [("return w + lr", "return lr")],
              "missing-sigmoid": [("out = sigmoid(h)", "out = h")]},
    "ex1_4": {"unchanged": [("w = delta_rule_step(", "new_w = delta_rule_step(")],
              "start-missing": [("outputs = [sigmoid(x @ w)]", "outputs = []")],
              "one-step-too-many": [("range(steps)", "range(steps + 1)")],
              "returns-weights": [("return np.array(outputs)", "return w")]},
    "ex4_1": {"sign-flipped": [("return -output_error", "return output_error")],
              "missing-hidden-slope": [(" * a * (1 - a)", "")],
              "missing-output-slope": [(" * y_hat * (1 - y_hat)", "")],
              "missing-weight": [("output_error * W * a", "output_error * a")],
              "prime-of-activation": [("y_hat * (1 - y_hat)", "sigmoid_prime(y_hat)"),
                                      ("a * (1 - a)", "sigmoid_prime(a)")],
              "output-weight-gradient": [("W * a * (1 - a) * x", "a")]},
    "ex4_2": {"no-learning-rate": [("lr * delta", "delta")],
              "sign-flipped": [("lr * delta", "-lr * delta")],
              "transposed": [("delta * x[:, None]", "delta[:, None] * x")],
              "errors-summed": [("delta * x[:, None]", "np.sum(delta) * x")]},
    "ex4_3": {"no-learning-rate": [("= lr * ", "= ")],
              "swapped": [("return delta_W_input_hidden, delta_W_hidden_output",
                           "return delta_W_hidden_output, delta_W_input_hidden")],
              "missing-output-slope": [("(y - output) * output * (1 - output)",
                                        "(y - output)")]},
    "ex9_1": {"labels-from-1": [("labels] = 1.0", "labels - 1] = 1.0")],
              "transposed": [("return Y", "return Y.T")],
              "width-always-10": [("(len(labels), n_classes)", "(len(labels), 10)")],
              "width-from-largest-label": [("(len(labels), n_classes)",
                                            "(len(labels), labels.max() + 1)")]},
    "ex9_2": {"sum-over-columns": [("E.sum(axis=1, keepdims=True)",
                                    "E.sum(axis=0, keepdims=True)")],
              "not-normalised": [("return E / E.sum(axis=1, keepdims=True)", "return E")],
              "one-sum-for-batch": [("E / E.sum(axis=1, keepdims=True)", "E / E.sum()")],
              "no-max-subtracted": [("np.exp(Z - Z.max(axis=1, keepdims=True))", "np.exp(Z)")],
              "max-not-keepdims": [("Z.max(axis=1, keepdims=True)", "Z.max(axis=1)")]},
    "ex9_3": {"no-mean": [(" / len(P)", "")],
              "sign-flipped": [("(P - Y)", "(Y - P)")],
              "divides-by-classes": [("len(P)", "P.shape[1]")],
              "divides-by-n-times-k": [("len(P)", "P.size")],
              "mse-delta": [("/ len(P)", "/ len(P) * sigmoid_prime(Z)")]},
    "ex9_4": {"not-scaled": [("scaled.append(W * np.sqrt(variance))", "scaled.append(W)")],
              "fans-swapped": [("n_out, n_in = W.shape", "n_in, n_out = W.shape")],
              "variance-as-scale": [("W * np.sqrt(variance)", "W * variance")],
              "rule-ignored": [("}[rule]", '}["lecun"]')],
              "glorot-uniform-limit": [('"glorot": 2 / (n_in', '"glorot": 6 / (n_in')],
              "random-biases": [("[np.zeros_like(b) for b in biases]", "biases")],
              "swapped": [("return scaled, [np.zeros_like(b) for b in biases]",
                           "return [np.zeros_like(b) for b in biases], scaled")]},
    "ex9_5": {"no-learning-rate": [("W - lr * nw", "W - nw"), ("b - lr * nb", "b - nb")],
              "sign-flipped": [("W - lr", "W + lr"), ("b - lr", "b + lr")],
              "not-shuffled": [("order = rng.permutation(len(X))", "order = np.arange(len(X))")],
              "full-batch-gradient": [("gradients(X[batch], Y[batch], ", "gradients(X, Y, ")],
              "last-batch-dropped": [("range(0, len(X), batch_size)",
                                      "range(0, len(X) - batch_size + 1, batch_size)")]},
    "ex9_6": {"swapped": [("return weights, biases", "return biases, weights")],
              "one-epoch-too-many": [("range(epochs)", "range(epochs + 1)")],
              "unchanged": [("weights, biases = sgd_epoch(", "sgd_epoch(")],
              "batch-size-ignored": [("lr, batch_size, rng)", "lr, len(X), rng)")],
              "reseeded-every-epoch": [("batch_size, rng)",
                                        "batch_size, np.random.default_rng(seed))")],
              "chapter-6-defaults": [("biases, gradients, lr", "biases, backward, lr")],
              "unscaled-start": [("init_network(sizes, rng)", "init_weights(sizes, rng)")]},
    "ex9_7": {"log10": [("np.log(P)", "np.log10(P)")],
              "no-minus": [("initial_loss = -np.mean", "initial_loss = np.mean")],
              "summed-loss": [("-np.mean(np.sum(Y * np.log(P), axis=1))",
                               "-np.sum(Y * np.log(P))")],
              "sigmoid-output": [("P = forward(X, weights, biases, output=softmax)",
                                  "P = forward(X, weights, biases)")]},
    "ex9_8": {"summed-loss": [("-np.mean(np.sum(Y_part * np.log(P), axis=1))",
                               "-np.sum(Y_part * np.log(P))")],
              "accuracy-as-count": [("return loss, np.mean(", "return loss, np.sum(")],
              "trained-on-validation": [("sgd_epoch(X, Y, ", "sgd_epoch(np.vstack([X, X_val]), "
                                         "np.vstack([Y, Y_val]), ")]},
    "ex9_10": {"slope-reversed": [("slope[Z > 0]", "slope[Z < 0]")],
               "activation-for-slope": [("return slope", "return np.maximum(Z, 0.0)")],
               "slope-everywhere-1": [("np.zeros_like(Z, dtype=float)",
                                       "np.ones_like(Z, dtype=float)")],
               "sigmoid-slope": [("return slope", "return sigmoid_prime(Z)")]},
    "ex9_11": {"mean-not-sum": [("np.sum(", "np.mean(")],
               "no-minus": [("return -log_likelihood", "return log_likelihood")],
               "ones-only": [(" + (1 - y) * np.log(1 - p)", "")]},
}
CRASH = "return 1 / 0"  # an exception no typical mistake explains: undiagnosed
HANG = "while True:\n    pass"  # stopped by the check's time limit
# which exercises call which (grade id -> the grade ids whose functions it calls); for a
# chapter not listed every later exercise counts as depending on every earlier one
# (chapter 1's set-up imports no sigmoid_prime: ex1.2 and ex1.3 call the learner's; in
# chapter 9, train and train_logged call the notebook's gradients, which calls softmax and
# cross_entropy_delta, and search calls predict, which calls softmax)
DEPENDS = {
    "01": {"ex1_2": {"ex1_1"}, "ex1_3": {"ex1_1"}, "ex1_4": {"ex1_3"}},
    "04": {},
    "09": {"ex9_6": {"ex9_2", "ex9_3", "ex9_4", "ex9_5"}, "ex9_7": {"ex9_2", "ex9_4", "ex9_6"},
           "ex9_8": {"ex9_2", "ex9_3", "ex9_4", "ex9_5"}, "ex9_9": {"ex9_2", "ex9_6"}},
}
# the share of each profile; the rest of the mass is one wrong exercise
SHARE = {"right": 0.2, "blank": 0.1, "crash": 0.04, "hang": 0.01}


@dataclass(frozen=True)
class Written:
    chapter: str
    path: Path
    expected: dict


def _body(solution: str) -> list[str]:
    lines = solution.splitlines()
    start = next(i for i, line in enumerate(lines) if "### BEGIN SOLUTION" in line)
    end = next(i for i, line in enumerate(lines) if "### END SOLUTION" in line)
    return lines[start + 1:end]


def _replace_stub(cell_source: str, body: list[str]) -> str:
    lines = cell_source.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "# YOUR CODE HERE")
    if not lines[at + 1].strip().startswith("raise NotImplementedError"):
        raise ValueError(f"cell_source: expected a stub after '# YOUR CODE HERE', got "
                         f"{lines[at + 1]!r}")
    lines[at:at + 2] = body
    return "\n".join(lines)


def wrong_body(body: list[str], replacements) -> list[str]:
    text = "\n".join(body)
    for old, new in replacements:
        if old not in text:
            raise ValueError(f"replacements: {old!r} is not in the solution {text!r}")
        text = text.replace(old, new)
    return text.splitlines()


def _indented(code: str, like: str) -> list[str]:
    indent = like[: len(like) - len(like.lstrip())]
    return [indent + line for line in code.splitlines()]


def _later_dependents(number: str, order: list[str], gid: str) -> set[str]:
    table = DEPENDS.get(number)
    at = order.index(gid)
    if table is None:
        return set(order[at + 1:])
    found, grew = {gid}, True
    while grew:
        grew = False
        for other, needs in table.items():
            if other not in found and needs & found:
                found.add(other)
                grew = True
    return (found - {gid}) & set(order[at + 1:])


def profiles(number: str, order: list[str], n: int, seed: int) -> list[dict]:
    """Per student: grade id -> ``("right",)``, ``("blank",)``, ``("crash",)``,
    ``("hang",)`` or ``("mistake", id)``."""
    rng = random.Random(seed)
    wrongs = [(gid, m) for gid in order for m in WRONG.get(gid, {})]
    out = []
    for _ in range(n):
        u = rng.random()
        if u < SHARE["right"]:
            out.append({g: ("right",) for g in order})
            continue
        if u < SHARE["right"] + SHARE["blank"]:
            out.append({g: ("blank",) for g in order})
            continue
        if u < SHARE["right"] + SHARE["blank"] + SHARE["crash"] or not wrongs:
            gid, kind = rng.choice(order), ("crash",)
        elif u < sum(SHARE.values()):
            gid, kind = rng.choice(order), ("hang",)
        else:
            gid, mistake = rng.choice(wrongs)
            kind = ("mistake", mistake)
        blank = _later_dependents(number, order, gid)
        out.append({g: kind if g == gid else ("blank",) if g in blank else ("right",)
                    for g in order})
    return out


def expected_outcome(kind: tuple, points: float) -> dict:
    status = {"right": "pass", "blank": "todo"}.get(kind[0], "fail")
    return {"status": status, "mistake": kind[1] if kind[0] == "mistake" else None,
            "points": points if status == "pass" else 0.0, "kind": kind[0]}


def write_class(course: Path, chapter_id: str, n: int, seed: int = 0) -> Written:
    course = Path(course)
    chapter = chapters.load(course, chapter_id)
    release = nbformat.read(course / "release" / chapter.assignment /
                            f"{chapter.notebook}.ipynb", as_version=4)
    source = nbformat.read(chapter.source, as_version=4)
    solutions = {c.metadata.nbgrader.grade_id: c.source for c in source.cells
                 if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    order = [c.grade_id.removesuffix("_check") for c in chapter.checks]
    points = {c.grade_id.removesuffix("_check"): c.points for c in chapter.checks}
    expected = {}
    for i, profile in enumerate(profiles(chapter.number, order, n, seed)):
        student = f"s{i + 1:03d}"
        nb = copy.deepcopy(release)
        for cell in nb.cells:
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid not in profile or profile[gid][0] == "blank":
                continue
            body = _body(solutions[gid])
            kind = profile[gid]
            if kind[0] == "mistake":
                body = wrong_body(body, WRONG[gid][kind[1]])
            elif kind[0] in ("crash", "hang"):
                body = _indented(CRASH if kind[0] == "crash" else HANG, body[0])
            cell.source = _replace_stub(cell.source, body)
        folder = course / "submitted" / student / chapter.assignment
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / f"{chapter.notebook}.ipynb")
        expected[student] = {gid.replace("_", "."): expected_outcome(kind, points[gid])
                             for gid, kind in profile.items()}
    path = course / f"synthetic-{chapter.assignment}.json"
    write_atomic(path, json.dumps(expected, indent=1, sort_keys=True))
    return Written(chapter.number, path, expected)
