"""The network diagram: positions, labels, weight labels and input validation."""

from __future__ import annotations

import sys

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.diagrams import default_node_labels, draw_network, node_positions

matplotlib.use("Agg")
# pyplot is imported by the tests that draw (draw_network imports it), not at collection: every
# pytest process collects this file


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=2, max_size=5))
def test_positions_one_row_per_unit_centred(sizes):
    pos = node_positions(sizes)
    assert [p.shape for p in pos] == [(n, 2) for n in sizes]
    for p in pos:
        assert np.isclose(p[:, 1].mean(), 0.0)
        assert np.all(np.diff(p[:, 1]) < 0)  # first unit on top
        assert np.all(p[:, 0] == p[0, 0])
    assert np.all(np.diff([p[0, 0] for p in pos]) > 0)  # layers left to right


def test_default_labels():
    assert default_node_labels([3, 2, 1]) == [["$x_{1}$", "$x_{2}$", "$x_{3}$"],
                                              ["$h_{1}$", "$h_{2}$"], [r"$\hat{y}$"]]
    deep = default_node_labels([2, 2, 2, 2])
    assert deep[1][0] == "$h^{(1)}_{1}$" and deep[3][1] == r"$\hat{y}_{2}$"


def test_symbolic_weights_one_label_per_line():
    ax = draw_network([3, 2, 1], layer_names=["input", "hidden", "output"])
    labels = texts(ax)
    assert "$w_{32}$" in labels and "$W_{21}$" in labels
    assert len(ax.lines) == 3 * 2 + 2 * 1
    assert len(ax.patches) == 6
    assert {"input", "hidden", "output"} <= set(labels)


def test_weight_values_are_labelled_in_course_orientation():
    w1 = np.array([[0.4], [-0.2]])
    ax = draw_network([2, 1, 1], weights=[w1, [0.1]], fmt="{:g}")
    labels = texts(ax)
    assert {"0.4", "-0.2", "0.1"} <= set(labels)
    # 1-D vectors into or out of one unit are accepted
    draw_network([2, 1], weights=[[0.4, -0.2]])


def test_draws_on_a_given_axes():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert draw_network([2, 2], ax=ax) is ax


@pytest.mark.parametrize("kwargs, words", [
    ({"layer_sizes": [3]}, "layer_sizes: expected at least two layers"),
    ({"layer_sizes": [3, 0]}, "layer_sizes"),
    ({"layer_sizes": [2.5, 2]}, "layer_sizes"),
    ({"layer_sizes": [2.0, 1]}, "layer_sizes: expected at least two layers, each a positive integer"),
    ({"layer_sizes": [2, True]}, "layer_sizes: expected at least two layers, each a positive integer"),
    ({"layer_sizes": [2, 1], "fmt": "{:d}"}, "fmt: expected a format for one number such as '{:.2f}', got '{:d}'"),
    ({"layer_sizes": [2, 1], "weights": [[np.nan, 1.0]]}, "weights[0]: expected finite numbers, got NaN"),
    ({"layer_sizes": [3, 2], "weights": [np.ones((2, 3))]}, "weights[0]: expected shape (3, 2)"),
    ({"layer_sizes": [3, 2, 1], "weights": [np.ones((3, 2))]}, "weights: expected 2 matrices"),
    ({"layer_sizes": [2, 1], "node_labels": [["a"], ["b"]]}, "node_labels"),
    ({"layer_sizes": [2, 1], "layer_names": ["in"]}, "layer_names: expected 2 names"),
])
def test_bad_input_names_the_argument(kwargs, words):
    with pytest.raises(ValueError) as err:
        draw_network(**kwargs)
    assert words in str(err.value)


def test_non_numeric_sizes():
    with pytest.raises(TypeError, match="layer_sizes"):
        draw_network(3)
    with pytest.raises(TypeError, match=r"^node_labels: expected one list of strings per layer, got \[\['a', 1\], \['b'\]\]$"):
        draw_network([2, 1], node_labels=[["a", 1], ["b"]])
    with pytest.raises(TypeError, match="^node_labels: expected one list of strings per layer, got 'ab'$"):
        draw_network([2, 1], node_labels="ab")
    with pytest.raises(TypeError, match="^layer_names: expected one string per layer, got 'in'$"):
        draw_network([2, 1], layer_names="in")
    with pytest.raises(TypeError, match="weights"):
        draw_network([2, 1], weights=[["a", "b"]])
