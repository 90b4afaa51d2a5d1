"""The launch links a teacher configures for the site (course/tools/site/launch.py)."""

from __future__ import annotations

import pytest

from course.tools.site.launch import Launch, read_launch

HUB = Launch(hub_url="https://hub.example.edu/", repo_url="https://git.example.edu/t/dtb.git",
             branch="spring 2027")


def test_hub_link_is_the_nbgitpuller_link_to_the_students_copy():
    assert HUB.links("01_one_sigmoid_unit.ipynb") == [(
        "Open on your JupyterHub",
        "https://hub.example.edu/hub/user-redirect/git-pull?"
        "repo=https%3A%2F%2Fgit.example.edu%2Ft%2Fdtb.git&branch=spring%202027&targetpath=dtb"
        "&urlpath=lab%2Ftree%2Fdtb%2Fmy-notebooks%2F01_one_sigmoid_unit.ipynb")]


def test_repo_dir_names_the_clone_and_binder_opens_the_notebook():
    launch = Launch(hub_url="https://hub.example.edu", repo_url="https://git.example.edu/t/dtb",
                    repo_dir="course", binder_url="https://mybinder.org/v2/gh/t/dtb/main/")
    assert launch.links("00_start_here.ipynb") == [
        ("Open on your JupyterHub",
         "https://hub.example.edu/hub/user-redirect/git-pull?"
         "repo=https%3A%2F%2Fgit.example.edu%2Ft%2Fdtb&branch=main&targetpath=course"
         "&urlpath=lab%2Ftree%2Fcourse%2Fmy-notebooks%2F00_start_here.ipynb"),
        ("Open in Binder", "https://mybinder.org/v2/gh/t/dtb/main"
                           "?urlpath=lab%2Ftree%2Fnotebooks%2F00_start_here.ipynb")]


def test_no_link_when_nothing_is_configured():
    assert Launch().links("00_start_here.ipynb") == []


@pytest.mark.parametrize("settings, message", [
    ({"hub_url": "hub.example.edu", "repo_url": "https://g/r"},
     "launch setting hub_url: expected an http(s):// address, got 'hub.example.edu'"),
    ({"binder_url": "mybinder.org/v2"},
     "launch setting binder_url: expected an http(s):// address, got 'mybinder.org/v2'"),
    ({"hub_url": "https://hub.example.edu"},
     "launch setting repo_url: expected the course's git address (the hub link clones it), "
     "got nothing"),
    ({"branch": ""}, "launch setting branch: expected a branch name, got nothing"),
])
def test_bad_settings_are_refused_by_name(settings, message):
    with pytest.raises(ValueError) as error:
        Launch(**settings)
    assert str(error.value) == message


def test_settings_come_from_site_toml_and_the_environment_wins(tmp_path):
    config = tmp_path / "site.toml"
    config.write_text('[launch]\nhub_url = "https://a.example"\nrepo_url = "https://g/r.git"\n'
                      'branch = "b1"\n', encoding="utf-8")
    assert read_launch(config, {}) == Launch("https://a.example", "https://g/r.git", "b1")
    environ = {"SITE_HUB_URL": "https://b.example", "SITE_BINDER_URL": "https://binder/x",
               "SITE_BRANCH": ""}  # an empty variable leaves the file's setting
    assert read_launch(config, environ) == Launch("https://b.example", "https://g/r.git", "b1",
                                                  binder_url="https://binder/x")
    assert read_launch(tmp_path / "none.toml", {}) == Launch()


def test_an_unknown_setting_in_site_toml_is_refused(tmp_path):
    config = tmp_path / "site.toml"
    config.write_text('[launch]\nhub = "https://a.example"\n', encoding="utf-8")
    with pytest.raises(ValueError) as error:
        read_launch(config, {})
    assert str(error.value) == (
        f"{config} [launch]: expected settings among ['binder_url', 'branch', 'hub_url', "
        "'repo_dir', 'repo_url'], got ['hub']")
