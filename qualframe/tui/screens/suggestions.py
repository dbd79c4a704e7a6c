"""The suggestions review (`s`): the pending suggestions one at a time, each in its transcript
with the matched words marked and the code's definition beside it, for a person to decide.

`a` accepts (a coding in the reviewer's name: `accept_suggestion`, as `qualframe suggest
accept`), `e` adjusts the passage first with the reader's own adjust mode (the transcript view
shows the suggestion as a coding to adjust, and `enter` accepts the new extent), `x` rejects
(`reject_suggestion`), `space` skips. A decision leaves the queue at once and commits in the
writer thread, so a reviewer is never held up by the database; `u` (the app's undo) brings the
last decision back to pending, and this screen back to it. The queue can be narrowed to one
code (or theme) and one document.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Select, Static

from qualframe.tui import data
from qualframe.tui.bindings import APP, SUGGESTIONS
from qualframe.tui.layout import Mark
from qualframe.tui.screens.base import WorkbenchScreen, open_select
from qualframe.tui.suggestions_data import (
    Decision,
    Review,
    ReviewQueue,
    accept,
    reject,
    review,
    review_queue,
)
from qualframe.tui.widgets.key_bar import KeyBar
from qualframe.tui.widgets.project_header import ProjectHeader
from qualframe.tui.widgets.review_filters import EVERYTHING, count_label, filter_options
from qualframe.tui.widgets.review_text import empty_note, review_marks, status_text, suggested_mark
from qualframe.tui.widgets.review_transcript import ADJUSTING, ReviewTranscript
from qualframe.tui.widgets.suggestion_detail import SuggestionDetail
from qualframe.tui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from qualframe.coding.reviewing import SuggestionItem

#: Actions that need a suggestion on screen (hidden from the key bar when there is none).
NEEDS_ITEM = frozenset({"accept", "adjust", "reject", "skip", "previous", "open_reader"})
#: Below this width the definition panel is narrower, leaving the transcript room to wrap.
WIDE = 110


class SuggestionsScreen(WorkbenchScreen[None]):
    """The review queue; escape goes back to where `s` was pressed."""

    KEY_GROUPS = (SUGGESTIONS, ADJUSTING, APP)
    BINDINGS = SUGGESTIONS.bindings()
    HELP_TITLE = "the suggestions review"
    AUTO_FOCUS = "#transcript"
    DEFAULT_CSS = """
    SuggestionsScreen #review-filters {
        height: 1;
        margin: 1 1 1 1;
    }
    SuggestionsScreen .review-label {
        width: auto;
        padding: 0 1 0 0;
        color: $text-muted;
    }
    SuggestionsScreen #review-code {
        width: 1fr;
        max-width: 44;
        margin-right: 2;
    }
    SuggestionsScreen #review-document {
        width: 1fr;
        max-width: 32;
    }
    SuggestionsScreen #review-count {
        width: auto;
        margin-left: 2;
        text-style: bold;
    }
    SuggestionsScreen #review-body {
        height: 1fr;
    }
    SuggestionsScreen SuggestionDetail {
        width: 44;
        height: 1fr;
        padding: 0 1;
        border-left: vkey $panel-lighten-2;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    SuggestionsScreen.narrow SuggestionDetail {
        width: 30;
    }
    SuggestionsScreen #review-empty {
        height: 1fr;
        padding: 1 4;
        color: $text-muted;
        display: none;
    }
    SuggestionsScreen #review-status {
        height: 1;
        background: $surface;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.queue: ReviewQueue | None = None
        self.items: list[SuggestionItem] = []
        #: Pending suggestions per filter choice (`code:KEY`, `document:NAME`) and in `all`,
        #: and the `accepted` and `rejected` ones: kept up to date as the reviewer decides,
        #: so the queue need not be read again after each decision.
        self.counts: Counter[str] = Counter()
        #: The choices holding each code's (its theme, its parent codes), for counting a
        #: decision out of them too.
        self.within: dict[str, tuple[str, ...]] = {}
        self.position = 0
        self.code_filter: str | None = None
        self.document_filter: str | None = None
        self.shown: Review | None = None
        self.text: data.DocumentText | None = None
        self.codebook: data.Codebook | None = None
        #: Suggestions decided here, newest last: after an undo the screen returns to the
        #: newest that is pending again.
        self.decided: list[int] = []

    def compose(self) -> ComposeResult:
        yield ProjectHeader("suggestions", id="header")
        with Horizontal(id="review-filters"):
            yield Static("Code", classes="review-label")
            yield Select[str](
                [("All codes", EVERYTHING)],
                allow_blank=False,
                value=EVERYTHING,
                id="review-code",
                compact=True,
            )
            yield Static("Document", classes="review-label")
            yield Select[str](
                [("All documents", EVERYTHING)],
                allow_blank=False,
                value=EVERYTHING,
                id="review-document",
                compact=True,
            )
            yield Static("", id="review-count")
        with Horizontal(id="review-body"):
            yield ReviewTranscript(id="transcript")
            yield SuggestionDetail(id="review-detail")
        yield Static("", id="review-empty")
        yield Static(" Loading suggestions…", id="review-status")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ProjectHeader).show(self.app.info)
        self._fit()
        self.read(
            data.codebook_job(self.app.gateway.coder),
            self._codebook_loaded,
            group="review-codebook",
        )
        self._load_queue()

    def on_resize(self) -> None:
        self._fit()
        self.call_after_refresh(self._fill_filters)  # their names cut to the new width

    def _fit(self) -> None:
        self.set_class(self.app.size.width < WIDE, "narrow")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Deciding keys only while a suggestion is shown (the key bar hides them)."""
        return action not in NEEDS_ITEM or bool(self.items)

    # --- the queue ------------------------------------------------------------------------

    @property
    def current(self) -> SuggestionItem | None:
        """The suggestion on screen (a `SuggestionItem`), or None."""
        return self.items[self.position] if self.items else None

    def _load_queue(self) -> None:
        """Read the queue under the filters; then show the newest decision that is pending
        again (an undo took it back), else the suggestion shown before if it is still
        pending, else the one now in its place."""
        shown = self.current.id if self.current else None

        def loaded(queue: ReviewQueue) -> None:
            self.queue = queue
            self.items = list(queue.items)
            self.counts = Counter({f"code:{c.value}": c.pending for c in queue.codes})
            self.counts.update({f"document:{c.value}": c.pending for c in queue.documents})
            self.counts.update(all=queue.pending, accepted=queue.accepted, rejected=queue.rejected)
            self.within = {choice.value: choice.within for choice in queue.codes}
            ids = [item.id for item in self.items]
            undone = [i for i in self.decided if i in ids]
            wanted = undone[-1] if undone else shown
            if undone:
                self.decided.remove(undone[-1])
            if wanted in ids:
                self.position = ids.index(wanted)
            self.position = min(self.position, max(0, len(ids) - 1))
            self._fill_filters()
            self._show_current()

        self.read(
            review_queue(self.code_filter, self.document_filter, self.app.gateway.coder),
            loaded,
            group="review-queue",
            failed=self._failed,
        )

    def refresh_data(self) -> None:
        """After undo or redo (a decision taken back is pending again, and shown)."""
        self._load_queue()

    def on_screen_resume(self) -> None:
        """Back from the reader: the document's codings may have changed there."""
        if self.shown is not None and self.current is not None:
            self._read_review(jump=False)

    def _failed(self, message: str) -> None:
        self.query_one("#review-status", Static).update(f" {message}")
        self.notify(message, title="Not done", severity="error", timeout=8)

    def _fill_filters(self) -> None:
        """The filters' choices with their pending counts; the choice made stays selected."""
        if self.queue is None:
            return
        code_options, document_options = filter_options(self.queue, self.counts, self.codebook)
        for select_id, options, chosen in (
            ("#review-code", code_options, self.code_filter),
            ("#review-document", document_options, self.document_filter),
        ):
            select: Select[str] = self.query_one(select_id, Select)
            values = {value for _, value in options}
            if chosen is not None and chosen not in values:  # nothing pending there now
                options.append((count_label(chosen, 0), chosen))
            room = select.content_region.width - 2  # the list's scrollbar and padding
            if room > 8:  # one line each: a wrapped name reads as two entries
                for label, _value in options:
                    label.truncate(room, overflow="ellipsis")
            with select.prevent(Select.Changed):
                select.set_options(options)
                select.value = chosen or EVERYTHING

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value in (EVERYTHING, Select.BLANK) else str(event.value)
        if event.select.id == "review-code":
            if value == self.code_filter:
                return
            self.code_filter = value
        else:
            if value == self.document_filter:
                return
            self.document_filter = value
        self.position = 0
        self.query_one(TranscriptView).focus()
        self._load_queue()

    def action_filter_code(self) -> None:
        open_select(self, "#review-code")

    def action_filter_document(self) -> None:
        open_select(self, "#review-document")

    # --- showing one suggestion -----------------------------------------------------------

    def _show_current(self) -> None:
        self.refresh_bindings()
        self._show_count()
        empty = not self.items
        self.query_one("#review-body").display = not empty
        note = self.query_one("#review-empty", Static)
        note.display = empty
        if empty:
            self.shown = None
            note.update(self._empty_note())
            self.query_one("#review-status", Static).update("")
            return
        self._read_review(jump=True)

    def _empty_note(self) -> str:
        return "" if self.queue is None else empty_note(self.counts)

    def _show_count(self) -> None:
        count = f"{self.position + 1} of {len(self.items)}" if self.items else "0 of 0"
        self.query_one("#review-count", Static).update(count)

    def _read_review(self, *, jump: bool) -> None:
        """Read the suggestion on screen; `jump` brings it into view (a re-read after a
        change elsewhere leaves the view where the reviewer put it). Re-reads have their own
        worker group, so they never cancel the read of a suggestion just moved to."""
        item = self.current
        assert item is not None
        with_text = self.text is None or self.text.name != item.document

        def loaded(result: Review) -> None:
            if self.current is None or result.context.item.id != self.current.id:
                return  # superseded: the reviewer moved on meanwhile
            self._show_review(result, jump=jump)

        self.read(
            review(item.id, self.app.gateway.coder, with_text=with_text),
            loaded,
            group="review-item" if jump else "review-again",
            failed=self._failed,
        )

    def _show_review(self, result: Review, *, jump: bool) -> None:
        self.shown = result
        item = result.context.item
        view = self.query_one(TranscriptView)
        if result.document is not None and (
            self.text is None or self.text.name != result.document.name
        ):
            self.text = result.document
            view.show(result.document, self._marks(result))
        else:
            view.set_marks(self._marks(result))
        if jump:  # once a new text is laid out: a scroll before that is undone by it
            view.call_after_refresh(view.jump_to, item.match_start, item.match_end)
        self.query_one(SuggestionDetail).show(result, self._color(item.code))
        self._show_status()

    def _color(self, key: str) -> int:
        return self.codebook.color_of(key) if self.codebook else sum(map(ord, key))

    def _marks(self, result: Review) -> list[Mark]:
        return review_marks(result, self._color)

    def _codebook_loaded(self, codebook: data.Codebook) -> None:
        self.codebook = codebook
        self._fill_filters()
        if self.text is not None:
            self.query_one(TranscriptView).recolor(self._color)
        if self.shown is not None:
            self.query_one(SuggestionDetail).show(
                self.shown, self._color(self.shown.context.item.code)
            )

    def _where(self, span: tuple[int, int] | None = None) -> str:
        """`P03 l.24` or `P03 l.24–26`."""
        item = self.current
        assert item is not None
        start, end = span or (item.start, item.end)
        view = self.query_one(TranscriptView)
        first, last = view.line_of(start), view.line_of(max(start, end - 1))
        return f"{item.document} l.{first}" + (f"–{last}" if last != first else "")

    def _show_status(self) -> None:
        """`P03 l.24 · speaker P03 · also coded here: Data burden (ana)`."""
        if self.shown is None or self.current is None:
            return
        text = status_text(self.shown, self._where(), self._color)
        self.query_one("#review-status", Static).update(text)

    def on_transcript_view_cursor_moved(self, event: TranscriptView.CursorMoved) -> None:
        event.stop()
        if event.adjusting is None:
            self._show_status()
            return
        text = Text(" ")
        text.append(self._where(event.passage).rpartition(" ")[2], style="bold")
        text.append(" adjusting ", style="reverse")
        text.append(" ↑↓ ←→ the end · shift: the start · enter accepts · esc cancels", style="dim")
        self.query_one("#review-status", Static).update(text)

    # --- deciding -------------------------------------------------------------------------

    def action_accept(self) -> None:
        """`a`: accept as suggested (while adjusting: with the adjusted extent)."""
        view = self.query_one(TranscriptView)
        if view.adjusting is not None:
            view.action_save_extent()
            return
        if self.current is not None:
            self._decide(accept(self.current, self.app.gateway.coder, self._where()), "accepted")

    def action_adjust(self) -> None:
        """`e`: adjust the passage in the transcript; enter (or `a`) accepts it."""
        if self.shown is None or self.current is None:
            return
        view = self.query_one(TranscriptView)
        view.focus()
        view.begin_adjust(suggested_mark(self.shown, self._color))

    def on_transcript_view_extent_chosen(self, event: TranscriptView.ExtentChosen) -> None:
        event.stop()
        if self.current is None or event.mark.id != -self.current.id:
            return
        span = (event.start, event.end)
        self._decide(
            accept(self.current, self.app.gateway.coder, self._where(span), span), "accepted"
        )

    def action_reject(self) -> None:
        if self.current is not None:
            self._decide(reject(self.current, self.app.gateway.coder, self._where()), "rejected")

    def _decide(self, job: data.Job[Decision], outcome: str) -> None:
        """Take the suggestion out of the queue now and commit in the writer thread; the next
        one shows while it commits. A failure says why and reloads the queue."""
        item = self.current
        assert item is not None
        self.items.pop(self.position)
        self.decided.append(item.id)
        self._count_out(item, outcome)
        if self.position >= len(self.items):
            self.position = 0
        self._show_current()

        def done(decision: Decision) -> None:
            self.notify(decision.message, timeout=3)
            if (
                self.shown is not None
                and self.current is not None
                and self.current.document == item.document
            ):
                self._read_review(jump=False)  # the new coding shows in the margin

        def failed(message: str) -> None:
            self._failed(message)  # the queue read again shows it (it is still pending)
            self._load_queue()

        self.write(job, done, failed)

    def _count_out(self, item: SuggestionItem, outcome: str) -> None:
        """One fewer pending (in the choices of its code, the codes and theme holding that, and
        its document), one more `outcome` (accepted or rejected)."""
        codes = [item.code, *self.within.get(item.code, ())]
        self.counts.subtract(
            [*(f"code:{code}" for code in codes), f"document:{item.document}", "all"]
        )
        self.counts[outcome] += 1
        self._fill_filters()

    def action_skip(self) -> None:
        """`space`: the next suggestion, round to the first after the last."""
        self._step(1)

    def action_previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.items:
            return
        self.position = (self.position + delta) % len(self.items)
        if delta > 0 and self.position == 0 and len(self.items) > 1:
            self.notify("Back at the first suggestion of the queue.", timeout=3)
        self._show_current()

    def action_open_reader(self) -> None:
        """`enter`: the passage in the reader, to code it otherwise or write a memo."""
        item = self.current
        if item is not None:
            self.app.open_document(item.document, (item.start, item.end))

    def action_back(self) -> None:
        """`escape` (before the transcript's own: there it would clear the matched words):
        cancels adjusting, leaves a filter for the transcript, else closes the review."""
        view = self.query_one(TranscriptView)
        if view.adjusting is not None:
            view.action_clear()
        elif not view.has_focus and self.items:
            view.focus()
        else:
            self.app.pop_screen()
