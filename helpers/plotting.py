"""Plots that several chapters share: a loss curve (chapters 2, 5, 7) and a decision boundary
in the plane (chapters 6 and 7); the course's colour-blind-safe style; and ``show_figure``, which
displays a figure with the text a reader who cannot see it gets instead."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

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
                           margin: float = 0.5, colorbar: str | None = "network output") -> Axes:
    """Shade ``predict``'s output over the plane, draw its 0.5 contour, scatter the records.

    Inputs:  predict: maps an (n, 2) array of points to n probabilities in [0, 1], shape
             (n,) or (n, 1) (pass σ of a logit, not the logit);
             X: shape (m, 2), one record per row; y: m labels, each exactly 0 or 1 (any
             shape with m entries); ax: the Axes (default a new figure);
             resolution: grid points per side; margin: how far the plane reaches past X;
             colorbar: the label of the colour bar beside the plane (None: no colour bar).
    Returns: the Axes. The shading is ``SEQUENTIAL`` (dark for 0, light for 1, in greyscale
             too); class 0 are circles, class 1 squares.
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
    if colorbar is not None and not isinstance(colorbar, str):
        raise TypeError(f"colorbar: expected a label (a string) or None, got "
                        f"{type(colorbar).__name__}")
    ax = axes("ax", ax)
    shading = ax.contourf(g0, g1, p, levels=np.linspace(0, 1, 11), cmap=SEQUENTIAL, alpha=0.5,
                          vmin=0, vmax=1)
    if colorbar is not None:
        ax.figure.colorbar(shading, ax=ax, label=colorbar, ticks=np.linspace(0, 1, 6))
    if p.min() < 0.5 < p.max():  # otherwise there is no boundary to draw
        ax.contour(g0, g1, p, levels=[0.5], colors="black", linewidths=1.5)
    for label, marker, colour in ((0, "o", PALETTE[5]), (1, "s", PALETTE[1])):
        pick = y == label
        ax.scatter(X[pick, 0], X[pick, 1], marker=marker, c=colour, edgecolors="black",
                   label=f"y = {label}", zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="best")
    return ax


# --- readable without colour -------------------------------------------------------------------
# Okabe & Ito's palette (2008), told apart under every common colour-vision deficiency; yellow is
# left out (too pale on white). Each series also gets its own line style, so that a greyscale
# print or a reader who sees no colour still tells the lines apart.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
LINESTYLES = ("-", "--", "-.", ":", (0, (6, 2, 1, 2, 1, 2)), (0, (10, 3)), (0, (1, 4)))
# lightness rises steadily from one end to the other: a colour bar that reads in greyscale
SEQUENTIAL = "cividis"


def course_style() -> dict:
    """The course's matplotlib settings: ``plt.style.use(course_style())`` or
    ``use_course_style()``. The colour cycle is ``PALETTE`` with ``LINESTYLES`` beside it."""
    from cycler import cycler

    return {"axes.prop_cycle": cycler(color=PALETTE) + cycler(linestyle=LINESTYLES),
            "image.cmap": SEQUENTIAL, "lines.linewidth": 1.8, "scatter.edgecolors": "black"}


def use_course_style() -> None:
    """Apply ``course_style()`` to every figure drawn after this call."""
    import matplotlib.pyplot as plt  # here, so that importing helpers stays fast

    plt.style.use(course_style())


def _linear(channel: np.ndarray) -> np.ndarray:
    return np.where(channel <= 0.04045, channel / 12.92, ((channel + 0.055) / 1.055) ** 2.4)


def greyscale(rgb: ArrayLike) -> NDArray[np.float64]:
    """Relative luminance (WCAG 2.1) of sRGB colours with channels in [0, 1], shape (..., 3)
    -> (...): what a greyscale print keeps of a colour."""
    rgb = as_float_array("rgb", rgb)
    return _linear(rgb) @ np.array([0.2126, 0.7152, 0.0722])


# Machado, Oliveira & Fernandes (2009), deuteranopia at severity 1, on linear RGB
_DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968],
                          [0.280085, 0.672501, 0.047413],
                          [-0.011820, 0.042940, 0.968881]])


def deuteranopia(rgb: ArrayLike) -> NDArray[np.float64]:
    """sRGB colours, shape (..., 3) in [0, 1], as a deuteranope sees them (Machado et al. 2009)."""
    lin = np.clip(_linear(as_float_array("rgb", rgb)) @ _DEUTERANOPIA.T, 0, 1)
    return np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)


GREY_STEP = 0.2  # luminance apart that a greyscale print keeps apart
DEUTERANOPE_STEP = 0.25  # sRGB distance apart that a deuteranope sees as two colours


def _series(ax) -> list[tuple[str, tuple, np.ndarray]]:
    """(label, shape, rgb) of each legend entry of ``ax``: the shape is the line style and
    marker of a line, the marker's outline of a scatter."""
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_rgb
    from matplotlib.lines import Line2D

    found = []
    for artist in [*ax.lines, *ax.collections]:
        label = artist.get_label()
        if label.startswith("_"):
            continue
        if isinstance(artist, Line2D):
            # get_linestyle() says "--" for every dash pattern: the pattern itself tells them apart
            dashes = getattr(artist, "_unscaled_dash_pattern", None)
            shape = (artist.get_linestyle(), str(dashes), str(artist.get_marker()))
            rgb = to_rgb(artist.get_color())
        elif isinstance(artist, PathCollection) and len(artist.get_facecolors()):
            shape = ("scatter", tuple(np.round(artist.get_paths()[0].vertices, 2).ravel()))
            rgb = tuple(artist.get_facecolors()[0][:3])
        else:
            continue
        found.append((label, shape, np.asarray(rgb, dtype=float)))
    return found


