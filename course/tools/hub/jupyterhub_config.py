"""JupyterHub for the course on one machine, in two modes (docs/hub.md says what each guarantees).

    export COURSE_REPO=https://example.org/you/delta-to-backprop.git
    jupyterhub -f course/tools/hub/jupyterhub_config.py                               # trial
    sudo -E COURSE_HUB_MODE=class jupyterhub -f course/tools/hub/jupyterhub_config.py  # a class

**trial** (the default) is a TRIAL WITH NO ISOLATION: DummyAuthenticator (any name logs in
with any password) and SimpleLocalProcessSpawner (every server, kernel and terminal runs as
the hub's own user, so any student reads and changes every other student's files and the
hub's state). Right for trying the course and for the tests, never for a class.

**class** keeps students apart the way The Littlest JupyterHub does: every student is their
own Unix user (LocalProcessSpawner; the hub runs as root), with a private home (mode 0700,
made so at every start) outside the course's clone; PAM logins (or your institution's
authenticator); the hub's state readable by root only; students' servers without nbgrader's
teacher menus; the teacher is the hub's admin; teaching assistants reach the nbgrader
formgrader, a hub service running as the owner of the grading folder, and nothing else.

Every student's server starts with ``course/tools/hub/start-singleuser``: it clones the course
with nbgitpuller into ``~/delta-to-backprop`` the first time, then updates it with the course's
own update (which follows a teacher's force-push: docs/updates.md) and refreshes the student's
``my-notebooks/`` (their work is never touched), then opens JupyterLab there. Settings, from
the environment:

    COURSE_REPO         the course's git URL (trial: a local path works too; class: git
                        refuses a repository another user owns from a local path)
    COURSE_BRANCH       its branch (main)
    COURSE_HUB_MODE     trial (default) or class
    COURSE_HUB_DIR      the hub's database, cookie secret and proxy pid, made mode 0700, never
                        inside the clone (class: /var/lib/delta-to-backprop-hub; trial:
                        $XDG_STATE_HOME or ~/.local/state, then /delta-to-backprop-hub)
    COURSE_HUB_PORT     the port students open (8000); the hub listens on COURSE_HUB_IP only
    COURSE_HUB_IP       127.0.0.1: put a TLS reverse proxy in front for a real class
    COURSE_HOMES        trial: the folder holding the students' homes (COURSE_HUB_DIR/homes);
                        class: where COURSE_CREATE_USERS=1 makes new users' homes (/home)
    COURSE_ADMIN_TOKEN  an API token for a service named "course-admin" (optional)
  class mode only:
    COURSE_HUB_AUTHENTICATOR  pam (default), or e.g. generic-oauth, configured in a file of
                        your own that loads this one with load_subconfig (docs/hub.md)
    COURSE_STUDENTS, COURSE_TEACHERS, COURSE_TAS  Unix user names, comma-separated: who may
                        log in; the hub's admins; the teaching assistants (group "graders")
    COURSE_STUDENT_GROUP  a Unix group whose members may log in too
    COURSE_CREATE_USERS  1: a user the admin adds on the hub becomes a Unix user (useradd)
    COURSE_USER_ENV     the Python environment students' servers run from (the hub's own);
                        every student must be able to run it: install it outside /root
    COURSE_GRADING      the nbgrader course folder (make nbgrader-course GRADING=...), owned
                        by a grader user (not root), made mode 0700: served as "grading"
    COURSE_GRADING_PORT  the grading service's port on 127.0.0.1 (a free one)
"""

