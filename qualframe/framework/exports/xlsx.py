"""Excel workbook: an index sheet, then per theme its sheet and a companion sheet of quotes laid
out the same way (the excerpts behind a cell's references sit in the same cell next door), then
the appendix sheets (codebook, cell memos, transcripts: `xlsx_appendix.py`).

Nothing is clipped: a spreadsheet shows at most 409 points of a row (about 31 lines), so a cell
whose text needs more is split over continuation rows under its case (the case's name and
other columns repeated, so sorting and filtering keep them together), and every row is given the
height its tallest cell wraps to. Grouped rows (`--rows organisation`) sit under a shaded band
naming the group, at outline level 1 so a group can be folded.

Written with XlsxWriter in `constant_memory` mode (rows stream to disk as they are written, so a
thousand cases cost little memory). Every value goes in as a string cell; text a spreadsheet would
run as a formula also gets Excel's quote-prefix mark, so `=HYPERLINK(...)` stays literal even
when someone edits the cell. Sheets print landscape, one page wide, header row repeated.

Speed: a thousand cases by sixty codes is some 130,000 cells and 36 million characters, and
XlsxWriter's own work per cell and per character is most of the time. This module keeps its
share small: the columns around the codes (case, grouping, attributes) are laid out once for
every sheet, the common cell (plain text) is one check and one `write_string`, a cell's wrapped
lines are counted by one compiled regular expression (`lines.wrap_pattern`, the same word
wrapping as the transcripts), and the package is deflated at zlib level 1.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from qualframe.framework.exports import (
    LINES,
    ChartExport,
    cell_text,
    heading,
    organisation_column,
)
from qualframe.framework.exports.xlsx_appendix import APPENDIX_NAMES, appendix_sheets
from qualframe.framework.exports.xlsx_appendix import write as appendix_sheet_writer
from qualframe.framework.exports.xlsx_style import (
    A4,
    CODE_WIDTH,
    DEFAULT,
    MAX_LINES,
    QUOTE_WIDTH,
    QUOTES_PREFIX,
    SHEET_NAME_LIMIT,
    Styles,
    header_escape,
    height_of,
    lines_needed,
    print_setup,
    row_height,
    split_to_fit,
)
from qualframe.framework.model import Cell, Matrix, Row
from qualframe.framework.rows import CASE, ORGANISATION


def sheet_names(matrices: list[Matrix]) -> list[tuple[str, str]]:
    """(theme sheet, quotes sheet) names from theme names: unique, at most 31 characters, none
    of []:*?/\\ or ', cut at a word rather than mid-word."""
    taken = {"index", *(name.casefold() for name in APPENDIX_NAMES)}
    names = []
    for matrix in matrices:
        base = re.sub(r"[\[\]:*?/\\']", " ", matrix.title).strip() or (matrix.theme or "Theme")
        base = re.sub(r"\s+", " ", base)
        names.append((_unique(base, taken), _unique(QUOTES_PREFIX + base, taken)))
    return names


def _unique(text: str, taken: set[str]) -> str:
    name, n = _shorten(text, SHEET_NAME_LIMIT), 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = _shorten(text, SHEET_NAME_LIMIT - len(suffix)) + suffix, n + 1
    taken.add(name.casefold())
    return name


def _shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis rather than mid-word."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip() + "…"


def _index_sheet(
    workbook: Workbook, styles: Styles, export: ChartExport, names: list[tuple[str, str]]
) -> None:
    """The first sheet: what the workbook holds, each theme linked to its sheet."""
    sheet = workbook.add_worksheet("Index")
    widths = (46, 10, 10, 10, 12, 10)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.set_header(f"&R{header_escape(export.generated)}")
    sheet.set_row(0, 22)
    styles.put(sheet, 0, 0, f"Framework matrices: {export.project}", "title")
    notes = (
        export.description(),
        "Each cell holds the researcher's summary, then references (case, document and "
        f"lines) to its excerpts; the theme's quotes sheet holds them in the same cell. {LINES}",
    )
    for row, note in enumerate(notes, start=1):
        sheet.set_row(row, row_height([(note, sum(widths))]))
        sheet.merge_range(row, 0, row, len(widths) - 1, "", styles["note"])
        styles.put(sheet, row, 0, note, "note")
    for col, text in enumerate(("Theme", "Quotes", "Codes", "Cases", "Summaries", "Codings")):
        styles.put(sheet, 4, col, text, "header")
    row = 5
    for matrix, (name, quotes) in zip(export.matrices, names, strict=True):
        sheet.write_url(row, 0, f"internal:'{name}'!A1", styles["link"], string=matrix.title)
        sheet.write_url(row, 1, f"internal:'{quotes}'!A1", styles["link"], string="quotes")
        for col, value in enumerate(
            (len(matrix.columns), len(matrix.rows), matrix.summaries_written, matrix.codings),
            start=2,
        ):
            sheet.write_number(row, col, value, styles["number"])
        row += 1
    for name in appendix_sheets(export):
        sheet.write_url(row, 0, f"internal:'{name}'!A1", styles["link"], string=name)
        row += 1


