"""A student at the keyboard, in a real kernel: cells run one by one the way JupyterLab sends
them (stdin allowed, Interrupt as SIGINT), and each scenario of issue 15 shows exactly one
line under the check cell: no false ✅, no traceback, no misleading note."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SETUP = """\
from course import setup_notebook
from course.checks.ch01 import check_delta_rule_step, check_sigmoid_prime
from helpers import sigmoid, sigmoid_prime
import numpy as np
setup_notebook()
"""
ON_13 = "on x=[0.1, 0.3], y=0.2, w=[-0.8, 0.5], lr=0.5"
FAIL_13 = "❌ not yet: ex1.3 delta_rule_step — "
FAIL_11 = "❌ not yet: ex1.1 sigmoid_prime — "
STEP = "def delta_rule_step(x, y, w, lr):\n    "  # the start of the learner's ex1.3 cell


class Kernel:
    """One kernel; ``run(code)`` returns (status, stdout, stderr, error outputs)."""

    def __init__(self):
        from jupyter_client import KernelManager

        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
               "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        env.pop("NBGRADER_EXECUTION", None)
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(extra_arguments=["--HistoryManager.enabled=False"], env=env,
                             cwd=os.getcwd())
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def run(self, code: str, interrupt_when: Path | None = None, timeout: float = 120):
        """Run ``code``; with ``interrupt_when``, press Interrupt once the kernel has created
        that file (a signal from inside the cell, however slow the machine is)."""
        msg_id = self.kc.execute(code, allow_stdin=True)
        if interrupt_when is not None:
            deadline = time.monotonic() + timeout
            while not interrupt_when.exists():
                assert time.monotonic() < deadline, f"the kernel never created {interrupt_when}"
                time.sleep(0.01)
            self.km.interrupt_kernel()
        out, err, errors = [], [], []
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(1.0, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                (out if content["name"] == "stdout" else err).append(content["text"])
            elif kind == "error":
                errors.append(content["ename"])
            elif kind in ("execute_result", "display_data"):
                out.append(content["data"].get("text/plain", "") + "\n")
            elif kind == "status" and content["execution_state"] == "idle":
                break
        reply = self.kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:  # e.g. kernel_info's reply
            reply = self.kc.get_shell_msg(timeout=30)
        return reply["content"]["status"], "".join(out), "".join(err), errors

    def stop(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


@pytest.fixture(scope="module")
def kernel():
    k = Kernel()
    status, out, err, errors = k.run(SETUP)
    assert (status, err, errors) == ("ok", "", []), (out, err)
    yield k
    k.stop()


@pytest.fixture
def cell(kernel):
    """Run one cell; assert it showed no traceback and nothing on stderr; its stdout."""
    kernel.run("import course.marks as _m\n_m.kernel.forget_progress()\n"
               "for _n in ('sigmoid_prime', 'dE_dw', 'delta_rule_step', 'train_unit', 'step'):"
               "\n    globals().pop(_n, None)")

    def run(code: str, **kwargs) -> str:
        status, out, err, errors = kernel.run(code, **kwargs)
        assert errors == [] and err == "", (errors, err, out)
        assert status == "ok", (status, out)
        return out
    return run


def test_a_check_run_before_its_exercise(cell):
    assert cell("check_delta_rule_step(delta_rule_step)") == (
        "⏳ not done yet: ex1.3 — `delta_rule_step` is not defined yet: it comes from the cell "
        "of ex1.3. Run that cell first, then this one again.\n")


def test_changing_w_in_place_no_longer_passes(cell):
    cell(f"{STEP}w += lr * x\n    return w")
    assert cell("check_delta_rule_step(delta_rule_step)") == (
        f"{FAIL_13}your function changed its argument `w` in place ({ON_13}); later cells "
        "reuse it, so leave the arguments as they came.\n")


def test_a_list_instead_of_an_array(cell):
    cell(f"{STEP}return [wi + lr * xi for wi, xi in zip(w, x)]")
    assert cell("check_delta_rule_step(delta_rule_step)") == (
        f"{FAIL_13}expected a NumPy array, got a list.\n")


def test_ragged_nested_lists(cell):
    cell(f"{STEP}return [[lr], list(x)]")
    assert cell("check_delta_rule_step(delta_rule_step)") == (
        f"{FAIL_13}expected a NumPy array, got a list.\n")


def test_a_formatted_string_instead_of_a_number(cell):
    # written for a number (the first test input); arrays come back as they should
    cell("def sigmoid_prime(z):\n    s = sigmoid(z) * (1 - sigmoid(z))\n"
         "    return f'{s:.4f}' if np.ndim(z) == 0 else s")
    assert cell("check_sigmoid_prime(sigmoid_prime)") == (
        f"{FAIL_11}expected a number, got a str ('0.1491').\n")


def test_a_complex_number(cell):
    cell("def sigmoid_prime(z):\n    s = sigmoid(z) * (1 - sigmoid(z))\n"
         "    return complex(s) if np.ndim(z) == 0 else s")
    assert cell("check_sigmoid_prime(sigmoid_prime)") == (
        f"{FAIL_11}expected a real number, got a complex number (0.1491+0j).\n")


def test_an_endless_loop_meets_the_time_limit(cell):
    cell(f"{STEP}while True:\n        pass")
    # the chapter's own check, with a 0.5 s limit instead of 10 s: the loop spins until then
    assert cell("import dataclasses\nfrom course.checks import ch01\n"
                "dataclasses.replace(ch01.DELTA_RULE_STEP, time_limit=0.5).check(delta_rule_step)") == (
        f"{FAIL_13}your function did not finish within 0.5 s ({ON_13}): a loop that never "
        "ends?\n")


def test_interrupt_during_a_check_is_one_line(kernel, tmp_path):
    started = tmp_path / "started"  # the learner's function is running: Interrupt now
    kernel.run(f"{STEP}open({str(started)!r}, 'w').close()\n"
               f"    while True:\n        pass")
    status, out, err, errors = kernel.run("check_delta_rule_step(delta_rule_step)",
                                          interrupt_when=started)
    assert (status, err, errors) == ("error", "", [])  # stops Run All, shows no traceback
    assert out == (f"{FAIL_13}interrupted while your function ran ({ON_13}); if it never "
                   "finishes, look for a loop that does not end.\n")
    assert kernel.run("print('still here')")[:2] == ("ok", "still here\n")


def test_exit_in_the_learners_function(cell):
    cell(f"import sys\n{STEP}sys.exit()")
    assert cell("check_delta_rule_step(delta_rule_step)") == (
        f"{FAIL_13}your function called exit() (SystemExit), which would stop the notebook; a "
        "function hands back its result with `return`.\n")
    assert cell("print('kernel alive')") == "kernel alive\n"


def test_a_function_that_fails_on_its_second_call(cell):
    cell(f"calls = []\n{STEP}calls.append(1)\n"
         "    if len(calls) == 2:\n        raise ValueError('second call')\n"
         "    return w + lr * x")
    assert cell("check_delta_rule_step(delta_rule_step)") == (
        f"{FAIL_13}your code raised ValueError: second call at line 5 of your cell (`raise "
        "ValueError('second call')`) on x=[1, -2, 0.5], y=1, w=[0.3, 0.4, -1], lr=2.\n")


def test_input_in_the_learners_function(cell):
    cell(f"{STEP}lr = float(input('lr? '))\n"
         "    return w + lr * x")
    assert cell("check_delta_rule_step(delta_rule_step)") == (
        f"{FAIL_13}your function calls input(), but a check gives it its inputs as arguments "
        "and no one can type during a check.\n")


def test_a_large_print_is_shortened(cell):
    # 4 MB of text: far beyond JupyterLab's IOPub rate limit if it reached the browser
    cell(f"{STEP}for i in range(50_000):\n"
         "        print('step', i, '#' * 80)\n"
         "    s = sigmoid(np.dot(x, w))\n    return w + lr * (y - s) * s * (1 - s) * x")
    out = cell("check_delta_rule_step(delta_rule_step)")
    bar = "#" * 80
    assert out == (f"your function printed:\n  step 0 {bar}\n  step 1 {bar}\n  step 2 {bar}\n"
                   "  ... 199997 more lines\n"
                   "✅ correct: ex1.3 delta_rule_step on all 4 test inputs.\n")


def test_a_typo_gets_its_usual_traceback(kernel):
    kernel.run("def sigmoid_prime(z):\n    raise NotImplementedError('ex1.1 is not done yet')")
    kernel.run("sigmoid_prime(0.0)")  # a cell stopped on the stub: ex1.1 is pending now
    status, out, err, errors = kernel.run("prnt(sigmoid(0.0))")
    assert status == "error" and errors == ["NameError"] and "⏳" not in out


def test_a_stub_called_from_another_exercise(cell):
    cell("def sigmoid_prime(z):\n    # YOUR CODE HERE\n"
         "    raise NotImplementedError('ex1.1 is not done yet')")
    cell(f"{STEP}h = np.dot(x, w)\n"
         "    return w + lr * (y - sigmoid(h)) * sigmoid_prime(h) * x")
    assert cell("check_delta_rule_step(delta_rule_step)") == (
        "⏳ not done yet: ex1.3 delta_rule_step — it needs ex1.1, which is not done yet. Finish "
        "ex1.1, run its cell, then run this one again.\n")


def test_after_a_pass_the_cells_below_are_named_for_a_rerun(cell):
    cell(f"{STEP}raise NotImplementedError('ex1.3 is not done yet')")
    assert cell("step = delta_rule_step(np.ones(2), 1.0, np.zeros(2), 0.5)") == (
        "⏳ not done yet: ex1.3 — this cell needs that exercise. Finish ex1.3, then run this "
        "cell again.\n")
    assert cell("print(step)") == (
        "⏳ not done yet: ex1.3 — this cell needs `step`, which a cell above could not compute "
        "because ex1.3 is not done yet. Finish ex1.3, then run the cells below it again.\n")
    cell(f"{STEP}h = np.dot(x, w)\n"
         "    return w + lr * (y - sigmoid(h)) * sigmoid(h) * (1 - sigmoid(h)) * x")
    assert cell("check_delta_rule_step(delta_rule_step)") == (
        "✅ correct: ex1.3 delta_rule_step on all 4 test inputs. Now run the cells below it "
        "again: some stopped because it was not done.\n")
    assert cell("step = delta_rule_step(np.ones(2), 1.0, np.zeros(2), 0.5)\nprint(step)") == (
        "[0.0625 0.0625]\n")


def test_under_nbgrader_wrong_blank_and_crashing_answers_lose_the_cell(kernel):
    kernel.run("import os\nos.environ['NBGRADER_EXECUTION'] = 'autograde'")
    right = ("h = np.dot(x, w)\n"
             "    return w + lr * (y - sigmoid(h)) * sigmoid(h) * (1 - sigmoid(h)) * x")
    try:
        for body in ("return w", "raise NotImplementedError('ex1.3 is not done yet')",
                     "return x[7]"):
            kernel.run(f"{STEP}{body}")
            status, out, err, errors = kernel.run("check_delta_rule_step(delta_rule_step)")
            assert (status, errors) == ("error", ["AssertionError"]), (body, out)
            assert out.startswith("❌ not yet: ex1.3") or out.startswith("⏳ not done yet: ex1.3")
        kernel.run(f"{STEP}{right}")
        status, out, err, errors = kernel.run("check_delta_rule_step(delta_rule_step)")
        assert (status, errors, err) == ("ok", [], "")
    finally:
        kernel.run("del os.environ['NBGRADER_EXECUTION']")


if sys.platform == "win32":  # pragma: no cover - SIGALRM is POSIX; the fallback is tested
    pytestmark = [pytestmark, pytest.mark.skip("kernel interrupts differ on Windows")]