import os
import pwd
import socket
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (jupyterhub's config loader provides it)

HERE = Path(__file__).resolve().parent
CLONE = HERE.parents[2]  # the course's checkout: nothing of the hub's goes in here
MODE = os.environ.get("COURSE_HUB_MODE", "trial")
if MODE not in ("trial", "class"):
    raise SystemExit(f"COURSE_HUB_MODE: expected trial or class, got {MODE!r}")


def inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def names(variable: str) -> set[str]:
    return {n.strip() for n in os.environ.get(variable, "").split(",") if n.strip()}


def private_folder(path: Path, what: str) -> Path:
    """``path`` made and closed to everyone but its owner (0700); never inside the clone,
    where one `git add -A` would publish what it holds."""
    if inside(path, CLONE):
        raise SystemExit(f"{what}: {path} is inside the course's clone {CLONE}; "
                         "choose a folder outside it (docs/hub.md)")
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def state_default() -> Path:
    if MODE == "class":
        return Path("/var/lib/delta-to-backprop-hub")
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "delta-to-backprop-hub"


state = private_folder(Path(os.environ.get("COURSE_HUB_DIR") or state_default()).resolve(),
                       "COURSE_HUB_DIR")
ip = os.environ.get("COURSE_HUB_IP", "127.0.0.1")

c.JupyterHub.bind_url = f"http://{ip}:{os.environ.get('COURSE_HUB_PORT', '8000')}"
c.JupyterHub.hub_ip = "127.0.0.1"
if os.environ.get("COURSE_HUB_API_PORT"):
    c.JupyterHub.hub_port = int(os.environ["COURSE_HUB_API_PORT"])
if os.environ.get("COURSE_PROXY_API_PORT"):
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['COURSE_PROXY_API_PORT']}"
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")
c.JupyterHub.cleanup_servers = True

c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [str(HERE / "start-singleuser")]
c.Spawner.default_url = "/lab/tree/delta-to-backprop/my-notebooks"
c.Spawner.environment = {
    "COURSE_REPO": os.environ.get("COURSE_REPO", ""),
    "COURSE_BRANCH": os.environ.get("COURSE_BRANCH", "main"),
    "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",  # one core per student's kernel
}
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
services, roles = [], []
if os.environ.get("COURSE_ADMIN_TOKEN"):
    services.append({"name": "course-admin", "api_token": os.environ["COURSE_ADMIN_TOKEN"]})
    roles.append({"name": "course-admin", "services": ["course-admin"],
                  "scopes": ["admin:users", "admin:servers", "admin:groups", "tokens",
                             "access:servers", "read:users", "list:users"]})



def others_can_use(path: Path) -> bool:
    """True when a user who is neither owner nor in the group can reach ``path`` (every
    folder on the way traversable) and read it (and run it, if it is executable)."""
    path = path.resolve()
    need = 0o005 if path.is_dir() or os.access(path, os.X_OK) else 0o004
    return (path.stat().st_mode & need == need
            and all(p.stat().st_mode & 0o001 for p in path.parents))


def private_home(spawner) -> None:
    """Before every start: the student's home exists, is theirs, and is closed to others."""
    user = pwd.getpwnam(spawner.user.name)
    home = Path(user.pw_dir).resolve()
    for folder, what in ((CLONE, "the course's clone"), (state, "the hub's state")):
        if inside(home, folder):
            raise ValueError(f"the home of {user.pw_name}, {home}, is inside {what} {folder}")
    if not home.is_dir():
        home.mkdir(parents=True, mode=0o700)
        os.chown(home, user.pw_uid, user.pw_gid)
    if home.stat().st_uid != user.pw_uid:
        raise ValueError(f"the home of {user.pw_name}, {home}, belongs to another user")
    home.chmod(0o700)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def grading_service(env_bin: Path) -> None:
    import jupyterhub

    # the hub waits for it at start: nbgrader takes long to import on a busy machine
    service_timeout = {"timeout": 300} if jupyterhub.version_info >= (6,) else {}
    """nbgrader's formgrader as the hub service "grading", run as the grading folder's owner;
    the "graders" group (COURSE_TAS) may open it, and do nothing else on the hub."""
    grading = Path(os.environ["COURSE_GRADING"]).resolve()
    if not grading.is_dir():
        raise SystemExit(f"COURSE_GRADING: expected an nbgrader course folder, got {grading}")
    owner = grading.stat().st_uid
    if owner == 0:
        raise SystemExit(f"COURSE_GRADING: {grading} belongs to root, so the graders' service "
                         "would run as root; give it to a grader user: chown -R grader: ...")
    private_folder(grading, "COURSE_GRADING")
    services.append({
        "name": "grading", "user": pwd.getpwuid(owner).pw_name, "cwd": str(grading),
        "url": f"http://127.0.0.1:{os.environ.get('COURSE_GRADING_PORT') or free_port()}",
        "command": [str(env_bin / "jupyterhub-singleuser"), f"--ServerApp.root_dir={grading}",
                    "--ServerApp.terminals_enabled=False"],
        "environment": {"PATH": f"{env_bin}:/usr/bin:/bin", "JUPYTERHUB_DEFAULT_URL": "/formgrader",
                        "JUPYTER_PREFER_ENV_PATH": "1"},
        "oauth_no_confirm": True, **service_timeout})
    c.JupyterHub.load_groups = {"graders": {"users": sorted(names("COURSE_TAS"))}}
    roles.append({"name": "grader", "groups": ["graders"],
                  "scopes": ["access:services!service=grading", "read:services!service=grading"]})


