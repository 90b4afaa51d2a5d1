"""The sandbox one submission runs in: bubblewrap (Debian's ``bwrap``), limits, and the few
files it may see.

What the sandbox sees: the Python interpreter and the course's virtual environment (read-only,
at their own paths), a ``lib`` folder (read-only) with ``helpers`` and its data, the runtime
part of ``course`` with a shim in place of ``course.checks`` (``shim.py``) and nothing of
``course.tools`` but this runner, the submission and the plan (read-only), and a fresh tmpfs
home and scratch folder. Not the course's clone, not another submission, not the gradebook,
not the checks. No network (``--unshare-all``), no capabilities, its own session and process
tree, killed with the grader (``--die-with-parent``). Limits: memory (RLIMIT_AS), file size
(RLIMIT_FSIZE), processes (a pids cgroup when the grader may make one, which is how a root
grader is bounded, else RLIMIT_NPROC), and wall-clock time (the grader kills it).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .shim import MODULE

BWRAP = "bwrap"
HOME = "/home/student"
LIB = "/sandbox/lib"
INPUT = "/sandbox/in"
SCRATCH = "/sandbox/scratch"
_CGROUPS = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"))


@dataclass(frozen=True)
class Limits:
    """What one submission may use: ``seconds`` of wall clock in all (then it is killed),
    ``cell_seconds`` per cell, ``memory`` bytes of address space per process, ``file_size``
    bytes per file written, ``processes`` at once, ``scratch`` bytes of its tmpfs folders."""

    seconds: float = 300.0
    cell_seconds: float = 60.0
    memory: int = 3 * 2**30
    file_size: int = 64 * 2**20
    processes: int = 64
    scratch: int = 128 * 2**20


DEFAULT = Limits()


def available() -> str | None:
    """None when bubblewrap is there, else the one line that says how to get it."""
    if shutil.which(BWRAP) is None:
        return "bubblewrap is missing: sudo apt-get install bubblewrap"
    return None


# the check modules whose references ``course.carry`` runs in a later chapter, and their chapter
CARRIED = {"ch06_network.py": 6, "ch07.py": 7}


def build_lib(dest: Path, chapter: int = 0) -> Path:
    """``dest/lib``: helpers (with its data), the runtime part of course, the shim checks and
    this grading package. Copies, so the sandbox sees nothing beside them. For a submission
    of ``chapter``, the check modules of earlier chapters that ``course.carry`` takes its
    references from (``CARRIED``) are the real ones: a chapter whose earlier work is not in
    the sandbox runs the course's (a later chapter's network is that chapter's reference
    only); the graded chapter's own references stay out."""
    import course
    import helpers

    lib = dest / "lib"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(Path(helpers.__file__).parent, lib / "helpers", ignore=ignore)
    from importlib.resources import files

    data = files("helpers.admissions")
    (lib / "helpers" / "admissions").mkdir(exist_ok=True)
    for name in ("__init__.py", "binary.csv"):
        (lib / "helpers" / "admissions" / name).write_bytes((data / name).read_bytes())
    source = Path(course.__file__).parent
    target = lib / "course"
    target.mkdir()
    for item in source.iterdir():
        if item.name in ("checks", "tools", "__pycache__"):
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name, ignore=ignore)
        elif item.suffix == ".py":
            shutil.copy2(item, target / item.name)
    checks = target / "checks"
    checks.mkdir()
    (checks / "__init__.py").write_text("")
    shutil.copy2(Path(__file__).parent / "shim.py", checks / "_recorder.py")
    for module in (source / "checks").glob("ch*.py"):
        if CARRIED.get(module.name, 99) < chapter:
            shutil.copy2(module, checks / module.name)
        else:
            (checks / module.name).write_text(MODULE)
    tools = target / "tools"
    tools.mkdir()
    (tools / "__init__.py").write_text("")
    shutil.copytree(Path(__file__).parent, tools / "grading", ignore=ignore)
    return lib


_SHARED: dict[str, object] = {}


def shared_lib(chapter: int | str = 0) -> Path:
    """The ``lib`` folder of every sandbox of ``chapter`` this process (and every child it
    forks after the first call) starts: built once per chapter, with its modules compiled
    (the sandbox cannot write a cache), removed when the process that built it exits."""
    key = f"lib{int(chapter)}"
    if key not in _SHARED:
        import atexit
        import compileall
        import tempfile

        top = Path(tempfile.mkdtemp(prefix="grading-lib-"))
        lib = build_lib(top, int(chapter))
        compileall.compile_dir(lib, quiet=2)
        owner = os.getpid()
        atexit.register(lambda: os.getpid() == owner and shutil.rmtree(top, ignore_errors=True))
        _SHARED[key] = lib
    return _SHARED[key]


