"""The sandbox's bwrap command line (course.tools.grading.sandbox.command); what the sandbox
keeps out is tested by running it: tests/integration/test_grading_sandbox.py."""

from __future__ import annotations

from course.tools.grading import sandbox


def _at(args: list[str], *run: str) -> int:
    """Where the consecutive arguments ``run`` start in ``args``."""
    found = [i for i in range(len(args)) if args[i:i + len(run)] == list(run)]
    assert len(found) == 1, (run, args)
    return found[0]


def test_a_venv_under_tmp_is_bound_over_the_fresh_tmp_not_hidden_by_it(monkeypatch, tmp_path):
    venv = tmp_path / "clone" / ".venv"  # a clone in /tmp, as test_grading_docs.py makes one
    monkeypatch.setattr(sandbox, "_venv", lambda: venv)
    args = sandbox.command(tmp_path / "stage", sandbox.DEFAULT, [], lib=tmp_path / "lib")
    assert _at(args, "--tmpfs", "/tmp") < _at(args, "--ro-bind", str(venv), str(venv))
    assert args[-5] == str(venv / "bin" / "python")
