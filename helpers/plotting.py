"""Plots that several chapters share: a loss curve (chapters 2, 5, 7) and a decision boundary
in the plane (chapters 6 and 7)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ._validate import as_float_array, axes, function, positive_int, positive_number

if TYPE_CHECKING:  # matplotlib is imported where a plot is drawn: it is slow to load
    from matplotlib.axes import Axes


def plot_loss_curve(losses: Sequence[float], label: str = "training loss",
                    ax: Axes | None = None, every: int = 1) -> Axes:
    """Loss against epoch.

    Inputs:  losses: one finite number per stored epoch; label: the legend entry;
             ax: the Axes to draw on (default a new figure); every: epochs between values.
    Returns: the Axes.
    """
    losses = as_float_array("losses", losses, ndim=1)
    every = positive_int("every", every)
    if not isinstance(label, str):
        raise TypeError(f"label: expected a string, got {type(label).__name__}")
    ax = axes("ax", ax)
    ax.plot(np.arange(len(losses)) * every, losses, label=label)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.legend()
    return ax


def plot_decision_boundary(predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray,
                           y: np.ndarray, ax: Axes | None = None, resolution: int = 200,
                           margin: float = 0.5) -> Axes:
    """Shade ``predict``'s output over the plane, draw its 0.5 contour, scatter the records.

    Inputs:  predict: maps an (n, 2) array of points to n probabilities in [0, 1], shape
             (n,) or (n, 1) (pass σ of a logit, not the logit);
             X: shape (m, 2), one record per row; y: m labels, each exactly 0 or 1 (any
             shape with m entries); ax: the Axes (default a new figure);
             resolution: grid points per side; margin: how far the plane reaches past X.
    Returns: the Axes.
    """
    function("predict", predict, "an (n, 2) array")
    resolution = positive_int("resolution", resolution, low=2)
    margin = positive_number("margin", margin)
    X = as_float_array("X", X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X: expected two columns (a point in the plane per row), "
                         f"got shape {X.shape}")
    y = as_float_array("y", y).reshape(-1)
    if y.size != X.shape[0]:
        raise ValueError(f"y: expected {X.shape[0]} labels, one per row of X, got {y.size}")
    other = np.flatnonzero((y != 0) & (y != 1))
    if other.size:
        raise ValueError(f"y: expected labels 0 or 1 (they pick the marker), got {y[other[0]]:g} "
                         f"for record {other[0]}")
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    p = as_float_array("predict", predict(grid))
    if p.size != grid.shape[0]:
        raise ValueError(f"predict: expected {grid.shape[0]} outputs for {grid.shape[0]} "
                         f"points, got shape {p.shape}")
    if p.min() < 0 or p.max() > 1:
        raise ValueError(f"predict: expected probabilities in [0, 1] (σ of a logit, not the "
                         f"logit), got values from {p.min():.3g} to {p.max():.3g}")
    p = p.reshape(g0.shape)
    ax = axes("ax", ax)
    ax.contourf(g0, g1, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.35)
    if p.min() < 0.5 < p.max():  # otherwise there is no boundary to draw
        ax.contour(g0, g1, p, levels=[0.5], colors="black", linewidths=1.5)
    for label, marker, colour in ((0, "o", "tab:blue"), (1, "s", "tab:red")):
        pick = y == label
        ax.scatter(X[pick, 0], X[pick, 1], marker=marker, c=colour, edgecolors="black",
                   label=f"y = {label}", zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="best")
    return ax
