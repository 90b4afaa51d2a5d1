"""Shared test helpers."""

import fcntl
import importlib.util
import random
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from course.checking import Exercise, Mistake

ROOT = Path(__file__).resolve().parents[1]

# ports for the servers the tests start (JupyterLab, JupyterHub, its proxy and API, git): below
# Linux's ephemeral range (32768-60999), from which every Jupyter kernel takes its five ports
# while the tests run. A port the kernel took between "free" and the server's start answered
# the hub test's first request with ZMQ's greeting instead of HTTP (seen once under load).
SERVER_PORTS = range(20000, 32768)


def skip_unless_installed(module: str, reason: str) -> None:
    """Skip the calling test module when ``module`` is not installed. Unlike
    ``pytest.importorskip`` it does not import it: every xdist worker collects every test
    file, and importing nbgrader costs ~0.9 s of CPU in each, for tests only one of them runs."""
    if importlib.util.find_spec(module) is None:
        pytest.skip(reason, allow_module_level=True)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing holds now, outside the ephemeral range."""
    for port in random.sample(SERVER_PORTS, 50):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port among 50 tried in {SERVER_PORTS}")


@pytest.fixture
def check_output(capsys):
    """``check_output(check, answer)``: every line a check printed (the verdict last); nothing
    on stderr and no traceback."""
    def run(check, answer) -> list[str]:
        capsys.readouterr()
        check(answer)
        out = capsys.readouterr()
        assert out.err == "", out.err
        assert out.out.endswith("\n") and "Traceback" not in out.out, out.out
        return out.out[:-1].split("\n")
    return run


@pytest.fixture
def check_line(check_output):
    """``check_line(check, answer)``: the one line a check printed, asserting it printed
    exactly one (the line a student sees under the check cell)."""
    def run(check, answer) -> str:
        lines = check_output(check, answer)
        assert len(lines) == 1, lines
        return lines[0]
    return run


@pytest.fixture(scope="session")
def built_once(tmp_path_factory, worker_id):
    """``built_once(name, make) -> Path``: a folder built once per test run and shared by
    every pytest-xdist worker. The first to ask calls ``make(folder)``; the others wait on a
    lock and get the same folder. Treat it as read-only: copy what a test changes. A build
    that raised is removed, so the next to ask builds it again (and fails the same way)."""
    base = tmp_path_factory.getbasetemp()
    root = base if worker_id == "master" else base.parent  # xdist: basetemp/popen-gwN

    def get(name: str, make) -> Path:
        folder = root / f"built-{name}"
        with (root / f"built-{name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (root / f"built-{name}.done").exists():
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                try:
                    make(folder)
                except BaseException:
                    shutil.rmtree(folder, ignore_errors=True)
                    raise
                (root / f"built-{name}.done").touch()
        return folder
    return get


@pytest.fixture(scope="session")
def solutions_site(built_once) -> Path:
    """The static site as `make html` builds it, through its command line, from a copy of the
    solution notebooks: ``solutions/`` (the copy) and ``site/`` in one folder, built once per
    run for tests/course/test_site.py and the browser tests. Read-only (see built_once)."""
    def make(folder: Path) -> None:
        shutil.copytree(ROOT / "notebooks" / "solutions", folder / "solutions",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        built = subprocess.run([sys.executable, "-m", "course.tools.site", str(folder / "site"),
                                str(folder / "solutions")], cwd=ROOT, capture_output=True,
                               text=True)
        assert built.returncode == 0, built.stdout + built.stderr
    return built_once("solutions-site", make)


# --- toy exercises of the check machinery's tests (tests/course/test_<module>.py) ----------
# ex99.x: ids no chapter uses; weight_step and unit_output as in chapter 1


@pytest.fixture
def fresh_kernel():
    """The kernel's memory of pending and needed exercises, empty before and after a test."""
    from course.marks import kernel

    kernel.forget_progress()
    yield kernel
    kernel.forget_progress()


def step(lr, delta, x):
    return lr * delta * x


def unit(x, w):
    return float(1 / (1 + np.exp(-np.dot(x, w))))


STEP = Exercise(
    "ex99.1", "weight_step", reference=step,
    cases=[(0.5, -0.25, np.array([0.1, 0.3])), (2.0, 0.5, np.array([1.0, -2.0, 3.0]))],
    mistakes=[Mistake("missing-lr", lambda lr, delta, x: delta * x,
                      "the learning rate is missing."),
              Mistake("uphill", lambda lr, delta, x: -lr * delta * x,
                      "wrong sign: the step goes uphill.")],
    names=("weight_step",))

UNIT = Exercise(
    "ex99.2", "unit_output", reference=unit,
    cases=[(np.array([0.1, 0.3]), np.array([-0.8, 0.5])), (np.zeros(3), np.ones(3))],
    names=("unit_output",))

FAST = Exercise("ex99.1", "weight_step", reference=step, cases=STEP.cases, time_limit=0.2)

HEAD = "❌ not yet: ex99.1 weight_step — "
ON_1 = "on lr=0.5, delta=-0.25, x=[0.1, 0.3]"


