"""Plots that several chapters share."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ._validate import as_float_array


def plot_loss_curve(losses: Sequence[float], label: str = "training loss",
                    ax: Axes | None = None, every: int = 1) -> Axes:
    """Loss against epoch; ``every`` is the number of epochs between stored values."""
    losses = as_float_array("losses", losses, ndim=1)
    ax = ax or plt.subplots()[1]
    ax.plot(np.arange(len(losses)) * every, losses, label=label)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.legend()
    return ax
