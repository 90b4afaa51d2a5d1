"""`make lab` brings up JupyterLab on the student's notebooks (checked over HTTP, no browser), says
what it does step by step, and `make help` lists every target."""

import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
NOTIFICATION = "@jupyterlab/apputils-extension:notification"


def get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.read().decode()


@pytest.mark.slow
def test_make_lab_serves_the_notebooks(tmp_path):
    port, token = free_port(), "course-test-token"
    # nbgrader's server extensions off, as in a student's .venv (make install has no nbgrader;
    # the test tools' .venv has: 0.5 s of CPU to load them), with the hub's students' settings
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_CONFIG_PATH=str(ROOT / "course" / "tools" / "hub" / "student-config"))
    args = (f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.port_retries=0 "
            f"--IdentityProvider.token={token}")
    proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _ = get(f"{base}/api/status?token={token}")
                break
            except OSError:
                assert proc.poll() is None, "make lab exited early"
                assert time.monotonic() < deadline, "JupyterLab did not come up in 120 s"
                time.sleep(0.5)
        assert status == 200
        _, body = get(f"{base}/api/contents?token={token}")
        names = {item["name"] for item in json.loads(body)["content"]}
        # the student's own copies (my-notebooks/, seeded by make lab), one per chapter
        chapters = {p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
        assert len(chapters) >= 10 and chapters <= names
        _, body = get(f"{base}/api/kernelspecs?token={token}")
        assert json.loads(body)["default"] == "python3"
        status, body = get(f"{base}/lab?token={token}")
        assert status == 200 and "JupyterLab" in body
        # the course's settings (share/, copied into .venv/share): no "Jupyter news?" pop-up
        _, body = get(f"{base}/lab/api/settings/{NOTIFICATION}?token={token}")
        defaults = {k: v["default"] for k, v in json.loads(body)["schema"]["properties"].items()}
        assert (defaults["fetchNews"], defaults["checkForUpdates"]) == ("false", False)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


# --- make help, and what make lab says on a first and a later run ----------------------------

def makefile_targets():
    text = (ROOT / "Makefile").read_text()
    rules = set(re.findall(r"^([a-z][a-z-]*):(?!=)", text, re.MULTILINE))
    phony = set(re.search(r"^\.PHONY: ((?:.*\\\n)*.*)$", text, re.MULTILINE).group(1)
                .replace("\\\n", " ").split())
    return rules, phony


def test_make_help_lists_every_target():
    rules, phony = makefile_targets()
    assert rules == phony, "every named target is .PHONY, and every .PHONY target has a rule"
    out = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    listed = set(re.findall(r"^ *make ([a-z-]+) ", out, re.MULTILINE))
    assert listed == rules, f"make help: missing {sorted(rules - listed)}"
    # `make` alone is `make help`
    assert subprocess.run(["make", "--no-print-directory"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout == out


# A stand-in for python3: `-m venv DIR` makes DIR/bin with stand-ins for python, uv and
# jupyter that log their arguments; anything else succeeds silently. So make's own lines are
# all that is printed, in well under a second and without a network.
FAKE_PYTHON = """#!/bin/bash
if [ "$1 $2" = "-m venv" ]; then
    dir="${@: -1}"; mkdir -p "$dir/bin"
    printf '#!/bin/bash\\necho "$(basename "$0") $*" >> %s\\n' "$LOG" > "$dir/bin/python"
    chmod +x "$dir/bin/python"
    for tool in jupyter uv; do cp "$dir/bin/python" "$dir/bin/$tool"; done
fi
"""


def test_make_lab_says_each_step_on_the_first_run_and_only_what_it_does_later(tmp_path):
    log = tmp_path / "calls.log"
    fake = tmp_path / "python3"
    fake.write_text(FAKE_PYTHON.replace("$LOG", str(log)))
    fake.chmod(0o755)
    venv = tmp_path / "venv"

    def lab():
        return subprocess.run(["make", "--no-print-directory", "lab", f"PYTHON={fake}",
                               f"VENV={venv}"], cwd=ROOT, check=True, capture_output=True,
                              text=True).stdout.splitlines()

    first, second = lab(), lab()
    steps = [f"creating the course's Python environment in {venv}/",
             f"installing uv, the package installer, into {venv}/ (from PyPI)",
             f"installing the course's packages into {venv}/ (about a minute the first time)"]
    later = ["copying your notebooks into my-notebooks/ (new chapters only; your work stays as "
             "it is)", "starting JupyterLab on my-notebooks/ (Ctrl-C here stops it)"]
    assert first == steps + later
    assert second == later
    calls = log.read_text().splitlines()
    assert calls[-1].startswith("jupyter lab --notebook-dir=my-notebooks")
    assert calls.count("python -m course.tools.update --no-fetch") == 2
