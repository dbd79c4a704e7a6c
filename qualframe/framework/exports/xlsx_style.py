"""The look and measure of the xlsx chart: formats, row heights that fit wrapped text, and
splitting text that no row could show. Shared by the matrix sheets (`xlsx.py`) and the
appendix sheets (`xlsx_appendix.py`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from qualframe.framework.exports import FORMULA_STARTS, starts_like_formula
from qualframe.framework.lines import wrap_pattern

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
    "continued": {**FONT, "italic": True, "valign": "top", "text_wrap": True},
    "band": {
        **FONT,
        "bold": True,
        "bg_color": "#EEF2F6",
        "border": 1,
        "border_color": "#8EA9C1",
        "valign": "vcenter",
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
CHARS_PER_UNIT = 1.2
MAX_ROW_HEIGHT = 409.0
PIXEL = 0.75


#: The most lines a row shows: a row is at most 409 points high.
MAX_LINES = int((MAX_ROW_HEIGHT - 4) // LINE_HEIGHT)


def per_line(width: float) -> int:
    """About how many characters of running text a line of a column `width` units holds."""
    return max(1, int(width * CHARS_PER_UNIT))


@functools.cache
def _wrapping(size: int) -> re.Pattern[str]:
    return wrap_pattern(size)


def lines_needed(text: str, width: float) -> int:
    """About how many lines `text` wraps to in a column `width` units wide: its lines broken
    at spaces as a spreadsheet breaks them, `per_line` characters at most (an empty paragraph
    is a line)."""
    size = per_line(width)
    if len(text) <= size and "\n" not in text:
        return 1
    return len(_wrapping(size).findall(text)) or 1


def row_height(cells: list[tuple[str, float]]) -> float:
    """The height in points that shows the tallest of the (text, column width) cells."""
    lines = max((lines_needed(text, width) for text, width in cells if text), default=1)
    return height_of(lines)


def height_of(lines: int) -> float:
    """The height in points of a row whose tallest cell wraps to `lines` lines, rounded up to
    a whole pixel (0.75 point), as spreadsheets store it, and at most 409 points."""
    points = max(1, lines) * LINE_HEIGHT + 4
    return min(-(-points // PIXEL) * PIXEL, MAX_ROW_HEIGHT // PIXEL * PIXEL)


def split_to_fit(text: str, width: float, max_lines: int = MAX_LINES) -> list[str]:
    """`text` in pieces that each wrap to at most `max_lines` lines of a column `width` wide:
    whole paragraphs together where they fit, a paragraph too long for one row cut between
    words (else mid-word) into pieces of its own."""
    if lines_needed(text, width) <= max_lines:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for paragraph in text.split("\n"):
        need = lines_needed(paragraph, width)
        if current and used + need > max_lines:
            pieces.append("\n".join(current))
            current, used = [], 0
        if need <= max_lines:
            current.append(paragraph)
            used += need
            continue
        fragments = _cut(paragraph, width, max_lines)
        pieces.extend(fragments[:-1])
        current, used = [fragments[-1]], lines_needed(fragments[-1], width)
    if current:
        pieces.append("\n".join(current))
    return [piece for piece in pieces if piece.strip()] or [""]


def _cut(paragraph: str, width: float, max_lines: int) -> list[str]:
    """A paragraph in fragments of at most `max_lines` wrapped lines, cut at spaces."""
    fragments = []
    while lines_needed(paragraph, width) > max_lines:
        most = per_line(width) * max_lines
        while True:
            space = paragraph.rfind(" ", 0, most)
            cut = space if space > most // 2 else most
            if lines_needed(paragraph[:cut], width) <= max_lines:
                break
            most = most * 9 // 10
        fragments.append(paragraph[:cut])
        paragraph = paragraph[cut:].lstrip(" ")
    return [*fragments, paragraph]


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


def print_setup(sheet: Worksheet, title: str, generated: str, frozen_cols: int = 0) -> None:
    """Landscape A4, one page wide, header row (and case column) on every page, gridlines
    printed; the sheet's title and the export time in the page header, page N of M below."""
    sheet.hide_gridlines(0)
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    if frozen_cols:
        sheet.repeat_columns(0, frozen_cols - 1)
    sheet.set_header(f"&L&B{header_escape(title)}&R{header_escape(generated)}")
    sheet.set_footer("&RPage &P of &N")


def header_escape(text: str) -> str:
    return text.replace("&", "&&")[:120]
