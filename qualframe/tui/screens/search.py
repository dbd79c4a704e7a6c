"""Search (`/`) across all transcripts: results as you type (in a worker, the newest query
superseding older ones), `enter` jumps to the hit in the reader.

The query box keeps the focus (as in fzf): the arrows move in the results while letters stay
text, so typing more words after the results came up can never run a command such as undo."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from qualframe.tui import data
from qualframe.tui.bindings import APP, SEARCH
from qualframe.tui.screens.base import WorkbenchScreen
from qualframe.tui.widgets.key_bar import KeyBar
from qualframe.tui.widgets.project_header import ProjectHeader
from qualframe.tui.widgets.query_box import QueryBox

if TYPE_CHECKING:
    from qualframe.corpus.search import SearchHit

DEBOUNCE_SECONDS = 0.25


def highlight(snippet: str, query: str) -> Text:
    """The snippet with the query's words marked (case-insensitive)."""
    text = Text(snippet)
    words = [re.escape(w) for w in re.findall(r"\w+", query)]
    if words:
        text.highlight_regex(re.compile("|".join(words), re.IGNORECASE), "bold black on yellow")
    return text


class SearchScreen(WorkbenchScreen["SearchHit | None"]):
    """Dismissed with the chosen hit (the app opens the reader at it), or None."""

    KEY_GROUPS = (SEARCH, APP)
    BINDINGS = SEARCH.bindings()
    AUTO_FOCUS = "#search-query"

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query
        self.hits: list[SearchHit] = []
        #: The query whose hits are listed (enter opens a hit only when they answer the box).
        self.shown = ""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield ProjectHeader("search", id="header")
        yield QueryBox(
            self.initial,
            placeholder='words or "a phrase" (case and accents ignored)',
            id="search-query",
        )
        yield Static("Type to search every transcript.", id="search-summary")
        table: DataTable[Text | str] = DataTable(
            id="search-results", cursor_type="row", zebra_stripes=True
        )
        table.can_focus = False
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(ProjectHeader).show(self.app.info)
        table = self.query_one(DataTable)
        table.add_column("Document", key="document")
        table.add_column("Case", key="case")
        table.add_column(Text("Line", justify="right"), key="line")
        table.add_column("Passage", key="snippet")
        if self.initial:
            self.run_search(self.initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self.run_search(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        if self.hits and event.value == self.shown:
            self.action_open_hit()
        else:
            self.run_search(event.value)

    def run_search(self, query: str) -> None:
        if not query.strip():
            self._show([], query)
            return
        self.query_one("#search-summary", Static).update("Searching…")

        self.read(
            data.search(query),
            lambda hits: self._show(hits, query),
            group="search",
            failed=self.query_one("#search-summary", Static).update,
        )

    def _show(self, hits: list[SearchHit], query: str) -> None:
        self.hits = hits
        self.shown = query
        table = self.query_one(DataTable)
        table.clear()
        for index, hit in enumerate(hits):
            table.add_row(
                Text(hit.document, style="bold"),
                hit.case or "",
                Text(str(hit.line), justify="right"),
                highlight(hit.snippet, query),
                key=str(index),
            )
        summary = self.query_one("#search-summary", Static)
        if not query.strip():
            summary.update("Type to search every transcript.")
        else:
            documents = len({hit.document for hit in hits})
            summary.update(
                f"{len(hits)} hits in {documents} documents · enter opens the document at the hit"
                if hits
                else f"No matches for {query!r}."
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_hit()

    def action_open_hit(self) -> None:
        table = self.query_one(DataTable)
        if not self.hits or table.row_count == 0:
            return
        self.dismiss(self.hits[table.cursor_row])

    def action_next_hit(self) -> None:
        """`↓` in the query box: the next hit (the box keeps the focus)."""
        self.query_one(DataTable).action_cursor_down()

    def action_previous_hit(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_back(self) -> None:
        self.dismiss(None)
