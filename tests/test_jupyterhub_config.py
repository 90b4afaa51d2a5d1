"""course/tools/hub/jupyterhub_config.py read as JupyterHub reads it (traitlets' loader), without
starting a hub: where each mode keeps its state, and every setting it refuses, with the reason.

The hub folder is copied into a fresh "clone" under /tmp that every user may traverse, so the
class mode's check that students can use the course does not depend on where this checkout is.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[1]
HUB = Path("course") / "tools" / "hub"
as_root = pytest.mark.skipif(os.getuid() != 0, reason="the class mode runs as root")


@pytest.fixture
def clone():
    """A world-readable copy of the hub folder, as in a teacher's clone: its root."""
    base = Path(tempfile.mkdtemp(prefix="dtb-hubconf-", dir="/tmp"))
    base.chmod(0o755)
    shutil.copytree(ROOT / HUB, base / "clone" / HUB)
    yield base / "clone"
    shutil.rmtree(base)


@pytest.fixture
def load(clone, monkeypatch):
    """load(**env) -> the config the recipe builds with only these COURSE_* variables."""
    def load(**env):
        for name in list(os.environ):
            if name.startswith("COURSE_") or name == "XDG_STATE_HOME":
                monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, str(value))
        return PyFileConfigLoader("jupyterhub_config.py", path=str(clone / HUB)).load_config()
    return load


@pytest.fixture
def outside(clone) -> Path:
    """A folder beside the clone, open to every user like the clone."""
    return clone.parent


def refused(load, **env) -> str:
    with pytest.raises(SystemExit) as caught:
        load(**env)
    return str(caught.value)


def test_the_trial_keeps_its_state_under_xdg_state_home_closed_to_others(load, outside):
    cfg = load(XDG_STATE_HOME=outside / "xdg")
    state = outside / "xdg" / "delta-to-backprop-hub"
    assert state.stat().st_mode & 0o777 == 0o700
    assert cfg.JupyterHub.db_url == f"sqlite:///{state / 'jupyterhub.sqlite'}"
    assert cfg.JupyterHub.cookie_secret_file == str(state / "jupyterhub_cookie_secret")
    assert cfg.ConfigurableHTTPProxy.pid_file == str(state / "jupyterhub-proxy.pid")
    assert cfg.SimpleLocalProcessSpawner.home_dir_template == str(state / "homes" / "{username}")
    assert (cfg.JupyterHub.authenticator_class, cfg.JupyterHub.spawner_class) == (
        "dummy", "simple")


def test_the_trial_without_xdg_state_home_uses_local_state_in_home(load, outside, monkeypatch):
    monkeypatch.setenv("HOME", str(outside))
    cfg = load()
    assert cfg.JupyterHub.cookie_secret_file == str(
        outside / ".local" / "state" / "delta-to-backprop-hub" / "jupyterhub_cookie_secret")


def test_state_and_homes_inside_the_clone_are_refused(load, clone):
    assert refused(load, COURSE_HUB_DIR=clone / "hub") == (
        f"COURSE_HUB_DIR: {clone / 'hub'} is inside the course's clone {clone}; "
        "choose a folder outside it (docs/hub.md)")
    assert not (clone / "hub").exists()
    assert refused(load, COURSE_HUB_DIR=clone.parent / "s", COURSE_HOMES=clone / "homes") == (
        f"COURSE_HOMES: {clone / 'homes'} is inside the course's clone {clone}")


def test_an_unknown_mode_is_refused(load, outside):
    assert refused(load, COURSE_HUB_MODE="open", COURSE_HUB_DIR=outside / "s") == (
        "COURSE_HUB_MODE: expected trial or class, got 'open'")


def test_the_class_mode_needs_root(load, outside, monkeypatch):
    monkeypatch.setattr(os, "getuid", lambda: 1000)
    assert refused(load, COURSE_HUB_MODE="class", COURSE_HUB_DIR=outside / "s") == (
        "COURSE_HUB_MODE=class starts each student's server as that student's Unix user: "
        "run the hub as root (sudo -E jupyterhub ...)")


def student_env(folder: Path, mode: int = 0o755) -> Path:
    """A stand-in Python environment: the files the recipe checks, with ``mode`` on its root."""
    (folder / "bin").mkdir(parents=True)
    for name in ("python", "jupyterhub-singleuser"):
        (folder / "bin" / name).write_text("#!/bin/sh\n")
        (folder / "bin" / name).chmod(0o755)
    folder.chmod(mode)
    return folder


@as_root
def test_the_class_mode_refuses_an_environment_students_cannot_run(load, outside):
    env = student_env(outside / "env", mode=0o700)
    assert refused(load, COURSE_HUB_MODE="class", COURSE_HUB_DIR=outside / "s",
                   COURSE_USER_ENV=env) == (
        f"students cannot use {env / 'bin' / 'python'} (it or a folder above it is closed to "
        "them): install the course and its Python environment where every user can read "
        "them, and set COURSE_USER_ENV (docs/hub.md)")


