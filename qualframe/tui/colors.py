"""Code colours: a calm palette of dark tints behind the text and bright hues for labels.

Twelve hues, assigned in codebook order, so neighbouring codes never share a colour. Colour is
never the only cue: the reader writes every code's name in its margin too.
"""

from __future__ import annotations

from rich.style import Style

#: (tint behind coded text, hue of the code's label and margin bar)
PALETTE: tuple[tuple[str, str], ...] = (
    ("#21395a", "#7ab8f5"),  # blue
    ("#4d3321", "#f2a96b"),  # orange
    ("#1f4236", "#72d6a8"),  # green
    ("#4a2448", "#e48ad8"),  # magenta
    ("#45401c", "#e8d36a"),  # yellow
    ("#1b4146", "#62d0da"),  # teal
    ("#4d2426", "#f28b8b"),  # red
    ("#34421f", "#b6dc74"),  # lime
    ("#35295a", "#b39cf5"),  # violet
    ("#423326", "#d2b48c"),  # tan
    ("#4a2a38", "#f5a0c0"),  # pink
    ("#33393f", "#b4bec8"),  # slate
)


def tint(index: int) -> Style:
    """Background of text coded with the code at `index`."""
    return Style(bgcolor=PALETTE[index % len(PALETTE)][0])


def hue(index: int) -> Style:
    """Foreground of the code's label, bar and swatch."""
    return Style(color=PALETTE[index % len(PALETTE)][1])
