"""One check module per chapter: ``course.checks.ch04`` checks the exercises of chapter 4.

``find("ex4.1")`` is the Exercise (or Quiz) of an id; ``every()`` lists them all, in
exercise-id order. ``python -m course.checks --list`` prints every mistake's id."""

from __future__ import annotations

import importlib
import pkgutil

from ..marks import canonical_id


def _key(ex_id: str) -> tuple[int, int]:
    chapter, number = ex_id[2:].split(".")
    return int(chapter), int(number)


def every() -> list:
    """Every Exercise and Quiz of every ``course.checks.chNN`` module, in exercise-id order."""
    from ..checking import Exercise, Quiz

    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("ch") and info.name[2:].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found += [v for v in vars(module).values() if isinstance(v, (Exercise, Quiz))]
    return sorted(found, key=lambda check: _key(check.ex_id))


def find(ex_id: str):
    """The Exercise or Quiz of ``ex_id`` (``ex4.1`` or ``ex4_1``), or None if there is none."""
    from ..checking import Exercise, Quiz

    canon = canonical_id(str(ex_id))
    if canon is None:
        return None
    try:
        module = importlib.import_module(f"{__name__}.ch{_key(canon)[0]:02d}")
    except ImportError:
        return None
    return next((v for v in vars(module).values()
                 if isinstance(v, (Exercise, Quiz)) and v.ex_id == canon), None)
