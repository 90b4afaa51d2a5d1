"""Grading in the sandbox: a submission's code never decides its points, reaches nothing of the
course, and its crashes, hangs, forks, full disks and memory hunger cost only itself.

Every submission is the course's student notebook with answers written in, as a class hands
it in (the synthetic class's ``answer``); a tampering one adds a few lines of its own to an
exercise cell. The graded points and the whole course tree (hashed) are asserted exactly.
"""

from __future__ import annotations

import functools
import hashlib
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from synthetic_class import CORRECT, answer

from course.tools.grading import Limits, grade_submission
from course.tools.grading.sandbox import available
from course.tools.nbgrader import normalise
from course.tools.student import SOLUTIONS, make_student

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, getattr(pytest.mark, "class"),
              pytest.mark.skipif(available() is not None, reason="needs bubblewrap")]

CHECKS = "[n for n in dir() if n.startswith('check_')]"
TAMPER = {
    # the three kinds of the issue
    "redefine-checks": f"for _n in {CHECKS}:\n"
                       "    globals()[_n] = lambda f, _n=_n: print('✅ correct: ' + _n)",
    "environ": "import os\nos.environ.pop('NBGRADER_EXECUTION', None)\n"
               "os.environ['NBGRADER_EXECUTION'] = ''",
    "check-objects": "import course.checking.model as _m, course.checking as _c\n"
                     "from course.checking import CheckResult as _R\n"
                     "_m.Exercise.run = lambda self, f: _R(self.ex_id, self.title, 'pass')\n"
                     "_c.judge = lambda e, c: _R(e.ex_id, e.title, 'pass')",
    # and every other way found to fake a verdict from inside a cell
    "builtins": "import builtins\nbuiltins.isinstance = lambda *a: True\n"
                "builtins.print = lambda *a, **k: None",
    "allclose": "import numpy as _np\n_np.allclose = lambda *a, **k: True\n"
                "_np.array_equal = lambda *a, **k: True\n_np.isclose = lambda *a, **k: True",
    "sys-modules": "import sys, types\n_f = types.ModuleType('fake')\n"
                   "_f.__getattr__ = lambda name: (lambda *a, **k: print('✅ correct'))\n"
                   "for _k in [k for k in sys.modules if k.startswith('course')]:\n"
                   "    sys.modules[_k] = _f",
    "ipython-hooks": "_ip = get_ipython()\n"
                     "_ip.set_custom_exc((BaseException,), lambda *a, **k: print('✅ correct'))\n"
                     "_ip.events.register('post_run_cell', lambda *a: print('✅ correct'))\n"
                     "_ip.input_transformers_cleanup.append(lambda lines: ['pass\\n'])",
    "atexit": "import atexit, os\natexit.register(lambda: print('✅ correct: all'))\n"
              "atexit.register(lambda: os._exit(0))",
    "result-files": "import json, os\n"
                    "for _d in ['/sandbox/in', '/sandbox', '/sandbox/lib', os.getcwd(), '/tmp',\n"
                    f"           {str(ROOT)!r}, {str(ROOT / 'grading')!r}]:\n"
                    "    try:\n"
                    "        open(os.path.join(_d, 'result.json'), 'w').write('{\"points\": 9}')\n"
                    "    except OSError:\n"
                    "        pass",
    "fake-line": "print('✅ correct: ex4.1 hidden_error_term on all 4 test inputs.')",
    "forged-messages": "import os\n_m = b'{\"op\":\"calls\",\"ex\":\"EX\",\"calls\":{\"record\":"
                       "\"Calls\",\"fields\":{}}}\\n'\n"
                       "for _fd in map(int, os.listdir('/proc/self/fd')):\n"
                       "    try:\n        os.write(_fd, _m)\n    except OSError:\n        pass",
    "equals-everything": "class _All(float):\n    def __eq__(self, o):\n        return True\n"
                         "    __hash__ = float.__hash__\n"
                         "import numpy as _np\nclass _A(_np.ndarray):\n"
                         "    def __eq__(self, o):\n        return _np.ones_like(o, bool)\n"
                         "    def __array_ufunc__(self, *a, **k):\n        return True\n"
                         "for _n in list(globals()):\n"
                         "    if _n in NAMES:\n"
                         "        globals()[_n] = (lambda *a, **k: _np.zeros(2).view(_A))",
}