def _layout(export: ChartExport) -> tuple[list[str], list[str]]:
    """(columns before the codes, columns after them): the case frozen at the left (after the
    grouping key when rows are grouped), the other attributes to the right of the codes."""
    before = [CASE]
    if export.grouping != CASE:
        before.insert(0, export.grouping)
    after = [k for k in (*organisation_column(export), *export.attribute_keys()) if k not in before]
    return before, after


def _left_value(row: Row, key: str) -> str:
    if key == CASE:
        return row.name
    if key == ORGANISATION:
        return row.organisation or ""
    return row.attributes.get(key, "")


#: After the case's name on a continuation row.
CONTINUED = " (cont.)"


def _left_width(rows: list[Row], key: str) -> float:
    """Wide enough for most values and the heading (the case's on a continuation row too),
    narrow enough to leave room for codes."""
    longest = max((len(_left_value(row, key)) for row in rows), default=0)
    if key == CASE:
        longest += len(CONTINUED)
    return max(8.0, min(18.0, max(longest, len(heading(key))) + 2.0))


@dataclass(frozen=True)
class CaseColumns:
    """The columns around the codes, the same on every theme and quotes sheet: their keys and
    widths, and per case its values there and the lines the tallest of them wraps to. Laid out
    once per workbook rather than once per sheet."""

    before: list[str]
    after: list[str]
    before_widths: list[float]
    after_widths: list[float]
    values: dict[int, tuple[list[str], list[str], int]]

    @classmethod
    def of(cls, export: ChartExport, attributes: bool = True) -> CaseColumns:
        """The theme sheets' columns; `attributes=False` for the quotes sheets, which keep only
        the case (and the grouping key): a quotes sheet is read beside its theme sheet, and
        every attribute cell on it is paid for again on a thousand rows."""
        before, after = _layout(export)
        if not attributes:
            after = []
        before_widths = [_left_width(export.rows, key) for key in before]
        after_widths = [_left_width(export.rows, key) for key in after]
        widths = before_widths + after_widths
        values = {}
        for row in export.rows:  # the same rows in every matrix, as the builders make them
            left = [_left_value(row, key) for key in before]
            right = [_left_value(row, key) for key in after]
            lines = max(
                (
                    lines_needed(text, width)
                    for text, width in zip(left + right, widths, strict=True)
                    if text
                ),
                default=1,
            )
            values[row.case_id] = (left, right, lines)
        return cls(before, after, before_widths, after_widths, values)


@dataclass
class Grid:
    """One theme or quotes sheet being written: its case columns, code column width, writers,
    and the next row to write."""

    sheet: Worksheet
    styles: Styles
    columns: CaseColumns
    codes: int
    code_width: float
    grouped: bool
    row: int = 1

    def __post_init__(self) -> None:
        self.body = self.styles.writer(self.sheet, "body")
        self.case = self.styles.writer(self.sheet, "case")
        self.continued = self.styles.writer(self.sheet, "continued")
        self.first_code = len(self.columns.before)
        self.after_first = self.first_code + self.codes

    @property
    def width(self) -> int:
        return self.after_first + len(self.columns.after)

    def setup(self, headers: list[str]) -> None:
        """Column widths, frozen panes and the header row."""
        widths = [
            *self.columns.before_widths,
            *([self.code_width] * self.codes),
            *self.columns.after_widths,
        ]
        for col, width in enumerate(widths):
            self.sheet.set_column(col, col, width)
        self.sheet.freeze_panes(1, self.first_code)
        if self.grouped:
            self.sheet.outline_settings(True, False, True, False)
        self.sheet.set_row(0, row_height(list(zip(headers, widths, strict=True))))
        for col, text in enumerate(headers):
            self.styles.put(self.sheet, 0, col, text, "header")

    def band(self, group: str | None) -> None:
        """A shaded row across the sheet naming the group the rows below belong to."""
        label = group or "(none)"
        self.sheet.set_row(self.row, height_of(1) + 4)
        if self.width > 1:
            self.sheet.merge_range(self.row, 0, self.row, self.width - 1, "", self.styles["band"])
        self.styles.put(self.sheet, self.row, 0, label, "band")
        self.row += 1

    def case_rows(self, row: Row, cells: list[tuple[int, str]]) -> None:
        """A case's row, and continuation rows while any cell's text needs more lines than a
        row shows; `cells` are (column, text) of the non-empty code cells."""
        left, right, lines = self.columns.values[row.case_id]
        width = self.code_width
        pieces: list[tuple[int, list[tuple[str, int]]]] = []
        for col, text in cells:
            need = lines_needed(text, width)
            parts = (
                [(text, need)]
                if need <= MAX_LINES
                else [(part, lines_needed(part, width)) for part in split_to_fit(text, width)]
            )
            pieces.append((col, parts))
        count = max((len(parts) for _, parts in pieces), default=1)
        options = {"level": 1} if self.grouped else None
        for k in range(count):
            shown = [(col, parts[k]) for col, parts in pieces if k < len(parts)]
            tallest = max((need for _, (_, need) in shown), default=1)
            r = self.row
            self.sheet.set_row(r, height_of(max(lines, tallest)), None, options)
            for col, text in enumerate(left):
                if col < self.first_code - 1:
                    self.body(r, col, text)
                elif k:
                    self.continued(r, col, f"{text}{CONTINUED}")
                else:
                    self.case(r, col, text)
            for col, (text, _) in shown:
                self.body(r, col, text)
            for col, text in enumerate(right, start=self.after_first):
                self.body(r, col, text)
            self.row += 1

    def finish(self, title: str, generated: str) -> None:
        """Print set-up over every column written, and the autofilter."""
        print_setup(self.sheet, title, generated, self.first_code)
        self.sheet.print_area(0, 0, max(self.row - 1, 0), self.width - 1)
        if self.row > 1:
            self.sheet.autofilter(0, 0, self.row - 1, self.width - 1)


