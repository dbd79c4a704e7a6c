"""One chart cell (`enter` on the matrix): the summary beside the excerpts it summarises.

The summary is edited in place (`e`, `ctrl+s`) through `set_summary` with the version that was
read, as `summary set --if-version N` does: if someone changed the cell meanwhile the save is
refused with the core's message, their version is shown above the editor, and the researcher's
text stays where it is (a second `ctrl+s` then saves it over theirs, deliberately). `enter` on an
excerpt shows it in its transcript; `esc` there comes back to this cell, and `esc` here to the
same cell of the matrix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from qualframe.tui import framework_data as fd
from qualframe.tui.bindings import APP, CELL
from qualframe.tui.screens.base import WorkbenchScreen, ahead_of_widgets
from qualframe.tui.widgets.key_bar import KeyBar
from qualframe.tui.widgets.project_header import ProjectHeader

if TYPE_CHECKING:
    from qualframe.framework.cells import CellView
    from qualframe.framework.model import Column, Excerpt, Row, SummaryVersion
    from qualframe.tui.protocol import WorkbenchApp

#: A quote longer than this is cut in the list (the transcript shows all of it).
QUOTE_CHARS = 700


def version_line(summary: SummaryVersion | None) -> str:
    if summary is None:
        return "not written yet"
    if not summary.text:
        return f"cleared in version {summary.version} by {summary.author or 'unknown'}"
    return (
        f"version {summary.version} · {summary.author or 'unknown'} · "
        f"{summary.created:%Y-%m-%d %H:%M} UTC"
    )


def excerpt_prompt(excerpt: Excerpt) -> Text:
    """The reference (as charts print it) over the quote."""
    quote = " ".join(excerpt.text.split())
    if len(quote) > QUOTE_CHARS:
        quote = quote[: QUOTE_CHARS - 1] + "…"
    return Text.assemble((excerpt.reference, "bold"), "\n", quote)


def show_in_transcript(app: WorkbenchApp, document: str, span: tuple[int, int]) -> None:
    """The reader at `span`. When the reader is already further down the stack (the matrix was
    opened from it), a second reader goes on top instead, so `esc` still comes back here."""
    from qualframe.tui.screens.reader import ReaderScreen

    below = app.get_screen("reader") if app.is_screen_installed("reader") else None
    if below is not None and below in app.screen_stack:
        reader = ReaderScreen()
        reader.open(document, span)
        app.push_screen(reader)
    else:
        app.open_document(document, span)


class CellScreen(WorkbenchScreen[bool]):
    """The cell of `row` on `column`; `edit` opens it with the editor ready. Dismissed with
    whether a transcript was opened from it (codings may then have changed anywhere)."""

    KEY_GROUPS = (CELL, APP)
    BINDINGS = ahead_of_widgets(CELL, "jump")
    HELP_TITLE = "a chart cell"
    AUTO_FOCUS = "#excerpts"

    DEFAULT_CSS = """
    #cell-case {
        height: 1;
        padding: 0 1;
        background: $surface;
    }
    #cell-body {
        height: 1fr;
    }
    #summary-pane {
        width: 45%;
        padding: 0 1;
        border-right: vkey $panel-lighten-2;
    }
    #excerpts-pane {
        width: 1fr;
        padding: 0 1;
    }
    .pane-title {
        text-style: bold;
        margin-top: 1;
    }
    #summary-meta, #excerpts-meta {
        color: $text-muted;
        margin-bottom: 1;
    }
    #summary-scroll {
        height: auto;
        max-height: 70%;
    }
    #summary-editor {
        height: 1fr;
        min-height: 5;
    }
    #summary-theirs {
        height: auto;
        max-height: 8;
        border: round $warning;
        padding: 0 1;
    }
    #summary-note {
        color: $text-muted;
        height: auto;
        margin-bottom: 1;
    }
    #summary-note.-warn {
        color: $warning;
    }
    #summary-extra {
        height: auto;
        max-height: 50%;
        margin-top: 1;
    }
    #excerpts {
        height: 1fr;
        background: $background;
    }
    """

    def __init__(self, row: Row, column: Column, title: str, *, edit: bool = False) -> None:
        super().__init__()
        self.row = row
        self.column = column
        self.matrix_title = title
        self.start_editing = edit
        self.view: CellView | None = None
        self.editing = False
        #: The version the editor's text was started from (what `ctrl+s` checks against).
        self.base_version = 0
        self.warned = False
        self.show_history = False
        self._away = False
        self.read_transcript = False

    @property
    def case(self) -> str:
        return self.row.name

    @property
    def code(self) -> str:
        return self.column.key

    def compose(self) -> ComposeResult:
        yield ProjectHeader(f"framework › {self.matrix_title} › {self.case}", id="header")
        yield Static(self._case_line(), id="cell-case")
        with Horizontal(id="cell-body"):
            with Vertical(id="summary-pane"):
                yield Label("Summary", classes="pane-title")
                yield Static("", id="summary-meta")
                yield Static("", id="summary-theirs")
                yield Static("", id="summary-note")
                with VerticalScroll(id="summary-scroll"):
                    yield Static("", id="summary-text")
                yield TextArea(id="summary-editor", soft_wrap=True)
                yield VerticalScroll(Static("", id="summary-extra-text"), id="summary-extra")
            with Vertical(id="excerpts-pane"):
                yield Label("Excerpts", id="excerpts-title", classes="pane-title")
                yield Static("", id="excerpts-meta")
                yield OptionList(id="excerpts", compact=True)
        yield KeyBar()

    def _case_line(self) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(self.case, style="bold")
        details = [self.row.organisation or "", self.row.attributes.get("role", "")]
        if any(details):
            line.append(" · " + " · ".join(d for d in details if d), style="dim")
        line.append("   on   ", style="dim")
        line.append(self.column.label, style="bold")
        line.append(f" ({self.code})", style="dim")
        return line

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ProjectHeader).show(self.app.info)
        for hidden in ("#summary-theirs", "#summary-note", "#summary-editor", "#summary-extra"):
            self.query_one(hidden).display = False
        self.refresh_data()

    def refresh_data(self) -> None:
        """Read the cell again (a draft being written stays as it is)."""
        self.read(
            fd.cell(self.case, self.code), self._loaded, group="cell", failed=self._not_loaded
        )
        if self.show_history:
            self.read(fd.history(self.case, self.code), self._history_loaded, group="history")

    def on_screen_resume(self) -> None:
        if self._away:  # back from a transcript, where codings may have changed
            self._away = False
            self.refresh_data()

    # --- showing --------------------------------------------------------------------------

    def _loaded(self, view: CellView) -> None:
        first = self.view is None
        self.view = view
        self.query_one("#summary-meta", Static).update(version_line(view.cell.summary))
        self.query_one("#summary-text", Static).update(
            Text(view.cell.text)
            if view.cell.text
            else Text("No summary yet: e writes one.", style="italic dim")
        )
        self._show_excerpts(view)
        if not self.show_history:
            self._show_memos(view)
        if first and self.start_editing:
            self.action_edit()

    def _not_loaded(self, message: str) -> None:
        self._say(message, warn=True)
        self.notify(message, title="Not read", severity="error", timeout=8)

    def _show_excerpts(self, view: CellView) -> None:
        excerpts = view.cell.excerpts
        self.query_one("#excerpts-title", Label).update(f"Excerpts ({len(excerpts)})")
        documents = view.cell.documents
        self.query_one("#excerpts-meta", Static).update(
            f"from {documents} document{'' if documents == 1 else 's'} · enter shows one in "
            "its transcript"
            if excerpts
            else "Nothing coded with this code for this case."
        )
        listing = self.query_one(OptionList)
        keep = listing.highlighted
        listing.clear_options()
        options: list[Option | None] = []
        for index, excerpt in enumerate(excerpts):
            if index:
                options.append(None)
            options.append(Option(excerpt_prompt(excerpt), id=str(excerpt.coding_id)))
        listing.add_options(options)
        if excerpts:
            listing.highlighted = min(keep or 0, listing.option_count - 1)

    def _show_memos(self, view: CellView) -> None:
        extra = self.query_one("#summary-extra")
        extra.display = bool(view.memos)
        if view.memos:
            memos = Text(f"Memos on this cell ({len(view.memos)})", style="bold")
            for memo in view.memos:
                memos.append(f"\n{memo.coder or 'unknown'}: ", style="dim")
                memos.append(" ".join(memo.text.split()))
            self.query_one("#summary-extra-text", Static).update(memos)

    def _say(self, message: str | Text, *, warn: bool = False) -> None:
        """The line above the summary: a hint, or why something was not done."""
        note = self.query_one("#summary-note", Static)
        note.update(message)
        note.display = bool(str(message))
        note.set_class(warn, "-warn")

    # --- editing --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`ctrl+s` only while editing; the other keys of the cell only while not (undo would
        change the summary under the draft)."""
        if action == "save":
            return self.editing
        if action in ("edit", "history", "memo", "jump", "undo", "redo"):
            return not self.editing
        return True

    def action_edit(self) -> None:
        if self.view is None or self.editing:
            return
        if self.column.retired:
            self.notify(f"{self.column.label} is retired: its cells are read-only.", timeout=4)
            return
        self.editing, self.warned = True, False
        self.base_version = self.view.cell.version
        editor = self.query_one("#summary-editor", TextArea)
        editor.text = self.view.cell.text
        editor.display = True
        self.query_one("#summary-scroll").display = False
        self._say("ctrl+s saves · esc stops editing")
        editor.focus()
        editor.move_cursor(editor.document.end)
        self.refresh_bindings()

    def action_save(self) -> None:
        if not self.editing:
            return
        text = self.query_one("#summary-editor", TextArea).text
        self._say("Saving…")
        self.write(
            fd.save_summary(self.case, self.code, text, self.app.gateway.coder, self.base_version),
            self._saved,
            self._not_saved,
        )

    def _saved(self, message: str) -> None:
        self.notify(message, timeout=3)
        self._stop_editing()
        self.refresh_data()

    def _not_saved(self, message: str) -> None:
        """Nothing was written; the draft stays. The cell is read again: if it moved on, the
        other version is shown above the draft and becomes the one a second save replaces."""
        self._say(message, warn=True)
        self.notify(message, title="Not saved", severity="error", timeout=10)
        self.read(fd.cell(self.case, self.code), self._reread, group="cell")

    def _reread(self, view: CellView) -> None:
        self.view = view
        if not self.editing or view.cell.version == self.base_version:
            return
        theirs = Text(f"Now {version_line(view.cell.summary)}:\n", style="bold")
        theirs.append(view.cell.text or "(cleared)")
        box = self.query_one("#summary-theirs", Static)
        box.update(theirs)
        box.display = True
        self.base_version = view.cell.version
        self._say(
            Text.assemble(
                ("Not saved: the summary changed (above). ", "bold"),
                "Your text is still in the editor: ctrl+s saves it over that version; esc twice "
                "keeps theirs.",
            ),
            warn=True,
        )
        self.query_one("#summary-meta", Static).update(version_line(view.cell.summary))

    def _stop_editing(self) -> None:
        self.editing = False
        self.query_one("#summary-editor", TextArea).display = False
        self.query_one("#summary-theirs").display = False
        self.query_one("#summary-scroll").display = True
        self._say("")
        self.query_one(OptionList).focus()
        self.refresh_bindings()

    def unsaved(self) -> str | None:
        """What would be lost by leaving now (the app asks before quitting over it)."""
        if not self.editing or self.view is None:
            return None
        draft = self.query_one("#summary-editor", TextArea).text
        return "The summary" if draft.strip() != self.view.cell.text.strip() else None

    def action_back(self) -> None:
        """Stop editing (a second `esc` if there is unsaved text), else back to the matrix."""
        if not self.editing:
            self.dismiss(self.read_transcript)
            return
        if self.unsaved() and not self.warned:
            self.warned = True
            self._say(
                Text.assemble(
                    ("Unsaved summary. ", "bold"), "ctrl+s saves it; esc again drops it."
                ),
                warn=True,
            )
            return
        self._stop_editing()
        self.refresh_data()

    # --- excerpts, history, memos ---------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        """`enter`: the highlighted excerpt in its transcript, selected."""
        listing = self.query_one(OptionList)
        if self.view is None or listing.highlighted is None:
            return
        coding_id = listing.get_option_at_index(listing.highlighted).id
        excerpt = next((e for e in self.view.cell.excerpts if str(e.coding_id) == coding_id), None)
        if excerpt is not None:
            self._away = self.read_transcript = True
            show_in_transcript(self.app, excerpt.document, (excerpt.start, excerpt.end))

    def action_history(self) -> None:
        """`h`: the earlier versions in place of the memos, and back."""
        self.show_history = not self.show_history
        if self.show_history:
            self.read(fd.history(self.case, self.code), self._history_loaded, group="history")
        elif self.view is not None:
            self._show_memos(self.view)

    def _history_loaded(self, versions: list[SummaryVersion]) -> None:
        if not self.show_history:
            return
        shown = Text(
            f"History ({len(versions)} version{'' if len(versions) == 1 else 's'})", style="bold"
        )
        if not versions:
            shown.append("\nNo summary has been written for this cell.", style="dim")
        for version in versions:
            shown.append(f"\n{version_line(version)}\n", style="dim")
            shown.append(" ".join(version.text.split()) or "(cleared)")
        self.query_one("#summary-extra-text", Static).update(shown)
        self.query_one("#summary-extra").display = True

    def action_memo(self) -> None:
        from qualframe.tui.dialogs.memo import MemoScreen, MemoTarget

        target = MemoTarget(
            "cell", f"{self.case}/{self.code}", f"the cell {self.case} × {self.column.label}"
        )
        self.app.push_screen(MemoScreen([target], document=None), self._memo_done)

    def _memo_done(self, saved: bool | None) -> None:
        if saved:
            self.refresh_data()
