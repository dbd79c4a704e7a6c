"""Dialogs beside the text: the code picker and the memo editor keep the passage they act on in
sight, as a coding tool's side panel does, instead of hiding it behind a centred dialog.

A dialog given a `Beside` docks on the right, over the columns the text does not use (the
stripes and the codebook panel), full height; when that leaves it too little room (a narrow
terminal, or the text widened by hiding the panel) it docks along the bottom instead and the
text scrolls its passage into the rows above; a passage too near the end to scroll up (the
last lines of a transcript, a short list) keeps its place and the dialog docks along the top,
under the screen's header. The screen below stays drawn around the dialog (`Backdrop`, a copy
of it), and the dialog carries its own key bar so the one below does not offer keys that do
nothing while the dialog is open. Without a `Beside` (a dialog opened from a list, where no
passage is beside it) the dialog stays centred."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from textual.app import ComposeResult

from qualframe.tui import layout
from qualframe.tui.screens.base import WorkbenchDialog
from qualframe.tui.widgets.backdrop import Backdrop
from qualframe.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView

    from qualframe.tui.widgets.passage_list import PassageList
    from qualframe.tui.widgets.transcript_view import TranscriptView

T = TypeVar("T")

#: The fewest columns a dialog on the right needs (code names and their themes, a memo box).
SIDE_MIN_WIDTH = 44
#: A centred dialog's widest (`.dialog` in app.tcss).
CENTRED_WIDTH = 84
#: Rows of text a dialog docked at the bottom leaves above it.
TEXT_ROWS_ABOVE = 6

Dock = Literal["right", "below", "above"]


@dataclass(frozen=True)
class Beside:
    """The text a dialog acts on, which must stay in sight.

    `text_right()` and `text_top()` are the first screen column right of the text (a dialog
    may cover from there) and the text's first row (asked again when the terminal is resized);
    `reveal(row)` scrolls the passage above screen row `row`, where a dialog docked below the
    text starts, and says whether it could."""

    text_right: Callable[[], int]
    text_top: Callable[[], int]
    reveal: Callable[[int], bool]


def beside_transcript(view: TranscriptView, span: tuple[int, int]) -> Beside:
    """A dialog about `span` of the transcript may cover from the margin on (the text and the
    blank column after it stay); below the text, `span` scrolls into the rows above it."""

    def reveal(row: int) -> bool:
        if not view.rows:
            return True
        starts = layout.row_starts(view.rows)
        first = layout.row_at(starts, span[0])
        last = layout.row_at(starts, max(span[0], span[1] - 1))
        return scroll_above(view, first, last, row - view.region.y)

    return Beside(lambda: view.region.x + view.geometry().margin_x, lambda: view.region.y, reveal)


def beside_list(listing: PassageList) -> Beside:
    """A dialog about the highlighted passage of a list as wide as the screen: below the list,
    the passage scrolled above it."""

    def reveal(row: int) -> bool:
        rows = listing.highlighted_rows()
        return rows is None or scroll_above(listing, *rows, row - listing.region.y)

    return Beside(lambda: listing.region.right, lambda: listing.region.y, reveal)


def scroll_above(view: ScrollView, first: int, last: int, rows: int) -> bool:
    """Scroll the view's lines `first`..`last` into its first `rows` rows on screen, with a line
    of context above them when they fit (their start, if they are longer); False when the view
    cannot scroll that far."""
    if rows < 1:
        return False
    top = int(view.scroll_offset.y)
    if top <= first and last < top + rows:
        return True
    above = 1 if last - first + 2 <= rows else 0
    view.scroll_to(y=max(0, first - above), animate=False, immediate=True)
    return int(view.scroll_offset.y) <= first < int(view.scroll_offset.y) + rows


def dock_for(width: int, text_right: int) -> Dock:
    """On the right when the text leaves the room, else along the bottom."""
    return "right" if width - text_right >= SIDE_MIN_WIDTH else "below"


class BesideDialog(WorkbenchDialog[T]):
    """A dialog (one `.dialog` container) that docks beside the text when given a `Beside`."""

    def __init__(self, beside: Beside | None = None) -> None:
        super().__init__(classes="beside" if beside is not None else None)
        self.beside = beside
        self.covers_below = beside is not None
        self.dock: Dock | None = None

    def compose(self) -> ComposeResult:
        if self.beside is not None:
            yield Backdrop()
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
        self._dock(self.dock_now())
        dialog = self.query_one(".dialog")
        dialog.styles.width = self.dialog_width()
        if self.dock == "below":
            dialog.styles.max_height = self.below_height()
            self.call_after_refresh(self._reveal)
        else:
            dialog.styles.max_height = None
        self.fit_dock()
        self.query_one(Backdrop).capture()

    def _dock(self, dock: Dock | None) -> None:
        self.dock = dock
        for side in ("right", "below", "above"):
            self.set_class(dock == side, f"-{side}")
        dialog = self.query_one(".dialog")
        if dock == "above" and self.beside is not None:
            dialog.styles.margin = (self.beside.text_top(), 0, 0, 0)  # under the header
        else:
            dialog.styles.margin = None

    def fit_dock(self) -> None:
        """Fit the content to where the dialog was placed (`dock`, `below_height`)."""

    def below_height(self) -> int:
        """The most rows a dialog docked below (or above) the text may take."""
        top = self.beside.text_top() if self.beside is not None else 0
        return max(3, self.app.size.height - top - TEXT_ROWS_ABOVE)

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
        """Below the text, the passage scrolls above the dialog; if it cannot, the dialog goes
        to the top, over the text before the passage."""
        if self.beside is None or self.dock != "below" or not self.is_attached:
            return
        if not self.beside.reveal(self.query_one(".dialog").region.y):
            self._dock("above")
        self.query_one(Backdrop).capture()
