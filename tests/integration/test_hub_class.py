"""The class mode of the hub recipe on this machine, with real Unix users: two students, a
teaching assistant, a teacher (the hub's admin) and a grader user owning the grading folder.

Everything lives in one folder under /tmp that every user may traverse (so only the modes the
recipe sets protect what is inside): the teacher's clone the hub runs from, the students'
Python environment (built with uv from the system's Python: the venv's interpreter is under
/root, which students cannot reach), the hub's state, the homes and the grading folder. The
users get a unique prefix and are removed afterwards, whatever happened. One hub serves
every test; each student tries, through the contents API, a kernel and a terminal, to reach
the other's files, the grading folder and the hub's secrets.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from bytecode import borrow_bytecode
from conftest import free_port
from course_repos import ROOT, git, teacher_at
from test_hub import BIN, Hub, end_processes, kernel_texts, proxy_command, server_memory, stop_hub

pytestmark = [pytest.mark.slow, getattr(pytest.mark, "class")]
if os.getuid() != 0 or not shutil.which("useradd"):
    pytest.skip("the class hub needs root and useradd (it makes real Unix users)",
                allow_module_level=True)
STUDENT_ENV = ["jupyterhub", "jupyterlab", "nbgitpuller", "nbgrader", "ipykernel", "numpy"]
SYSTEM_PYTHON = Path("/usr/bin/python3")
# what the students' servers (and the grading service), their start script and kernels import
COMPILED = ["jupyterhub.singleuser", "jupyterlab.labapp", "jupyter_server.serverapp",
            "jupyter_server_terminals.handlers", "nbgitpuller.pull",
            "nbgrader.server_extensions.formgrader", "ipykernel.kernelapp", "numpy", "nbformat"]


def sh(*cmd: str) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"{' '.join(cmd)}: {proc.stderr}"


def student_env(prefix: Path) -> Path:
    """A Python environment every user can run: the system's Python, packages from the lock."""
    uv = BIN / "uv"
    if not uv.exists() or not SYSTEM_PYTHON.exists():
        pytest.skip("the students' environment needs uv in .venv and /usr/bin/python3")
    sh(str(uv), "venv", "-q", "-p", str(SYSTEM_PYTHON), str(prefix))
    install = [str(uv), "pip", "install", "-q", "--python", str(prefix / "bin" / "python"),
               "-c", str(ROOT / "constraints.txt"), "--override", str(ROOT / "overrides.txt"),
               *STUDENT_ENV]
    # from uv's cache, which the .venv's install filled (the lock pins every version): asking
    # the index again whether anything changed cost 0.35 s of CPU; the network only if needed
    offline = subprocess.run([*install[:3], "--offline", *install[3:]], capture_output=True,
                             stdin=subprocess.DEVNULL)
    if offline.returncode:
        sh(*install)
    # uv writes no bytecode (pip would); a student cannot write into the environment, so each
    # server and kernel would compile its imports again: they are compiled once, as root.
    # Most come from this checkout's .venv; what it never compiled is imported here
    # (a module the .venv compiled was imported there with all it imports: a module of
    # COMPILED found compiled now has its imports compiled too; importing all of COMPILED,
    # only to compile the dozen files left, cost 2 s of CPU)
    packages = borrow_bytecode(prefix, compile_others=True)
    missing = [m for m in COMPILED if packages is None or not compiled(packages, m)]
    if missing:
        sh(str(prefix / "bin" / "python"), "-c", f"import {', '.join(missing)}")
    return prefix


def compiled(site: Path, module: str) -> bool:
    """Whether ``module``'s own file in ``site`` (a site-packages) has its .pyc."""
    path = site.joinpath(*module.split("."))
    source = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    return Path(importlib.util.cache_from_source(str(source))).exists()


def end_processes_of(uids: set[int]) -> None:
    """End every process of the test users (SIGKILL)."""
    import psutil

    end_processes([p for p in psutil.process_iter(["uids"])
                   if p.info["uids"] and p.info["uids"].real in uids])