@as_root
def test_the_class_mode_refuses_a_grading_folder_root_owns(load, outside):
    (outside / "grading").mkdir()
    assert refused(load, COURSE_HUB_MODE="class", COURSE_HUB_DIR=outside / "s",
                   COURSE_USER_ENV=student_env(outside / "env"),
                   COURSE_GRADING=outside / "grading") == (
        f"COURSE_GRADING: {outside / 'grading'} belongs to root, so the graders' service would "
        "run as root; give it to a grader user: chown -R grader: ...")
    assert refused(load, COURSE_HUB_MODE="class", COURSE_HUB_DIR=outside / "s",
                   COURSE_USER_ENV=student_env(outside / "env2"),
                   COURSE_GRADING=outside / "none") == (
        f"COURSE_GRADING: expected an nbgrader course folder, got {outside / 'none'}")


@as_root
def test_the_class_mode_separates_students_and_gives_graders_one_service(load, outside, clone):
    env, grading = student_env(outside / "env"), outside / "grading"
    grading.mkdir(mode=0o755)
    os.chown(grading, 65534, 65534)  # nobody: any user but root
    cfg = load(COURSE_HUB_MODE="class", COURSE_HUB_DIR=outside / "s", COURSE_USER_ENV=env,
               COURSE_GRADING=grading, COURSE_GRADING_PORT=9911, COURSE_STUDENTS="ann, bo",
               COURSE_TEACHERS="tea", COURSE_TAS="tim", COURSE_ADMIN_TOKEN="t0ken")
    assert (outside / "s").stat().st_mode & 0o777 == 0o700
    assert grading.stat().st_mode & 0o777 == 0o700
    assert (cfg.JupyterHub.authenticator_class, cfg.JupyterHub.spawner_class) == (
        "pam", "localprocess")
    assert cfg.Authenticator.admin_users == {"tea"}
    assert cfg.Authenticator.allowed_users == {"ann", "bo", "tim"}
    assert cfg.Spawner.pre_spawn_hook.__name__ == "private_home"
    assert "args" not in cfg.Spawner  # no --allow-root: servers run as their students
    environment = cfg.Spawner.environment
    assert environment["JUPYTER_CONFIG_PATH"] == str(clone / HUB / "student-config")
    assert environment["PATH"].split(":")[0] == str(env / "bin")
    [admin, service] = cfg.JupyterHub.services
    assert admin == {"name": "course-admin", "api_token": "t0ken"}
    assert {k: service[k] for k in ("name", "user", "cwd", "url")} == {
        "name": "grading", "user": "nobody", "cwd": str(grading),
        "url": "http://127.0.0.1:9911"}
    assert service["command"][0] == str(env / "bin" / "jupyterhub-singleuser")
    assert "--ServerApp.terminals_enabled=False" in service["command"]
    assert cfg.JupyterHub.load_groups == {"graders": {"users": ["tim"]}}
    grader = next(r for r in cfg.JupyterHub.load_roles if r["name"] == "grader")
    assert grader == {"name": "grader", "groups": ["graders"],
                      "scopes": ["access:services!service=grading",
                                 "read:services!service=grading"]}


@as_root
def test_the_class_mode_can_make_users_with_private_homes(load, outside):
    cfg = load(COURSE_HUB_MODE="class", COURSE_HUB_DIR=outside / "s", COURSE_CREATE_USERS=1,
               COURSE_USER_ENV=student_env(outside / "env"), COURSE_HOMES=outside / "homes")
    assert cfg.LocalAuthenticator.create_system_users is True
    assert cfg.LocalAuthenticator.add_user_cmd == [
        "useradd", "--create-home", "--base-dir", str(outside / "homes"), "--key",
        "HOME_MODE=0700", "--shell", "/bin/bash"]


def test_students_config_turns_every_nbgrader_extension_off():
    """The teacher's menus (formgrader, create assignment) and every nbgrader server extension
    the package enables are off for students."""

    folder = ROOT / HUB / "student-config"
    off = json.loads((folder / "jupyter_server_config.json").read_text())["ServerApp"][
        "jpserver_extensions"]
    assert set(off.values()) == {False}
    enabled = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "nbgrader.json"
    if enabled.exists():  # nbgrader is installed (the class extra): every one it turns on
        assert set(json.loads(enabled.read_text())["ServerApp"]["jpserver_extensions"]) == set(off)
    page = json.loads((folder / "labconfig" / "page_config.json").read_text())
    assert page == {"disabledExtensions": {"@jupyter/nbgrader": True}}
