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


def _kinds(lib) -> dict[str, str]:
    checks = lib / "course" / "checks"
    return {name: "shim" if (checks / name).read_text() == sandbox.MODULE else "real"
            for name in ("ch06.py", "ch06_network.py", "ch07.py", "ch09.py")}


def test_a_chapter_gets_the_references_course_carry_takes_from_earlier_chapters(tmp_path):
    # chapter 9 runs the course's chapter 6 network and chapter 7 cost where the learner's
    # are not in the sandbox; its own checks and the earlier chapters' checks stay shims
    assert _kinds(sandbox.build_lib(tmp_path / "09", 9)) == {
        "ch06.py": "shim", "ch06_network.py": "real", "ch07.py": "real", "ch09.py": "shim"}


def test_a_chapter_never_gets_its_own_references(tmp_path):
    assert _kinds(sandbox.build_lib(tmp_path / "06", 6)) == {
        "ch06.py": "shim", "ch06_network.py": "shim", "ch07.py": "shim", "ch09.py": "shim"}
    assert _kinds(sandbox.build_lib(tmp_path / "07", 7))["ch07.py"] == "shim"