def _draw(sizes, rng):
    return rng.standard_normal(sizes[0])


DRAW = Exercise("ex99.5", "draw", reference=_draw,
                cases=[((3,), np.random.default_rng(1)), ((2,), np.random.default_rng(2))],
                may_change=("rng",))


# --- the lines a check prints, built from ``course.marks.verdict`` as the student reads them ---


def passed_line(exercise) -> str:
    """The exact ✅ line of ``exercise`` (an ``Exercise``) passing all its test inputs."""
    from course.marks import PASS, verdict

    head = verdict(PASS, exercise.ex_id, exercise.title)
    return f"{head} on all {len(exercise.cases)} test inputs."


def failed_prefix(exercise) -> str:
    """The start of every ❌ line of ``exercise`` (an ``Exercise`` or a ``Quiz``)."""
    from course.marks import FAIL, verdict

    return f"{verdict(FAIL, exercise.ex_id, exercise.title)} — "


def todo_prefix(exercise) -> str:
    """The start of every ⏳ (not done) line of ``exercise``."""
    from course.marks import TODO, verdict

    return f"{verdict(TODO, exercise.ex_id, exercise.title)} — "


def named_line(exercise, words: str) -> str:
    """The start of the line naming the one mistake of ``exercise`` whose message has ``words``."""
    found = {m.message for m in exercise.mistakes if words in m.message}
    assert len(found) == 1, (words, found)
    return failed_prefix(exercise) + found.pop()


def public_check(exercise):
    """The public check function of ``exercise``: ``check_<title>`` of its chapter's module."""
    import importlib

    number = int(exercise.ex_id[2:].split(".")[0])
    module = importlib.import_module(f"course.checks.ch{number:02d}")
    return getattr(module, f"check_{exercise.title}")


@pytest.fixture
def exercise_line(check_line):
    """``exercise_line(exercise, answer)``: the one line ``exercise``'s public check prints."""
    def run(exercise, answer) -> str:
        return check_line(public_check(exercise), answer)
    return run


# --- the order in which `make test` hands test files to its pytest-xdist workers -------------
# `make test` runs `--dist loadfile --no-loadscope-reorder`: every test file stays in one worker
# (a notebook's nbval cells run in order in one kernel; a module-scoped fixture is built once)
# and files go, in collection order, to whichever worker is free. This hook (called for the
# whole session, notebooks included) sorts the files longest first, so no long file starts
# last while the other workers idle (longest-processing-time-first scheduling). Within a file
# the order is untouched; outside xdist nothing changes. (`--dist loadgroup` could split big
# files, but pytest-xdist 3.8 cannot name groups under pytest 9.2, whose node ids it can no
# longer rewrite.)
#
# SECONDS: what each of the longest files took (wall, on the 2-core machine, in a quiet `make test`
# on 2026-12-07, the sandbox file alone); only their order matters. A file not listed counts by
# its kind: one with a slow, browser or class test 10 s, a notebook 3 s, any other 1 s. Update
# the table when a new file joins the longest.
SECONDS = {
    "tests/integration/test_browser.py": 100, "tests/integration/test_student_notebooks.py": 55,
    "tests/tools/grading/test_grading_docs.py": 55, "tests/integration/test_nbgrader.py": 50,
    "tests/integration/test_grading_sandbox.py": 45, "tests/integration/test_hub_class.py": 31,
    "tests/integration/test_hub.py": 29, "tests/tools/grading/test_classrun.py": 28,
    "tests/integration/test_wheel.py": 25, "tests/tools/grading/test_recipe.py": 12,
    "tests/integration/test_update_history.py": 11, "tests/integration/test_update_git.py": 10,
    "tests/course/test_exercises.py": 10, "tests/integration/test_grading_gradebook.py": 9,
    "tests/tools/grading/test_report_html.py": 8, "tests/integration/test_execute.py": 8,
    "notebooks/solutions/09_capstone_digits.ipynb": 8,
    "tests/integration/test_learner_network_ch09.py": 8,
    "tests/integration/test_learner_network.py": 7, "tests/integration/test_nbgitpuller.py": 6,
    "tests/course/test_chapters.py": 6, "tests/tools/grading/test_broken.py": 6,
    "tests/course/test_site.py": 5, "tests/integration/test_portability.py": 5,
}
SLOW_MARKERS = ("browser", "class", "slow")


def _seconds(item) -> int:
    known = SECONDS.get(item.path.as_posix().removeprefix(f"{ROOT.as_posix()}/"))
    if known is not None:
        return known
    if any(item.get_closest_marker(m) for m in SLOW_MARKERS):
        return 10
    return 3 if item.path.suffix == ".ipynb" else 1


def pytest_collection_modifyitems(config, items):
    if not hasattr(config, "workerinput"):  # only on xdist workers, all sorting alike
        return
    cost, first = {}, {}
    for index, item in enumerate(items):
        cost[item.path] = max(cost.get(item.path, 0), _seconds(item))
        first.setdefault(item.path, index)
    order = sorted(range(len(items)),
                   key=lambda i: (-cost[items[i].path], first[items[i].path], i))
    items[:] = [items[i] for i in order]
