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


#: The palette's colours by name, as the codebook screen offers them.
NAMES = (
    "blue",
    "orange",
    "green",
    "magenta",
    "yellow",
    "teal",
    "red",
    "lime",
    "violet",
    "tan",
    "pink",
    "slate",
)


def nearest(colour: str) -> int:
    """The palette colour closest to a code's own `#RRGGBB` (the workbench keeps to its
    palette: each hue has a tint dark enough to read text on)."""

    def rgb(value: str) -> tuple[int, int, int]:
        return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)

    wanted = rgb(colour)
    return min(
        range(len(PALETTE)),
        key=lambda i: sum((a - b) ** 2 for a, b in zip(rgb(PALETTE[i][1]), wanted, strict=True)),
    )


def tint(index: int) -> Style:
    """Background of text coded with the code at `index`."""
    return Style(bgcolor=PALETTE[index % len(PALETTE)][0])


def hue(index: int) -> Style:
    """Foreground of the code's label, bar and swatch."""
    return Style(color=PALETTE[index % len(PALETTE)][1])
