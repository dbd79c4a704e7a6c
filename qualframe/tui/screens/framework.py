"""The Framework matrix (`f`): charting, the method's defining stage, in the workbench.

One theme at a time (or every theme, a column each): cases down the left, codes across, each
cell the researcher's summary or the number of excerpts waiting for one. `enter` opens a cell
(summary beside its excerpts, see `cell.py`), `e` opens it ready to edit; `t`, `g` and `w`
switch theme, grouping and attribute filters, as `qualframe chart --theme --rows --where` do.
The matrix is built by the same `build_matrix` as the exports, in a worker. Back from a cell,
only that cell is read again (its summary may have changed); back from a transcript opened from
a cell, the whole matrix is (a coding may have changed anywhere).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from qualframe.framework.rows import CASE, ORGANISATION
from qualframe.tui import framework_data as fd
from qualframe.tui.bindings import APP, MATRIX
from qualframe.tui.dialogs.matrix_choice import Choice, ChoiceScreen
from qualframe.tui.screens.summary_undo import SummaryUndo, ahead_of_widgets
from qualframe.tui.widgets.key_bar import KeyBar
from qualframe.tui.widgets.matrix_table import MatrixTable, clip
from qualframe.tui.widgets.project_header import ProjectHeader

if TYPE_CHECKING:
    from collections.abc import Iterable

    from qualframe.framework.cells import CellView
    from qualframe.framework.model import Cell, Column, Row

#: The theme picker's value for the overview (every theme, a column each).
ALL_THEMES = "*"
#: Lines of the highlighted cell's summary shown under the matrix.
PREVIEW_LINES = 2
#: Grouping and filter keys offered first: the ones Framework charts are usually cut by.
FIRST_KEYS = (CASE, ORGANISATION, "role")


class FrameworkScreen(SummaryUndo[None]):
    """The matrix of one theme; the edits made from it can be undone with `u`."""

    KEY_GROUPS = (MATRIX, APP)
    BINDINGS = ahead_of_widgets(MATRIX, "open_cell")
    HELP_TITLE = "the Framework matrix"
    AUTO_FOCUS = "#matrix"

    DEFAULT_CSS = """
    #matrix-bar {
        height: 1;
        padding: 0 1;
        background: $surface;
    }
    #matrix {
        height: 1fr;
        scrollbar-size: 1 1;
    }
    #matrix-note {
        height: auto;
        padding: 1 2;
        color: $text-muted;
    }
    #matrix-preview {
        height: 3;
        padding: 0 1;
        background: $surface;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.request = fd.ChartRequest()
        self.chart: fd.Chart | None = None
        self.edits = fd.EditHistory()

    def compose(self) -> ComposeResult:
        yield ProjectHeader("framework", id="header")
        yield Static("", id="matrix-bar")
        yield MatrixTable(id="matrix")
        yield Static("Charting…", id="matrix-note")
        yield Static("", id="matrix-preview")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ProjectHeader).show(self.app.info)
        self.load(self.request)

    # --- loading ---------------------------------------------------------------------------

    def load(self, request: fd.ChartRequest) -> None:
        """Chart `request`; a request the project cannot chart leaves the matrix as it was."""
        self.read(fd.chart(request), self._charted, group="chart", failed=self._not_charted)

    def refresh_data(self) -> None:
        self.load(self.request)

    def _charted(self, chart: fd.Chart) -> None:
        self.chart, self.request = chart, chart.request
        table = self.query_one(MatrixTable)
        note = self.query_one("#matrix-note", Static)
        matrix = chart.matrix
        table.display = matrix is not None and bool(matrix.rows)
        note.display = not table.display
        if matrix is None:
            note.update(chart.problem)
        elif not matrix.rows:
            note.update("No cases yet: import transcripts (qualframe import PATH) and code them.")
        else:
            table.show(matrix)
        self.query_one(ProjectHeader).show(self.app.info, f"framework › {self._title()}")
        self.query_one("#matrix-bar", Static).update(self._bar())
        self._preview()

    def _not_charted(self, message: str) -> None:
        self.notify(message, title="Not charted", severity="error", timeout=8)
        if self.chart is None:
            self.query_one("#matrix-note", Static).update(message)
            self.query_one(MatrixTable).display = False

    def _title(self) -> str:
        matrix = self.chart.matrix if self.chart else None
        return matrix.title if matrix is not None else "no matrix"

    def _bar(self) -> Table:
        """`Rows by organisation   Filter role=Staff nurse` on the left; on the right
        `17 cases · 4 summarised · 6 to summarise` (the cells with codings but no summary)."""
        request, matrix = self.request, self.chart.matrix if self.chart else None
        left = Text()
        left.append("Rows ", style="dim")
        left.append(
            "each case" if request.grouping == CASE else f"by {_key_name(request.grouping)}"
        )
        left.append("   ")
        left.append("Filter ", style="dim")
        left.append(", ".join(f"{k}={v}" for k, v in request.where) or "none")
        right = Text()
        if matrix is not None:
            waiting = sum(1 for cell in matrix.charted_cells() if cell.count and not cell.text)
            right.append(
                f"{len(matrix.rows)} cases · {matrix.summaries_written} summarised · ", style="dim"
            )
            right.append(f"{waiting} to summarise", style="yellow" if waiting else "dim")
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(left, right)
        return grid

    # --- the highlighted cell -------------------------------------------------------------

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        self._preview()

    def _preview(self) -> None:
        """Under the matrix: the highlighted cell's case, code, version and excerpt count,
        then its summary's first lines (a matrix cell shows only a few words)."""
        found = self.query_one(MatrixTable).current()
        box = self.query_one("#matrix-preview", Static)
        if found is None:
            box.update("")
            return
        row, column, cell = found
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(row.name, style="bold")
        head.append(" × ")
        head.append(column.label, style="bold")
        head.append("   ")
        head.append(f"{cell.count} excerpt{'' if cell.count == 1 else 's'}", style="dim")
        if cell.count:
            head.append(
                f" from {cell.documents} document{'' if cell.documents == 1 else 's'}", style="dim"
            )
        if cell.summary is not None:
            head.append(
                f"   version {cell.version} · {cell.summary.author or 'unknown'} · "
                f"{cell.summary.created:%Y-%m-%d %H:%M}",
                style="dim",
            )
        width = max(20, box.size.width or self.app.size.width - 2)
        if cell.text:
            body = Text("\n".join(clip(cell.text, width, PREVIEW_LINES)))
        elif cell.count:
            body = Text(
                "No summary yet: enter reads the excerpts beside it, e writes one.",
                style="italic yellow",
            )
        else:
            body = Text("Nothing coded here for this case.", style="dim")
        shown = Text("\n").join([head, body])
        shown.no_wrap, shown.overflow = True, "ellipsis"  # the body is already cut to fit
        box.update(shown)

    def _switchable(self) -> fd.Chart | None:
        """The chart, if there is a matrix to switch (else say why not)."""
        if self.chart is not None and self.chart.matrix is None:
            self.notify(self.chart.problem, timeout=4)
            return None
        return self.chart

    def _current(self) -> tuple[Row, Column, Cell] | None:
        found = self.query_one(MatrixTable).current()
        if found is None:
            self.notify("Move to a case's cell first.", timeout=3)
        return found

    # --- actions --------------------------------------------------------------------------

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_open_cell()

    def action_open_cell(self, edit: bool = False) -> None:
        """`enter`: the cell's summary beside its excerpts (`e`: ready to edit)."""
        from qualframe.tui.screens.cell import CellScreen

        found = self._current()
        if found is None or self.chart is None or self.chart.matrix is None:
            return
        row, column, _ = found
        self.app.push_screen(
            CellScreen(row, column, self.chart.matrix.title, self.edits, edit=edit),
            lambda read_transcript: self._back_from_cell(row, column, read_transcript),
        )

    def _back_from_cell(self, row: Row, column: Column, read_transcript: bool | None) -> None:
        """Back on the matrix: after a transcript, where any coding may have changed, chart
        again; else read the one cell (its summary may have changed) and redraw only it, as
        rebuilding a thousand cases' matrix takes a second or two."""
        if read_transcript:
            self.load(self.request)
        else:
            self.read(
                fd.cell(row.name, column.key),
                lambda view: self._cell_read(row, column, view),
                group="cell",
            )

    def _cell_read(self, row: Row, column: Column, view: CellView) -> None:
        self.query_one(MatrixTable).update_one(row.case_id, column.code_id, view.cell)
        self.query_one("#matrix-bar", Static).update(self._bar())
        self._preview()

    def action_edit_cell(self) -> None:
        self.action_open_cell(edit=True)

    def action_choose_theme(self) -> None:
        chart = self._switchable()
        if chart is None:
            return
        current = ALL_THEMES if self.request.theme is None else self.request.theme
        choices = [Choice(key, name, ticked=key == current) for key, name in chart.options.themes]
        choices.append(
            Choice(ALL_THEMES, "All themes", "a column per theme", ticked=current == ALL_THEMES)
        )
        self.app.push_screen(ChoiceScreen("Theme", choices), self._theme_chosen)

    def _theme_chosen(self, value: str | None) -> None:
        if value is not None:
            theme = None if value == ALL_THEMES else value
            self.load(fd.ChartRequest(theme, self.request.grouping, self.request.where))

    def action_choose_grouping(self) -> None:
        chart = self._switchable()
        if chart is None:
            return
        choices = [
            Choice(
                key,
                "Each case, no groups" if key == CASE else f"By {_key_name(key)}",
                _values_note(chart, key),
                ticked=key == self.request.grouping,
            )
            for key in _by_use(chart.options.groupings)
        ]
        self.app.push_screen(ChoiceScreen("Group the cases", choices), self._grouping_chosen)

    def _grouping_chosen(self, value: str | None) -> None:
        if value is not None:
            self.load(fd.ChartRequest(self.request.theme, value, self.request.where))

    def action_choose_filter(self) -> None:
        chart = self._switchable()
        if chart is None:
            return
        choices = [
            Choice(
                f"{key}={value}",
                f"{_key_name(key)} = {value}",
                ticked=(key, value) in self.request.where,
            )
            for key in _by_use(chart.options.values)
            for value in chart.options.values[key]
        ]
        if self.request.where:
            choices.insert(0, Choice("", "No filter", "show every case"))
        self.app.push_screen(
            ChoiceScreen(
                "Filter the cases",
                choices,
                "Choose a ticked value to drop it; values of one attribute are alternatives.",
            ),
            self._filter_chosen,
        )

    def _filter_chosen(self, value: str | None) -> None:
        if value is None:
            return
        if not value:
            self.load(fd.ChartRequest(self.request.theme, self.request.grouping))
            return
        key, _, attribute_value = value.partition("=")
        self.load(self.request.toggled(key, attribute_value))

    def action_back(self) -> None:
        self.app.pop_screen()


def _by_use(keys: Iterable[str]) -> list[str]:
    """Case, organisation and role first, then the other attributes alphabetically."""
    return sorted(
        keys, key=lambda k: (FIRST_KEYS.index(k) if k in FIRST_KEYS else len(FIRST_KEYS), k)
    )


def _key_name(key: str) -> str:
    return "organisation" if key == ORGANISATION else key.replace("_", " ")


def _values_note(chart: fd.Chart, key: str) -> str:
    values = chart.options.values.get(key, [])
    if not values:
        return ""
    shown = ", ".join(values[:3])
    return f"{shown}, … ({len(values)})" if len(values) > 3 else shown