def _grid_sheet(
    workbook: Workbook,
    styles: Styles,
    columns: CaseColumns,
    export: ChartExport,
    matrix: Matrix,
    name: str,
    quotes: bool,
) -> None:
    """A theme sheet (each cell the summary, then references) or its quotes sheet (each cell
    the excerpts after their references), rows under group bands when rows are grouped."""
    sheet = workbook.add_worksheet(name)
    grid = Grid(
        sheet,
        styles,
        columns,
        len(matrix.columns),
        QUOTE_WIDTH if quotes else CODE_WIDTH,
        matrix.grouping != CASE,
    )
    grid.setup(
        [heading(key) for key in columns.before]
        + [c.label for c in matrix.columns]
        + [heading(key) for key in columns.after]
    )
    code_ids = [column.code_id for column in matrix.columns]
    cells = matrix.cells
    for group, rows in matrix.groups():
        if grid.grouped:
            grid.band(group)
        for row in rows:
            written = []
            for col, code_id in enumerate(code_ids, start=grid.first_code):
                cell = cells.get((row.case_id, code_id))
                if cell is not None:
                    text = quotes_text(cell) if quotes else cell_text(cell)
                    if text:
                        written.append((col, text))
            grid.case_rows(row, written)
    grid.finish(f"{matrix.title}: quotes" if quotes else matrix.title, export.generated)


def quotes_text(cell: Cell) -> str:
    """Every excerpt of a cell, each after its reference, a blank line between them."""
    return "\n\n".join(f"{e.reference} {e.text}" for e in cell.excerpts)


#: XlsxWriter's zip class as imported, kept here so `_fast_deflate` always puts it back as it was.
_ZIPFILE = getattr(xlsxwriter.workbook, "ZipFile", None)
#: Deflate level of the package: level 1 takes a quarter of the default level 6's time on a
#: thousand cases' quotes (0.8 s against 3.2 s here) for a file a fifth larger (14.5 against
#: 12.2 MiB).
DEFLATE_LEVEL = 1


@contextmanager
def _fast_deflate() -> Iterator[None]:
    """Zip the package at `DEFLATE_LEVEL` while XlsxWriter closes the workbook.

    XlsxWriter has no option for it: it zips with the `ZipFile` name of its `workbook` module,
    so that name points at the same class with `compresslevel` bound, for the duration of
    `close()` only, and is then set back to the class itself (so nested or overlapping exports
    in threads can never leave it changed). Should XlsxWriter stop using that name, this does
    nothing and files are zipped at its default level."""
    if _ZIPFILE is None:
        yield
        return
    xlsxwriter.workbook.ZipFile = functools.partial(_ZIPFILE, compresslevel=DEFLATE_LEVEL)
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = _ZIPFILE


def render(export: ChartExport) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "default_format_properties": DEFAULT,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties(
        {"title": f"Framework matrices: {export.project}", "comments": export.description()}
    )
    styles = Styles(workbook)
    names = sheet_names(export.matrices)
    _index_sheet(workbook, styles, export, names)
    columns, quote_columns = CaseColumns.of(export), CaseColumns.of(export, attributes=False)
    for matrix, (name, quotes) in zip(export.matrices, names, strict=True):
        _grid_sheet(workbook, styles, columns, export, matrix, name, quotes=False)
        _grid_sheet(workbook, styles, quote_columns, export, matrix, quotes, quotes=True)
    appendix_sheet_writer(workbook, styles, export)
    with _fast_deflate():
        workbook.close()
    return buffer.getvalue()
