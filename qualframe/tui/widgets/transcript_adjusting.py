"""Adjusting a coding's extent in the transcript (`e`): its end and start by sentence or by
word, then `enter` saves it; and, when nothing is adjusted, the selection's end by a word
(`shift+→`, `shift+←`). `TranscriptView`'s keys for these call one `ExtentAdjuster`."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from textual.actions import SkipAction

from qualframe.tui import layout

if TYPE_CHECKING:
    from qualframe.tui.widgets.transcript_view import TranscriptView


class ExtentAdjuster:
    """Moves the ends of the coding being adjusted in one view."""

    def __init__(self, view: TranscriptView) -> None:
        self.view = view

    def by_sentence_end(self, *, forward: bool) -> None:
        adjusting = self.view.adjusting
        assert adjusting is not None
        before, top = self.view._highlights(), self.view.scroll_offset.y
        if forward:
            index = bisect_left(self.view._sentence_ends, adjusting.end + 1)
            if index < self.view.sentence_count:
                adjusting.end = self.view._sentence_ends[index]
        else:
            index = bisect_left(self.view._sentence_ends, adjusting.end) - 1
            if index >= 0 and self.view._sentence_ends[index] > adjusting.start:
                adjusting.end = self.view._sentence_ends[index]
        self._adjusted(adjusting.end, before, top)

    def by_sentence_start(self, *, forward: bool) -> None:
        adjusting = self.view.adjusting
        assert adjusting is not None
        before, top = self.view._highlights(), self.view.scroll_offset.y
        if forward:
            index = bisect_left(self.view._sentence_starts, adjusting.start + 1)
            if (
                index < self.view.sentence_count
                and self.view._sentence_starts[index] < adjusting.end
            ):
                adjusting.start = self.view._sentence_starts[index]
        else:
            index = bisect_left(self.view._sentence_starts, adjusting.start) - 1
            if index >= 0:
                adjusting.start = self.view._sentence_starts[index]
        self._adjusted(adjusting.start, before, top)

    def _adjusted(self, offset: int, before: list[tuple[int, int]], top: float) -> None:
        self.view.cursor = self.view._sentence_at(max(0, offset - 1))
        self.view._reveal()
        self.view._repaint(before, top)
        self.view._moved()

    def _word(self, *, at_end: bool, forward: bool) -> None:
        adjusting = self.view.adjusting
        if adjusting is None or self.view.document is None:
            raise SkipAction()
        text = self.view.document.text
        window = 400
        before, top = self.view._highlights(), self.view.scroll_offset.y
        if at_end and forward:
            adjusting.end = layout.next_word_end(
                text, adjusting.end, min(len(text), adjusting.end + window)
            )
        elif at_end:
            adjusting.end = layout.previous_word_end(text, adjusting.start, adjusting.end)
        elif forward:
            adjusting.start = layout.next_word_start(text, adjusting.start, adjusting.end)
        else:
            adjusting.start = layout.previous_word_start(
                text, max(0, adjusting.start - window), adjusting.start
            )
        self._adjusted(adjusting.end if at_end else adjusting.start, before, top)

    def word_right(self) -> None:
        self._word(at_end=True, forward=True)

    def word_left(self) -> None:
        self._word(at_end=True, forward=False)

    def start_left(self) -> None:
        self._word(at_end=False, forward=False)

    def start_right(self) -> None:
        self._word(at_end=False, forward=True)

    def save(self) -> None:
        if self.view.adjusting is None:
            raise SkipAction()
        adjusting, self.view.adjusting = self.view.adjusting, None
        self.view.refresh()
        self.view.post_message(
            self.view.ExtentChosen(adjusting.mark, adjusting.start, adjusting.end)
        )
        self.view._moved()

    def select_word(self, *, forward: bool) -> None:
        """Not adjusting: the selection's end a word later or earlier (a selection starts at
        the cursor's sentence), as precise as the mouse and on across sentences."""
        view = self.view
        if view.document is None or not view._sentence_starts:
            return
        text = view.document.text
        span = view.selection()
        start, end = span if span is not None else (view._sentence_starts[view.cursor],) * 2
        if forward:
            new_end = layout.next_word_end(text, end, min(len(text), end + 400))
        else:
            new_end = layout.previous_word_end(text, start, end)
        if new_end <= start:
            return
        before, top = view._highlights(), view.scroll_offset.y
        view.select_from, view.hit = None, None
        view.mouse_span = (start, new_end)
        view.cursor = view._sentence_at(new_end - 1)
        view._reveal()
        view._repaint(before, top)
        view._moved()
