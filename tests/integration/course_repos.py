"""A class in a temporary folder, for the tests of `make update` and the hub (no network).

A teacher's repository (``make_teacher``: the course, three chapters), the bare repository it
pushes to (``publish``), student clones; the student works in my-notebooks/ as JupyterLab
would save it, and ``run_update`` runs the update as `make update` does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from course.tools.student import exercise_of, make_student, write_student

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "01_one_sigmoid_unit"
COURSE = ["course", "helpers", "notebooks", "data", "CHANGELOG.md", ".gitignore",
          "pyproject.toml"]
KEEP = ("00_", "01_", "02_")  # three chapters are a whole course for these tests, and quicker


def ignore(folder, names):
    skip = shutil.ignore_patterns("__pycache__", "*.fresh*.ipynb", ".ipynb_checkpoints",
                                  "my-notebooks")(folder, names)
    if Path(folder).name in ("notebooks", "solutions"):
        skip |= {n for n in names if n.endswith(".ipynb") and not n.startswith(KEEP)}
    return skip


IGNORE = ignore


def git_env(home: Path) -> dict:
    return dict(os.environ, HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0",
                GIT_CONFIG_GLOBAL=str(home / ".gitconfig"), LC_ALL="C")


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          env=git_env(cwd.parent), stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


def commit(repo: Path, message: str, who: str = "teacher") -> None:
    git(repo, "add", "-A")
    git(repo, "-c", f"user.name={who}", "-c", f"user.email={who}@example.invalid",
        "commit", "-q", "-m", message)


def run_update(clone: Path, *args: str) -> str:
    """`make update` as a student runs it: the clone's own course package, no stdin."""
    env = dict(git_env(clone.parent), PYTHONPATH=str(clone))
    proc = subprocess.run([sys.executable, "-m", "course.tools.update", *args], cwd=clone, env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc.stdout


def make_teacher(repo: Path) -> Path:
    """A teacher's repository holding the course (three chapters), regenerated, committed."""
    repo.mkdir()
    for name in COURSE:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, repo / name, ignore=IGNORE)
        else:
            shutil.copy2(src, repo / name)
    for sol in sorted((repo / "notebooks" / "solutions").glob("*.ipynb")):
        write_student(sol, repo / "notebooks")  # as `make student` before every commit
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "course v1")
    return repo


def built_teacher(folder: Path) -> None:
    """``folder/teacher``: ``make_teacher``'s repository, for ``built_once`` (see teacher_at)."""
    make_teacher(folder / "teacher")


def teacher_at(built_once, repo: Path) -> Path:
    """A copy at ``repo`` of ``make_teacher``'s repository, built once per test run (a copy
    costs a fifth of the CPU of making it: the student copies, git add and commit)."""
    shutil.copytree(built_once("teacher", built_teacher) / "teacher", repo, symlinks=True)
    return repo


def clone_of(origin: Path, name: str = "student") -> Path:
    """A student's clone of ``origin`` (the teacher's repository or the bare one)."""
    student = origin.parent / name
    git(origin.parent, "clone", "-q", str(origin), str(student))
    return student


def publish(teacher: Path) -> Path:
    """The bare repository the teacher pushes to (``teacher.git`` beside it), as on a forge."""
    bare = teacher.parent / "teacher.git"
    git(teacher.parent, "clone", "-q", "--bare", str(teacher), str(bare))
    git(teacher, "remote", "add", "origin", str(bare))
    git(teacher, "fetch", "-q", "origin")
    git(teacher, "branch", "-q", "-u", "origin/main")
    return bare


def snapshot(clone: Path) -> tuple[list[str], int, dict[str, bytes]]:
    """(branches, commits on any ref, every file outside .git with its bytes): what a second
    update must leave exactly as it was."""
    refs = git(clone, "for-each-ref", "--format=%(refname:short)", "refs/heads").split()
    count = int(git(clone, "rev-list", "--count", "--all"))
    files = {p.relative_to(clone).as_posix(): p.read_bytes() for p in sorted(clone.rglob("*"))
             if p.is_file() and ".git" not in p.relative_to(clone).parts
             and "__pycache__" not in p.parts}
    return refs, count, files


def read(path: Path):
    return nbformat.read(path, as_version=4)


def first_exercise(nb) -> tuple[int, str]:
    for i, cell in enumerate(nb.cells):
        if exercise_of(cell) and cell.cell_type == "code":
            return i, exercise_of(cell)
    raise AssertionError("chapter 1 has no code exercise")


