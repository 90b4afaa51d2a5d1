"""A real JupyterHub, started here: two students get the course and run chapter 1 through it.

The trial recipe (no isolation: every server runs as the hub's user); the class mode, with a
Unix user per student, is tested in test_hub_class.py.

jupyterhub (PyPI, the class extra) with configurable-http-proxy (npm, installed by the
Makefile into .venv/node), the course's own recipe course/tools/hub/jupyterhub_config.py, every
port on 127.0.0.1. The students use the hub's REST API with their tokens and run the
chapter's cells in a kernel over the single-user server's REST + websocket API.
Prints the sizing line of the README (memory of one student's server plus kernel, spawn time).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from conftest import free_port
from course_repos import ROOT, git, teacher_at

from course.marks import PASS, TODO
from course.tools.student import exercise_of

pytestmark = [pytest.mark.slow, getattr(pytest.mark, "class")]
pytest.importorskip("jupyterhub", reason="jupyterhub is in the class extra")
pytest.importorskip("nbgitpuller", reason="nbgitpuller is in the class extra")
BIN = Path(sys.executable).parent
CHAPTER = "01_one_sigmoid_unit.ipynb"
MY = "delta-to-backprop/my-notebooks"


def proxy_command() -> Path:
    path = BIN / "configurable-http-proxy"
    if not path.exists():
        found = shutil.which("configurable-http-proxy")
        if found is None:
            if os.environ.get("CI"):
                pytest.fail("configurable-http-proxy is missing: `make install-test` installs it")
            pytest.skip("configurable-http-proxy (npm) is not installed: make install-test")
        path = Path(found)
    return path


class Hub:
    def __init__(self, url: str, token: str, log: Path):
        self.url, self.token, self.log = url, token, log

    def api(self, method: str, path: str, token: str | None = None, body=None):
        """(status, parsed JSON or text) of a request to the hub or a server behind it."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {token or self.token}",
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode(errors="replace")
        try:
            return status, json.loads(text) if text else None
        except ValueError:
            return status, text


@pytest.fixture(scope="module")
def teacher(tmp_path_factory, built_once) -> Path:
    return teacher_at(built_once, tmp_path_factory.mktemp("course") / "teacher")


