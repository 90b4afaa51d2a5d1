"""`make update` with real git repositories in a temporary folder (no network).

A teacher repository and a student clone: the student works in my-notebooks/ as JupyterLab
would save it, the teacher fixes a chapter, and the update must keep every byte of the
student's work, make the fix available beside it and name the exercise.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_output

from course.tools import update
from course.tools.student import content_hash, exercise_of, is_edited, make_student, write_student

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


@pytest.fixture
def teacher(tmp_path) -> Path:
    return make_teacher(tmp_path / "teacher")


@pytest.fixture
def clone(teacher) -> Path:
    student = teacher.parent / "student"
    git(teacher.parent, "clone", "-q", str(teacher), str(student))
    return student


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


def test_an_update_keeps_every_byte_of_the_work_and_puts_the_fix_beside_it(teacher, clone):
    work, ex_id = student_works(clone)
    fix = teacher_fixes(teacher, ex_id)
    out = run_update(clone)
    mine = clone / "my-notebooks" / f"{CHAPTER}.ipynb"
    fresh = clone / "my-notebooks" / f"{CHAPTER}.fresh.ipynb"
    assert mine.read_bytes() == work
    assert fix in all_lines(fresh) and not is_edited(read(fresh))
    assert (f"  {ex_id} ({CHAPTER}): the exercise now says that numpy arrays are accepted. "
            f"-> my-notebooks/{CHAPTER}.fresh.ipynb") in out.splitlines()
    assert (f"my-notebooks/{CHAPTER}.ipynb: edited by you, so untouched; the new version is "
            f"{CHAPTER}.fresh.ipynb") in out.splitlines()
    assert "the course is updated: " in out
    assert git(clone, "status", "--porcelain") == ""  # nothing of the course was touched
    # again: nothing new, nothing rewritten
    again = run_update(clone)
    assert "the course is up to date" in again and "What changed" not in again
    assert mine.read_bytes() == work
    # a plain `git pull` never conflicts either: the student never wrote a tracked file
    teacher_fixes(teacher, ex_id)
    git(clone, "pull", "-q", "--ff-only")
    assert mine.read_bytes() == work


def test_a_copy_the_student_did_not_edit_is_replaced_and_a_run_only_save_counts_as_unedited(
        teacher, clone):
    run_update(clone, "--no-fetch")
    mine = clone / "my-notebooks" / f"{CHAPTER}.ipynb"
    save_like_jupyterlab(read(mine), mine)  # Run All and save, nothing typed
    assert not is_edited(read(mine))
    _, ex_id = first_exercise(read(mine))
    fix = teacher_fixes(teacher, ex_id)
    out = run_update(clone)
    assert fix in all_lines(mine)
    assert not (clone / "my-notebooks" / f"{CHAPTER}.fresh.ipynb").exists()
    assert f"  {ex_id} ({CHAPTER}): the exercise now says that numpy arrays are accepted. " \
           f"-> my-notebooks/{CHAPTER}.ipynb" in out.splitlines()


def test_work_typed_into_the_course_copy_is_saved_before_the_update(teacher, clone):
    """The old habit: typing into notebooks/NAME.ipynb (tracked), then updating."""
    tracked = clone / "notebooks" / f"{CHAPTER}.ipynb"
    nb = read(tracked)
    i, ex_id = first_exercise(nb)
    nb.cells[i].source += "\n# typed into the course's own copy\n"
    work = save_like_jupyterlab(nb, tracked)
    helper = clone / "helpers" / "activations.py"
    helper.write_text(helper.read_text() + "\n# my experiment\n")
    fix = teacher_fixes(teacher, ex_id)
    out = run_update(clone)
    assert (clone / "my-notebooks" / f"{CHAPTER}.ipynb").read_bytes() == work
    assert (f"notebooks/{CHAPTER}.ipynb: you had changed this course file; your version is "
            f"kept as my-notebooks/{CHAPTER}.ipynb") in out.splitlines()
    assert fix in all_lines(tracked)
    assert helper.read_text().endswith("# my experiment\n")  # the update did not touch it
    assert f"-> my-notebooks/{CHAPTER}.fresh.ipynb" in out
    assert not update._broken_notebooks(clone)


def test_diverged_history_keeps_the_commits_on_a_branch_and_leaves_no_marker(teacher, clone):
    tracked = clone / "notebooks" / f"{CHAPTER}.ipynb"
    nb = read(tracked)
    i, ex_id = first_exercise(nb)
    nb.cells[i].source = "# my committed version\n" + nb.cells[i].source
    work = save_like_jupyterlab(nb, tracked)
    commit(clone, "my work", who="student")
    fix = teacher_fixes(teacher, ex_id)  # the same lines: a real conflict
    out = run_update(clone)
    branch = next(line.split("branch ")[-1] for line in out.splitlines() if "kept on" in line)
    assert git(clone, "show", f"{branch}:notebooks/{CHAPTER}.ipynb").encode() == work
    assert git(clone, "ls-files", "-u") == ""
    assert not update._broken_notebooks(clone)
    assert fix in all_lines(tracked)
    assert (clone / "my-notebooks" / f"{CHAPTER}.ipynb").read_bytes() == work
    assert "the course is updated: " in out


def test_no_upstream_is_one_line_and_the_copies_are_still_refreshed(teacher, clone):
    git(clone, "branch", "--unset-upstream")
    out = run_update(clone)
    assert out.splitlines()[0] == ("no upstream: branch main tracks no remote branch, so "
                                   "nothing was fetched (set one with `git branch -u "
                                   "origin/main`)")
    assert (clone / "my-notebooks" / f"{CHAPTER}.ipynb").exists()


def test_not_a_git_clone_is_one_line(teacher, tmp_path):
    plain = tmp_path / "unzipped"
    shutil.copytree(teacher, plain, ignore=shutil.ignore_patterns(".git"))
    out = run_update(plain)
    assert out.splitlines()[0] == ("not a git clone: nothing fetched; refreshing your notebooks "
                                   "from the files here")
    assert (plain / "my-notebooks" / f"{CHAPTER}.ipynb").exists()


# --- the copies: one clear line per problem, nothing lost, the other chapters processed ------


@pytest.fixture
def course(tmp_path) -> Path:
    return make_course(tmp_path)


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


def test_first_use_seeds_every_chapter(course):
    lines = update.sync(course)
    names = chapters(course)
    assert lines == [f"my-notebooks/{n}.ipynb: your copy, new" for n in names]
    for n in names:
        nb = read(course / "my-notebooks" / f"{n}.ipynb")
        assert nb.metadata.course["sha256"] == content_hash(nb)
    assert update.sync(course) == [f"all {len(names)} notebooks in my-notebooks/ are up to date"]


@pytest.mark.parametrize("content, why", [(b"", "the file is empty"),
                                          (b'{"cells": [ <<<<<<< HEAD', "not a notebook (")])
def test_a_corrupt_or_empty_copy_is_left_as_it_is(course, content, why):
    update.sync(course)
    mine = course / "my-notebooks" / f"{CHAPTER}.ipynb"
    mine.write_bytes(content)
    lines = update.sync(course)
    assert mine.read_bytes() == content
    line = next(x for x in lines if x.startswith(f"my-notebooks/{CHAPTER}.ipynb"))
    assert line.startswith(f"my-notebooks/{CHAPTER}.ipynb: cannot be read ({why}")
    assert line.endswith(f"left as it is, the course's version is {CHAPTER}.fresh.ipynb")
    assert not is_edited(read(course / "my-notebooks" / f"{CHAPTER}.fresh.ipynb"))
    assert lines[-1] == others(len(chapters(course)) - 1)


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


def test_an_edited_fresh_copy_is_kept_and_the_next_one_gets_another_name(course):
    update.sync(course)
    work = course / "my-notebooks"
    mine = edit(work / f"{CHAPTER}.ipynb", "\nmine")
    course_changes(course)
    update.sync(course)
    fresh = edit(work / f"{CHAPTER}.fresh.ipynb", "\nnotes in the fresh copy")
    course_changes(course)
    lines = update.sync(course)
    assert (work / f"{CHAPTER}.ipynb").read_bytes() == mine
    assert (work / f"{CHAPTER}.fresh.ipynb").read_bytes() == fresh
    assert not is_edited(read(work / f"{CHAPTER}.fresh-2.ipynb"))
    assert lines == [f"my-notebooks/{CHAPTER}.ipynb: edited by you, so untouched; the new "
                     f"version is {CHAPTER}.fresh-2.ipynb ({CHAPTER}.fresh.ipynb holds your "
                     f"edits, so it is untouched too)",
                     others(len(chapters(course)) - 1)]


@pytest.fixture
def open_tmp():
    """A temporary folder any user can enter (pytest's own is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="course-update-"))
    path.chmod(0o755)
    yield path
    for p in [path, *path.rglob("*")]:
        if p.is_dir() and not p.is_symlink():
            p.chmod(0o755)
    shutil.rmtree(path)


def test_a_read_only_folder_is_one_line_per_chapter_and_changes_nothing(open_tmp):
    tmp_path = open_tmp
    course = make_course(tmp_path)
    update.sync(course)
    work = course / "my-notebooks"
    for name in chapters(course)[:2]:
        course_changes(course, name)
    before = {p.name: p.read_bytes() for p in work.glob("*.ipynb")}
    prefix = []
    if os.geteuid() == 0:  # root writes anywhere: run the update as an ordinary user
        for p in [tmp_path, *tmp_path.rglob("*")]:
            if not p.is_symlink():
                os.chmod(p, 0o755 if p.is_dir() else 0o644)
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    work.chmod(0o555)
    for p in work.glob("*.ipynb"):
        p.chmod(0o444)
    try:
        proc = subprocess.run([*prefix, sys.executable, "-m", "course.tools.update", "--no-fetch",
                               "--root", str(course)], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path)),
                              cwd=tmp_path, timeout=120)
    finally:
        work.chmod(0o755)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    lines = proc.stdout.splitlines()
    for name in chapters(course)[:2]:
        assert (f"my-notebooks/{name}.ipynb: could not write in my-notebooks/ (Permission "
                f"denied); nothing of yours was changed") in lines
    assert lines[-1] == others(len(chapters(course)) - 2)
    assert {p.name: p.read_bytes() for p in work.glob("*.ipynb")} == before


