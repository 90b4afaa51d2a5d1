"""The set-up files agree with each other and with the README."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def names(requirements):
    return {re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower().replace("_", "-")
            for r in requirements}


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_conda_and_pip_name_the_same_packages():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."]
    conda_names = names(conda) - {"python", "pip"}
    project = pyproject()
    wanted = names(project["dependencies"]) | names(project["optional-dependencies"]["test"])
    assert conda_names == wanted


def test_constraints_pin_every_dependency():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line:
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    project = pyproject()
    for name in names(project["dependencies"]) | names(project["optional-dependencies"]["test"]):
        assert name in pins, f"{name} is not pinned in constraints.txt"
    for name in ("numpy", "pandas", "matplotlib", "ipykernel", "nbval", "pytest", "nbclient"):
        assert name in pins


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.MULTILINE)
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
