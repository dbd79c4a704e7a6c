"""Project home: the documents, a filter box, and the way into the reader.

The screen opens with the filter box focused: whatever a newcomer types filters the list
(arrows move in it, `enter` opens), so typing a hospital's name cannot run a command. `tab`
moves to the list itself, where single letters are the workbench's commands."""

from __future__ import annotations

from functools import partial

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from qualframe.tui import data
from qualframe.tui.bindings import APP, HOME
from qualframe.tui.screens.base import WorkbenchScreen
from qualframe.tui.widgets.document_list import DocumentTable
from qualframe.tui.widgets.key_bar import KeyBar
from qualframe.tui.widgets.project_header import ProjectHeader
from qualframe.tui.widgets.query_box import QueryBox


class HomeScreen(WorkbenchScreen[None]):
    """`enter` opens the highlighted document, `tab` moves between the filter box and the list."""

    KEY_GROUPS = (HOME, APP)
    BINDINGS = HOME.bindings()
    AUTO_FOCUS = "#filter"

    #: `enter` came before the list filled: open the highlighted document when it does.
    _open_when_listed = False

    def compose(self) -> ComposeResult:
        yield ProjectHeader("documents", id="header")
        with Horizontal(id="filter-bar"):
            yield Static("Filter", id="filter-label")
            yield QueryBox(
                placeholder="type to filter: name, case, organisation or role",
                id="filter",
                compact=True,
            )
            yield Static("", id="doc-summary")
        yield DocumentTable(id="documents")
        yield Static("Opening the project…", id="home-note")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.app.info is not None:
            self.project_ready()

    def project_ready(self) -> None:
        """The project opened: fill the header and the list."""
        self.query_one(ProjectHeader).show(self.app.info)
        self.load()

    def refresh_data(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        """Back from a document: refresh the rows of the documents read meanwhile (a full
        reload of a thousand documents would hold up the next keypress)."""
        for name in self.app.take_opened():
            self.read(
                data.document_status(name, self.app.gateway.coder),
                partial(self._status_read, name),
                group=f"status:{name}",
            )

    def _status_read(self, name: str, status: tuple[float, int]) -> None:
        self.query_one(DocumentTable).update_status(name, *status)

    def load(self) -> None:
        settings = self.app.gateway.project.settings if self.app.gateway.project else None
        names = tuple((settings.extra.get("tui") or {}).get("attributes") or ()) if settings else ()
        self.read(
            partial(data.document_list, key_attributes=names, viewer=self.app.gateway.coder),
            self._loaded,
            group="documents",
        )

    def _loaded(self, listing: data.Overview) -> None:
        table = self.query_one(DocumentTable)
        table.show(listing, self.query_one("#filter", Input).value)
        words = sum(row.words for row in listing.rows)
        summary = f"{len(listing.rows)} documents · {words:,} words"
        self.query_one("#doc-summary", Static).update(summary)
        note = self.query_one("#home-note", Static)
        note.display = not listing.rows
        note.update("No documents yet. Import transcripts with: qualframe import PATH")
        if self._open_when_listed and self.app.screen is self:
            self._open_when_listed = False
            self.action_open()
        self.app.keep_loaded()

    def action_next_document(self) -> None:
        """`↓` in the filter box: the next document, the box keeping the focus."""
        self.query_one(DocumentTable).action_cursor_down()

    def action_previous_document(self) -> None:
        self.query_one(DocumentTable).action_cursor_up()

    def action_filter(self) -> None:
        """`tab`: from the filter box to the list (and back)."""
        box = self.query_one("#filter", Input)
        if box.has_focus:
            self.query_one(DocumentTable).focus()
        else:
            box.focus()

    def on_key(self, event: events.Key) -> None:
        """A letter that is no command, typed on the list, goes to the filter box (a newcomer
        who starts typing there finds the box, not a command)."""
        box = self.query_one("#filter", Input)
        if (
            event.is_printable
            and event.character is not None
            and not box.has_focus
            and event.key not in self.active_bindings
        ):
            event.stop()
            box.focus()
            box.insert_text_at_cursor(event.character)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.query_one(DocumentTable).filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.stop()
            self.action_open()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """`enter`: open the highlighted document; pressed before the list has filled, it
        opens the first document once the list is there (keys typed ahead are not lost)."""
        table = self.query_one(DocumentTable)
        name = table.highlighted_name()
        if name is not None:
            self.app.open_document(name)
        elif not table.row_count:
            self._open_when_listed = True

    def action_memo(self) -> None:
        from qualframe.tui.dialogs.memo import MemoScreen, MemoTarget

        name = self.query_one(DocumentTable).highlighted_name()
        targets = [MemoTarget("project", None, "the project")]
        if name is not None:
            targets.insert(0, MemoTarget("document", name, f"document {name}"))
        self.app.push_screen(MemoScreen(targets, document=name), self._memo_done)

    def _memo_done(self, saved: bool | None) -> None:
        if saved:
            self.load()

    def action_new_code(self) -> None:
        """`n`: a new emergent code (in the reader it can code a passage at once)."""
        from qualframe.tui.dialogs.new_code import NewCode, NewCodeScreen

        def created(result: NewCode | None) -> None:
            if result is not None:
                self.notify(f"New emergent code {result.key}.", timeout=3)

        self.app.push_screen(NewCodeScreen(), created)