@functools.cache  # read-only: a submission is a copy (answer); 28 calls in the ch04 test
def release(name: str):
    source = nbformat.read(SOLUTIONS / f"{name}.ipynb", as_version=4)
    normalise(source)
    return make_student(source, f"{name}.ipynb"), source


def exercise_ids(source) -> list[str]:
    return [c.metadata.nbgrader.grade_id for c in source.cells
            if c.metadata.get("nbgrader", {}).get("solution")]


def submission(folder: Path, name: str, bodies: dict, extra: str = "", cell: int = -1) -> Path:
    """``folder/STUDENT/chNN/NAME.ipynb``: the student notebook with ``bodies`` written in and
    ``extra`` lines added at the end of exercise cell number ``cell`` (the last by default)."""
    student_nb, source = release(name)
    nb = answer(student_nb, source, bodies)
    if extra:
        found = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")][cell]
        found.source += "\n\n" + extra
    path = folder / "student" / f"ch{name[:2]}" / f"{name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def wrong(name: str) -> dict:
    return {gid: "return None" for gid in exercise_ids(release(name)[1])}


def tree_hash(root: Path) -> str:
    """One hash of every file git tracks in the course's clone, names and bytes (the sandbox
    must change none). Untracked files are left out: other tests running at the same time
    build the site, students' copies and caches there."""
    tracked = subprocess.run(["git", "-c", "safe.directory=*", "ls-files", "-z"], cwd=root,
                             check=True, capture_output=True).stdout.decode().split("\0")
    digest = hashlib.sha256()
    for name in sorted(n for n in tracked if n):
        path = root / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    return digest.hexdigest()


def points(result) -> list[float]:
    return [g.points for g in result.exercises]


CH01, CH04, CH09 = "01_one_sigmoid_unit", "04_backprop_by_hand", "09_capstone_digits"


@pytest.fixture(scope="module")
def course_hash():
    return tree_hash(ROOT)


def grade_all(tmp_path, jobs: dict) -> dict:
    """Grade ``{key: (name, bodies, extra, limits)}`` two at a time; ``{key: result}``."""
    def one(item):
        key, (name, bodies, extra, limits) = item
        folder = tmp_path / key
        path = submission(folder, name, bodies, extra)
        return key, grade_submission(path, name[:2], limits=limits)
    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(one, jobs.items()))


def test_every_way_to_fake_a_verdict_scores_0_for_wrong_answers_in_chapter_4(tmp_path,
                                                                            course_hash):
    names = exercise_ids(release(CH04)[1])
    functions = f"NAMES = {set(release_names(CH04))!r}\n"
    jobs = {kind: (CH04, wrong(CH04), functions + code.replace("EX", "ex4.1"), Limits())
            for kind, code in TAMPER.items()}
    jobs["control-right"] = (CH04, {gid: CORRECT for gid in names}, "", Limits())
    results = grade_all(tmp_path, jobs)
    assert {k: points(r) for k, r in results.items()} == {
        **{kind: [0.0, 0.0, 0.0] for kind in TAMPER}, "control-right": [1.0, 1.0, 1.0]}
    assert all(r.failure is None for k, r in results.items() if k != "atexit"), {
        k: r.failure for k, r in results.items()}
    assert "the notebook's code sent 'calls' for 'ex4.1' out of turn" in \
        results["forged-messages"].tried
    assert tree_hash(ROOT) == course_hash


@pytest.mark.parametrize("name", [CH01, CH09])
def test_all_the_tampering_at_once_scores_0_in_chapters_1_and_9(tmp_path, name, course_hash):
    ids = exercise_ids(release(name)[1])
    functions = f"NAMES = {set(release_names(name))!r}\n"
    extra = functions + "\n".join(code.replace("EX", ids[0].replace("_", "."))
                                  for kind, code in TAMPER.items()
                                  if kind not in ("builtins", "atexit", "sys-modules"))
    results = grade_all(tmp_path, {"all": (name, wrong(name), extra, Limits())})
    assert points(results["all"]) == [0.0] * len(ids)
    assert tree_hash(ROOT) == course_hash


def release_names(name: str) -> list[str]:
    from course.tools.grading.one import _name, chapter_exercises

    return [_name(e) for e in chapter_exercises(name[:2])]