@pytest.fixture(scope="module")
def hub(tmp_path_factory, teacher):
    state = tmp_path_factory.mktemp("hub")
    port, token = free_port(), uuid.uuid4().hex
    # the hub's state (database, cookie secret, homes) goes where the recipe puts it by
    # default, ~/.local/state/delta-to-backprop-hub, with HOME a temporary folder
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
               COURSE_REPO=str(teacher), COURSE_HUB_PORT=str(port),
               COURSE_HUB_API_PORT=str(free_port()), COURSE_PROXY_API_PORT=str(free_port()),
               COURSE_ADMIN_TOKEN=token, HOME=str(state), GIT_CONFIG_NOSYSTEM="1")
    for name in ("PYTHONPATH", "XDG_STATE_HOME", "COURSE_HUB_DIR", "COURSE_HOMES",
                 "COURSE_HUB_MODE"):
        env.pop(name, None)
    log = state / "hub.log"
    # the recipe, through a file of the test's that loads it (as docs/hub.md shows) and lets
    # the servers see JUPYTER_CONFIG_PATH: .venv has nbgrader (the class extra), so every
    # server loaded its teacher extensions, 0.5 s of CPU each; the students' configuration of
    # class mode turns them off, as a student's server has them
    recipe = teacher / "course" / "tools" / "hub" / "jupyterhub_config.py"
    config = state / "jupyterhub_config.py"
    config.write_text(f"load_subconfig({str(recipe)!r})\n"
                      "c.Spawner.env_keep.append('JUPYTER_CONFIG_PATH')\n", encoding="utf-8")
    env["JUPYTER_CONFIG_PATH"] = str(recipe.parent / "student-config")
    cmd = [str(BIN / "jupyterhub"), "-f", str(config),
           f"--ConfigurableHTTPProxy.command={json.dumps([str(proxy_command())])}"]
    with open(log, "w") as out:  # run from the teacher's clone, as the README says
        proc = subprocess.Popen(cmd, cwd=teacher, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    h = Hub(f"http://127.0.0.1:{port}", token, log)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                status, _ = h.api("GET", "/hub/api/")
                if status == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, "jupyterhub exited:\n" + log.read_text()[-3000:]
            assert time.monotonic() < deadline, "no hub in 180 s:\n" + log.read_text()[-3000:]
            time.sleep(0.5)
        yield h
    finally:
        stop_hub(proc)


def end_processes(procs: list) -> None:
    """SIGKILL each of ``procs`` (psutil processes) and wait up to 10 s for them to end. A
    killed process stays a zombie until its parent or init reaps it: a zombie has ended
    (psutil.wait_procs would wait the whole 10 s)."""
    import psutil

    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()

    def running(proc) -> bool:
        try:
            return proc.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + 10
    while any(running(p) for p in procs) and time.monotonic() < deadline:
        time.sleep(0.1)


def stop_hub(proc: subprocess.Popen) -> None:
    """End the hub, its proxy and every server, kernel and service under it, at once. The
    hub first, so it restarts nothing. A graceful stop would have each server shut its kernels
    down (0.4-1 s of CPU a server), and nothing after the tests looks at what it leaves: all
    of it is in a temporary folder."""
    import psutil

    family = []
    with contextlib.suppress(psutil.NoSuchProcess):
        hub = psutil.Process(proc.pid)
        family = [hub, *hub.children(recursive=True)]
    end_processes(family)
    proc.wait(timeout=30)


def start_student(hub: Hub, name: str) -> tuple[str, float]:
    """Create the user, a token for them, and their server; (token, seconds to spawn)."""
    assert hub.api("POST", f"/hub/api/users/{name}")[0] == 201
    status, body = hub.api("POST", f"/hub/api/users/{name}/tokens", body={"note": "test"})
    assert status in (200, 201), body
    token = body["token"]
    t0 = time.monotonic()
    status, body = hub.api("POST", f"/hub/api/users/{name}/server", token=token)
    assert status in (201, 202), body
    deadline = t0 + 300
    while True:
        _, user = hub.api("GET", f"/hub/api/users/{name}")
        server = (user.get("servers") or {}).get("", {})
        if server.get("ready"):
            break
        assert time.monotonic() < deadline, "no server in 300 s:\n" + hub.log.read_text()[-3000:]
        time.sleep(0.25)
    return token, time.monotonic() - t0


async def _run(hub: Hub, name: str, token: str, sources: list[str], keep: bool,
               path: str) -> list[str]:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    status, kernel = hub.api("POST", f"/user/{name}/api/kernels", token=token,
                             body={"name": "python3", "path": path})
    assert status == 201, kernel
    url = hub.url.replace("http", "ws", 1) + f"/user/{name}/api/kernels/{kernel['id']}/channels"
    ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {token}"}))
    session, texts = uuid.uuid4().hex, []
    try:
        for source in sources:
            msg_id = uuid.uuid4().hex
            ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "session": session, "username": name,
                           "msg_type": "execute_request", "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": source, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False,
                            "stop_on_error": False}}))
            text = []
            while True:
                raw = await asyncio.wait_for(ws.read_message(), timeout=300)
                assert raw is not None, "the kernel's websocket closed"
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    text.append(content["text"])
                elif kind in ("execute_result", "display_data"):
                    text.append(content["data"].get("text/plain", ""))
                elif kind == "error":
                    text.append(f"{content['ename']}: {content['evalue']}")
                elif kind == "status" and content["execution_state"] == "idle":
                    break
            texts.append("".join(text))
    finally:
        ws.close()
        if not keep:  # one kernel at a time, so the memory measured is one student's
            hub.api("DELETE", f"/user/{name}/api/kernels/{kernel['id']}", token=token)
    return texts


def kernel_texts(hub: Hub, name: str, token: str, sources: list[str], keep=False,
                 path: str = MY) -> list[str]:
    """What each of ``sources`` printed, run one after another in a new kernel of ``name``'s
    server started in ``path``; the kernel is shut down afterwards unless ``keep``."""
    return asyncio.run(_run(hub, name, token, sources, keep, path))


