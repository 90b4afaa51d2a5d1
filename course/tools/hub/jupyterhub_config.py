"""JupyterHub for a class on one machine: the course's recipe (README, "Running it for a class").

    export COURSE_REPO=https://example.org/you/delta-to-backprop.git
    jupyterhub -f course/tools/hub/jupyterhub_config.py

Every student's server starts with ``course/tools/hub/start-singleuser``: it clones the course
with nbgitpuller into ``~/delta-to-backprop`` the first time, then updates it with the course's
own update (which follows a teacher's force-push: docs/updates.md) and refreshes the student's
``my-notebooks/`` (their work is never touched), then opens JupyterLab there. Settings come from
the environment:

    COURSE_REPO       the course's git URL (or a local path), required
    COURSE_BRANCH     its branch (main)
    COURSE_HUB_DIR    where the hub keeps its database, cookie secret and logs (.)
    COURSE_HUB_PORT   the port students open (8000); the hub listens on COURSE_HUB_IP only
    COURSE_HUB_IP     127.0.0.1: put a TLS reverse proxy in front for a real class
    COURSE_HOMES      a folder holding one home per student (for SimpleLocalProcessSpawner)
    COURSE_ADMIN_TOKEN  an API token for a service named "course-admin" (optional)

This file uses DummyAuthenticator and SimpleLocalProcessSpawner: anyone can log in with any
name and every server runs as the hub's own user. That is right for a trial and for the tests;
for a class, set ``c.JupyterHub.authenticator_class`` to your institution's authenticator and
use ``LocalProcessSpawner`` (one Unix user per student) or Zero to JupyterHub.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 (jupyterhub's config loader provides it)

HERE = Path(__file__).resolve().parent
state = Path(os.environ.get("COURSE_HUB_DIR", ".")).resolve()
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

c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(
    Path(os.environ.get("COURSE_HOMES", state / "homes")).resolve() / "{username}")
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [str(HERE / "start-singleuser")]
c.Spawner.default_url = "/lab/tree/delta-to-backprop/my-notebooks"
c.Spawner.environment = {
    "COURSE_REPO": os.environ.get("COURSE_REPO", ""),
    "COURSE_BRANCH": os.environ.get("COURSE_BRANCH", "main"),
    "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",  # one core per student's kernel
}
if os.getuid() == 0:  # in a container the hub is often root; so are the servers it starts
    c.Spawner.args = ["--allow-root"]
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300

if os.environ.get("COURSE_ADMIN_TOKEN"):
    c.JupyterHub.services = [{"name": "course-admin",
                              "api_token": os.environ["COURSE_ADMIN_TOKEN"]}]
    c.JupyterHub.load_roles = [{"name": "course-admin", "services": ["course-admin"],
                                "scopes": ["admin:users", "admin:servers", "tokens",
                                           "access:servers", "read:users"]}]
