"""The learner's own functions from an earlier chapter, for a later chapter to run.

    from course.carry import learner_functions
    fns = learner_functions("06", ["forward", "backward"])   # {"forward": ..., "backward": ...}

The learner's copy of chapter 06 is the ``06_*.ipynb`` beside the running notebook (the
kernel's working folder: ``my-notebooks/`` for a student, ``notebooks/solutions/`` when the
solutions run). Only the set-up cell's imports and the exercise cells that define the named
functions (and the exercise cells those call) run, in a fresh namespace; nothing else of that
notebook runs and nothing is written. When the copy is missing or unreadable, a needed cell
is a stub or raises, the course's reference is returned instead, with one printed line
saying why. Under nbgrader every chapter is graded on its own: the references are used.

Chapter 6's network is the one chapters 7 to 9 run (records are rows, ``weights[l-1]`` of
shape (n_l, n_(l-1)), ``biases[l-1]`` of shape (n_l,)); later chapters pass their pieces in:

    forward(X, weights, biases, activation=sigmoid, output=sigmoid) -> (zs, activations)
    backward(X, Y, weights, biases, activation=sigmoid, slope=sigmoid_prime, output=sigmoid,
             output_delta=mse_delta) -> (nabla_w, nabla_b)
    mse_delta(Z, A, Y) -> (A - Y) / m * sigmoid_prime(Z)     init_weights(sizes, rng)

``output_delta(Z, A, Y)`` is δ^[L] = ∂C/∂Z^[L] of the mean cost (it carries the 1/m).
"""

from __future__ import annotations

import ast
import inspect
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from helpers import sigmoid, sigmoid_prime
from helpers.net_nout_nin import init_params

from .checks import ch06_network, ch07
from .marks import grading

__all__ = ["REFERENCES", "learner_functions"]


def _forward(X, weights, biases, activation=sigmoid, output=sigmoid):
    zs, activations = ch06_network._forward(X, weights, biases, activation, output)
    return list(zs), list(activations)


def _mse_delta(Z, A, Y):
    return ch06_network._mse_delta(Z, A, Y)


def _backward(X, Y, weights, biases, activation=sigmoid, slope=sigmoid_prime, output=sigmoid,
              output_delta=_mse_delta):
    nabla_w, nabla_b = ch06_network._backward(X, Y, weights, biases, activation, slope, output,
                                      output_delta)
    return list(nabla_w), list(nabla_b)


# (chapter, function name) -> the course's version, with the signature the exercise asks for
REFERENCES: dict[tuple[str, str], Callable] = {
    ("06", "init_weights"): init_params,
    ("06", "forward"): _forward,
    ("06", "mse_delta"): _mse_delta,
    ("06", "backward"): _backward,
    ("07", "cost_and_delta"): ch07._cost_and_delta,
}

_EXERCISE = re.compile(r"^ex(\d+)_(\d+)$")


class _Unusable(Exception):
    """Why the learner's functions cannot be used: the rest of the printed line."""


def learner_functions(chapter: str, names: Sequence[str],
                      folder: str | Path | None = None) -> dict[str, Callable]:
    """The learner's functions ``names`` from their copy of chapter ``chapter``.

    Inputs:  chapter: two digits, "06"; names: functions its exercises define, each with a
             reference in REFERENCES; folder: where the notebooks are (default: the
             working folder, the running notebook's own).
    Returns: {name: function}, the learner's when every needed exercise cell is done and
             runs, else the course's references for all of them (one line printed says why).
    """
    names = list(names)
    missing = [n for n in names if (chapter, n) not in REFERENCES]
    if missing:
        raise ValueError(f"names: expected functions of chapter {chapter} with a reference "
                         f"({sorted(n for c, n in REFERENCES if c == chapter)}), got {missing}")
    references = {n: REFERENCES[chapter, n] for n in names}
    listed = " and ".join(names)
    if grading():
        print(f"graded on its own: this notebook uses the course's {listed}.")
        return references
    try:
        nb_name, functions, ran = _run_learner_cells(chapter, names,
                                                     Path(folder or Path.cwd()))
    except _Unusable as why:
        print(f"this notebook uses the course's {listed}: {why}.")
        return references
    print(f"this notebook uses your {listed} from {nb_name} ({', '.join(ran)}).")
    return functions