def run_notebook(hub: Hub, name: str, token: str, nb: dict, keep=False) -> dict[int, str]:
    """Run every code cell of ``nb`` in a new kernel of ``name``'s server: {cell index: text}.

    The kernel is shut down afterwards unless ``keep``."""
    code = [(i, c) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    texts = kernel_texts(hub, name, token, ["".join(c["source"]) for _, c in code], keep)
    return {i: t for (i, _), t in zip(code, texts, strict=True)}


def check_texts(nb: dict, texts: dict[int, str]) -> list[str]:
    return [texts[i] for i, c in enumerate(nb["cells"])
            if "check" in c.get("metadata", {}).get("tags", [])]


def server_memory(name: str) -> tuple[int, int, float]:
    """(RSS, PSS) in bytes of ``name``'s single-user server and every process under it, and
    the CPU seconds its kernel has used.

    RSS counts shared libraries once per process; PSS shares them out, so PSS is what each
    further student adds to a machine.
    """
    import psutil

    for proc in psutil.process_iter(["cmdline"]):
        try:
            if (any("jupyterhub-singleuser" in part for part in proc.info["cmdline"] or [])
                    and proc.environ().get("JUPYTERHUB_USER") == name):
                family = [proc, *proc.children(recursive=True)]
                infos = [p.memory_full_info() for p in family]
                cpu = sum(sum(p.cpu_times()[:2]) for p in family[1:])  # the kernel's, from start
                return (sum(i.rss for i in infos), sum(getattr(i, "pss", i.rss) for i in infos),
                        cpu)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    raise AssertionError(f"no single-user server process for {name}")


def test_two_students_run_chapter_one_through_the_hub(hub, teacher):
    token_a, spawn_a = start_student(hub, "alice")
    token_b, spawn_b = start_student(hub, "bob")
    for name, token in (("alice", token_a), ("bob", token_b)):
        status, listing = hub.api("GET", f"/user/{name}/api/contents/{MY}", token=token)
        assert status == 200, listing
        assert CHAPTER in {item["name"] for item in listing["content"]}

    _, model = hub.api("GET", f"/user/alice/api/contents/{MY}/{CHAPTER}", token=token_a)
    nb = model["content"]
    # the unfilled chapter run through the hub says ⏳ at every check: bob's run below (alice's
    # unfilled copy is the same notebook; running it too was one more kernel and chapter)
    # alice fills every exercise of chapter 1 with the worked solution and saves
    _, sol = hub.api("GET", f"/user/alice/api/contents/delta-to-backprop/notebooks/solutions/"
                            f"{CHAPTER}", token=token_a)
    by_id = {c["id"]: c for c in sol["content"]["cells"]}
    for cell in nb["cells"]:
        if exercise_of(cell):
            cell["source"] = by_id[cell["id"]]["source"]
    status, _ = hub.api("PUT", f"/user/alice/api/contents/{MY}/{CHAPTER}", token=token_a,
                        body={"type": "notebook", "format": "json", "content": nb})
    assert status == 200
    texts = run_notebook(hub, "alice", token_a, nb, keep=True)
    filled = check_texts(nb, texts)
    assert filled and all(t.startswith(PASS) for t in filled), filled
    # the kernel imported the course that was pulled, so the set-up cell has nothing to say
    assert not any("belongs to the course in" in t for t in texts.values())
    rss, pss, cpu = server_memory("alice")  # the filled chapter's kernel is still running

    # bob sees none of it: his copy is unfilled and alice's server refuses his token
    _, mine = hub.api("GET", f"/user/bob/api/contents/{MY}/{CHAPTER}", token=token_b)
    bob_nb = mine["content"]
    assert [c["source"] for c in bob_nb["cells"] if exercise_of(c)] != \
           [c["source"] for c in nb["cells"] if exercise_of(c)]
    unfilled = check_texts(bob_nb, run_notebook(hub, "bob", token_b, bob_nb))
    assert unfilled and all(t.startswith(TODO) for t in unfilled), unfilled
    status, _ = hub.api("GET", f"/user/alice/api/contents/{MY}/{CHAPTER}", token=token_b)
    assert status == 403
    # the nbgitpuller link pulls the course again without touching alice's work
    status, events = hub.api("GET", f"/user/alice/git-pull/api?repo={teacher}&branch=main"
                                    "&targetpath=delta-to-backprop", token=token_a)
    assert status == 200 and '"phase": "finished"' in events, events
    _, again = hub.api("GET", f"/user/alice/api/contents/{MY}/{CHAPTER}", token=token_a)
    assert [c["source"] for c in again["content"]["cells"]] == [c["source"] for c in nb["cells"]]

    line = (f"hub sizing: one student's server + chapter-1 kernel {rss / 2**20:.0f} MiB RSS, "
            f"{pss / 2**20:.0f} MiB PSS; the kernel's CPU for the chapter {cpu:.1f} s; spawn "
            f"(pull + refresh + start) {spawn_a:.1f} s and {spawn_b:.1f} s")
    print(line)
    (Path(hub.log).parent / "sizing.txt").write_text(line + "\n")


def test_repo2docker_parses_the_repository_for_the_class_image(tmp_path):
    """No container engine runs here: --no-build proves the recipe of the README parses."""
    repo2docker = BIN / "repo2docker"
    if not repo2docker.exists():
        pytest.skip("jupyter-repo2docker is in the class extra")
    appendix = (ROOT / "course" / "tools" / "hub" / "appendix.Dockerfile").read_text(
        encoding="utf-8")
    proc = subprocess.run([str(repo2docker), "--no-build", "--debug", "--target-repo-dir",
                           "/srv/course", "--appendix", appendix, str(ROOT)], cwd=tmp_path,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Building conda environment for python=3.11" in out  # read from environment.yml
    assert '--file "environment.yml"' in out
    assert "COPY --chown=0:0 src/ ${REPO_DIR}/" in out
    assert "pip install --no-cache-dir nbgitpuller==" in out.split("COPY --chown=0:0 src/")[-1]


def test_the_trial_hub_leaves_the_clone_it_ran_from_as_it_was(hub, teacher):
    """Its secrets live outside the clone: no `git add -A` can publish them."""
    assert git(teacher, "status", "--porcelain", "--ignored") == ""
    state = hub.log.parent / ".local" / "state" / "delta-to-backprop-hub"
    assert state.stat().st_mode & 0o777 == 0o700
    assert {"jupyterhub.sqlite", "jupyterhub_cookie_secret", "homes"} <= {
        p.name for p in state.iterdir()}
