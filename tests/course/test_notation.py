"""The notation card (00_start_here, "## Notation") covers every symbol and code name the course
uses: each symbol of the lists below is on the card AND in some chapter 1-9 (so the lists stay
honest), every LaTeX command the chapters write is on the card or is plain layout, and the card
states the one agreement rule and the default ε of helpers.numerical_gradient."""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pytest

from helpers.gradcheck import EPS

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "notebooks" / "solutions"

# the symbols as the chapters write them in their maths (the card must write them the same way)
SYMBOLS = [
    "x_i", "X", "m", "n", r"\mu", "y", "Y", r"\hat y", "p", "P",              # records, targets
    "w_i", "h", r"\sigma", r"\sigma'", "a", "W",                              # units, chapters 1-5
    r"\delta", r"\delta^o", r"\delta^h", r"\Delta w", r"\Delta W",            # error terms, steps
    "W^{[l]}", "b^{[l]}", "z^{[l]}", "a^{[l]}", "a^{[0]}", "Z^{[l]}", "A^{[l]}",  # layers
    "L", r"\delta^{[l]}", "dz", "dZ", r"dz \equiv \delta",
    r"\operatorname{softmax}",
    "E", "C", "C_x", r"\ln", r"\partial C/\partial W", r"\nabla", r"\eta", r"\varepsilon",
    r"\odot", r"\circ", r"\top", r"\boldsymbol\delta", r"\mathbb{R}", r"\lVert",
    r"\mathsf T",
]
# the words that name a quantity
WORDS = ["SSE", "MSE", "cross-entropy", "softmax", "relative error"]

# names in code: each is on the card in backticks and is a name in some chapter's code cells
CODE_NAMES = [
    "x", "X", "m", "n_in", "n_out", "y", "Y", "y_hat", "p", "P", "w", "weights", "h",
    "sigmoid", "sigmoid_prime", "a", "W_input_hidden", "W_hidden_output", "W1", "W2", "delta",
    "delta_o", "delta_h", "biases", "zs", "activations", "softmax", "dZ", "C", "nabla_w",
    "nabla_b", "lr", "eps", "relative_error", "rng",
]

# LaTeX commands that are layout or everyday arithmetic, which the card need not explain
LAYOUT = {
    "frac", "dfrac", "tfrac", "text", "textstyle", "mathrm", "mathbf", "mathrel", "quad",
    "qquad", "bigl", "bigr", "Bigl", "Bigr", "left", "right", "begin", "end", "underline",
    "underbrace", "sum", "sqrt", "approx", "le", "ne", "to", "cdot", "dots", "pm", "max", "lim",
    "in", "mapsto", "longrightarrow", "gtrsim", "times", "rVert", "lvert", "rvert",
}

CODE_SPAN = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)


def _cells(path: Path, kind: str) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [cell.source for cell in nb.cells if cell.cell_type == kind]


def notation_card() -> str:
    cards = [source for source in _cells(SOLUTIONS / "00_start_here.ipynb", "markdown")
             if source.startswith("## Notation")]
    assert len(cards) == 1, f"expected one '## Notation' cell in 00_start_here, got {len(cards)}"
    return cards[0]


def _chapters() -> list[Path]:
    return sorted(p for p in SOLUTIONS.glob("*.ipynb") if not p.name.startswith("00_"))


def chapter_text(kind: str) -> str:
    return "\n".join(source for path in _chapters() for source in _cells(path, kind))


def latex_commands(markdown: str) -> set[str]:
    """The LaTeX commands of a markdown text, outside its code spans and blocks."""
    return set(re.findall(r"\\([A-Za-z]+)", CODE_SPAN.sub("", markdown)))


def writes(markdown: str, symbol: str) -> bool:
    """Whether the maths of a markdown text ($...$, $$...$$) holds the symbol as a whole token."""
    maths = " ".join(a or b for a, b in MATH.findall(CODE_SPAN.sub("", markdown)))
    return re.search(rf"(?<![A-Za-z\\]){re.escape(symbol)}(?![A-Za-z])", maths) is not None


def code_names(card: str) -> set[str]:
    """The names the card writes in backticks, as whole identifiers."""
    return {name for span in re.findall(r"`([^`]*)`", card)
            for name in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", span)}


def test_a_symbol_is_written_when_it_stands_alone_in_the_maths():
    text = "the $n$ inputs, $\\mu$, `m`, $$a^{[l]} = \\sigma(z)$$ and my m"
    symbols = ("n", "m", "mu", "a^{[l]}", r"\sigma", "sigma", "a", "z", "l", "y")
    assert [writes(text, s) for s in symbols] == \
        [True, False, False, True, True, False, True, True, True, False]


def test_latex_commands_skip_code_and_find_every_command():
    text = "$\\sigma'(z) \\odot a$ and `print('\\n')`\n```\nx = '\\t'\n```\n$$\\frac{1}{2}$$"
    assert latex_commands(text) == {"sigma", "odot", "frac"}


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_every_symbol_of_the_course_is_on_the_card(symbol):
    assert writes(notation_card(), symbol), f"the notation card does not write ${symbol}$"


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_every_symbol_on_the_list_is_used_by_a_chapter(symbol):
    assert writes(chapter_text("markdown"), symbol), f"no chapter 1-9 writes ${symbol}$: drop it"


@pytest.mark.parametrize("word", WORDS)
def test_every_word_of_the_course_is_on_the_card_and_in_a_chapter(word):
    assert word in notation_card(), f"the notation card does not say {word!r}"
    assert word in chapter_text("markdown"), f"no chapter 1-9 says {word!r}: drop it"


@pytest.mark.parametrize("name", CODE_NAMES)
def test_every_code_name_of_the_course_is_on_the_card(name):
    assert name in code_names(notation_card()), f"the notation card does not name `{name}`"


@pytest.mark.parametrize("name", CODE_NAMES)
def test_every_code_name_on_the_list_is_used_by_a_chapter(name):
    assert re.search(rf"\b{name}\b", chapter_text("code")), f"no chapter 1-9 code uses {name}"


def test_every_latex_command_of_the_chapters_is_on_the_card_or_layout():
    unexplained = latex_commands(chapter_text("markdown")) - LAYOUT - latex_commands(notation_card())
    assert not unexplained, f"the chapters write, and the card never explains: {sorted(unexplained)}"


def test_the_card_states_the_one_agreement_rule_with_the_default_eps():
    card = notation_card()
    eps = f"10^{{{round(math.log10(EPS))}}}"  # helpers.numerical_gradient's default step
    assert f"$\\varepsilon = {eps}$" in card and f"${eps}$ by default" in card
    for band in ("| below $10^{-6}$ | the two **agree**",
                 "| $10^{-6}$ to $10^{-2}$ | **look closer**",
                 "| above $10^{-2}$ | almost surely a **bug** |"):
        assert band in card, f"the card lacks the band {band!r}"


def test_the_card_names_both_orientations_and_their_chapters():
    card = notation_card()
    assert "**Rows as records** (chapters 2-5 and 9): $X$ has shape $(m, n)$" in card
    assert ("**Columns per layer** (chapters 6-8): one record is a column, $W^{[l]}$ has shape\n"
            "  $(n_\\text{out}, n_\\text{in})$") in card
