"""The Framework matrix as a table: cases down the left (a fixed column, so they stay in view
while the codes scroll past), codes across, each cell two lines of its summary or, when codings
wait for a summary, how many: a researcher sees at a glance which cells are still to chart.

Grouped rows (by organisation or an attribute) sit under a one-line group heading. The cursor
steps over headings and the case column, so it is always on a cell. Rows are keyed `case:ID`
and columns `code:ID`, so a refreshed matrix puts the cursor back on the cell it was on.
"""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from qualframe.framework.model import Cell, Column, Matrix, Row
from qualframe.framework.rows import CASE, ORGANISATION

#: Text lines per case row (the summary's first words) and per column heading.
ROW_LINES = 2
HEADER_LINES = 2
#: Bounds of a code column's text width, and of the case column's (which fits the longest
#: case or group name within them).
MIN_WIDTH, MAX_WIDTH = 16, 34
MIN_LABEL, MAX_LABEL = 18, 26
GROUP_KEY = "group:"
CASE_KEY = "case"


def clip(text: str, width: int, lines: int, reserve: int = 0) -> list[str]:
    """`text` wrapped at `width` into at most `lines` lines, the last one `reserve` cells
    shorter (room for a count after it) and ending in `…` when words were left out."""
    width = max(4, width)
    # Only the start can show, so only the start is wrapped (a long summary costs no more):
    # a line's worth beyond what fits is enough to see that words are left out.
    shown = width * (lines + 1)
    wrapped = textwrap.wrap(" ".join(text[:shown].split()), width) or [""]
    more = len(text) > shown and not text[shown:].isspace()
    room = width - reserve
    if len(wrapped) <= lines and len(wrapped[-1]) <= room and not more:
        return wrapped
    rest = " ".join(wrapped[lines - 1 :])
    cut = rest[: max(1, room - 1)]
    space = cut.rfind(" ")
    if space > room - 6:  # end on a whole word when that loses only a few cells
        cut = cut[:space]
    return [*wrapped[: lines - 1], cut.rstrip(" ,;:") + "…"]


def cell_text(cell: Cell, width: int) -> Text:
    """What a matrix cell shows: the summary's first words with the number of excerpts behind
    it; codings without a summary in the warning colour; `·` for an empty cell."""
    if cell.text:
        marker = f" [{cell.count}]" if cell.count else ""
        lines = clip(cell.text, width, ROW_LINES, len(marker))
        text = Text("\n".join(lines))
        text.append(marker, style="dim")
        return text
    if cell.count:
        noun = "excerpt" if cell.count == 1 else "excerpts"
        return Text.assemble(
            (f"{cell.count} {noun}", "bold yellow"), "\n", ("to summarise", "italic yellow")
        )
    return Text("·", style="dim")


def column_label(column: Column, width: int) -> Text:
    """A code's name over two lines; a sub-code marked `›`, a retired code dim."""
    name = ("› " if column.depth else "") + column.label
    return Text(
        "\n".join(clip(name, width, HEADER_LINES)), style="dim" if column.retired else "bold"
    )


def row_label(row: Row, grouping: str, width: int) -> Text:
    """The case in bold, then its role (or organisation) unless the rows are grouped by it."""
    label = Text(clip(row.name, width, 1)[0], style="bold")
    for key in ("role", ORGANISATION):
        value = row.organisation if key == ORGANISATION else row.attributes.get(key)
        if value and key != grouping:
            label.append("\n" + clip(value, width, 1)[0], style="dim")
            break
    return label


def label_width(matrix: Matrix) -> int:
    """The case column's width: its longest case or group name, within bounds."""
    names = [row.name for row in matrix.rows] + [row.group or "" for row in matrix.rows]
    return max(MIN_LABEL, min(MAX_LABEL, max(map(len, names), default=0)))


