"""`make lab` brings up JupyterLab on the student's notebooks (checked over HTTP, no browser)."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTIFICATION = "@jupyterlab/apputils-extension:notification"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.read().decode()


@pytest.mark.slow
def test_make_lab_serves_the_notebooks(tmp_path):
    port, token = free_port(), "course-test-token"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
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
