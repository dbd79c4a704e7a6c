"""The transcript: speaker turns, line numbers, codings in place, a sentence cursor, selection.

A Line API widget: the layout (`qualframe.tui.layout`) is computed once per width and only the
rows on screen are drawn, so a 20,000-word interview opens as fast as a short one. Every coded
passage gets its code's tint behind the text, overlapping codings are underlined, and the
margin carries a bar per coding and the code's name, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.actions import SkipAction
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from qualframe.corpus.lines import line_of, line_starts
from qualframe.tui import layout
from qualframe.tui.bindings import TRANSCRIPT
from qualframe.tui.data import DocumentText
from qualframe.tui.layout import Mark, Row
from qualframe.tui.overlay import Overlay, build_overlay
from qualframe.tui.widgets.transcript_adjusting import ExtentAdjuster
from qualframe.tui.widgets.transcript_drawing import RowPainter

#: Longest text line in cells: a wide terminal gives the text up to this (longer lines tire
#: the eye over hours of reading), then the rest to the margin's code names, up to their width.
MAX_TEXT_WIDTH = 100
MAX_MARGIN = 40


@dataclass(frozen=True)
class Geometry:
    """Where the gutter, the text and the margin sit, in cells."""

    number_width: int
    text_x: int
    text_width: int
    margin_width: int

    @property
    def margin_x(self) -> int:
        return self.text_x + self.text_width + 1


@dataclass
class Adjusting:
    """A coding whose extent is being changed with `e`."""

    mark: Mark
    start: int
    end: int


class TranscriptView(ScrollView, can_focus=True):
    """One document's text, coded in place, with a sentence cursor."""

    ALLOW_SELECT = False
    BINDINGS = TRANSCRIPT.bindings()
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "transcript--number",
        "transcript--label",
        "transcript--cursor",
        "transcript--cursor-mark",
        "transcript--selection",
        "transcript--adjust",
        "transcript--hit",
        "transcript--more",
    }

    @dataclass
    class CursorMoved(Message):
        """The cursor, the selection or the codings under them changed."""

        view: TranscriptView
        line: int
        passage: tuple[int, int] | None
        marks: tuple[Mark, ...]
        selecting: bool
        adjusting: Mark | None

    @dataclass
    class ExtentChosen(Message):
        """`enter` while adjusting: save the coding's new extent."""

        mark: Mark
        start: int
        end: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: DocumentText | None = None
        self.marks: list[Mark] = []
        self._rows: list[Row] = []
        self._row_starts: list[int] = []
        self._line_starts: list[int] = []
        self._overlay = Overlay([])
        self._sentence_starts: list[int] = []
        self._sentence_ends: list[int] = []
        self._layout_width = 0
        self.cursor = 0
        self.select_from: int | None = None
        self.mouse_span: tuple[int, int] | None = None
        self.adjusting: Adjusting | None = None
        self.hit: tuple[int, int] | None = None
        self._drag_from: int | None = None
        self._painter = RowPainter(self)
        self._adjuster = ExtentAdjuster(self)
        self._geometry: tuple[tuple[int, int], Geometry] | None = None

    # --- content --------------------------------------------------------------------------

    def show(self, document: DocumentText, marks: list[Mark]) -> None:
        """Display a document (the cursor on its first sentence)."""
        self.document = document
        sentences = document.sentences or layout.fallback_sentences(document.text, document.turns)
        self._sentence_starts = [s for s, _ in sentences]
        self._sentence_ends = [e for _, e in sentences]
        self._line_starts = line_starts(document.text)
        self.cursor, self.select_from, self.mouse_span, self.adjusting = 0, None, None, None
        self.marks = marks
        self._layout_width = 0
        self._relayout()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._moved()

    def blank(self) -> None:
        """Nothing shown (the next document is on its way)."""
        self.document, self.marks, self._rows, self._row_starts = None, [], [], []
        self._overlay = Overlay([])
        self.virtual_size = Size(0, 0)
        self.refresh()

    def set_marks(self, marks: list[Mark], *, clear_selection: bool = False) -> None:
        """New codings (after a change); the cursor stays where it is, the selection too
        unless it was just coded."""
        if clear_selection:
            self.select_from, self.mouse_span = None, None
        self.marks = marks
        self._overlay.update(marks)
        if self.adjusting is not None and all(m.id != self.adjusting.mark.id for m in marks):
            self.adjusting = None
        self.refresh()
        self._moved()

    def recolor(self, color_of: Callable[[str], int]) -> None:
        """New code colours (the codebook arrived or changed): the same codings, so the
        layout of lanes and labels stays and only the colours are swapped."""
        if all(mark.color == color_of(mark.code) for mark in self.marks):
            return
        self.marks = [mark._replace(color=color_of(mark.code)) for mark in self.marks]
        self._overlay.update(self.marks)
        self.refresh()
        self._moved()

    def jump_to(self, start: int, end: int) -> None:
        """Put the cursor on the sentence holding `start` and mark `[start, end)` (a search hit)."""
        self.cursor = self._sentence_at(start)
        self.select_from, self.mouse_span, self.adjusting = None, None, None
        self.hit = (start, end)
        self._reveal(center=True)
        # A reader opened from elsewhere gets its first layout after this (its scroll then
        # starts at the top again): scroll once more when the frame is drawn.
        self.call_after_refresh(self._reveal, center=True)
        self.refresh()
        self._moved()

    # --- what the screen asks -------------------------------------------------------------

    @property
    def rows(self) -> list[Row]:
        """The display rows of the current layout."""
        return self._rows

    @property
    def sentence_count(self) -> int:
        return len(self._sentence_starts)

    def cursor_span(self) -> tuple[int, int] | None:
        if not self._sentence_starts:
            return None
        return self._sentence_starts[self.cursor], self._sentence_ends[self.cursor]

    def selection(self) -> tuple[int, int] | None:
        """The selected span (mouse or `v`), or None."""
        if self.mouse_span is not None:
            return self.mouse_span
        if self.select_from is None or not self._sentence_starts:
            return None
        low, high = sorted((self.select_from, self.cursor))
        return self._sentence_starts[low], self._sentence_ends[high]

    def passage(self) -> tuple[int, int] | None:
        """What `c` codes: the selection, else the sentence under the cursor."""
        return self.selection() or self.cursor_span()

    def marks_at_cursor(self) -> list[Mark]:
        """Codings overlapping the passage, innermost first (what `d`, `r`, `e` act on)."""
        span = self.passage()
        if span is None:
            return []
        start, end = span
        found = [m for m in self.marks if m.start < end and m.end > start]
        return sorted(found, key=lambda m: (m.end - m.start, m.start))

    def line_of(self, offset: int) -> int:
        return line_of(self._line_starts, offset)

    def begin_adjust(self, mark: Mark) -> None:
        """Start changing `mark`'s extent: arrows move its end, shift+arrows its start."""
        self.select_from, self.mouse_span, self.hit = None, None, None
        self.adjusting = Adjusting(mark, mark.start, mark.end)
        self.refresh()
        self._moved()

    # --- layout ---------------------------------------------------------------------------

    def geometry(self) -> Geometry:
        """Gutter, text and margin for the current width (memoised: asked for every row)."""
        key = (self.size.width, len(self._line_starts))
        if self._geometry is None or self._geometry[0] != key:
            self._geometry = (key, self._measure())
        return self._geometry[1]

    def _measure(self) -> Geometry:
        # Keep the scrollbar's column whether it shows or not: it appears only after the first
        # layout, and the layout must not depend on it.
        width = self.size.width - 1
        number_width = max(3, len(str(len(self._line_starts))))
        gutter = number_width + 3
        margin = 22 if width >= 76 else 16 if width >= 56 else 0
        text_width = max(20, min(MAX_TEXT_WIDTH, width - gutter - margin - 1))
        if margin:  # what the text leaves goes to the code names
            margin = max(margin, min(MAX_MARGIN, width - gutter - text_width - 1))
        return Geometry(number_width, gutter, text_width, margin)

    def _relayout(self) -> None:
        if self.document is None:
            return
        geometry = self.geometry()
        if geometry.text_width == self._layout_width and self._rows:
            return
        self._layout_width = geometry.text_width
        self._rows = layout.layout_rows(
            self.document.text, self.document.turns, geometry.text_width
        )
        self._row_starts = layout.row_starts(self._rows)
        self._overlay = build_overlay(self._rows, self.marks, self._row_starts)
        self.virtual_size = Size(geometry.margin_x + geometry.margin_width, len(self._rows))
        self.refresh()

    def on_resize(self, _event: events.Resize) -> None:
        self._relayout()
        self._reveal()

    # --- drawing (RowPainter) and adjusting (ExtentAdjuster) ------------------------------

    def render_line(self, y: int) -> Strip:
        return self._painter.render_line(y)

    def notify_style_update(self) -> None:
        self._painter.reset_styles()
        super().notify_style_update()

    def action_word_right(self) -> None:
        self._adjuster.word_right()

    def action_word_left(self) -> None:
        self._adjuster.word_left()

    def action_start_left(self) -> None:
        """`shift+←`: while adjusting, the coding's start a word earlier; else the selection's
        end a word earlier."""
        if self.adjusting is None:
            self._adjuster.select_word(forward=False)
        else:
            self._adjuster.start_left()

    def action_start_right(self) -> None:
        """`shift+→`: while adjusting, the coding's start a word later; else the selection's
        end a word later (from the cursor's sentence start; on across sentences)."""
        if self.adjusting is None:
            self._adjuster.select_word(forward=True)
        else:
            self._adjuster.start_right()

    def action_save_extent(self) -> None:
        self._adjuster.save()

    # --- repainting only what changed ----------------------------------------------------

    def _highlights(self) -> list[tuple[int, int]]:
        """Every span drawn differently from plain coded text (cursor, selection, hit, ...)."""
        spans = [self.passage(), self.cursor_span(), self.hit]
        if self.adjusting is not None:
            spans.append((self.adjusting.start, self.adjusting.end))
        return [span for span in spans if span is not None]

    def _repaint(self, before: list[tuple[int, int]], top: float) -> None:
        """Redraw the rows of the highlights before and after a change; everything if the view
        scrolled (a cursor step then costs a few rows, not the whole screen)."""
        if self.scroll_offset.y != top or not self._rows:
            self.refresh()
            return
        for start, end in before + self._highlights():
            first = layout.row_at(self._row_starts, start)
            last = layout.row_at(self._row_starts, max(start, end - 1))
            self.refresh_lines(first, last - first + 1)

    # --- moving ---------------------------------------------------------------------------

    def _sentence_at(self, offset: int) -> int:
        return layout.sentence_at(self._sentence_starts, self._sentence_ends, offset)

    def _move(self, delta: int) -> None:
        if not self._sentence_starts:
            return
        before, top = self._highlights(), self.scroll_offset.y
        self.mouse_span = None
        self.hit = None
        self.cursor = max(0, min(self.sentence_count - 1, self.cursor + delta))
        self._reveal()
        self._repaint(before, top)
        self._moved()

    def action_cursor_down(self) -> None:
        if self.adjusting is not None:
            self._adjuster.by_sentence_end(forward=True)
        else:
            self._move(1)

    def action_cursor_up(self) -> None:
        if self.adjusting is not None:
            self._adjuster.by_sentence_end(forward=False)
        else:
            self._move(-1)

    def action_extend_down(self) -> None:
        if self.adjusting is not None:
            self._adjuster.by_sentence_start(forward=True)
            return
        if self.select_from is None:
            self.select_from = self.cursor
        self._move(1)

    def action_extend_up(self) -> None:
        if self.adjusting is not None:
            self._adjuster.by_sentence_start(forward=False)
            return
        if self.select_from is None:
            self.select_from = self.cursor
        self._move(-1)

    def action_select(self) -> None:
        """`v`: start a selection at the cursor (or drop the one in progress)."""
        if self.adjusting is not None:
            return
        before, top = self._highlights(), self.scroll_offset.y
        self.mouse_span = None
        self.select_from = self.cursor if self.select_from is None else None
        self._repaint(before, top)
        self._moved()

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        span = self.cursor_span()
        if span is None:
            return
        row = layout.row_at(self._row_starts, span[0])
        target = max(0, min(len(self._rows) - 1, row + direction * max(1, self.size.height - 2)))
        self.scroll_to(
            y=max(0, self.scroll_offset.y + direction * (self.size.height - 2)),
            animate=False,
            immediate=True,
        )
        self._move(self._sentence_at(self._rows[target].start) - self.cursor)

    def action_first(self) -> None:
        self._move(-self.cursor)

    def action_last(self) -> None:
        self._move(self.sentence_count - 1 - self.cursor)

    def action_clear(self) -> None:
        """`escape`: cancel adjusting, else drop the selection; with neither, leave the screen."""
        if self.adjusting is not None:
            self.adjusting = None
        elif self.select_from is not None or self.mouse_span is not None or self.hit is not None:
            self.select_from, self.mouse_span, self.hit = None, None, None
        else:
            raise SkipAction()
        self.refresh()
        self._moved()

    # --- mouse ----------------------------------------------------------------------------

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or not self._rows:
            return None
        index = min(len(self._rows) - 1, int(self.scroll_offset.y) + offset.y)
        row = self._rows[index]
        column = offset.x - self.geometry().text_x - row.indent
        return max(row.start, min(row.end, row.start + column))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        self.focus()
        self._drag_from = self._offset_at(event)
        if self._drag_from is not None:
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None or self.document is None:
            return
        offset = self._offset_at(event)
        if offset is None or offset == self._drag_from:
            return
        low, high = sorted((self._drag_from, offset))
        start, end = layout.trim(self.document.text, low, high + 1)
        if end > start:
            self.select_from, self.hit = None, None
            self.mouse_span = (start, min(end, len(self.document.text)))
            if self.adjusting is not None:
                self.adjusting.start, self.adjusting.end = self.mouse_span
                self.mouse_span = None
            self.refresh()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_from is None:
            return
        offset = self._offset_at(event)
        started, self._drag_from = self._drag_from, None
        self.release_mouse()
        if offset is not None and offset == started and self.adjusting is None:
            self.mouse_span, self.select_from, self.hit = None, None, None
            self.cursor = self._sentence_at(offset)
        self.refresh()
        self._moved()

    # --- keeping the cursor in view -------------------------------------------------------

    def _reveal(self, *, center: bool = False) -> None:
        span = self.cursor_span()
        if span is None or not self._rows:
            return
        first = layout.row_at(self._row_starts, span[0])
        last = layout.row_at(self._row_starts, max(span[0], span[1] - 1))
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if center:
            self.scroll_to(y=max(0, first - height // 3), animate=False, immediate=True)
        elif first < top + 1:
            self.scroll_to(y=max(0, first - 1), animate=False, immediate=True)
        elif last >= top + height - 1:
            self.scroll_to(y=min(last - height + 2, first - 1), animate=False, immediate=True)

    def _moved(self) -> None:
        span = (
            self.passage() if self.adjusting is None else (self.adjusting.start, self.adjusting.end)
        )
        self.post_message(
            self.CursorMoved(
                self,
                self.line_of(span[0]) if span else 1,
                span,
                tuple(self.marks_at_cursor()),
                self.selection() is not None,
                self.adjusting.mark if self.adjusting else None,
            )
        )
