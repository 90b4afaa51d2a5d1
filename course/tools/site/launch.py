"""Launch links a teacher configures: each chapter page of the site gets "Open on your
JupyterHub" (an nbgitpuller link: the hub clones or updates the course, then opens the chapter in
the student's my-notebooks/, as docs/hub.md sets it up) and "Open in Binder"; none when not set.

The settings come from ``site.toml`` at the top of the repository, a ``[launch]`` table, and
from environment variables, which win (``make html SITE_HUB_URL=...`` works too)::

    [launch]
    hub_url = "https://hub.example.edu"                      # SITE_HUB_URL
    repo_url = "https://git.example.edu/you/delta-to-backprop.git"   # SITE_REPO_URL
    branch = "main"                                          # SITE_BRANCH (default main)
    repo_dir = "delta-to-backprop"     # SITE_REPO_DIR (default: the repository's name)
    binder_url = "https://mybinder.org/v2/gh/you/delta-to-backprop/main"  # SITE_BINDER_URL
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class Launch:
    """Where a chapter opens; empty strings leave a link out."""

    hub_url: str = ""
    repo_url: str = ""
    branch: str = "main"
    repo_dir: str = ""
    binder_url: str = ""

    def __post_init__(self):
        for name in ("hub_url", "repo_url", "binder_url"):
            value = getattr(self, name)
            if value and not value.startswith(("https://", "http://")):
                raise ValueError(f"launch setting {name}: expected an http(s):// address, "
                                 f"got {value!r}")
        if self.hub_url and not self.repo_url:
            raise ValueError("launch setting repo_url: expected the course's git address "
                             "(the hub link clones it), got nothing")
        if not self.branch:
            raise ValueError("launch setting branch: expected a branch name, got nothing")

    @property
    def directory(self) -> str:
        """The clone's folder in the student's home: repo_dir, else the repository's name."""
        name = self.repo_url.rstrip("/").rsplit("/", 1)[-1]
        return self.repo_dir or name.removesuffix(".git")

    def links(self, notebook: str) -> list[tuple[str, str]]:
        """(text, address) of each configured link to the notebook ``notebook`` (a file name)."""
        links = []
        if self.hub_url:
            query = {"repo": self.repo_url, "branch": self.branch, "targetpath": self.directory,
                     "urlpath": f"lab/tree/{self.directory}/my-notebooks/{notebook}"}
            links.append(("Open on your JupyterHub",
                          f"{self.hub_url.rstrip('/')}/hub/user-redirect/git-pull?"
                          + urlencode(query, quote_via=quote, safe="")))
        if self.binder_url:
            path = quote(f"lab/tree/notebooks/{notebook}", safe="")
            links.append(("Open in Binder", f"{self.binder_url.rstrip('/')}?urlpath={path}"))
        return links


ENV = {f.name: "SITE_" + f.name.upper() for f in fields(Launch)}


def read_launch(config: Path, environ: Mapping[str, str]) -> Launch:
    """The settings of ``config`` (if the file exists), overridden by ``environ``'s."""
    settings: dict[str, str] = {}
    if config.is_file():
        table = tomllib.loads(config.read_text(encoding="utf-8")).get("launch", {})
        unknown = sorted(set(table) - set(ENV))
        if unknown:
            raise ValueError(f"{config} [launch]: expected settings among {sorted(ENV)}, "
                             f"got {unknown}")
        settings.update({k: str(v) for k, v in table.items()})
    settings.update({name: environ[var] for name, var in ENV.items() if environ.get(var)})
    return Launch(**settings)
