"""course/tools/hub/z2jh/config.yaml against the Zero to JupyterHub chart's own schema and defaults.

The chart's ``values.yaml`` and ``values.schema.yaml`` live in ``shared/z2jh/`` beside the
repository (CI lays a copy there; see its README). As ``helm`` does, the course's values are
merged over the chart's defaults (maps merged key by key, the course's values winning, a null
removing a default), and the result must satisfy the schema (JSON Schema draft 7).
"""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import pytest
import yaml

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "course" / "tools" / "hub" / "z2jh" / "config.yaml"
IMAGE_COURSE = Path("/srv/course")  # repo2docker --target-repo-dir (docs/hub.md)


def chart_folder() -> Path | None:
    """``../shared/z2jh`` beside the repository, or beside the main checkout of a worktree."""
    roots = [ROOT]
    proc = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
                          cwd=ROOT, capture_output=True, text=True)
    if proc.returncode == 0:
        roots.append(Path(proc.stdout.strip()).parent)
    for root in roots:
        folder = root.parent / "shared" / "z2jh"
        if (folder / "values.schema.yaml").is_file() and (folder / "values.yaml").is_file():
            return folder
    return None


@pytest.fixture(scope="module")
def chart():
    folder = chart_folder()
    if folder is None:
        pytest.skip(f"the chart's schema is not beside the repository ({ROOT.parent}/shared/z2jh"
                    "/values.schema.yaml and values.yaml); CI lays shared/ there")
    load = lambda name: yaml.safe_load((folder / name).read_text(encoding="utf-8"))  # noqa: E731
    return load("values.yaml"), load("values.schema.yaml")


def merge(defaults: dict, values: dict) -> dict:
    """Helm's merge of user values over a chart's defaults."""
    out = copy.deepcopy(defaults)
    for key, value in values.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def errors(chart, values: dict) -> list[str]:
    defaults, schema = chart
    validator = jsonschema.Draft7Validator(schema)
    return sorted(f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(merge(defaults, values)))


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def test_the_course_config_is_valid_for_the_chart(chart, config):
    assert errors(chart, config) == []


def test_the_validation_catches_a_misspelt_key_and_a_wrong_type(chart, config):
    """The check can fail: the chart's schema refuses unknown keys and wrong types."""
    typo = merge(config, {"singleuser": {"storage": {"capcity": "1Gi"}}})
    assert errors(chart, typo) == [
        "singleuser.storage: Additional properties are not allowed ('capcity' was unexpected)"]
    wrong = merge(config, {"singleuser": {"cpu": {"limit": "one"}}})
    assert errors(chart, wrong) == ["singleuser.cpu.limit: 'one' is not of type 'number', 'null'"]


def test_students_get_a_pod_and_a_volume_each_and_share_none(chart, config):
    values = merge(chart[0], config)
    storage = values["singleuser"]["storage"]
    assert storage["type"] == "dynamic"  # one claim per student, mounted by their pod only
    assert storage["dynamic"]["storageAccessModes"] == ["ReadWriteOnce"]
    assert not storage["extraVolumes"] and not storage["extraVolumeMounts"]
    policy = values["singleuser"]["networkPolicy"]
    assert policy["enabled"] and not policy["egressAllowRules"]["privateIPs"]
    assert values["singleuser"]["allowPrivilegeEscalation"] is False


def test_the_paths_it_names_in_the_image_are_in_the_repository(config):
    """The image holds the repository at /srv/course: what the config starts and reads there
    must exist here."""
    user = config["singleuser"]
    [cmd] = user["cmd"]
    for path in (cmd, user["extraEnv"]["JUPYTER_CONFIG_PATH"]):
        assert (ROOT / Path(path).relative_to(IMAGE_COURSE)).exists(), path