def _venv() -> Path:
    return Path(sys.prefix)


def _interpreter_home() -> Path:
    return Path(os.path.realpath(sys.base_prefix))


def allowed_paths() -> list[str]:
    """Where the sandbox may read (the audit log names a read anywhere else)."""
    return sorted({"/usr", "/lib", "/lib64", "/bin", "/etc", "/proc", "/dev", "/sys", LIB,
                   INPUT, str(_venv()), str(_interpreter_home())})


def command(stage: Path, limits: Limits, runner_args: list[str],
            lib: Path | None = None) -> list[str]:
    """The bwrap command line: ``stage`` holds ``in/`` (the plan, the notebook) and, unless
    ``lib`` is given, ``lib/``."""
    venv, home = _venv(), _interpreter_home()
    args = [BWRAP, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--ro-bind", "/usr", "/usr"]
    for name in ("lib", "lib64", "bin", "sbin"):
        if Path(f"/{name}").is_symlink():
            args += ["--symlink", os.readlink(f"/{name}"), f"/{name}"]
        elif Path(f"/{name}").is_dir():
            args += ["--ro-bind", f"/{name}", f"/{name}"]
    # the tmpfs folders first: a venv or interpreter under /tmp (a clone there) is bound over
    # the fresh /tmp, not hidden by it
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(limits.scratch), "--tmpfs", "/tmp",
             "--size", str(limits.scratch), "--tmpfs", HOME,
             "--size", str(limits.scratch), "--tmpfs", SCRATCH]
    for path in (home, venv):
        if not str(path).startswith("/usr/"):
            args += ["--ro-bind", str(path), str(path)]
    args += ["--ro-bind", str(lib or stage / "lib"), LIB, "--ro-bind", str(stage / "in"), INPUT]
    fonts = _font_cache()
    if fonts is not None:
        args += ["--ro-bind", str(fonts), f"{HOME}/.cache/matplotlib/{fonts.name}"]
    env = {"HOME": HOME, "PATH": f"{venv}/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
           "TMPDIR": "/tmp", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    args += ["--clearenv", "--chdir", SCRATCH]
    for key, value in env.items():
        args += ["--setenv", key, value]
    start = (f"import sys; sys.path.insert(0, {LIB!r}); from course.tools.grading import "
             f"runner; sys.exit(runner.main())")
    return [*args, str(venv / "bin" / "python"), "-E", "-B", "-c", start, *runner_args]


def _font_cache() -> Path | None:
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "matplotlib"
    found = sorted(cache.glob("fontlist-v*.json")) if cache.is_dir() else []
    return found[-1] if found else None


class Pids:
    """A pids cgroup of its own for one sandbox, when the grader may make one (as root)."""

    def __init__(self, limit: int):
        self.path = None
        for root in _CGROUPS:
            if (root / "pids.max").exists() or (root / "cgroup.procs").exists() \
                    and root.name == "pids":
                try:
                    path = root / f"course-grading-{os.getpid()}-{id(self)}"
                    path.mkdir()
                    (path / "pids.max").write_text(str(limit))
                except OSError:
                    continue
                self.path = path
                break

    def join(self) -> None:
        if self.path is not None:
            (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def close(self) -> None:
        """Kill whatever is left in the cgroup (nothing should be), then remove it."""
        if self.path is None:
            return
        for _ in range(100):
            try:
                for pid in (self.path / "cgroup.procs").read_text().split():
                    os.kill(int(pid), signal.SIGKILL)
                self.path.rmdir()
                return
            except ProcessLookupError:
                continue
            except OSError:
                time.sleep(0.05)


def limit_self(limits: Limits, pids: Pids) -> None:
    """In the child, before bwrap starts: the resource limits every sandboxed process gets."""
    pids.join()
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size, limits.file_size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if pids.path is None and os.geteuid() != 0:
        running = sum(1 for p in Path("/proc").iterdir() if p.name.isdigit()
                      and _owner(p) == os.geteuid())
        resource.setrlimit(resource.RLIMIT_NPROC, (running + limits.processes,) * 2)


def _owner(path: Path) -> int | None:
    try:
        return path.stat().st_uid
    except OSError:
        return None