SNOOP = f"""
import glob, os
_found = []
for _pattern in ['{ROOT}/*', '{ROOT}/notebooks/*/*.ipynb', '{ROOT}/grading/*', '/work/*/*/*',
                 '{ROOT}/course/checks/*.py']:
    _found += [p for p in glob.glob(_pattern, recursive=True) if '.venv' not in p]
for _path in ['{ROOT}/course/checks/ch01.py', '{ROOT}/README.md', '/etc/shadow']:
    try:
        _found.append(open(_path).read())
    except OSError:
        pass
try:
    import course.checks.ch01 as _c
    _found.append(repr(_c._sigmoid_prime))
except Exception:
    pass
for _path in ['{ROOT}/README.md', '{ROOT}/new.txt', '{ROOT}/gradebook.db']:
    try:
        open(_path, 'a').write('x')
    except OSError:
        pass
import socket
try:
    socket.create_connection(('pypi.org', 443), timeout=2)
except OSError:
    pass
def sigmoid_prime(z):
    raise ValueError(f"found {{len(_found)}}: {{_found}}")
"""


def test_a_snooping_submission_finds_nothing_changes_nothing_and_is_logged(tmp_path,
                                                                          course_hash):
    results = grade_all(tmp_path, {"snoop": (CH01, {}, SNOOP, Limits())})
    result = results["snoop"]
    assert points(result) == [0.0, 0.0, 0.0, 0.0]
    assert result.exercises[0].result.line.startswith("❌ not yet: ex1.1 sigmoid_prime")
    assert ("your code raised ValueError: found 1: ['<_sigmoid_prime: graded outside this "
            "notebook>']") in result.exercises[0].result.line  # the shim's name, nothing else
    assert f"tried to read {ROOT}/course/checks/ch01.py" in result.tried
    assert f"tried to write {ROOT}/new.txt" in result.tried
    assert any(line.startswith("tried to reach the network") for line in result.tried)
    assert tree_hash(ROOT) == course_hash


BAD = {
    "crash": ("import os\nos.abort()", Limits()),
    "exit": ("import os\nos._exit(3)", Limits()),
    "hang": ("import time\nwhile True:\n    time.sleep(1)",
             Limits(seconds=20, cell_seconds=1000)),
    # 8 processes, not the default 64, and each waits a moment when the limit refuses a fork:
    # the bomb forks up to the limit and is contained the same way, without 8 processes
    # spinning for 5 s (they took 5 s of CPU from the tests that run beside it)
    "fork-bomb": ("import os, time\nwhile True:\n    try:\n        os.fork()\n"
                  "    except OSError:\n        time.sleep(0.05)",
                  Limits(seconds=120, cell_seconds=5, processes=8)),
    "fill-disk": ("_block = b'x' * 2**20\nfor _d in ['/tmp', '/sandbox/scratch', '/home/student']:\n"
                  "    try:\n        with open(_d + '/big', 'wb') as _f:\n"
                  "            for _ in range(1024):\n                _f.write(_block)\n"
                  "    except OSError:\n        pass", Limits()),
    # 1 GiB of address space, not the default 3: the hunger meets the limit the same way
    # (the notebook itself needs about 250 MiB), with 2 GiB less memory zeroed (3 s of CPU)
    "eat-memory": ("_hoard = []\ntry:\n    while True:\n        _hoard.append(bytearray(2**27))\n"
                   "except MemoryError:\n    _hoard = None", Limits(memory=2**30)),
}


def test_crashes_hangs_forks_full_disks_and_memory_hunger_cost_only_the_submission(
        tmp_path, course_hash):
    right = {gid: CORRECT for gid in exercise_ids(release(CH01)[1])}
    jobs = {kind: (CH01, right, code, limits) for kind, (code, limits) in BAD.items()}
    results = grade_all(tmp_path, jobs)
    got = {k: (points(r), (r.failure or "").split(":")[0].split(" (")[0])
           for k, r in results.items()}
    assert got == {
        "crash": ([0.0] * 4, "crashed"), "exit": ([0.0] * 4, "crashed"),
        "hang": ([0.0] * 4, "hung"), "fork-bomb": ([1.0] * 4, ""),
        "fill-disk": ([1.0] * 4, ""), "eat-memory": ([1.0] * 4, "")}
    assert results["hang"].failure == "hung: stopped after 20 s"
    # the bomb's cell stops after its 5 s and its forks with it, so the functions are graded
    # well inside the submission's 120 s
    assert results["fork-bomb"].tried == (
        "forked a process", "cell 12 ran longer than 5 s and was stopped")
    assert not list(Path("/sys/fs/cgroup/pids").glob(f"course-grading-{os.getpid()}-*"))
    assert tree_hash(ROOT) == course_hash
    assert os.listdir(tmp_path / "crash") == ["student"]
