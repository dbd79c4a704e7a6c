"""Disagreements (`D`): the passages where two coders differ, and the two codings side by side.

The list is the core's disagreement report (`qualframe agreement --coders A B --disagreements`)
for the two coders chosen at the top, optionally on one code; the passage under the cursor is
shown below with the first coder's codings on the left and the second's on the right. `enter`
opens the passage in the reader and escape there comes back here. While blind coding is on the
screen shows nothing of anyone's codings: comparing would end the blindness it protects.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Select, Static

from qualframe.tui.bindings import APP, DISAGREEMENTS
from qualframe.tui.colors import hue
from qualframe.tui.disagreements_data import Choices, Passage, Report, choices, report
from qualframe.tui.screens.base import WorkbenchScreen, open_select
from qualframe.tui.widgets.coder_column import CoderColumn
from qualframe.tui.widgets.key_bar import KeyBar
from qualframe.tui.widgets.project_header import ProjectHeader

ALL_CODES = ""
BLIND_NOTE = Text.assemble(
    ("Blind coding is on", "bold"),
    ": each coder sees only their own codings until the team "
    "unblinds, so coders cannot be compared here.\n\nWhen everyone has finished coding "
    "independently, turn it off with\n\n",
    ("qualframe blind off", "bold"),
    "\n\nand open this view again (D).",
)
FEW_CODERS_NOTE = (
    "Disagreements need two coders who have both coded, and {what}.\n\nEach colleague codes "
    "under their own name: qualframe --coder NAME, the QUALFRAME_CODER variable, or their user "
    "config (qualframe coder add NAME registers one)."
)
#: Actions that need two comparable coders (hidden while blind or with fewer than two).
NEEDS_CODERS = frozenset({"first_coder", "second_coder", "code_filter", "open_passage"})
COLUMNS = ("Document", "Lines", "Code", "Difference", "Passage")
#: The narrowest passage column worth showing (the sides below show the whole passage).
MIN_PASSAGE_WIDTH = 16


class PassageTable(DataTable[Text | str]):
    """The list of passages. `enter` is left to the screen, whose `Open` the key bar shows
    (the table's own `select_cursor` on enter is silent)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "select_cursor"


class DisagreementsScreen(WorkbenchScreen[None]):
    """Two coders, optionally one code; `enter` opens the highlighted passage in the reader."""

    KEY_GROUPS = (DISAGREEMENTS, APP)
    BINDINGS = DISAGREEMENTS.bindings()
    HELP_TITLE = "the disagreements"
    AUTO_FOCUS = "#dis-list"
    DEFAULT_CSS = """
    DisagreementsScreen #dis-controls {
        height: 1;
        margin: 1 1 0 1;
    }
    DisagreementsScreen .dis-label {
        width: auto;
        padding: 0 1;
        color: $text-muted;
    }
    DisagreementsScreen #coder-a, DisagreementsScreen #coder-b {
        width: 26;
    }
    DisagreementsScreen #code-filter {
        width: 1fr;
        max-width: 40;
    }
    DisagreementsScreen #dis-summary {
        height: auto;
        margin: 1 1 0 1;
        color: $text-muted;
    }
    DisagreementsScreen #dis-list {
        height: 2fr;
        margin: 1 1 0 1;
    }
    DisagreementsScreen #dis-sides {
        height: 3fr;
        margin: 1 1 0 1;
    }
    DisagreementsScreen #side-a {
        margin-right: 1;
    }
    DisagreementsScreen #dis-note {
        height: auto;
        padding: 1 2;
    }
    """

    def __init__(
        self,
        coders: tuple[str, str] | None = None,
        code: str | None = None,
        at: tuple[str, int, int, str] | None = None,
    ) -> None:
        """`coders`, `code` and the passage `at` (document, start, end, code) restore a view
        (after it moved above the reader); by default the viewer against the busiest colleague."""
        super().__init__()
        self.initial_coders = coders
        self.initial_code = code
        self.restore_at = at
        self.choices: Choices | None = None
        self.report: Report | None = None
        self._requested: tuple[str, str, str | None] | None = None
        #: Two coders can be compared (not blind, and two have coded).
        self.comparable = False

    def compose(self) -> ComposeResult:
        yield ProjectHeader("disagreements", id="header")
        with Horizontal(id="dis-controls"):
            yield Static("Coders", classes="dis-label")
            yield Select[str]([], prompt="coder", id="coder-a", compact=True)
            yield Static("and", classes="dis-label")
            yield Select[str]([], prompt="coder", id="coder-b", compact=True)
            yield Static("Code", classes="dis-label")
            yield Select[str](
                [("All codes", ALL_CODES)],
                allow_blank=False,
                value=ALL_CODES,
                id="code-filter",
                compact=True,
            )
        yield Static("Loading…", id="dis-summary")
        yield PassageTable(id="dis-list", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="dis-sides"):
            yield CoderColumn(id="side-a")
            yield CoderColumn(id="side-b")
        yield Static("", id="dis-note")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ProjectHeader).show(self.app.info)
        self.query_one("#dis-note").display = False
        self.refresh_data()

    def refresh_data(self) -> None:
        """Read the coders again (someone may have coded or turned blind coding on), staying
        on the passage under the cursor if it is still there."""
        if (passage := self._current()) is not None:
            item = passage.item
            self.restore_at = (item.document, item.start, item.end, item.code)
        self._requested = None
        self.read(
            choices(self.app.gateway.coder),
            self._choices_loaded,
            group="disagreement-choices",
            failed=self._failed,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.comparable or action not in NEEDS_CODERS

    # --- choosing -------------------------------------------------------------------------

    def _choices_loaded(self, found: Choices) -> None:
        """Fill the pickers, keeping what the researcher chose (a refresh after undo), else
        the pair this screen was opened with, else the default pair."""
        first, second, code = self._selected()
        chosen = (first, second) if first is not None and second is not None else None
        wanted_code = self.initial_code or code
        self.choices = found
        pair = None if found.blind else self.initial_coders or chosen or found.default
        self.comparable = pair is not None
        self.refresh_bindings()
        if found.blind:
            self._note(BLIND_NOTE)
            return
        if pair is None:
            self._note(FEW_CODERS_NOTE.format(what=self._coders_now(found)))
            return
        self._note(None)
        names = [coder.name for coder in found.coders]
        options = [
            (f"{coder.name} · {coder.codings} codings", coder.name) for coder in found.coders
        ]
        for select_id, name in (("#coder-a", pair[0]), ("#coder-b", pair[1])):
            select: Select[str] = self.query_one(select_id, Select)
            select.set_options(options)
            if name in names:
                select.value = name
        codes: Select[str] = self.query_one("#code-filter", Select)
        codes.set_options([("All codes", ALL_CODES), *[(name, key) for key, name in found.codes]])
        if wanted_code in {key for key, _ in found.codes}:
            codes.value = wanted_code
        self.initial_coders = self.initial_code = None
        self._load()

    @staticmethod
    def _coders_now(found: Choices) -> str:
        coded = [coder.name for coder in found.coders if coder.codings]
        return f"so far only {coded[0]} has" if coded else "nobody has coded yet"

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.comparable:
            self._load()

    def _selected(self) -> tuple[str | None, str | None, str | None]:
        values = [
            self.query_one(select_id, Select).value
            for select_id in ("#coder-a", "#coder-b", "#code-filter")
        ]
        first, second, code = (value if isinstance(value, str) else None for value in values)
        return first, second, code or None

    def _load(self) -> None:
        first, second, code = self._selected()
        if first is None or second is None:
            self._clear("Choose two coders (a, b).")
            return
        if first == second:
            self._clear("Choose two different coders (a, b).")
            return
        if (first, second, code) == self._requested:
            return
        self._requested = (first, second, code)
        self.query_one("#dis-summary", Static).update(f"Comparing {first} and {second}…")
        self.read(
            report((first, second), code, self.app.gateway.coder),
            self._shown,
            group="disagreements",
            failed=self._failed,
        )

    def action_first_coder(self) -> None:
        open_select(self, "#coder-a")

    def action_second_coder(self) -> None:
        open_select(self, "#coder-b")

    def action_code_filter(self) -> None:
        open_select(self, "#code-filter")

    # --- the list and the two sides -------------------------------------------------------

    def _shown(self, found: Report) -> None:
        self.report = found
        restore, self.restore_at = self.restore_at, None
        row = 0 if restore is None else self.query_one(PassageTable).cursor_row
        for index, passage in enumerate(found.passages):
            item = passage.item
            if (item.document, item.start, item.end, item.code) == restore:
                row = index
        self._fill(row)
        self.query_one("#dis-summary", Static).update(self._summary(found))
        self._show_sides()
        self.query_one(PassageTable).focus()

    def on_resize(self) -> None:
        if self.report is not None:
            self._fill(self.query_one(PassageTable).cursor_row)

    def _fill(self, cursor: int) -> None:
        """The rows, every column as wide as its widest cell (set here, not measured by the
        table later, so the first frame is right), the passage cut to the width left."""
        assert self.report is not None
        rows = [self._row(passage, self.report) for passage in self.report.passages]
        table = self.query_one(PassageTable)
        padding = 2 * table.cell_padding
        widths = [
            max([cell_len(str(row[column])) for row in rows] + [len(title)])
            for column, title in enumerate(COLUMNS[:-1])
        ]
        # the screen's width less the table's margins, its scrollbar and the other columns
        passage = self.size.width - 2 - 1 - sum(widths) - padding * len(COLUMNS)
        if passage >= MIN_PASSAGE_WIDTH:
            widths.append(passage)
        table.clear(columns=True)
        for title, width in zip(COLUMNS, widths, strict=False):
            table.add_column(title, width=width, key=title.lower())
        for index, row in enumerate(rows):
            cells = [*row[:4], _clip(str(row[4]), passage)]
            table.add_row(*cells[: len(widths)], key=str(index))
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1), animate=False)

    @staticmethod
    def _row(passage: Passage, found: Report) -> list[Text | str]:
        item = passage.item
        code = found.codebook.code(item.code)
        if item.kind == "presence":
            difference = "only " + ", ".join(item.coded_by)
        else:
            difference = f"extent · {item.agreed * 100 // max(1, item.end - item.start)}% shared"
        return [
            Text(item.document, style="bold"),
            passage.lines,
            Text(
                code.name if code is not None else item.code,
                style=hue(found.codebook.color_of(item.code)),
            ),
            difference,
            " ".join(item.text.split()),
        ]

    @staticmethod
    def _summary(found: Report) -> str:
        first, second = found.coders
        on = ""
        if found.code is not None:
            code = found.codebook.code(found.code)
            on = f" on {code.name if code is not None else found.code}"
        if not found.passages:
            return f"{first} and {second} agree{on} everywhere in the documents both have coded."
        presence = sum(p.item.kind == "presence" for p in found.passages)
        extent = len(found.passages) - presence
        passages = "passage" if len(found.passages) == 1 else "passages"
        documents = "document" if found.documents == 1 else "documents"
        return (
            f"{len(found.passages)} {passages}{on} in {found.documents} {documents}: "
            f"{presence} coded by one coder only, {extent} differ in extent"
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_sides()

    def _current(self) -> Passage | None:
        table = self.query_one(PassageTable)
        if self.report is None or not self.report.passages or table.row_count == 0:
            return None
        return self.report.passages[min(table.cursor_row, len(self.report.passages) - 1)]

    def _show_sides(self) -> None:
        if self.report is None:
            return
        passage = self._current()
        viewer = self.app.gateway.coder
        for side_id, coder in zip(("#side-a", "#side-b"), self.report.coders, strict=True):
            self.query_one(side_id, CoderColumn).show(
                coder, passage, self.report.codebook, you=coder == viewer
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_passage()

    def action_open_passage(self) -> None:
        """Open the passage in the reader; escape there comes back to this list."""
        passage = self._current()
        if passage is None or self.report is None:
            return
        item = passage.item
        app = self.app
        reader = app.get_screen("reader") if app.is_screen_installed("reader") else None
        if reader is not None and reader in app.screen_stack:
            # Opened from the reader: it sits below this screen and cannot be pushed again, so
            # this view moves above it (as a new screen in the same state).
            while app.screen is not reader:
                app.pop_screen()
            app.pop_screen()
            app.push_screen(
                DisagreementsScreen(
                    self.report.coders,
                    self.report.code,
                    (item.document, item.start, item.end, item.code),
                )
            )
        app.open_document(item.document, (item.start, item.end))

    def action_back(self) -> None:
        self.dismiss(None)

    # --- messages instead of a report -----------------------------------------------------

    def _clear(self, message: str) -> None:
        self.report = None
        self._requested = None
        self.query_one(PassageTable).clear()
        self.query_one("#dis-summary", Static).update(message)
        for column in self.query(CoderColumn):
            column.clear()

    def _failed(self, message: str) -> None:
        self._clear(message[:1].upper() + message[1:] + ("" if message.endswith(".") else "."))

    def _note(self, message: Text | str | None) -> None:
        """A whole-screen explanation (blind project, too few coders) instead of the view."""
        for widget_id in ("#dis-controls", "#dis-summary", "#dis-list", "#dis-sides"):
            self.query_one(widget_id).display = message is None
        note = self.query_one("#dis-note", Static)
        note.display = message is not None
        note.update(message or "")


def _clip(text: str, width: int) -> Text:
    clipped = Text(text, no_wrap=True, overflow="ellipsis")
    clipped.truncate(width, overflow="ellipsis")
    return clipped