def test_changelog_lines_are_read_by_exercise_id(tmp_path):
    (tmp_path / "CHANGELOG.md").write_text(
        "# Changelog\n\n## Unreleased\n"
        "- ex4_1 (`04_backprop_by_hand`): the check names the transposed matrix.\n"
        "- ex1.2, ex1.3 (`01_one_sigmoid_unit`): clearer docstrings.\n"
        "- not an exercise line\n", encoding="utf-8")
    got = [(e.ids, e.chapter, e.text) for e in update.changelog_entries(tmp_path)]
    assert got == [(("ex4.1",), "04_backprop_by_hand", "the check names the transposed matrix."),
                   (("ex1.2", "ex1.3"), "01_one_sigmoid_unit", "clearer docstrings.")]


def test_the_state_file_is_json_and_hidden(course):
    update.sync(course)
    state = json.loads((course / "my-notebooks" / ".course-state.json").read_text())
    assert state["seen"] == [e.line for e in update.changelog_entries(course)]


def test_the_course_checks_pass_on_a_clone_with_filled_and_messy_work(clone):
    """`make test` reads the course's files, never the student's work."""
    student_works(clone)
    (clone / "my-notebooks" / "scratch.py").write_text("import os\nx = undefined_name\n")
    env = dict(git_env(clone.parent), PYTHONPATH=str(clone))
    check = subprocess.run([sys.executable, "-m", "course.tools.student", "--check"], cwd=clone,
                           env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    ruff = Path(sys.executable).parent / "ruff"
    if ruff.exists():
        shutil.copy2(ROOT / "pyproject.toml", clone / "pyproject.toml")
        lint = subprocess.run([str(ruff), "check", "--no-cache", "."],
                              cwd=clone, capture_output=True, text=True)
        assert "my-notebooks" not in lint.stdout, lint.stdout


def test_a_file_of_the_student_that_the_course_now_ships_is_moved_aside(teacher, clone):
    mine = clone / "notebooks" / "10_my_own.ipynb"
    mine.write_text('{"my": "own notes"}\n')
    (teacher / "notebooks" / "10_my_own.ipynb").write_text('{"course": "new chapter"}\n')
    commit(teacher, "a new file")
    out = run_update(clone)
    assert mine.read_text() == '{"course": "new chapter"}\n'
    assert (clone / "my-notebooks" / "10_my_own.ipynb").read_text() == '{"my": "own notes"}\n'
    assert ("notebooks/10_my_own.ipynb: the course now ships a file of that name; yours was "
            "moved to my-notebooks/10_my_own.ipynb") in out.splitlines()


def test_work_typed_into_the_course_copy_before_my_notebooks_existed_is_picked_up(course):
    """Students of the old layout typed into notebooks/NAME.ipynb: make lab brings it along."""
    for sol in (course / "notebooks" / "solutions").glob("*.ipynb"):
        write_student(sol, course / "notebooks")
    old = course / "notebooks" / f"{CHAPTER}.ipynb"
    work = edit(old, "\nmy answer, typed in the old place")
    lines = update.sync(course)
    assert (course / "my-notebooks" / f"{CHAPTER}.ipynb").read_bytes() == work
    assert old.read_bytes() == work  # nothing of the course is rewritten either
    assert (f"my-notebooks/{CHAPTER}.ipynb: your work in notebooks/{CHAPTER}.ipynb is copied "
            "here; up to date") in lines
