"""Dialogs beside the text: the code picker and the memo editor keep the passage they act on in
sight, as a coding tool's side panel does, instead of hiding it behind a centred dialog.

A dialog given a `Beside` docks on the right, over the columns the text does not use (the
stripes and the codebook panel), full height; when that leaves it too little room (a narrow
terminal, or the text widened by hiding the panel) it docks along the bottom instead and the
text scrolls its passage into the rows above. The screen below stays drawn: the dialog's screen
is see-through (Textual composites the screen below it, which costs a full render of that
screen only when something under the dialog changes), and carries its own key bar so the one
below does not offer keys that do nothing while the dialog is open. Without a `Beside` (a
dialog opened from a list, where no passage is beside it) the dialog stays centred."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from textual.app import ComposeResult

from qualframe.tui import layout
from qualframe.tui.screens.base import WorkbenchDialog
from qualframe.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from qualframe.tui.widgets.transcript_view import TranscriptView

T = TypeVar("T")

#: The fewest columns a dialog on the right needs (code names and their themes, a memo box).
SIDE_MIN_WIDTH = 44
#: A centred dialog's widest (`.dialog` in app.tcss).
CENTRED_WIDTH = 84
#: Rows of text a dialog docked at the bottom leaves above it, besides the header.
TEXT_ROWS_ABOVE = 6

Dock = Literal["right", "below"]


@dataclass(frozen=True)
class Beside:
    """The text a dialog acts on, which must stay in sight.

    `text_right()` is the first screen column right of the text (a dialog may cover from there;
    asked again when the terminal is resized); `reveal(row)` scrolls the passage above screen
    row `row`, where a dialog docked below the text starts."""

    text_right: Callable[[], int]
    reveal: Callable[[int], None]


def beside_transcript(view: TranscriptView, span: tuple[int, int]) -> Beside:
    """A dialog about `span` of the transcript may cover from the margin on (the text and the
    blank column after it stay); below the text, `span` scrolls into the rows above it."""
    return Beside(
        lambda: view.region.x + view.geometry().margin_x,
        lambda row: reveal_above(view, span, row - view.region.y),
    )


def reveal_above(view: TranscriptView, span: tuple[int, int], rows: int) -> None:
    """Scroll `span` into the view's first `rows` rows, with a row of context above it when it
    fits (its start, if it is longer than them)."""
    if not view.rows or rows < 1:
        return
    starts = layout.row_starts(view.rows)
    first = layout.row_at(starts, span[0])
    last = layout.row_at(starts, max(span[0], span[1] - 1))
    top = int(view.scroll_offset.y)
    if top <= first and last < top + rows:
        return
    above = 1 if last - first + 2 <= rows else 0
    view.scroll_to(y=max(0, first - above), animate=False, immediate=True)


def dock_for(width: int, text_right: int) -> Dock:
    """On the right when the text leaves the room, else along the bottom."""
    return "right" if width - text_right >= SIDE_MIN_WIDTH else "below"


class BesideDialog(WorkbenchDialog[T]):
    """A dialog (one `.dialog` container) that docks beside the text when given a `Beside`."""

    def __init__(self, beside: Beside | None = None) -> None:
        super().__init__(classes="beside" if beside is not None else None)
        self.beside = beside
        self.dock: Dock | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_dialog()
        if self.beside is not None:
            yield KeyBar()

    def compose_dialog(self) -> ComposeResult:
        """The dialog's own container (class `dialog`) and its widgets."""
        raise NotImplementedError

    def on_mount(self) -> None:
        """(Textual calls each class's `on_mount`: the base's blink setting runs as well.)"""
        self._place()

    def on_resize(self) -> None:
        self.call_after_refresh(self._place)  # once the screen below has laid out again

    def _place(self) -> None:
        """Dock right or below for the current terminal size (centred without a `Beside`)."""
        if self.beside is None:
            return
        self.dock = self.dock_now()
        self.set_class(self.dock == "right", "-right")
        self.set_class(self.dock == "below", "-below")
        dialog = self.query_one(".dialog")
        dialog.styles.width = self.dialog_width()
        if self.dock == "below":
            dialog.styles.max_height = max(1, self.app.size.height - 1 - TEXT_ROWS_ABOVE)
            self.call_after_refresh(self._reveal)
        else:
            dialog.styles.max_height = None

    def dock_now(self) -> Dock | None:
        """Where the dialog goes at the terminal's current size (None: centred)."""
        if self.beside is None:
            return None
        return dock_for(self.app.size.width, self.beside.text_right())

    def dialog_width(self) -> int:
        """The dialog's width in cells (what its content is laid out for)."""
        width = self.app.size.width
        if self.beside is None:
            return min(CENTRED_WIDTH, width * 95 // 100)
        # On the right, every column the text leaves: a margin label is hidden, never cut.
        return width - self.beside.text_right() if self.dock_now() == "right" else width

    def _reveal(self) -> None:
        if self.beside is not None and self.dock == "below" and self.is_attached:
            self.beside.reveal(self.query_one(".dialog").region.y)