def save_like_jupyterlab(nb, path: Path) -> bytes:
    """Write ``nb`` as JupyterLab does after Run All: outputs, counts, kernel metadata."""
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.9",
                                    "mimetype": "text/x-python", "file_extension": ".py"}
    count = 0
    for cell in nb.cells:
        cell.metadata["trusted"] = True
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            cell.outputs = [new_output("stream", name="stdout", text=f"ran {count}\n")]
            cell.metadata["execution"] = {"iopub.execute_input": "2026-01-05T10:00:00.1Z",
                                          "shell.execute_reply": "2026-01-05T10:00:00.2Z"}
    nbformat.write(nb, path, version=nbformat.NO_CONVERT)
    return path.read_bytes()


def student_works(clone: Path) -> tuple[bytes, str]:
    """Seed my-notebooks/, fill chapter 1's first exercise, add a cell, save as JupyterLab."""
    run_update(clone, "--no-fetch")
    mine = clone / "my-notebooks" / f"{CHAPTER}.ipynb"
    nb = read(mine)
    solution = {c.id: c for c in read(clone / "notebooks" / "solutions" / f"{CHAPTER}.ipynb").cells}
    i, ex_id = first_exercise(nb)
    nb.cells[i].source = solution[nb.cells[i].id].source + "\n# my own note, typed by hand\n"
    nb.cells.insert(i + 1, new_code_cell("print('a cell I added')"))
    return save_like_jupyterlab(nb, mine), ex_id


def teacher_fixes(teacher: Path, ex_id: str) -> str:
    """Change the exercise cell of chapter 1 (the very cell the student filled), regenerate,
    add a changelog line, commit. Returns the new line the fix put in the cell."""
    sol_path = teacher / "notebooks" / "solutions" / f"{CHAPTER}.ipynb"
    sol = read(sol_path)
    i, _ = first_exercise(sol)
    fix = f"# {ex_id}: the argument may be a number or a numpy array (teacher's fix)"
    sol.cells[i].source = fix + "\n" + sol.cells[i].source
    nbformat.write(sol, sol_path)
    nbformat.write(make_student(sol, sol_path.name), teacher / "notebooks" / sol_path.name)
    log = teacher / "CHANGELOG.md"
    text = log.read_text(encoding="utf-8")
    entry = f"- {ex_id} (`{CHAPTER}`): the exercise now says that numpy arrays are accepted."
    head, sep, rest = text.partition("## Unreleased\n")
    log.write_text(head + sep + entry + "\n" + rest if sep else text + "\n" + entry + "\n",
                   encoding="utf-8")
    commit(teacher, f"fix {ex_id}")
    return fix


def all_lines(path: Path) -> set[str]:
    return {line for cell in read(path).cells for line in cell.source.splitlines()}


def make_course(where: Path) -> Path:
    root = where / "course"
    (root / "notebooks").mkdir(parents=True)
    shutil.copytree(ROOT / "notebooks" / "solutions", root / "notebooks" / "solutions",
                    ignore=IGNORE)
    shutil.copy2(ROOT / "CHANGELOG.md", root / "CHANGELOG.md")
    return root


def others(n: int) -> str:
    return f"{n} other notebook{'s' * (n != 1)} in my-notebooks/ up to date"


def chapters(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "notebooks" / "solutions").glob("*.ipynb"))


def edit(path: Path, text: str) -> bytes:
    nb = read(path)
    nb.cells[0].source += text
    nbformat.write(nb, path)
    return path.read_bytes()


def course_changes(root: Path, chapter: str = CHAPTER) -> None:
    path = root / "notebooks" / "solutions" / f"{chapter}.ipynb"
    nb = read(path)
    nb.cells[0].source += "\n\nA sentence the teacher added."
    nbformat.write(nb, path)


# --- a teacher's hint that gave an answer away, pushed, then withdrawn ----------------------

SECOND = "02_gradient_descent_admissions"
THIRD = "03_multilayer_forward_pass"  # a whole chapter the withdrawn commit added
HINT = "HINT: the answer is sigmoid(x) * (1 - sigmoid(x))"  # gives the answer away


def add_hint(teacher: Path, hint: str = HINT, third: bool = True) -> None:
    """Commit (not push) a hint in chapters 1 and 2, and chapter 3 when ``third``."""
    for name in (CHAPTER, SECOND):
        path = teacher / "notebooks" / "solutions" / f"{name}.ipynb"
        nb = read(path)
        nb.cells.append(new_markdown_cell(hint))
        nbformat.write(nb, path)
        write_student(path, teacher / "notebooks")
    if third:
        sol = teacher / "notebooks" / "solutions" / f"{THIRD}.ipynb"
        shutil.copy2(ROOT / "notebooks" / "solutions" / sol.name, sol)
        write_student(sol, teacher / "notebooks")
    commit(teacher, "a hint")


def push(teacher: Path, *force: str) -> str:
    git(teacher, "push", "-q", *force, "origin", "main")
    return git(teacher, "rev-parse", "HEAD").strip()


def with_hint(files: dict[str, bytes]) -> set[str]:
    return {name for name, data in files.items() if HINT.encode() in data}