class MatrixTable(DataTable[Text]):
    """One matrix; `current()` says which case and code the cursor is on."""

    DEFAULT_CSS = """
    MatrixTable > .datatable--fixed, MatrixTable > .datatable--fixed-cursor {
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        # The case column is an ordinary fixed column rather than DataTable's row labels:
        # labels of a refilled table may be drawn before their width is known (Textual 8.2).
        super().__init__(
            id=id,
            cursor_type="cell",
            header_height=HEADER_LINES,
            fixed_columns=1,
            show_row_labels=False,
        )
        self.matrix: Matrix | None = None
        self.width_used = 0
        self.label_width = MIN_LABEL

    def show(self, matrix: Matrix, *, keep: tuple[int, int] | None = None) -> None:
        """Fill the table with `matrix`, the cursor on the cell `keep` (case, code) if it is
        still there, else on the first case."""
        keep = keep or self.current_ids()
        self.matrix = matrix
        self.label_width = label_width(matrix)
        self.width_used = self.fitting_width()
        self.clear(columns=True)
        self.add_column(
            Text(
                "Case"
                if matrix.grouping == CASE
                else f"Case by {matrix.grouping.replace('_', ' ')}",
                style="bold",
            ),
            width=self.label_width,
            key=CASE_KEY,
        )
        for column in matrix.columns:
            self.add_column(
                column_label(column, self.width_used),
                width=self.width_used,
                key=f"code:{column.code_id}",
            )
        for number, (group, rows) in enumerate(matrix.groups()):
            if group is not None:
                heading = Text(clip(group, self.label_width, 1)[0], style="bold underline")
                self.add_row(heading, *[Text("")] * len(matrix.columns), key=f"{GROUP_KEY}{number}")
            for row in rows:
                self.add_row(
                    row_label(row, matrix.grouping, self.label_width),
                    *[cell_text(cell, self.width_used) for _, cell in matrix.row_cells(row)],
                    key=f"case:{row.case_id}",
                    height=ROW_LINES,
                )
        self._place_cursor(keep)

    def update_one(self, case_id: int, code_id: int, cell: Cell) -> None:
        """One cell read again (after its summary was edited), redrawn in place."""
        if self.matrix is None:
            return
        if cell.summary is None and not cell.excerpts:
            self.matrix.cells.pop((case_id, code_id), None)
        else:
            self.matrix.cells[case_id, code_id] = cell
        row_key, column_key = f"case:{case_id}", f"code:{code_id}"
        if row_key in self.rows and column_key in self.columns:
            self.update_cell(row_key, column_key, cell_text(cell, self.width_used))

    def fitting_width(self) -> int:
        """A code column's text width: the codes share the width beside the case column, each
        between MIN_WIDTH and MAX_WIDTH (more codes than fit: the table scrolls sideways)."""
        total = self.size.width or self.app.size.width
        columns = len(self.matrix.columns) if self.matrix else 1
        spare = total - self.label_width - 2 - 1  # the case column, its padding, a scrollbar
        return max(MIN_WIDTH, min(MAX_WIDTH, spare // max(1, columns) - 2))

    def on_resize(self) -> None:
        if self.matrix is not None and self.fitting_width() != self.width_used:
            self.show(self.matrix)

    def _place_cursor(self, keep: tuple[int, int] | None) -> None:
        if not self.row_count or not self.columns:
            return
        row, column = 0, 1
        if keep is not None:
            row_key, column_key = f"case:{keep[0]}", f"code:{keep[1]}"
            if row_key in self.rows:
                row = self.get_row_index(row_key)
            if column_key in self.columns:
                column = self.get_column_index(column_key)
        self.cursor_coordinate = Coordinate(self._case_row(row, 1), column)

    def _is_group(self, row: int) -> bool:
        key = self._row_locations.get_key(row)
        return key is not None and str(key.value).startswith(GROUP_KEY)

    def _case_row(self, row: int, step: int) -> int:
        """`row`, or the nearest case row from it in the direction of `step` (else back)."""
        for direction in (step, -step):
            probe = row
            while 0 <= probe < self.row_count:
                if not self._is_group(probe):
                    return probe
                probe += direction
        return row

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        """The cursor steps over group headings in the direction it moves, and off the case
        column onto the first code."""
        row, column = new.row, new.column
        if row < self.row_count and self._is_group(row):
            row = self._case_row(row, 1 if row >= old.row else -1)
        if column == 0 and len(self.columns) > 1:
            column = 1
        if (row, column) != (new.row, new.column):
            # The move lands elsewhere: repaint the cell it left now, since the watcher that
            # runs for the final move repaints only the heading it stepped over.
            self.refresh_coordinate(old)
            self.cursor_coordinate = Coordinate(row, column)
            return
        super().watch_cursor_coordinate(old, new)

    def current(self) -> tuple[Row, Column, Cell] | None:
        """The case, code and cell under the cursor."""
        ids = self.current_ids()
        if ids is None or self.matrix is None:
            return None
        row = next((r for r in self.matrix.rows if r.case_id == ids[0]), None)
        column = next((c for c in self.matrix.columns if c.code_id == ids[1]), None)
        if row is None or column is None:
            return None
        return row, column, self.matrix.cell(row.case_id, column.code_id)

    def current_ids(self) -> tuple[int, int] | None:
        if not self.row_count or not self.columns or self.matrix is None:
            return None
        keys = self.coordinate_to_cell_key(self.cursor_coordinate)
        row_key, column_key = str(keys.row_key.value), str(keys.column_key.value)
        if not row_key.startswith("case:") or not column_key.startswith("code:"):
            return None
        return int(row_key[5:]), int(column_key[5:])
