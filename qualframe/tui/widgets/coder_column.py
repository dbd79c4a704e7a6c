"""One coder's side of a disputed passage: what they coded there, in words and on the text.

Two of these stand side by side in the disagreement view. Each says in words whether the coder
applied the disputed code (all of the passage, part of it, or not at all) and which other codes
they used there instead, then shows the passage with the stretches they coded underlined and
tinted in the code's colour: the words carry the difference, the colour only helps the eye.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from qualframe.analysis.comparison import CodedSpan
from qualframe.tui.colors import hue, tint
from qualframe.tui.data import Codebook
from qualframe.tui.disagreements_data import Passage

UNCODED = Style(dim=True)


class CoderColumn(Vertical):
    """The coder's name on top, their codings of the passage below."""

    DEFAULT_CSS = """
    CoderColumn {
        width: 1fr;
        height: 1fr;
    }
    CoderColumn > .side-title {
        height: 1;
        padding: 0 1;
        background: $panel;
        text-style: bold;
    }
    CoderColumn > VerticalScroll {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", classes="side-title")
        with VerticalScroll():
            yield Static("", classes="side-body")

    def show(self, coder: str, passage: Passage | None, book: Codebook, *, you: bool) -> None:
        """Draw `coder`'s side of `passage` (None: nothing highlighted, an empty side)."""
        self.query_one(".side-title", Static).update(coder + (" (you)" if you else ""))
        body = self.query_one(".side-body", Static)
        body.update(side_text(coder, passage, book) if passage is not None else "")
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def clear(self) -> None:
        """No passage to show (no report, or it failed)."""
        self.query_one(".side-title", Static).update("")
        self.query_one(".side-body", Static).update("")


def side_text(coder: str, passage: Passage, book: Codebook) -> Text:
    """The verdict line, the other codes line, and the passage with the coder's stretches of
    the disputed code underlined."""
    item = passage.item
    own = item.codings.get(coder, ())
    stretches = _stretches([s for s in own if s.code == item.code], item.start, item.end)
    covered = sum(end - start for start, end in stretches)
    length = item.end - item.start
    code = book.code(item.code)
    name = code.name if code is not None else item.code
    label = hue(book.color_of(item.code)) + Style(bold=True)

    out = Text()
    out.append(name, label)
    if covered == length:
        out.append(f": coded, all {length:,} characters")
    elif covered:
        out.append(f": coded {covered:,} of {length:,} characters (underlined)")
    else:
        out.append(": not coded here")
    out.append("\n")
    others = list(dict.fromkeys(s.code for s in own if s.code != item.code))
    if others:
        out.append("Also coded here: ", UNCODED)
        for number, key in enumerate(others):
            other = book.code(key)
            out.append(", " if number else "")
            out.append(other.name if other is not None else key, hue(book.color_of(key)))
    else:
        out.append("No other code here.", UNCODED)
    out.append("\n\n")
    out.append_text(_marked(item.text, item.start, stretches, tint(book.color_of(item.code))))
    return out


def _stretches(spans: list[CodedSpan], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of start..end the spans cover, merged, in order."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted((max(span.start, start), min(span.end, end)) for span in spans):
        if s >= e:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _marked(text: str, offset: int, stretches: list[tuple[int, int]], background: Style) -> Text:
    """The passage text; coded stretches underlined on the code's tint, the rest dimmed when
    part of the passage is coded (so the extent shows without colour too)."""
    out = Text(text)
    if stretches:
        out.stylize(UNCODED)
        for start, end in stretches:
            out.stylize(background + Style(underline=True, dim=False), start - offset, end - offset)
    return out