def configure_class() -> None:
    if os.getuid() != 0:
        raise SystemExit("COURSE_HUB_MODE=class starts each student's server as that student's "
                         "Unix user: run the hub as root (sudo -E jupyterhub ...)")
    env_bin = Path(os.environ.get("COURSE_USER_ENV") or sys.prefix).resolve() / "bin"
    needed = [env_bin / "python", env_bin / "jupyterhub-singleuser", HERE / "start-singleuser",
              HERE / "student-config" / "jupyter_server_config.json"]
    for path in needed:
        if not path.exists() or not others_can_use(path):
            raise SystemExit(f"students cannot use {path} (it or a folder above it is closed "
                             "to them): install the course and its Python environment where "
                             "every user can read them, and set COURSE_USER_ENV (docs/hub.md)")
    c.JupyterHub.authenticator_class = os.environ.get("COURSE_HUB_AUTHENTICATOR", "pam")
    c.Authenticator.admin_users = names("COURSE_TEACHERS")
    c.Authenticator.allowed_users = names("COURSE_STUDENTS") | names("COURSE_TAS")
    if os.environ.get("COURSE_STUDENT_GROUP"):
        c.LocalAuthenticator.allowed_groups = {os.environ["COURSE_STUDENT_GROUP"]}
    if os.environ.get("COURSE_CREATE_USERS") == "1":
        homes = Path(os.environ.get("COURSE_HOMES") or "/home").resolve()
        c.LocalAuthenticator.create_system_users = True
        c.LocalAuthenticator.add_user_cmd = ["useradd", "--create-home", "--base-dir",
                                             str(homes), "--key", "HOME_MODE=0700",
                                             "--shell", "/bin/bash"]
    c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.pre_spawn_hook = private_home
    c.Spawner.notebook_dir = "~"
    c.Spawner.environment |= {
        "PATH": f"{env_bin}:/usr/local/bin:/usr/bin:/bin",
        # nbgrader's teacher menus and server extensions off (read before ~/.jupyter)
        "JUPYTER_CONFIG_PATH": str(HERE / "student-config"), "JUPYTER_PREFER_ENV_PATH": "1"}
    if os.environ.get("COURSE_GRADING"):
        grading_service(env_bin)


if MODE == "trial":
    c.JupyterHub.authenticator_class = "dummy"
    c.Authenticator.allow_all = True
    c.JupyterHub.spawner_class = "simple"
    homes = Path(os.environ.get("COURSE_HOMES") or state / "homes").resolve()
    if inside(homes, CLONE):
        raise SystemExit(f"COURSE_HOMES: {homes} is inside the course's clone {CLONE}")
    c.SimpleLocalProcessSpawner.home_dir_template = str(homes / "{username}")
    if os.getuid() == 0:  # in a container the hub is often root; so are the servers it starts
        c.Spawner.args = ["--allow-root"]
else:
    configure_class()

c.JupyterHub.services = services
c.JupyterHub.load_roles = roles