def _run_learner_cells(chapter: str, names: list[str],
                       folder: Path) -> tuple[str, dict[str, Callable], list[str]]:
    paths = sorted(folder.glob(f"{chapter}_*.ipynb"))
    if not paths:
        raise _Unusable(f"there is no {chapter}_*.ipynb in {folder.name or folder}")
    path = paths[0]
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = [(c.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""),
                 _source(c)) for c in cells if c.get("cell_type") == "code"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _Unusable(f"{path.name} cannot be read ({type(exc).__name__})") from None
    nb_name = path.stem
    exercises = [(_ex_id(gid), src) for gid, src in code if _EXERCISE.match(gid)]
    defining = {}
    for ex_id, src in exercises:
        try:
            tree = ast.parse(src)
        except SyntaxError:
            continue  # blamed below if a needed name is only defined there
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                defining[node.name] = (ex_id, src, tree, node)
    needed: dict[str, tuple] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        if name not in defining:
            if name in names:
                where = next((e for e, s in exercises if f"def {name}(" in s), None)
                raise _Unusable(f"your {where} in {nb_name} does not run (SyntaxError)"
                                if where else f"{nb_name} has no exercise defining {name}")
            continue  # a name of the set-up imports or a builtin
        needed[name] = defining[name]
        todo += [n.id for n in ast.walk(defining[name][3]) if isinstance(n, ast.Name)]
    for ex_id, _, _, node in needed.values():
        if _is_stub(node):
            raise _Unusable(f"your {ex_id} in {nb_name} is not done yet")
    namespace: dict[str, object] = {"__name__": f"learner_{chapter}"}
    setup = code[0][1] if code else ""
    try:
        imports = [n for n in ast.parse(setup).body if isinstance(n, ast.Import | ast.ImportFrom)]
        exec(compile(ast.Module(imports, []), f"{nb_name} set-up", "exec"), namespace)
    except Exception as exc:  # noqa: BLE001 - whatever the learner's imports raise
        raise _Unusable(f"the set-up cell of {nb_name} raises {type(exc).__name__}") from None
    ran = []
    for ex_id, _src, tree, _ in sorted({v[0]: v for v in needed.values()}.values(),
                                      key=lambda v: [s for _, s in exercises].index(v[1])):
        try:
            exec(compile(tree, f"{nb_name} {ex_id}", "exec"), namespace)
        except Exception as exc:  # noqa: BLE001 - whatever the learner's cell raises
            raise _Unusable(f"your {ex_id} in {nb_name} raises {type(exc).__name__} when it "
                            f"runs") from None
        ran.append(ex_id)
    for name in names:
        missing = _missing_parameters(namespace[name], REFERENCES[chapter, name])
        if missing:
            raise _Unusable(f"your {needed[name][0]} in {nb_name} has no parameter {missing} "
                            f"(an earlier version of the exercise)")
    return nb_name, {n: namespace[n] for n in names}, ran


def _missing_parameters(fn: object, reference: Callable) -> str | None:
    """The first keyword parameter of ``reference`` that ``fn`` cannot take, if any (the
    positional ones may have the learner's own names)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return None
    wanted = inspect.signature(reference).parameters.values()
    return next((f"`{p.name}`" for p in wanted if p.default is not p.empty
                 and p.name not in params), None)


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def _ex_id(grade_id: str) -> str:
    chapter, number = _EXERCISE.match(grade_id).groups()
    return f"ex{int(chapter)}.{number}"


def _is_stub(node: ast.AST) -> bool:
    """The generated stub: a function whose body raises NotImplementedError."""
    for n in ast.walk(node):
        if isinstance(n, ast.Raise) and n.exc is not None:
            exc = n.exc.func if isinstance(n.exc, ast.Call) else n.exc
            if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
                return True
    return False
