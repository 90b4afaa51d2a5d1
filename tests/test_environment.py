"""The set-up files agree with each other, with the README and with CI."""

import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "delta-to-backprop"
LOCKED_EXTRAS = ("test", "site", "class")  # what `make lock` resolves


def names(requirements):
    return {re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower().replace("_", "-")
            for r in requirements}


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def pins():
    """{name: {version, ...}} from the lock; a universal lock may pin per platform marker."""
    found = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            requirement = line.split(";")[0].strip()
            name, version = requirement.split("==")
            found.setdefault(name.lower().replace("_", "-"), set()).add(version)
    return found


def test_conda_names_the_student_packages_and_no_test_tool():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."]
    assert names(conda) - {"python", "pip"} == names(pyproject()["dependencies"])
    # conda-forge's `playwright` is the Node.js tool, not the Python package the tests drive
    assert "playwright" not in names(conda)


def test_students_get_no_test_toolchain():
    students = names(pyproject()["dependencies"])
    assert not students & {"playwright", "ruff", "hypothesis", "pytest", "nbval"}
    assert {"playwright", "ruff", "hypothesis", "pytest", "pytest-xdist", "nbval"} <= names(
        pyproject()["optional-dependencies"]["test"])


def test_the_lock_pins_every_dependency_once_for_python_3_11():
    locked = pins()
    project = pyproject()
    wanted = names(project["dependencies"])
    for extra in LOCKED_EXTRAS:
        wanted |= names(project["optional-dependencies"][extra]) - {PROJECT}
    for name in wanted | {"uv", "ipykernel", "nbclient", "numpy", "pandas", "matplotlib"}:
        assert name in locked, f"{name} is not pinned in constraints.txt"
    for name in ("numpy", "pandas", "matplotlib", "scikit-learn", "ipykernel", "nbval", "pytest"):
        assert len(locked[name]) == 1, f"{name} has several pins: {sorted(locked[name])}"


def test_the_makefile_bootstraps_uv_from_the_lock_and_installs_students_apart():
    makefile = (ROOT / "Makefile").read_text()
    assert "BOOTSTRAP_UV := install --quiet --disable-pip-version-check -c constraints.txt uv" in makefile
    assert "$(BIN)/uv pip install --quiet --python $(BIN)/python -c constraints.txt" in makefile
    lab = re.search(r"^lab: (.*)$", makefile, re.MULTILINE).group(1).split()
    assert lab == ["$(STAMP)"]
    assert re.search(r"^\$\(STAMP\):.*\n(\t@echo .*\n)?\t@\$\(call install,-e \.\)$", makefile,
                     re.MULTILINE)
    assert re.search(r"^test: \$\(TEST_STAMP\)$", makefile, re.MULTILINE)
    assert "TEST_EXTRAS := .[test,class]" in makefile


def test_the_lab_settings_turn_off_the_news_pop_up():
    settings = ROOT / "share/jupyter/lab/settings/overrides.d/delta-to-backprop.json"
    notification = json.loads(settings.read_text())["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false"
    assert "cp -R share/. $(VENV)/share/" in (ROOT / "Makefile").read_text()


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.MULTILINE)
    assert re.search(r"^make portability$", ci, re.MULTILINE)
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    steps = workflow["jobs"]["test"]["steps"]
    assert [s["run"] for s in steps if "run" in s][-1] == "bash .ci/run"


def test_notebooks_diff_with_nbdime():
    attributes = (ROOT / ".gitattributes").read_text().splitlines()
    assert "*.ipynb diff=jupyternotebook merge=jupyternotebook" in attributes


# --- the README is the newcomer's page; docs/ holds the rest ----------------------------------

def test_the_readme_is_short_and_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150, "README.md: teachers' material goes to docs/"
    start = readme.split("\n## Start\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", start, re.DOTALL)
    # students run one command; the contributor's command comes second
    assert [b.split()[:2] for b in blocks] == [["make", "lab"], ["make", "test"]]


def test_every_relative_link_of_the_readme_and_docs_exists():
    pages = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    missing = []
    for page in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+://", target):
                continue
            path = target.split("#", 1)[0]
            if path and not (page.parent / path).exists():
                missing.append(f"{page.relative_to(ROOT)}: {target}")
    assert not missing


def test_every_docs_page_is_linked_from_the_readme_or_a_linked_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(docs/([\w-]+\.md)", readme))
    for name in sorted(linked):
        linked |= set(re.findall(r"\]\(([\w-]+\.md)", (ROOT / "docs" / name).read_text()))
    assert {p.name for p in (ROOT / "docs").glob("*.md")} <= linked


def test_the_test_order_names_files_that_exist():
    import conftest
    assert [name for name in conftest.SECONDS if not (ROOT / name).is_file()] == []
    assert list(conftest.SECONDS.values()) == sorted(conftest.SECONDS.values(), reverse=True)


def test_the_wheel_lists_every_package_of_helpers_and_course():
    # setuptools installs only the packages pyproject.toml names: a new sub-package missing
    # there imports in the repository but not from the wheel (course.checking once did)
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for top in ("helpers", "course") for p in (ROOT / top).rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)


def test_the_installs_and_the_lock_take_the_overrides_and_each_says_why():
    makefile = (ROOT / "Makefile").read_text()
    assert "-c constraints.txt \\\n\t\t\t--override overrides.txt $(1)" in makefile
    assert "--override overrides.txt --custom-compile-command \"make lock\"" in makefile
    lines = (ROOT / "overrides.txt").read_text().splitlines()
    for i, line in enumerate(lines):
        if line and not line.startswith("#"):
            assert lines[i - 1].startswith("#"), f"overrides.txt: {line!r} says not why"
            name = names([line]).pop()
            assert any(name in c for c in lines[:i] if c.startswith("#")), name


def test_nbformat_imports_without_the_iri_grammar():
    """overrides.txt keeps rfc3987-syntax out: importing nbformat builds no Earley grammar (1.8 s
    of CPU in every Jupyter server, nbgrader command and pytest worker)."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import sys, nbformat; "
                          "print('rfc3987_syntax' in sys.modules)"],
                         capture_output=True, text=True, check=True).stdout
    assert out == "False\n", (
        "rfc3987-syntax is installed (a venv made before overrides.txt): "
        ".venv/bin/uv pip uninstall --python .venv/bin/python rfc3987-syntax lark")
