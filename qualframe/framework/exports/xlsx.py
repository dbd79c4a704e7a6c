"""Excel workbook: an index sheet, one sheet per theme, and the quotes on a companion sheet.

Written with XlsxWriter in `constant_memory` mode (rows stream to disk as they are written, so a
thousand cases cost little memory). Every value goes in as a string cell; text a spreadsheet would
run as a formula also gets Excel's quote-prefix mark, so `=HYPERLINK(...)` stays literal even
when someone edits the cell. Sheets print landscape, one page wide, header row repeated.
"""

from __future__ import annotations

import io
import re
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from qualframe.framework.exports import (
    ChartExport,
    cell_text,
    heading,
    organisation_column,
    starts_like_formula,
)
from qualframe.framework.model import Matrix
from qualframe.framework.rows import CASE, ORGANISATION

CELL_LIMIT = 32_767
SHEET_NAME_LIMIT = 31
QUOTES = "Quotes"
A4 = 9

STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14},
    "note": {"italic": True, "font_color": "#595959"},
    "header": {"bold": True, "bg_color": "#DCE6F1", "border": 1, "border_color": "#8EA9C1",
               "text_wrap": True, "valign": "top"},
    "case": {"bold": True, "border": 1, "border_color": "#BFBFBF", "valign": "top",
             "text_wrap": True},
    "body": {"border": 1, "border_color": "#BFBFBF", "valign": "top", "text_wrap": True},
    "link": {"font_color": "#1F4E79", "underline": 1},
}


class Styles:
    """Formats made once per workbook; each with a quote-prefixed twin for formula-like text."""

    def __init__(self, workbook: Workbook):
        self.plain = {name: workbook.add_format(props) for name, props in STYLES.items()}
        self.literal = {name: workbook.add_format({**props, "quote_prefix": True})
                        for name, props in STYLES.items()}

    def put(self, sheet: Worksheet, row: int, col: int, text: str, style: str) -> None:
        """A string cell (never a formula, number or URL), blank cells keeping their border."""
        if not text:
            sheet.write_blank(row, col, None, self.plain[style])
            return
        table = self.literal if starts_like_formula(text) else self.plain
        sheet.write_string(row, col, text[:CELL_LIMIT], table[style])

    def __getitem__(self, name: str) -> Format:
        return self.plain[name]


def sheet_names(matrices: list[Matrix]) -> list[str]:
    """Unique sheet names from theme names: at most 31 characters, none of []:*?/\\ or '."""
    taken = {"index", QUOTES.casefold()}
    names = []
    for matrix in matrices:
        base = re.sub(r"[\[\]:*?/\\']", " ", matrix.title).strip() or (matrix.theme or "Theme")
        base = re.sub(r"\s+", " ", base)[:SHEET_NAME_LIMIT].strip()
        name, n = base, 2
        while name.casefold() in taken:
            suffix = f" ({n})"
            name, n = base[: SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix, n + 1
        taken.add(name.casefold())
        names.append(name)
    return names


def _print_setup(sheet: Worksheet, title: str, frozen_cols: int) -> None:
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


def _index_sheet(workbook: Workbook, styles: Styles, export: ChartExport,
                 names: list[str]) -> None:
    sheet = workbook.add_worksheet("Index")
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, 5, 12)
    styles.put(sheet, 0, 0, f"Framework matrices: {export.project}", "title")
    styles.put(sheet, 1, 0, export.description(), "note")
    styles.put(sheet, 2, 0, "Each cell holds the researcher's summary, then references "
               "(case, document and lines) to the excerpts quoted on the Quotes sheet.", "note")
    for col, text in enumerate(("Theme", "Sheet", "Codes", "Cases", "Summaries", "Codings")):
        styles.put(sheet, 4, col, text, "header")
    row = 5
    for matrix, name in zip(export.matrices, names, strict=True):
        styles.put(sheet, row, 0, matrix.title, "body")
        sheet.write_url(row, 1, f"internal:'{name}'!A1", styles["link"], string=name)
        for col, value in enumerate((len(matrix.columns), len(matrix.rows),
                                     matrix.summaries_written, matrix.codings), start=2):
            sheet.write_number(row, col, value, styles["body"])
        row += 1
    styles.put(sheet, row, 0, "Quotes behind every reference", "body")
    sheet.write_url(row, 1, f"internal:'{QUOTES}'!A1", styles["link"], string=QUOTES)


def _left_columns(export: ChartExport) -> list[str]:
    """Case, organisation and attributes; the grouping first when rows are grouped."""
    keys = [CASE, *organisation_column(export), *export.attribute_keys()]
    if export.grouping != CASE and export.grouping in keys:
        keys.remove(export.grouping)
        keys.insert(0, export.grouping)
    return keys


def _theme_sheet(workbook: Workbook, styles: Styles, export: ChartExport, matrix: Matrix,
                 name: str) -> None:
    sheet = workbook.add_worksheet(name)
    left = _left_columns(export)
    frozen = left.index(CASE) + 1
    for col, key in enumerate(left):
        width = 11 if key == CASE else 18 if key == ORGANISATION else 16
        sheet.set_column(col, col, width)
    sheet.set_column(len(left), len(left) + max(len(matrix.columns), 1) - 1, 44)
    sheet.freeze_panes(1, frozen)
    _print_setup(sheet, matrix.title, frozen)
    headers = [heading(key) for key in left] + [c.label for c in matrix.columns]
    for col, text in enumerate(headers):
        styles.put(sheet, 0, col, text, "header")
    for r, row in enumerate(matrix.rows, start=1):
        for col, key in enumerate(left):
            value = (row.name if key == CASE else row.organisation or "" if key == ORGANISATION
                     else row.attributes.get(key, ""))
            styles.put(sheet, r, col, value, "case" if key == CASE else "body")
        for col, (_, cell) in enumerate(matrix.row_cells(row), start=len(left)):
            styles.put(sheet, r, col, cell_text(cell, CELL_LIMIT), "body")
    if matrix.rows:
        sheet.autofilter(0, 0, len(matrix.rows), len(headers) - 1)


def _quotes_sheet(workbook: Workbook, styles: Styles, export: ChartExport) -> None:
    sheet = workbook.add_worksheet(QUOTES)
    widths = (20, 30, 26, 10, 16, 10, 90)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 1)
    _print_setup(sheet, QUOTES, 1)
    for col, text in enumerate(("Reference", "Theme", "Code", "Case", "Document", "Lines",
                                "Quote")):
        styles.put(sheet, 0, col, text, "header")
    r = 1
    for matrix in export.matrices:
        for row, column, excerpt in matrix.excerpts():
            for col, value in enumerate((excerpt.reference, matrix.title, column.label,
                                         row.name, excerpt.document, excerpt.lines,
                                         excerpt.text)):
                styles.put(sheet, r, col, value, "case" if col == 0 else "body")
            r += 1


def render(export: ChartExport) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True,
                                            "strings_to_formulas": False,
                                            "strings_to_numbers": False,
                                            "strings_to_urls": False})
    workbook.set_properties({"title": f"Framework matrices: {export.project}",
                             "comments": export.description()})
    styles = Styles(workbook)
    names = sheet_names(export.matrices)
    _index_sheet(workbook, styles, export, names)
    for matrix, name in zip(export.matrices, names, strict=True):
        _theme_sheet(workbook, styles, export, matrix, name)
    _quotes_sheet(workbook, styles, export)
    workbook.close()
    return buffer.getvalue()
