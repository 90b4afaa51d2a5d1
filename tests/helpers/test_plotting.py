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


# --- readable without colour, and a text for every figure ------------------------------------
ALT = "The loss falls quickly over the first epochs and then flattens out near 0.1."
LONG = ("The curve starts near 0.13, drops fastest in the first hundred epochs and then bends "
        "into an almost flat line that ends near 0.097, the lowest loss the unit can reach.")


def test_decision_boundary_has_a_labelled_colour_bar():
    fig, ax = plt.subplots()
    plot_decision_boundary(linear, X, y, ax=ax, resolution=10, colorbar="network output p")
    bars = [a for a in fig.axes if a is not ax]
    assert [b.get_ylabel() for b in bars] == ["network output p"]
    plt.close(fig)
    fig, ax = plt.subplots()
    plot_decision_boundary(linear, X, y, ax=ax, resolution=10, colorbar=None)
    assert fig.axes == [ax]
    with pytest.raises(TypeError, match="^colorbar: expected a label .a string. or None, got int$"):
        plot_decision_boundary(linear, X, y, ax=ax, resolution=10, colorbar=1)
    plt.close(fig)


def test_palette_stays_apart_for_a_deuteranope_and_in_greyscale_with_its_line_styles():
    from matplotlib.colors import to_rgb

    from helpers.plotting import DEUTERANOPE_STEP, LINESTYLES, PALETTE, deuteranopia, greyscale
    rgb = np.array([to_rgb(c) for c in PALETTE])
    seen = deuteranopia(rgb)
    pairs = [(i, j) for i in range(len(rgb)) for j in range(i + 1, len(rgb))]
    # every pair of colours is two colours to a deuteranope; greyscale keeps the line styles
    assert min(np.linalg.norm(seen[i] - seen[j]) for i, j in pairs) > DEUTERANOPE_STEP / 2
    assert len(set(map(str, LINESTYLES))) == len(PALETTE)
    # the simulation itself: grey stays grey, pure red and green become alike
    np.testing.assert_allclose(deuteranopia([0.5, 0.5, 0.5]), [0.5, 0.5, 0.5], atol=2e-3)
    red, green = deuteranopia([[1, 0, 0], [0, 0.5, 0]])
    assert np.linalg.norm(red - green) < 0.3
    np.testing.assert_allclose(greyscale([[1, 1, 1], [0, 0, 0]]), [1, 0], atol=1e-4)


def test_series_told_apart_only_by_colour_are_found():
    from helpers.plotting import course_style, series_problems
    with plt.style.context(course_style()):
        fig, ax = plt.subplots()
        for k in range(7):
            ax.plot([0, 1], [k, k + 1], label=f"series {k}")
        assert series_problems(fig) == []
        ax.plot([0, 1], [1, 0], color="#0072B2", linestyle="-", label="twin")
        ax.scatter([0], [0], color="red", label="red dots")
        ax.scatter([1], [1], color="green", label="green dots")
        problems = series_problems(ax)
    assert [p.split(" differ")[0] for p in problems] == ["'series 0' and 'twin'",
                                                        "'red dots' and 'green dots'"]
    assert problems[1].endswith("give them different line styles or markers")
    plt.close(fig)


def test_show_figure_displays_the_image_with_its_alt_and_long_text(monkeypatch):
    import IPython.display

    from helpers.plotting import show_figure
    shown = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda data, raw, metadata: shown.append((data, metadata)))
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0], label="training loss")
    alt = "Two <b> curves: " + ALT
    show_figure(ax, alt, long=LONG)
    [(data, metadata)] = shown
    assert metadata == {"figure": {"alt": alt, "long": LONG}}
    assert data["text/plain"] == f"{alt}\n\n{LONG}"
    html = data["text/html"]
    assert html.startswith('<figure class="course-figure" style="margin: 0">\n'
                           '<img src="data:image/png;base64,iVBOR')
    assert f'alt="Two &lt;b&gt; curves: {ALT}">' in html
    assert f"<details><summary>Describe the figure in words</summary><p>{LONG}</p></details>" in html
    assert not plt.fignum_exists(fig.number)  # closed: the inline backend shows it no second time
    fig, _ = plt.subplots()
    show_figure(fig, ALT)
    assert "<details>" not in shown[-1][0]["text/html"]
    assert shown[-1][1] == {"figure": {"alt": ALT}}


@pytest.mark.parametrize("alt, long, error, words", [
    (None, None, TypeError, "^alt: expected a description in words .a string., got NoneType$"),
    ("the loss curve", None, ValueError, "^alt: expected at least 8 words saying what the figure "
                                         "shows and what to notice, got 3: 'the loss curve'$"),
    ("# pyplot is imported where the first plot is drawn: slow", None, ValueError,
     "^alt: expected words, not code, TeX or identifiers, got '#'"),
    ("The curve of sigma(z) rises from zero to one over the whole range.", None, ValueError,
     "^alt: expected words, not code, TeX or identifiers, got 'a\\('"),
    ("The curve of $\\sigma$ rises from zero to one over the whole range.", None, ValueError,
     "^alt: expected words, not code, TeX or identifiers, got '\\$'"),
    ("The loss of y_hat rises from zero to one over the whole range.", None, ValueError,
     "^alt: expected words, not code, TeX or identifiers, got 'y_hat'"),
    ("The loss rises from zero to one over the whole range of epochs", None, ValueError,
     "^alt: expected whole sentences ending with a full stop"),
    (ALT, "Too short to describe anything.", ValueError, "^long: expected at least 25 words"),
    (ALT, 3, TypeError, "^long: expected a description in words .a string., got int$"),
])
def test_show_figure_refuses_text_that_is_no_alternative(alt, long, error, words):
    from helpers.plotting import show_figure
    fig, _ = plt.subplots()
    with pytest.raises(error, match=words):
        show_figure(fig, alt, long=long)
    plt.close(fig)


def test_show_figure_refuses_series_that_only_colour_tells_apart_and_names_fig():
    from helpers.plotting import show_figure
    fig, ax = plt.subplots()
    ax.plot([0, 1], color="#0072B2", label="a")
    ax.plot([1, 0], color="#009E73", label="b")
    with pytest.raises(ValueError, match="^fig: 'a' and 'b' differ only by colour"):
        show_figure(fig, ALT)
    with pytest.raises(TypeError, match="^fig: expected a matplotlib Figure or Axes, got str$"):
        show_figure("figure", ALT)
    plt.close(fig)
