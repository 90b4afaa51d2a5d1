"""How the two packages import each other: no import cycle anywhere in ``helpers`` and
``course`` (late imports inside functions included, and ``import_module`` calls), and
``import helpers`` loads the learner's maths only."""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# package name -> its folder (data/ is installed as helpers.admissions: see pyproject.toml)
PACKAGES = {"helpers": ROOT / "helpers", "course": ROOT / "course",
            "helpers.admissions": ROOT / "data"}


def modules(packages: dict[str, Path] = PACKAGES) -> dict[str, Path]:
    """Every module of the packages: dotted name -> file. Folders without ``__init__.py``
    (course/tools/hub: a JupyterHub config, run by JupyterHub) hold no modules."""
    found = {}
    for package, folder in packages.items():
        for path in sorted(folder.rglob("*.py")):
            rel = path.relative_to(folder)
            if not all((folder / p / "__init__.py").is_file() for p in rel.parents):
                continue
            parts = [package, *rel.with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _known(name: str, known: set[str]) -> str | None:
    """The longest prefix of dotted ``name`` that is one of ``known``."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        if ".".join(parts[:i]) in known:
            return ".".join(parts[:i])
    return None


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of ``from <level dots><name> import ...`` inside ``module``."""
    if level == 0:
        return name or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def import_graph(found: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the modules of ``found`` it imports anywhere in its code: at the top, inside
    functions (late imports), and through ``import_module("literal")``."""
    known = set(found)
    graph: dict[str, set[str]] = {}
    for module, path in found.items():
        is_package = path.name == "__init__.py"
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, is_package, node.level, node.module)
                for alias in node.names:  # a submodule imported by name, else the module
                    sub = f"{base}.{alias.name}"
                    targets.append(sub if sub in known else base)
            elif (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(
                    node.func, "attr", None)) == "import_module" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                name = node.args[0].value
                level = len(name) - len(name.lstrip("."))
                targets = [_resolve(module, is_package, level, name.lstrip(".") or None)]
            for target in targets:
                hit = _known(target, known)
                if hit is not None and hit != module:
                    edges.add(hit)
        graph[module] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as ``[a, b, ..., a]``, or None when the graph is acyclic."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


@functools.cache
def course_modules() -> dict[str, Path]:
    """``modules()`` of the course's packages, read on first use (not at collection, which
    every pytest-xdist worker repeats)."""
    return modules()


@functools.cache
def course_graph() -> dict[str, set[str]]:
    return import_graph(course_modules())


def test_the_graph_holds_the_imports_it_should():
    found, graph = course_modules(), course_graph()
    assert {"helpers", "helpers.activations", "helpers.admissions", "course", "course.marks",
            "course.checking", "course.tools.chapters", "course.checks.ch00"} <= set(found)
    assert "course.checking" in graph["course.checks.ch00"]  # from ..checking import ...
    assert "helpers.activations" in graph["helpers"]  # from .activations import ...
    assert "course.tools.student" in graph["course.tools.chapters"]  # a late import, inside write()
    assert graph["course.marks"] == set()  # the leaf


def test_there_is_no_import_cycle_in_helpers_and_course():
    cycle = find_cycle(course_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_late_imports_and_relative_ones(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .sub import b\n")
    (pkg / "sub" / "b.py").write_text("def late():\n    from ..c import f\n    return f\n")
    (pkg / "c.py").write_text("import importlib\nf = importlib.import_module('pkg.a')\n")
    graph = import_graph(modules({"pkg": pkg}))
    assert graph == {"pkg": set(), "pkg.a": {"pkg.sub.b"}, "pkg.sub": set(),
                     "pkg.sub.b": {"pkg.c"}, "pkg.c": {"pkg.a"}}
    assert find_cycle(graph) == ["pkg.a", "pkg.sub.b", "pkg.c", "pkg.a"]
    (pkg / "c.py").write_text("f = 1\n")
    assert find_cycle(import_graph(modules({"pkg": pkg}))) is None


def test_helpers_imports_no_course_module_even_late():
    graph = course_graph()
    reach, todo = set(), ["helpers"]
    while todo:
        for nxt in graph[todo.pop()] - reach:
            reach.add(nxt)
            todo.append(nxt)
    assert not {m for m in reach if m.split(".")[0] == "course"}, sorted(reach)


def test_the_learners_runtime_imports_no_tool_even_late():
    """What runs in a student's kernel (course, outside course.tools) never reaches the
    authoring and teaching tools."""
    graph = course_graph()
    tools = {m for m in graph if m == "course.tools" or m.startswith("course.tools.")}
    runtime = {m for m in graph if m.split(".")[0] == "course"} - tools
    assert "course.installed" in runtime and "course.tools.update.history" in tools
    reach, todo = set(), sorted(runtime)
    while todo:
        for nxt in graph[todo.pop()] - reach:
            reach.add(nxt)
            todo.append(nxt)
    assert not reach & tools, sorted(reach & tools)


def test_import_helpers_loads_no_course_module_no_pandas_matplotlib_or_ipython():
    code = ("import sys, helpers\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'course', 'pandas', 'matplotlib', 'IPython', 'nbformat', 'sklearn'}))")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)
    assert out.stdout == "[]\n" and out.stderr == ""


# --- the README's map of the packages ---------------------------------------------------------


def test_the_layout_page_names_every_module():
    layout = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
    missing = []
    for name, path in course_modules().items():
        rel = path.relative_to(ROOT).as_posix()  # helpers/losses.py, course/checks/ch02.py
        if "/" not in rel.removesuffix("/__init__.py"):
            continue  # a top package (helpers/, course/, data/ are listed)
        entry = re.sub(r"ch\d\d", "chNN", rel.split("/", 1)[1]).removesuffix("__init__.py")
        end = "" if entry.endswith("/") else r"(,|\s|$)"  # a package: checks/chNN.py names it
        if not re.search(rf"(^|\s){re.escape(entry)}{end}", layout, re.MULTILINE):
            missing.append(f"{name} ({entry})")
    assert not missing, f"docs/layout.md: say in a few words what {missing} are"


# --- the set-up cell of every notebook loads nothing slow --------------------------------------

SLOW = ("pandas", "matplotlib.pyplot", "matplotlib.axes", "sklearn")  # each 0.1-1 s to import


def _setup_cell(path: Path) -> str:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return next(c.source for c in nb.cells
                if c.cell_type == "code" and "setup_notebook()" in c.source)


NOTEBOOKS = sorted((ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))


# Each set-up cell runs in its own namespace, one after the other in one Python (not one
# Python each: ten interpreters loading numpy and matplotlib cost seconds). That proves the same
# as a fresh Python per cell: a module stays in sys.modules once loaded, so what a cell loads
# shows after it, or earlier if another cell loaded it first (which fails that chapter and every
# later one); setup_notebook() takes the same path in every chapter (same folder, no IPython).
RUN_SET_UP_CELLS = """
import json, sys
for name, code in json.loads(sys.stdin.read()):
    exec(compile(code, name, "exec"), {"__name__": "__main__"})
    print(json.dumps([m for m in %r if m in sys.modules]))
"""


@functools.cache
def slow_after_each_set_up_cell() -> dict[str, list[str]]:
    """{notebook name: the SLOW modules loaded once its set-up cell (and those of the chapters
    before it) ran}."""
    cells = [(path.name, _setup_cell(path)) for path in NOTEBOOKS]
    out = subprocess.run([sys.executable, "-c", RUN_SET_UP_CELLS % (SLOW,)],
                         input=json.dumps(cells), cwd=NOTEBOOKS[0].parent, capture_output=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), text=True, check=True)
    lines = [line for line in out.stdout.splitlines() if line.startswith("[")]
    assert len(lines) == len(cells), out.stdout
    return {name: json.loads(line) for (name, _), line in zip(cells, lines, strict=True)}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_the_set_up_cell_loads_no_pandas_pyplot_or_scikit_learn(path):
    # they are imported where they are first used (and by the helpers that need them)
    assert slow_after_each_set_up_cell()[path.name] == []
