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
