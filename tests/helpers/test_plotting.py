"""plot_decision_boundary draws a shaded plane, the 0.5 contour and the records."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.plotting import plot_decision_boundary  # noqa: E402

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y = np.array([[0.0], [1.0], [1.0], [1.0]])


def linear(P):
    return 1 / (1 + np.exp(-(4 * P[:, 0] + 4 * P[:, 1] - 2)))


def test_draws_boundary_and_points():
    fig, ax = plt.subplots()
    out = plot_decision_boundary(linear, X, y, ax=ax, resolution=50)
    assert out is ax
    assert len(ax.collections) >= 3  # filled contours, the boundary, the scatters
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["y = 0", "y = 1"]
    plt.close(fig)


def test_column_output_and_no_boundary(recwarn):
    fig, ax = plt.subplots()
    plot_decision_boundary(lambda P: np.full((len(P), 1), 0.9), X, y.ravel(), ax=ax,
                           resolution=20)
    assert not [w for w in recwarn.list if "contour" in str(w.message)]
    plt.close(fig)


def test_errors_name_the_argument():
    with pytest.raises(TypeError, match="^predict: expected a function"):
        plot_decision_boundary(None, X, y)
    with pytest.raises(ValueError, match="^X: expected two columns"):
        plot_decision_boundary(linear, np.ones((4, 3)), y)
    with pytest.raises(ValueError, match="^y: expected 4 labels"):
        plot_decision_boundary(linear, X, y[:3])
    with pytest.raises(ValueError, match="^predict: expected 100 outputs"):
        plot_decision_boundary(lambda P: P, X, y, resolution=10)


@pytest.mark.parametrize("labels, words", [
    ([0.0, 1.0, 0.5, 1.0], "got 0.5 for record 2"), ([0, 1, 2, 1], "got 2 for record 2"),
    ([0, -1, 1, 1], "got -1 for record 1")])
def test_labels_must_be_exactly_0_or_1(labels, words):
    """a label 0.5 or 2 used to be dropped from the plot without a word"""
    with pytest.raises(ValueError, match=r"^y: expected labels 0 or 1 \(they pick the marker\), " + words):
        plot_decision_boundary(linear, X, np.array(labels))


@pytest.mark.parametrize("predict, words", [
    (lambda P: 4 * P[:, 0] - 2, r"expected probabilities in \[0, 1\] \(σ of a logit, not the logit\), "
                                r"got values from -6 to 6"),
    (lambda P: np.full(len(P), np.nan), r"expected finite numbers, got NaN at index \(0,\)"),
    (lambda P: None, "expected a number or an array of numbers, got NoneType"),
])
def test_logits_and_nan_are_named_not_shaded_as_nothing(predict, words):
    with pytest.raises((TypeError, ValueError), match="^predict: " + words):
        plot_decision_boundary(predict, X, y, resolution=10, margin=1.0)


def test_settings_are_named():
    with pytest.raises(TypeError, match="^resolution: expected a whole number >= 2, got float 2.5"):
        plot_decision_boundary(linear, X, y, resolution=2.5)
    with pytest.raises(ValueError, match="^margin: expected a positive finite number, got nan"):
        plot_decision_boundary(linear, X, y, margin=float("nan"))


def test_loss_curve():
    from helpers.plotting import plot_loss_curve
    fig, ax = plt.subplots()
    assert plot_loss_curve([3.0, 2.0, 1.5], ax=ax, every=10) is ax
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [0, 10, 20])
    with pytest.raises(ValueError, match=r"^losses: expected finite numbers, got NaN at index \(1,\)$"):
        plot_loss_curve([1.0, np.nan], ax=ax)
    with pytest.raises(ValueError, match="^every: expected a positive whole number, got 0$"):
        plot_loss_curve([1.0], ax=ax, every=0)
    with pytest.raises(TypeError, match="^label: expected a string, got int$"):
        plot_loss_curve([1.0], ax=ax, label=3)
    plt.close(fig)


def test_ax_must_be_an_axes():
    from helpers.diagrams import draw_network
    from helpers.plotting import plot_loss_curve
    for call in (lambda: plot_loss_curve([1.0], ax=3),
                 lambda: plot_decision_boundary(linear, X, y, ax="left", resolution=10),
                 lambda: draw_network([2, 1], ax=[1])):
        with pytest.raises(TypeError, match=r"^ax: expected a matplotlib Axes \(or None for a new "
                                            r"figure\), got (int|str|list)$"):
            call()
