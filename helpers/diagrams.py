"""Network diagrams: layers as columns of circles, weights as labelled lines.

Weights follow the course orientation: the matrix between layer l and layer l + 1 has shape
(n_l, n_{l+1}), so entry [i, j] is the weight w_ij from unit i to unit j.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import as_float_array, axes
from ._validate import layer_sizes as layer_sizes_of

if TYPE_CHECKING:  # matplotlib is imported where a diagram is drawn: it is slow to load
    from matplotlib.axes import Axes

_RADIUS = 0.22
_DX = 2.4  # distance between layers
# the lines into each unit of the next layer share a colour (Okabe-Ito, colour-blind safe) and a
# line style, so that they stay apart in greyscale; the weights' labels are black on white
_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
_STYLES = ("-", "--", "-.", ":", (0, (6, 2, 1, 2, 1, 2)), (0, (10, 3)))


def node_positions(layer_sizes: Sequence[int]) -> list[NDArray[np.float64]]:
    """Centre of every unit.

    Inputs:  layer_sizes: units per layer, inputs first, e.g. [3, 2, 1].
    Returns: one (n_l, 2) array of (x, y) per layer. Layer l sits at x = 2.4·l; its units
             are spaced 1 apart and centred on y = 0, first unit on top.
    """
    sizes = list(layer_sizes_of("layer_sizes", layer_sizes))
    return [np.column_stack([np.full(n, _DX * li), (n - 1) / 2 - np.arange(n, dtype=float)])
            for li, n in enumerate(sizes)]


def default_node_labels(layer_sizes: Sequence[int]) -> list[list[str]]:
    """The default unit labels, 1-based as in the formulas.

    Inputs:  layer_sizes: units per layer, inputs first.
    Returns: one list of LaTeX strings per layer: x_i for the inputs, h_j for hidden units
             (h^(l)_j with several hidden layers), ŷ_k for the outputs.
    """
    sizes = list(layer_sizes_of("layer_sizes", layer_sizes))
    n_hidden_layers = len(sizes) - 2
    labels = []
    for li, n in enumerate(sizes):
        if li == 0:
            name = "x_{%d}"
        elif li == len(sizes) - 1:
            name = r"\hat{y}_{%d}" if n > 1 else r"\hat{y}"
        elif n_hidden_layers == 1:
            name = "h_{%d}"
        else:
            name = "h^{(" + str(li) + ")}_{%d}"
        labels.append([f"${name % (i + 1)}$" if "%d" in name else f"${name}$"
                       for i in range(n)])
    return labels


def draw_network(layer_sizes: Sequence[int], weights: Sequence[ArrayLike] | None = None,
                 node_labels: Sequence[Sequence[str]] | None = None,
                 layer_names: Sequence[str] | None = None, fmt: str = "{:.2f}",
                 ax: Axes | None = None) -> Axes:
    """Draw a fully connected network.

    Inputs:  layer_sizes: units per layer, inputs first;
             weights: one array per pair of neighbouring layers, shape (n_l, n_(l+1)), the
             orientation of chapters 3-5 (for the (n_out, n_in) W^l of chapters 6-8 pass
             W.T); each line is labelled with its value, formatted by ``fmt``. Without
             weights the lines carry the symbols w_ij (W_jk between the last two layers of a
             network with one hidden layer);
             node_labels: one list of strings per layer (default x_i, h_j, ŷ_k);
             layer_names: a caption under each layer, e.g. ("input", "hidden", "output");
             ax: the Axes to draw on (default a new figure).
    Returns: the Axes.
    """
    sizes = list(layer_sizes_of("layer_sizes", layer_sizes))
    mats = _check_weights(sizes, weights)
    try:
        fmt.format(0.5)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        raise ValueError(f"fmt: expected a format for one number such as '{{:.2f}}', "
                         f"got {fmt!r}") from None
    labels = default_node_labels(sizes) if node_labels is None else node_labels
    if isinstance(labels, str) or not all(isinstance(lab, Sequence) and not isinstance(lab, str)
                                          and all(isinstance(t, str) for t in lab)
                                          for lab in labels):
        raise TypeError(f"node_labels: expected one list of strings per layer, got {labels!r}")
    if len(labels) != len(sizes) or any(len(lab) != n
                                        for lab, n in zip(labels, sizes, strict=True)):
        raise ValueError(f"node_labels: expected one list per layer with sizes {sizes}, "
                         f"got sizes {[len(lab) for lab in labels]}")
    if layer_names is not None and (isinstance(layer_names, str)
                                    or not all(isinstance(t, str) for t in layer_names)):
        raise TypeError(f"layer_names: expected one string per layer, got {layer_names!r}")
    if layer_names is not None and len(layer_names) != len(sizes):
        raise ValueError(f"layer_names: expected {len(sizes)} names, got {len(layer_names)}")
    import matplotlib.pyplot as plt  # here, so that importing helpers stays fast
    from matplotlib.patches import Circle

    pos = node_positions(sizes)
    if ax is None:
        ax = plt.subplots(figsize=(2.4 * len(sizes), 1.1 * max(sizes) + 0.8))[1]
    ax = axes("ax", ax)
    for li in range(len(sizes) - 1):
        for i, start in enumerate(pos[li]):
            for j, end in enumerate(pos[li + 1]):
                colour = _COLOURS[j % len(_COLOURS)]
                ax.plot(*zip(start, end, strict=True), color=colour, lw=1.4, zorder=1,
                        linestyle=_STYLES[j % len(_STYLES)])
                # labels sit at a different fraction of each line so crossings stay readable
                t = 0.22 + 0.56 * (j + 0.5) / sizes[li + 1]
                x, y = (1 - t) * start + t * end
                text = (fmt.format(mats[li][i, j]) if mats is not None
                        else _weight_symbol(li, len(sizes), i, j))
                ax.text(x, y, text, color="black", fontsize=8, ha="center", va="center",
                        zorder=3, bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                        "ec": colour, "lw": 1.0, "alpha": 0.9})
    for li, layer in enumerate(pos):
        for (x, y), text in zip(layer, labels[li], strict=True):
            ax.add_patch(Circle((x, y), _RADIUS, fc="white", ec="black", lw=1.5, zorder=2))
            ax.text(x, y, text, ha="center", va="center", fontsize=10, zorder=4)
        if layer_names is not None:
            ax.text(layer[0, 0], -(max(sizes) - 1) / 2 - 0.6, layer_names[li],
                    ha="center", va="top", fontsize=9)
    ax.set_xlim(-0.5, _DX * (len(sizes) - 1) + 0.5)
    ax.set_ylim(-(max(sizes) - 1) / 2 - 1.0, (max(sizes) - 1) / 2 + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _weight_symbol(li: int, n_layers: int, i: int, j: int) -> str:
    if n_layers == 3:  # the course's w_ij (input→hidden) and W_jk (hidden→output)
        return f"${'wW'[li]}_{{{i + 1}{j + 1}}}$"
    sup = "" if n_layers == 2 else f"^{{({li + 1})}}"
    return f"$w{sup}_{{{i + 1}{j + 1}}}$"


def _check_weights(sizes: list[int], weights: Sequence[ArrayLike] | None
                   ) -> list[NDArray[np.float64]] | None:
    if weights is None:
        return None
    if len(weights) != len(sizes) - 1:
        raise ValueError(f"weights: expected {len(sizes) - 1} matrices for layers {sizes}, "
                         f"got {len(weights)}")
    mats = []
    for li, w in enumerate(weights):
        want = (sizes[li], sizes[li + 1])
        mat = as_float_array(f"weights[{li}]", w)
        if mat.ndim == 1 and 1 in want and mat.size == max(want):
            mat = mat.reshape(want)  # a 1-D vector into or out of a single unit
        if mat.shape != want:
            raise ValueError(f"weights[{li}]: expected shape {want} (n_in, n_out), "
                             f"got {mat.shape}")
        mats.append(mat)
    return mats
