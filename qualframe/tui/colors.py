"""Code colours: a calm palette of dark tints behind the text and bright hues for labels.

Twelve hues, assigned in codebook order, so neighbouring codes never share a colour. Colour is
never the only cue: the reader writes every code's name in its margin too.
"""

from __future__ import annotations

from rich.style import Style

#: (tint behind coded text, hue of the code's label and margin bar)
PALETTE: tuple[tuple[str, str], ...] = (
    ("#3f2b52", "#c9a0f0"),  # violet
    ("#1f4236", "#72d6a8"),  # green
    ("#4d3321", "#f2a96b"),  # orange
    ("#20394f", "#7ab8f5"),  # blue
    ("#4a2630", "#f28b9f"),  # rose
    ("#3b4221", "#c3d674"),  # olive
    ("#1d4345", "#6fd3d6"),  # teal
    ("#4a3f1c", "#e8cf6a"),  # gold
    ("#2f2f55", "#a3a8f0"),  # indigo
    ("#48283f", "#e59ad3"),  # pink
    ("#35393d", "#b4bec8"),  # slate
    ("#3e3324", "#d2b48c"),  # tan
)


def tint(index: int) -> Style:
    """Background of text coded with the code at `index`."""
    return Style(bgcolor=PALETTE[index % len(PALETTE)][0])


def hue(index: int) -> Style:
    """Foreground of the code's label, bar and swatch."""
    return Style(color=PALETTE[index % len(PALETTE)][1])
