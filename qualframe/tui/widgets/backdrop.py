"""The screen below a dialog, drawn behind it as it looked: what lets a dialog sit beside the
text with the text still in sight.

A copy rather than Textual's see-through screen (a screen with a transparent background): that
composites the whole screen below on every change to it, and the reader changes while a coding
commits (a full render of the transcript and panel, 5–10 ms, in the middle of the commit, which
doubled its time). The copy is taken when the dialog opens and again when it asks (after
scrolling the passage into sight); the screen below cannot change by the keys meanwhile, since
the dialog has them. Its click targets are dropped: a click on it does nothing."""

from __future__ import annotations

from rich.segment import Segment
from textual._context import visible_screen_stack
from textual.strip import Strip
from textual.widget import Widget


class Backdrop(Widget):
    """The screen under this one, on a layer below the dialog (`layers: backdrop …`)."""

    DEFAULT_CSS = """
    Backdrop {
        layer: backdrop;
        width: 100%;
        height: 100%;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.strips: list[Strip] = []

    def capture(self) -> None:
        """Copy what the screen below draws now."""
        stack = self.app.screen_stack
        index = stack.index(self.screen) if self.screen in stack else 0
        if index < 1:
            return
        below = stack[index - 1]
        # Textual's own path for drawing a screen under another (`BackgroundScreen`): its
        # compositor's strips, with the stack of visible screens set for its background.
        visible_screen_stack.set([below])
        self.strips = [_inert(strip) for strip in below._compositor.render_strips()]
        self.refresh()

    def render_line(self, y: int) -> Strip:
        if y < len(self.strips):
            return self.strips[y].crop_extend(0, self.size.width, None)
        return Strip.blank(self.size.width)


def _inert(strip: Strip) -> Strip:
    """The strip without its click targets and links, runs of one style joined (Rich's
    `clear_meta_and_links` forgets the style's cached hash; `Strip.discard_meta` keeps it, so
    equal styles would compare unequal depending on what was drawn before)."""
    segments = [
        Segment(text, style.clear_meta_and_links() if style else style, control)
        for text, style, control in strip
    ]
    return Strip(segments, strip.cell_length).simplify()
