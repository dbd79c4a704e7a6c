"""The xlsx chart as a supervisor prints it, read back with openpyxl: no cell's text beyond what
its row shows, no cell over Excel's limits, continuation rows holding every quote whole, the
print area including the attributes, groups as shaded bands, references styled alike, and the
codebook and cell memos in appendix sheets.

The `printed` project is the charted sample plus one dense cell: every participant turn of P01
coded `free_riding`, so its quotes (and its references) need far more than the 409 points a
spreadsheet row can be high.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from qualframe.framework.exports.xlsx_style import (
    MAX_LINES,
    MAX_ROW_HEIGHT,
    height_of,
    lines_needed,
    split_to_fit,
)
from tests.support.printed import MEMO, STAMP, Printed, chart, make_printed
from tests.support.projects import Runner

EXCEL_CELL_LIMIT = 32_767


@pytest.fixture
def printed(sample: Runner, sample_dir: Path, tmp_path: Path) -> Printed:
    return make_printed(sample, sample_dir, tmp_path)


def column_width(sheet: Worksheet, column: int) -> float:
    """The width of a column as written (openpyxl keeps a run of equal columns as one range)."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min and dimension.max and dimension.min <= column <= dimension.max:
            return float(dimension.width)
    return 8.43


def test_every_row_is_tall_enough_and_no_cell_exceeds_excel(
    printed: Printed, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(chart(printed, tmp_path / "c.xlsx", "--with-transcripts"))
    checked = 0
    for sheet in book.worksheets[1:]:
        merged = {r.min_row for r in sheet.merged_cells.ranges}
        for row in sheet.iter_rows(min_row=2):
            number = row[0].row
            if number in merged:
                continue  # a group band: one line across the sheet
            height = sheet.row_dimensions[number].height
            for cell in row:
                if cell.value is None:
                    continue
                text = str(cell.value)
                assert len(text) <= EXCEL_CELL_LIMIT
                need = height_of(lines_needed(text, column_width(sheet, cell.column)))
                assert height is not None and need <= height <= MAX_ROW_HEIGHT, (
                    sheet.title,
                    cell.coordinate,
                )
                checked += 1
    assert checked > 500


def test_a_dense_cell_goes_on_over_continuation_rows_with_every_quote(
    printed: Printed, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(chart(printed, tmp_path / "c.xlsx", "--rows", "role"))
    quotes = book["Quotes – Collective action…"]
    header = [c.value for c in quotes[1]]
    col = header.index("Free-riding")
    rows = [r for r in quotes.iter_rows(min_row=2) if str(r[1].value).startswith("P01")]
    assert [r[1].value for r in rows[:2]] == ["P01", "P01 (cont.)"]
    assert len(rows) >= 3
    role = header.index("Role")
    assert {r[role].value for r in rows} == {"Staff nurse"}  # filters keep the rows together
    held = " ".join(" ".join(str(r[col].value or "").split()) for r in rows)
    for quote in printed.dense:
        assert " ".join(quote.split()) in held  # whole, never cut off
    theme = book["Collective action problems"]
    cells = [r for r in theme.iter_rows(min_row=2) if str(r[1].value).startswith("P01")]
    references = " ".join(str(r[2].value or "") for r in cells)
    assert references.startswith("=1+1 went in place") and cells[0][2].quotePrefix
    assert references.count("(P01, l.") == len(printed.dense) + 1


def test_print_area_has_the_attributes_and_groups_are_bands(
    printed: Printed, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(chart(printed, tmp_path / "c.xlsx", "--rows", "organisation"))
    sheet = book["Collective action problems"]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Organisation", "Case"] and "Role" in header
    last = openpyxl.utils.get_column_letter(len(header))
    assert sheet.print_area.endswith(f"${last}${sheet.max_row}")
    assert sheet.print_title_rows == "$1:$1"
    bands = {sheet.cell(r.min_row, 1).value: r for r in sheet.merged_cells.ranges}
    assert {"Hospital A", "Hôpital Ésperance"} <= set(bands)
    band = bands["Hospital A"]
    assert (band.min_col, band.max_col) == (1, len(header))
    assert sheet.cell(band.min_row, 1).fill.fgColor.rgb.endswith("EEF2F6")
    member = band.min_row + 1
    assert sheet.row_dimensions[member].outline_level == 1
    assert STAMP.search(sheet.oddHeader.right.text or "")
    assert sheet.oddFooter.right.text == "Page &P of &N"
    fonts = set()
    for row in sheet.iter_rows(min_row=2):
        for cell in row[2 : 2 + 3]:
            if cell.value and "(P" in str(cell.value):
                fonts.add((cell.font.sz, cell.font.color.rgb if cell.font.color else None))
    assert len(fonts) == 1  # references look the same with or without a summary


def test_codebook_and_cell_memos_are_appendix_sheets(printed: Printed, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(chart(printed, tmp_path / "c.xlsx"))
    assert book.sheetnames[-2:] == ["Codebook", "Cell memos"]
    codebook = book["Codebook"]
    rows = {str(r[0].value).strip(): r for r in codebook.iter_rows(min_row=2)}
    assert rows["Free-riding"][2].value.startswith("Taking")
    assert rows["Collective action problems"][1].value == "theme"
    assert "version" in (codebook.oddHeader.left.text or "")
    memos = [[c.value for c in r] for r in book["Cell memos"].iter_rows(min_row=2)]
    assert memos == [["P01", "Free-riding", "tester", MEMO]]
    links = [c.hyperlink.location for c in book["Index"]["A"] if c.hyperlink]
    assert "'Cell memos'!A1" in links


def test_split_to_fit_keeps_every_word_within_a_row() -> None:
    text = "\n\n".join(f"(P01, l.{n}) " + "word " * (40 + n) for n in range(30))
    pieces = split_to_fit(text, 44.0)
    assert len(pieces) > 1
    assert all(lines_needed(piece, 44.0) <= MAX_LINES for piece in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())
    references = "; ".join(f"(P{n:03d}, FG01_faculty_meeting l.{n}–{n + 9})" for n in range(900))
    pieces = split_to_fit(references, 36.0)
    assert all(lines_needed(piece, 36.0) <= MAX_LINES for piece in pieces)
    assert " ".join(pieces).split() == references.split()
    long_word = "x" * 5_000
    assert "".join(split_to_fit(long_word, 10.0)) == long_word
