"""What the checks read in a learner's source text (the ``structure`` tests): its syntax tree,
the functions it calls by name and how many loops it holds."""

from __future__ import annotations

import ast

_LOOPS = (ast.For, ast.While, ast.comprehension)


def parse(source: str) -> ast.AST | None:
    """The syntax tree of ``source``, or None when it does not parse on its own."""
    try:
        return ast.parse(source)
    except SyntaxError:  # a lambda cut out of a longer line
        return None


def called(tree: ast.AST | None) -> set[str]:
    """The names of the functions ``tree`` calls by plain name."""
    return set() if tree is None else {n.func.id for n in ast.walk(tree)
                                       if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def loops(tree: ast.AST | None) -> int:
    """How many loops (for, while, comprehensions) ``tree`` holds."""
    return 0 if tree is None else sum(isinstance(n, _LOOPS) for n in ast.walk(tree))
