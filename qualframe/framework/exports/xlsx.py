"""Excel workbook: an index sheet, then per theme its sheet and a companion sheet of quotes laid
out the same way (the excerpts behind a cell's references sit in the same cell next door).

Written with XlsxWriter in `constant_memory` mode (rows stream to disk as they are written, so a
thousand cases cost little memory). Every value goes in as a string cell; text a spreadsheet would
run as a formula also gets Excel's quote-prefix mark, so `=HYPERLINK(...)` stays literal even
when someone edits the cell. Sheets print landscape, one page wide, header row repeated.

Speed: a thousand cases by sixty codes is some 130,000 cells and 36 million characters, and
XlsxWriter's own work per cell and per character is most of the time. This module keeps its
share small: the columns around the codes (case, grouping, attributes) are laid out once for
every theme sheet, the common cell (plain text) is one check and one `write_string`, row heights
are counted without building lists, and the package is deflated at zlib level 1.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from qualframe.framework.exports import (
    FORMULA_STARTS,
    ChartExport,
    cell_text,
    heading,
    organisation_column,
    starts_like_formula,
)
from qualframe.framework.model import Cell, Matrix, Row
from qualframe.framework.rows import CASE, ORGANISATION

CELL_LIMIT = 32_767
SHEET_NAME_LIMIT = 31
QUOTES_PREFIX = "Quotes – "
CODE_WIDTH = 36.0
QUOTE_WIDTH = 44.0
A4 = 9

FONT = {"font_name": "Calibri", "font_size": 10}
#: Every cell's default (Excel's format 0): most cells then need no format of their own.
DEFAULT = {**FONT, "valign": "top", "text_wrap": True}
STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14},
    "note": {**FONT, "italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"},
    "header": {
        **FONT,
        "bold": True,
        "bg_color": "#DCE6F1",
        "border": 1,
        "border_color": "#8EA9C1",
        "text_wrap": True,
        "valign": "top",
    },
    "case": {**FONT, "bold": True, "valign": "top", "text_wrap": True},
    "body": DEFAULT,
    "number": {**FONT, "border": 1, "border_color": "#BFBFBF", "valign": "top"},
    "refs_only": {
        **FONT,
        "font_size": 9,
        "font_color": "#5A6570",
        "valign": "top",
        "text_wrap": True,
    },
    "link": {
        **FONT,
        "font_color": "#1F4E79",
        "underline": 1,
        "border": 1,
        "border_color": "#BFBFBF",
    },
}
#: Points per line of 10-point text, and characters per width unit of a column (a width unit
#: is one "0" of the default font; running text is narrower). Spreadsheets do not grow rows to
#: fit wrapped text they did not lay out themselves, so heights are estimated, erring taller.
LINE_HEIGHT = 13.0
CHARS_PER_UNIT = 1.35
MAX_ROW_HEIGHT = 409.0


def lines_needed(text: str, width: float) -> int:
    """About how many lines `text` wraps to in a column `width` units wide: its length over
    the characters a line holds, plus one for each line break (a paragraph's last line)."""
    per_line = max(1, int(width * CHARS_PER_UNIT))
    return -(-len(text) // per_line) + text.count("\n")


def row_height(cells: list[tuple[str, float]]) -> float:
    """The height in points that shows the tallest of the (text, column width) cells."""
    lines = max((lines_needed(text, width) for text, width in cells if text), default=1)
    return height_of(lines)


def height_of(lines: int) -> float:
    """The height in points of a row whose tallest cell wraps to `lines` lines."""
    return min(MAX_ROW_HEIGHT, max(1, lines) * LINE_HEIGHT + 4)


#: Text that `Styles.put` must look at: formula-like, or what XlsxWriter takes for rich text.
NEEDS_CARE = (*FORMULA_STARTS, "<r>")


class Styles:
    """Formats made once per workbook; each with a quote-prefixed twin for formula-like text."""

    def __init__(self, workbook: Workbook):
        self.plain = {name: workbook.add_format(props) for name, props in STYLES.items()}
        self.literal = {
            name: workbook.add_format({**props, "quote_prefix": True})
            for name, props in STYLES.items()
        }

    def put(self, sheet: Worksheet, row: int, col: int, text: str, style: str) -> None:
        """A string cell (never a formula, number or URL); nothing at all for empty text (the
        printed gridlines draw the grid, and a hundred thousand blank cells cost seconds)."""
        if not text:
            return
        text = text[:CELL_LIMIT]
        if text.startswith("<r>") and text.endswith("</r>"):
            text += " "  # XlsxWriter would copy such text into the sheet's XML unescaped
        if starts_like_formula(text):
            sheet.write_string(row, col, text, self.literal[style])
        else:
            sheet.write_string(row, col, text, None if style == "body" else self.plain[style])

    def writer(self, sheet: Worksheet, style: str) -> Callable[[int, int, str], None]:
        """`put` for the many cells of one style on one sheet: plain text that fits a cell
        (nearly all of it) costs one check and one `write_string`; the rest goes to `put`."""
        write = sheet.write_string
        plain = None if style == "body" else self.plain[style]

        def put(row: int, col: int, text: str) -> None:
            if text.startswith(NEEDS_CARE) or len(text) > CELL_LIMIT:
                self.put(sheet, row, col, text, style)
            elif text:
                write(row, col, text, plain)

        return put

    def __getitem__(self, name: str) -> Format:
        return self.plain[name]


def sheet_names(matrices: list[Matrix]) -> list[tuple[str, str]]:
    """(theme sheet, quotes sheet) names from theme names: unique, at most 31 characters, none
    of []:*?/\\ or ', cut at a word rather than mid-word."""
    taken = {"index"}
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


def _print_setup(sheet: Worksheet, title: str, frozen_cols: int) -> None:
    """Landscape A4, one page wide, header row (and case column) on every page, gridlines
    printed, the sheet's title in the page header."""
    sheet.hide_gridlines(0)
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    if frozen_cols:
        sheet.repeat_columns(0, frozen_cols - 1)
    sheet.set_header(f"&L&B{_header_escape(title)}")
    sheet.set_footer("&RPage &P of &N")


def _header_escape(text: str) -> str:
    return text.replace("&", "&&")[:200]


def _index_sheet(workbook: Workbook, styles: Styles, export: ChartExport, names: list[str]) -> None:
    """The first sheet: what the workbook holds, each theme linked to its sheet."""
    sheet = workbook.add_worksheet("Index")
    widths = (46, 10, 10, 10, 12, 10)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.set_row(0, 22)
    styles.put(sheet, 0, 0, f"Framework matrices: {export.project}", "title")
    notes = (
        export.description(),
        "Each cell holds the researcher's summary, then references (case, document and "
        "lines) to its excerpts; the theme's quotes sheet holds them in the same cell.",
    )
    for row, note in enumerate(notes, start=1):
        sheet.set_row(row, row_height([(note, sum(widths))]))
        sheet.merge_range(row, 0, row, len(widths) - 1, "", styles["note"])
        styles.put(sheet, row, 0, note, "note")
    for col, text in enumerate(("Theme", "Quotes", "Codes", "Cases", "Summaries", "Codings")):
        styles.put(sheet, 4, col, text, "header")
    for row, (matrix, (name, quotes)) in enumerate(
        zip(export.matrices, names, strict=True), start=5
    ):
        sheet.write_url(row, 0, f"internal:'{name}'!A1", styles["link"], string=matrix.title)
        sheet.write_url(row, 1, f"internal:'{quotes}'!A1", styles["link"], string="quotes")
        for col, value in enumerate(
            (len(matrix.columns), len(matrix.rows), matrix.summaries_written, matrix.codings),
            start=2,
        ):
            sheet.write_number(row, col, value, styles["number"])


def _layout(export: ChartExport) -> tuple[list[str], list[str]]:
    """(columns before the codes, columns after them): the case frozen at the left (after the
    grouping key when rows are grouped), the other attributes to the right of the codes, so
    the printed page is the matrix itself and the attributes stay at hand for filtering."""
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


def _left_width(rows: list[Row], key: str) -> float:
    """Wide enough for most values and the heading, narrow enough to leave room for codes."""
    longest = max((len(_left_value(row, key)) for row in rows), default=0)
    return max(8.0, min(18.0, max(longest, len(heading(key))) + 2.0))


@dataclass(frozen=True)
class CaseColumns:
    """The columns around the codes, the same on every theme sheet: their keys and widths, and
    per case its values there and the lines the tallest of them wraps to. Laid out once per
    workbook rather than once per theme."""

    before: list[str]
    after: list[str]
    before_widths: list[float]
    after_widths: list[float]
    values: dict[int, tuple[list[str], list[str], int]]

    @classmethod
    def of(cls, export: ChartExport) -> CaseColumns:
        before, after = _layout(export)
        before_widths = [_left_width(export.rows, key) for key in before]
        after_widths = [_left_width(export.rows, key) for key in after]
        widths = before_widths + after_widths
        values = {}
        for matrix in export.matrices:  # the same rows in each, as `build_matrices` makes them
            for row in matrix.rows:
                if row.case_id in values:
                    continue
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


def _theme_sheet(
    workbook: Workbook, styles: Styles, columns: CaseColumns, matrix: Matrix, name: str
) -> None:
    sheet = workbook.add_worksheet(name)
    before, after = columns.before, columns.after
    widths = [*columns.before_widths, *([CODE_WIDTH] * len(matrix.columns)), *columns.after_widths]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, len(before))
    _print_setup(sheet, matrix.title, len(before))
    first_code = len(before)
    after_first = first_code + len(matrix.columns)
    sheet.print_area(0, 0, len(matrix.rows), max(after_first - 1, first_code - 1))
    headers = (
        [heading(key) for key in before]
        + [c.label for c in matrix.columns]
        + [heading(key) for key in after]
    )
    sheet.set_row(0, row_height(list(zip(headers, widths, strict=True))))
    for col, text in enumerate(headers):
        styles.put(sheet, 0, col, text, "header")
    body, refs_only = styles.writer(sheet, "body"), styles.writer(sheet, "refs_only")
    case = styles.writer(sheet, "case")
    code_ids = [column.code_id for column in matrix.columns]
    per_line = max(1, int(CODE_WIDTH * CHARS_PER_UNIT))
    cells = matrix.cells
    for r, row in enumerate(matrix.rows, start=1):
        left, right, lines = columns.values[row.case_id]
        written = []
        for col, code_id in enumerate(code_ids, start=first_code):
            cell = cells.get((row.case_id, code_id))
            if cell is None:
                continue
            text = cell_text(cell, CELL_LIMIT)
            if text:
                lines = max(lines, -(-len(text) // per_line) + text.count("\n"))
                written.append((col, text, body if cell.text else refs_only))
        sheet.set_row(r, height_of(lines))
        for col, text in enumerate(left):
            (case if col == first_code - 1 else body)(r, col, text)
        for col, text, put in written:
            put(r, col, text)
        for col, text in enumerate(right, start=after_first):
            body(r, col, text)
    if matrix.rows:
        sheet.autofilter(0, 0, len(matrix.rows), len(headers) - 1)


def quotes_text(cell: Cell) -> str:
    """Every excerpt of a cell, each after its reference, a blank line between them."""
    text = "\n\n".join(f"{e.reference} {e.text}" for e in cell.excerpts)
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 80].rsplit("\n\n", 1)[0] + (
            "\n\n… more excerpts than a spreadsheet cell holds: see qualframe summary show"
        )
    return text


def _quotes_sheet(
    workbook: Workbook, styles: Styles, export: ChartExport, matrix: Matrix, name: str
) -> None:
    """The theme's excerpts laid out like its sheet (same rows, same columns, the case column
    frozen), each cell that case's excerpts on that code after their references. Empty cells
    are not written at all."""
    sheet = workbook.add_worksheet(name)
    sheet.set_column(0, 0, _left_width(matrix.rows, CASE))
    if matrix.columns:
        sheet.set_column(1, len(matrix.columns), QUOTE_WIDTH)
    sheet.freeze_panes(1, 1)
    _print_setup(sheet, f"{matrix.title}: quotes", 1)
    headers = ["Case", *(column.label for column in matrix.columns)]
    sheet.set_row(0, row_height([(text, QUOTE_WIDTH) for text in headers]))
    for col, text in enumerate(headers):
        styles.put(sheet, 0, col, text, "header")
    code_ids = [column.code_id for column in matrix.columns]
    per_line = max(1, int(QUOTE_WIDTH * CHARS_PER_UNIT))
    case, quote = styles.writer(sheet, "case"), styles.writer(sheet, "body")
    cells = matrix.cells
    for r, row in enumerate(matrix.rows, start=1):
        quoted = [
            (col, quotes_text(cell))
            for col, code_id in enumerate(code_ids, start=1)
            if (cell := cells.get((row.case_id, code_id))) and cell.excerpts
        ]
        lines = max((-(-len(text) // per_line) + text.count("\n") for _, text in quoted), default=1)
        sheet.set_row(r, height_of(lines))
        case(r, 0, row.name)
        for col, text in quoted:
            quote(r, col, text)
    if matrix.rows:
        sheet.autofilter(0, 0, len(matrix.rows), len(headers) - 1)


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
    columns = CaseColumns.of(export)
    for matrix, (name, quotes) in zip(export.matrices, names, strict=True):
        _theme_sheet(workbook, styles, columns, matrix, name)
        _quotes_sheet(workbook, styles, export, matrix, quotes)
    with _fast_deflate():
        workbook.close()
    return buffer.getvalue()