def series_problems(fig) -> list[str]:
    """Pairs of series in a figure's legends that only colour tells apart, and that a greyscale
    print or a deuteranope (the most common colour-vision deficiency) would confuse.

    Inputs:  fig: a matplotlib Figure (or Axes: its figure).
    Returns: one sentence per confusable pair, empty when every pair differs in line style or
             marker, or in grey level (by ``GREY_STEP``) and as a deuteranope sees it
             (by ``DEUTERANOPE_STEP``).
    """
    fig = _figure("fig", fig)
    problems = []
    for ax in fig.axes:
        entries = _series(ax)
        for k, (a, shape_a, rgb_a) in enumerate(entries):
            for b, shape_b, rgb_b in entries[k + 1:]:
                if shape_a != shape_b:
                    continue
                grey = abs(float(greyscale(rgb_a) - greyscale(rgb_b)))
                seen = float(np.linalg.norm(deuteranopia(rgb_a) - deuteranopia(rgb_b)))
                if grey < GREY_STEP or seen < DEUTERANOPE_STEP:
                    problems.append(f"{a!r} and {b!r} differ only by colour (grey levels "
                                    f"{grey:.2f} apart, {seen:.2f} for a deuteranope): give "
                                    "them different line styles or markers")
    return problems


# --- a figure with its text alternative -----------------------------------------------------
MIN_ALT_WORDS = 8
MIN_LONG_WORDS = 25
# what an alternative text must not look like: code, TeX, a file name or a bare label
_CODE = re.compile(r"(^\s*#)|(\b(import|def|plt|np|ax|fig)\b\s*[.(]?)|([=\[\]{}`$\\])|"
                   r"(\w\(|\b[A-Za-z0-9]+_\w+\b)")


def text_problem(name: str, text: object, min_words: int) -> str | None:
    """Why ``text`` is no text alternative for a reader who cannot see the figure, or None.

    It must be sentences in words (at least ``min_words``, ending with a full stop), not
    code, TeX or identifiers, which a screen reader reads out character by character.
    """
    if not isinstance(text, str):
        return f"{name}: expected a description in words (a string), got {type(text).__name__}"
    words = text.split()
    if len(words) < min_words:
        return (f"{name}: expected at least {min_words} words saying what the figure shows and "
                f"what to notice, got {len(words)}: {text!r}")
    code = _CODE.search(text)
    if code:
        return (f"{name}: expected words, not code, TeX or identifiers, got {code[0].strip()!r} "
                f"in {text!r}")
    if not text.rstrip().endswith((".", "!", "?")):
        return f"{name}: expected whole sentences ending with a full stop, got {text!r}"
    return None


def _figure(name: str, fig: object):
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(fig, Axes):
        return fig.figure
    if not isinstance(fig, Figure):
        raise TypeError(f"{name}: expected a matplotlib Figure or Axes, got {type(fig).__name__}")
    return fig


def figure_html(png: bytes, alt: str, long: str | None = None) -> str:
    """The HTML of a figure: the PNG with its ``alt`` text, and under it, when given, the long
    description in a disclosure a reader opens (JupyterLab and the site both show it)."""
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    parts = ['<figure class="course-figure" style="margin: 0">',
             f'<img src="{src}" alt="{html.escape(alt, quote=True)}">']
    if long is not None:
        parts.append("<details><summary>Describe the figure in words</summary>"
                     f"<p>{html.escape(long)}</p></details>")
    parts.append("</figure>")
    return "\n".join(parts)


def show_figure(fig, alt: str, long: str | None = None) -> None:
    """Display a figure with its text alternative, in place of ``plt.show()``.

    Inputs:  fig: the Figure (or one of its Axes); alt: what the figure shows and what to
             notice, in a sentence or two (read out instead of the image); long: for a figure
             that carries the lesson, a longer description (the numbers, the shape of the
             curves), shown on request under the figure.
    Returns: nothing; the output holds the image with its ``alt`` (HTML, which JupyterLab and
             the site render as ``<img alt>``), the text alone for plain-text front ends, and
             ``{"figure": {"alt": ..., "long": ...}}`` as its metadata.
    Raises:  TypeError/ValueError naming ``alt`` or ``long`` when either reads like code or
             says too little; ValueError naming ``fig`` when two of its series differ only by
             colour (``series_problems``).
    """
    fig = _figure("fig", fig)
    for name, text, least in (("alt", alt, MIN_ALT_WORDS), ("long", long, MIN_LONG_WORDS)):
        if text is None and name == "long":
            continue
        problem = text_problem(name, text, least)
        if problem:
            raise (ValueError if isinstance(text, str) else TypeError)(problem)
    problems = series_problems(fig)
    if problems:
        raise ValueError("fig: " + "; ".join(problems))
    import matplotlib.pyplot as plt  # here, so that importing helpers stays fast
    from IPython.core.pylabtools import print_figure
    from IPython.display import display

    png = print_figure(fig, "png", bbox_inches="tight")
    plt.close(fig)  # the inline backend would show it a second time, without its text
    text = alt if long is None else f"{alt}\n\n{long}"
    display({"text/html": figure_html(png, alt, long), "text/plain": text}, raw=True,
            metadata={"figure": {"alt": alt, **({"long": long} if long else {})}})
