"""course.tools.portability: the emulated CPU matrix turns off only what numpy dispatches and has."""

import platform

import nbformat
import pytest

from course.tools import portability as P

AVX512_MACHINE = {  # numpy 2.4's lists on an AVX-512 (Ice Lake class) x86 CPU
    "baseline": ["X86_V2"],
    "dispatch": ["X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR"],
    "features": {"SSE2": True, "X86_V2": True, "X86_V3": True, "X86_V4": True,
                 "AVX512_ICL": True, "AVX512_SPR": False},
}
AVX2_MACHINE = {"baseline": ["X86_V2"], "dispatch": AVX512_MACHINE["dispatch"],
                "features": {"SSE2": True, "X86_V2": True, "X86_V3": True, "X86_V4": False,
                             "AVX512_ICL": False, "AVX512_SPR": False}}
ARM_MACHINE = {"baseline": ["NEON", "NEON_FP16", "NEON_VFPV4", "ASIMD"],
               "dispatch": ["ASIMDHP", "ASIMDDP", "ASIMDFHM"],
               "features": {"NEON": True, "ASIMD": True, "ASIMDHP": True, "ASIMDDP": True,
                            "ASIMDFHM": False}}
for hw in (AVX512_MACHINE, AVX2_MACHINE, ARM_MACHINE):
    hw["available"] = [n for n in hw["dispatch"] if hw["features"].get(n)]
ENV = {"PATH": "/usr/bin", "OPENBLAS_CORETYPE": "Zen", "NPY_ENABLE_CPU_FEATURES": "X86_V3"}


def test_avx2_turns_off_only_the_avx512_paths_the_machine_has():
    config = P.build("avx2", ENV, AVX512_MACHINE)
    assert config.disabled == ["X86_V4", "AVX512_ICL"]  # not AVX512_SPR: this CPU lacks it
    assert config.env["NPY_DISABLE_CPU_FEATURES"] == "X86_V4 AVX512_ICL"
    assert config.env["OPENBLAS_CORETYPE"] == "Haswell"
    assert "NPY_ENABLE_CPU_FEATURES" not in config.env


def test_baseline_turns_off_every_dispatched_path_and_asks_for_an_old_core():
    config = P.build("baseline", ENV, AVX512_MACHINE)
    assert config.env["NPY_DISABLE_CPU_FEATURES"] == "X86_V3 X86_V4 AVX512_ICL"
    assert config.env["OPENBLAS_CORETYPE"] == "Nehalem"


def test_native_keeps_the_machines_environment_and_threads2_sets_two_threads():
    assert P.build("native", ENV, AVX512_MACHINE).env == ENV
    threads = P.build("threads2", ENV, AVX512_MACHINE).env
    assert [threads[k] for k in P.THREAD_KNOBS] == ["2", "2", "2"]
    assert threads["OPENBLAS_CORETYPE"] == "Zen"


def test_what_cannot_be_emulated_says_why_in_one_line():
    with pytest.raises(P.CannotEmulate, match="no AVX-512 path in use on this CPU"):
        P.build("avx2", ENV, AVX2_MACHINE)
    assert P.build("baseline", ENV, AVX2_MACHINE).disabled == ["X86_V3"]
    for name in ("avx2", "baseline"):
        with pytest.raises(P.CannotEmulate, match="not an x86 CPU"):
            P.build(name, ENV, ARM_MACHINE)
    assert P.build("threads2", ENV, ARM_MACHINE).threads == 2


def test_the_summary_has_one_line_per_configuration():
    configs = [P.Config("native", {}), P.Config("avx2", {}, skipped="not an x86 CPU"),
               P.Config("baseline", {}, failing=["08_x.ipynb cell 19 (nbval Cell 10)"]),
               P.Config("threads2", {}, error="pytest exited 4: no tests ran")]
    assert P.summary(configs) == [
        "configuration  failing cells",
        "native         0",
        "avx2           not emulated (not an x86 CPU)",
        "baseline       1: 08_x.ipynb cell 19 (nbval Cell 10)",
        "threads2       ERROR (pytest exited 4: no tests ran)",
    ]


def test_a_name_numpy_refuses_is_caught_not_silently_ignored():
    env = P.base_environment()
    env["NPY_DISABLE_CPU_FEATURES"] = "NO_SUCH_FEATURE"
    with pytest.raises(P.CannotEmulate, match="numpy does not start"):
        P.probe(env)


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86 only")
def test_on_this_machine_the_disabled_features_really_are_off():
    env = P.base_environment()
    hw = P.machine(env)
    assert set(hw["available"]) <= set(hw["dispatch"])
    if not hw["available"]:
        pytest.skip("numpy dispatches nothing beyond its baseline on this CPU")
    config = P.build("baseline", env, hw)
    P.verify(config)
    assert config.described.startswith(f"numpy features off: {' '.join(hw['available'])};")
    seen = P.probe(config.env)["features"]
    assert [seen[n] for n in config.disabled] == [False] * len(config.disabled)
    fooled = P.Config("fooled", env, disabled=config.disabled)  # says "off", turns nothing off
    with pytest.raises(P.CannotEmulate, match="numpy kept"):
        P.verify(fooled)


@pytest.mark.slow
def test_a_cell_whose_output_differs_is_counted_per_configuration(tmp_path, capsys):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# tiny"),
                nbformat.v4.new_code_cell("print(2 + 2)", outputs=[
                    nbformat.v4.new_output("stream", name="stdout", text="4\n")]),
                nbformat.v4.new_code_cell("print(2 * 3)", outputs=[
                    nbformat.v4.new_output("stream", name="stdout", text="7\n")])]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:03d}"
        if cell.cell_type == "code":
            cell.execution_count = i
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, path)
    assert P.main(["--only", "native,threads2", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-3:] == ["configuration  failing cells",
                          "native         1: tiny.ipynb cell 2 (nbval Cell 1)",
                          "threads2       1: tiny.ipynb cell 2 (nbval Cell 1)"]