def wait_ready(hub: Hub, name: str, deadline: float) -> None:
    while True:
        _, user = hub.api("GET", f"/hub/api/users/{name}")
        if (user.get("servers") or {}).get("", {}).get("ready"):
            return
        assert time.monotonic() < deadline, f"no server for {name}:\n{hub.log.read_text()[-4000:]}"
        time.sleep(0.25)


@pytest.fixture(scope="module")
def world(built_once):
    base = Path(tempfile.mkdtemp(prefix="dtb-hub-", dir="/tmp"))
    base.chmod(0o755)
    prefix = f"dtb{uuid.uuid4().hex[:6]}"
    who = {role: f"{prefix}-{role}" for role in ("alice", "bob", "ta", "teach", "grader")}
    homes, made, proc, daemon = base / "homes", [], None, None
    try:
        env = student_env(base / "env")
        teacher = teacher_at(built_once, base / "teacher")
        # the course's git URL, as students reach a forge: git refuses to read a repository
        # another user owns from a local path (safe.directory), so git's own server serves it
        git_port = free_port()
        daemon = subprocess.Popen(["git", "daemon", "--reuseaddr", "--listen=127.0.0.1",
                                   f"--port={git_port}", f"--base-path={base}", "--export-all",
                                   str(teacher)], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        homes.mkdir()
        for role, name in who.items():
            opts = ["-M"] if role == "alice" else ["-m", "-K", "HOME_MODE=0755"]  # bob: loose
            sh("useradd", *opts, "-d", str(homes / name), "-s", "/bin/bash", name)
            made.append(name)
        uid = {role: int(subprocess.check_output(["id", "-u", n])) for role, n in who.items()}
        bob_home = homes / who["bob"]
        (bob_home / "secret.txt").write_text("bob's answer\n")
        os.chown(bob_home / "secret.txt", uid["bob"], uid["bob"])
        grading = base / "grading"
        submission = grading / "submitted" / who["bob"] / "ch01" / "answer.txt"
        submission.parent.mkdir(parents=True)
        submission.write_text("bob's submission\n")
        (grading / "nbgrader_config.py").write_text(
            "c = get_config()\nc.CourseDirectory.course_id = 'dtb'\n")
        sh("chown", "-R", f"{who['grader']}:", str(grading))
        grading.chmod(0o755)  # the recipe closes it

        port, token, state = free_port(), uuid.uuid4().hex, base / "state"
        hub_env = dict(
            os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", COURSE_HUB_MODE="class",
            COURSE_REPO=f"git://127.0.0.1:{git_port}/teacher", COURSE_HUB_DIR=str(state),
            COURSE_HUB_PORT=str(port),
            COURSE_HUB_API_PORT=str(free_port()), COURSE_PROXY_API_PORT=str(free_port()),
            COURSE_ADMIN_TOKEN=token, COURSE_USER_ENV=str(env), COURSE_GRADING=str(grading),
            COURSE_STUDENTS=f"{who['alice']},{who['bob']}", COURSE_TEACHERS=who["teach"],
            COURSE_TAS=who["ta"], HOME=str(base), GIT_CONFIG_NOSYSTEM="1")
        hub_env.pop("PYTHONPATH", None)
        log = base / "hub.log"
        config = teacher / "course" / "tools" / "hub" / "jupyterhub_config.py"
        cmd = [str(BIN / "jupyterhub"), "-f", str(config),
               f"--ConfigurableHTTPProxy.command={json.dumps([str(proxy_command())])}"]
        with open(log, "w") as out:
            proc = subprocess.Popen(cmd, cwd=teacher, env=hub_env, stdout=out,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True)
        hub = Hub(f"http://127.0.0.1:{port}", token, log)
        deadline = time.monotonic() + 180
        while True:
            try:
                if hub.api("GET", "/hub/api/")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, "jupyterhub exited:\n" + log.read_text()[-4000:]
            assert time.monotonic() < deadline, "no hub in 180 s:\n" + log.read_text()[-4000:]
            time.sleep(0.5)

        tokens = {}
        for role in ("alice", "bob", "ta", "teach"):
            status, body = hub.api("POST", f"/hub/api/users/{who[role]}/tokens",
                                   body={"note": "test"})
            assert status in (200, 201), body
            tokens[role] = body["token"]
        t0 = time.monotonic()
        for role in ("alice", "bob"):  # both spawn at once, as a class arriving
            status, body = hub.api("POST", f"/hub/api/users/{who[role]}/server",
                                   token=tokens[role])
            assert status in (201, 202), body
        for role in ("alice", "bob"):
            wait_ready(hub, who[role], t0 + 300)
        spawn = time.monotonic() - t0
        yield SimpleNamespace(hub=hub, who=who, uid=uid, tokens=tokens, base=base, state=state,
                              homes=homes, grading=grading, submission=submission,
                              teacher=teacher, bob_file=bob_home / "secret.txt", spawn=spawn)
    finally:
        teardown(daemon, proc, made, base)


def teardown(daemon, hub_proc, users: list[str], base: Path) -> None:
    """Stop git's server and the hub (with every server, kernel and service under it), end
    what the test users still run, remove the users and the folder; each step runs whatever
    the steps before it did."""
    if daemon is not None:  # `git daemon` runs git-daemon as its child: end both
        with contextlib.suppress(ProcessLookupError):
            os.killpg(daemon.pid, signal.SIGKILL)
        daemon.wait(timeout=30)
    uids = set()
    for name in users:
        with contextlib.suppress(KeyError):
            uids.add(pwd.getpwnam(name).pw_uid)
    if hub_proc is not None:
        stop_hub(hub_proc)
    end_processes_of(uids)
    left = []
    for name in users:
        if subprocess.run(["userdel", "-f", name], capture_output=True).returncode:
            left.append(name)
    shutil.rmtree(base, ignore_errors=True)
    assert not left, f"could not remove the test users {left}"


def user_url(world, owner: str, path: str = "") -> str:
    return f"/user/{world.who[owner]}/api/contents/{path}"


def test_the_hub_closes_homes_grading_and_state_to_others(world):
    for folder in (world.homes / world.who["alice"], world.homes / world.who["bob"],
                   world.grading, world.state):
        assert folder.stat().st_mode & 0o777 == 0o700, folder  # bob's home and grading were 0755
    assert (world.homes / world.who["alice"]).stat().st_uid == world.uid["alice"]
    # the student got the course (pulled as alice, over the course's git URL)
    assert (world.homes / world.who["alice"] / "delta-to-backprop" / "my-notebooks").is_dir()
    # nothing of the hub's went into the clone it ran from
    assert git(world.teacher, "status", "--porcelain", "--ignored") == ""


def test_contents_api_keeps_students_apart(world):
    hub, tok = world.hub, world.tokens
    bob = world.who["bob"]
    assert hub.api("GET", user_url(world, "bob"), token=tok["alice"])[0] == 403
    assert hub.api("GET", user_url(world, "bob", "secret.txt"), token=tok["alice"])[0] == 403
    assert hub.api("PUT", user_url(world, "bob", "from-alice.txt"), token=tok["alice"],
                   body={"type": "file", "format": "text", "content": "x"})[0] == 403
    assert hub.api("GET", user_url(world, "alice"), token=tok["bob"])[0] == 403
    # her own server serves her home only: a path up and into bob's home is refused
    status, _ = hub.api("GET", user_url(world, "alice", f"..%2F{bob}%2Fsecret.txt"),
                        token=tok["alice"])
    assert status == 404
    assert world.bob_file.read_text() == "bob's answer\n"
    assert not (world.homes / bob / "from-alice.txt").exists()


PROBES = """
import os
import pwd
def attempt(what, action):
    try:
        action()
        print(what, "allowed")
    except OSError as e:
        print(what, type(e).__name__)
attempt("read B's file", lambda: open({bob_file!r}).read())
attempt("list B's home", lambda: os.listdir({bob_home!r}))
attempt("write into B's home", lambda: open({bob_home!r} + "/from-alice.txt", "w").write("x"))
attempt("list the grading folder", lambda: os.listdir({grading!r}))
attempt("read a submission", lambda: open({submission!r}).read())
attempt("read the cookie secret", lambda: open({state!r} + "/jupyterhub_cookie_secret").read())
attempt("read the hub's database", lambda: open({state!r} + "/jupyterhub.sqlite", "rb").read())
attempt("write into the hub's state", lambda: open({state!r} + "/x", "w").write("x"))
attempt("write into her own home", lambda: open("mine.txt", "w").write("x"))
print("uid", os.getuid() == {uid})
"""


def test_a_kernel_cannot_reach_another_student_grading_or_the_hub(world):
    code = PROBES.format(bob_file=str(world.bob_file), bob_home=str(world.bob_file.parent),
                         grading=str(world.grading), submission=str(world.submission),
                         state=str(world.state), uid=world.uid["alice"])
    [text] = kernel_texts(world.hub, world.who["alice"], world.tokens["alice"], [code],
                          keep=True, path="")
    assert text.splitlines() == [
        "read B's file PermissionError", "list B's home PermissionError",
        "write into B's home PermissionError", "list the grading folder PermissionError",
        "read a submission PermissionError", "read the cookie secret PermissionError",
        "read the hub's database PermissionError", "write into the hub's state PermissionError",
        "write into her own home allowed", "uid True"]
    rss, pss, _ = server_memory(world.who["alice"])  # her server and the kernel just used
    line = (f"class hub: one student's server + a kernel {rss / 2**20:.0f} MiB RSS, "
            f"{pss / 2**20:.0f} MiB PSS; two students spawned (pull + refresh + start) "
            f"in {world.spawn:.1f} s")
    print(line)


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


async def _terminal(world, name: str, token: str, line: str) -> list[str]:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    status, term = world.hub.api("POST", f"/user/{name}/api/terminals", token=token)
    assert status == 200, term
    url = (world.hub.url.replace("http", "ws", 1)
           + f"/user/{name}/terminals/websocket/{term['name']}")
    ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {token}"}))
    out = ""
    try:
        ws.write_message(json.dumps(["set_size", 40, 500, 400, 800]))
        ws.write_message(json.dumps(["stdin", line + "; echo DO''NE\r"]))
        while "\nDONE" not in out.replace("\r", ""):
            raw = await asyncio.wait_for(ws.read_message(), timeout=60)
            assert raw is not None, "the terminal closed:\n" + out
            kind, *rest = json.loads(raw)
            if kind == "stdout":
                out += rest[0]
    finally:
        ws.close()
        world.hub.api("DELETE", f"/user/{name}/api/terminals/{term['name']}", token=token)
    lines = ANSI.sub("", out).replace("\r", "").split("\n")
    start = max(i for i, text in enumerate(lines) if "DO''NE" in text) + 1  # after the echo
    return [text for text in lines[start:] if text.strip()]


def test_a_terminal_cannot_reach_another_student_grading_or_the_hub(world):
    bob_home, state = world.bob_file.parent, world.state
    line = (f"stty -echo; PS1=; id -un; cat {world.bob_file}; touch {bob_home}/t; "
            f"ls {world.grading}; cat {world.submission}; cat {state}/jupyterhub_cookie_secret; "
            f"cat {state}/jupyterhub.sqlite")
    got = asyncio.run(_terminal(world, world.who["alice"], world.tokens["alice"], line))
    assert got == [
        world.who["alice"],
        f"cat: {world.bob_file}: Permission denied",
        f"touch: cannot touch '{bob_home}/t': Permission denied",
        f"ls: cannot open directory '{world.grading}': Permission denied",
        f"cat: {world.submission}: Permission denied",
        f"cat: {state}/jupyterhub_cookie_secret: Permission denied",
        f"cat: {state}/jupyterhub.sqlite: Permission denied",
        "DONE"]
    assert not (bob_home / "t").exists()


def test_the_teacher_lists_and_reaches_every_student(world):
    hub, tok, who = world.hub, world.tokens["teach"], world.who
    status, users = hub.api("GET", "/hub/api/users", token=tok)
    assert status == 200
    assert {who["alice"], who["bob"]} <= {u["name"] for u in users}
    status, model = hub.api("GET", user_url(world, "bob", "secret.txt"), token=tok)
    assert (status, model["content"]) == (200, "bob's answer\n")
    status, _ = hub.api("PUT", user_url(world, "bob", "from-teacher.txt"), token=tok,
                        body={"type": "file", "format": "text", "content": "see me\n"})
    assert status == 201
    written = world.homes / who["bob"] / "from-teacher.txt"
    assert (written.read_text(), written.stat().st_uid) == ("see me\n", world.uid["bob"])
    status, listing = hub.api("GET", "/services/grading/api/contents/submitted", token=tok)
    assert (status, [i["name"] for i in listing["content"]]) == (200, [who["bob"]])


def test_a_teaching_assistant_grades_and_cannot_change_the_hub(world):
    hub, tok, who = world.hub, world.tokens["ta"], world.who
    status, page = hub.api("GET", "/services/grading/formgrader", token=tok)
    assert status == 200 and "nbgrader" in page.lower()
    status, model = hub.api("GET", "/services/grading/api/contents/submitted/"
                                   f"{who['bob']}/ch01/answer.txt", token=tok)
    assert (status, model["content"]) == (200, "bob's submission\n")
    status, me = hub.api("GET", "/hub/api/user", token=tok)
    assert (status, me["admin"], me["groups"]) == (200, False, ["graders"])
    alice = f"/hub/api/users/{who['alice']}"
    # 403: not allowed; 404: the hub does not even say whether a user it hides exists
    refused = {("GET", "/hub/api/users"): 403, ("POST", f"/hub/api/users/{who['ta']}x"): 403,
               ("PATCH", f"/hub/api/users/{who['ta']}"): 403, ("GET", "/hub/api/groups"): 403,
               ("GET", alice): 404, ("POST", f"{alice}/server"): 404,
               ("DELETE", f"{alice}/server"): 404, ("POST", f"{alice}/tokens"): 403,
               ("GET", user_url(world, "alice")): 403}
    got = {(m, p): hub.api(m, p, token=tok, body={} if m in ("POST", "PATCH") else None)[0]
           for m, p in refused}
    assert got == refused
    status, _ = hub.api("PATCH", f"/hub/api/users/{who['ta']}", token=tok, body={"admin": True})
    assert status == 403
    assert hub.api("GET", f"/hub/api/users/{who['ta']}", token=world.tokens["teach"])[1][
        "admin"] is False


def test_students_reach_neither_the_grading_service_nor_nbgrader_menus(world):
    hub, who = world.hub, world.who
    for role in ("alice", "bob"):
        tok = world.tokens[role]
        assert hub.api("GET", "/services/grading/formgrader", token=tok)[0] == 403
        assert hub.api("GET", "/services/grading/api/contents/submitted", token=tok)[0] == 403
        assert hub.api("GET", f"/user/{who[role]}/formgrader", token=tok)[0] == 404
    status, page = hub.api("GET", f"/user/{who['alice']}/lab", token=world.tokens["alice"])
    assert status == 200
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page,
                                  re.S).group(1))
    assert "@jupyter/nbgrader" in config["disabledExtensions"]
    # the teacher's own view through the grading service keeps them
    status, page = hub.api("GET", "/services/grading/lab", token=world.tokens["teach"])
    assert status == 200
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page,
                                  re.S).group(1))
    assert "@jupyter/nbgrader" not in config["disabledExtensions"]
