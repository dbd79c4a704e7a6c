"""Word document: a landscape table per theme, the case column narrow and bold (with the
case's attributes beneath when asked for); each cell shows the summary, then its references,
each reference a link to its quote in the list that follows the table (a bookmark per quote).
Every page carries the project and the export time above and "Page N of M" below (fields the
word processor fills in); rows are not split across pages and the header row repeats. The
appendix (codebook, cell memos, transcripts) follows the matrices (`docx_appendix.py`).
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from qualframe.framework.exports import LINES, ChartExport, case_table, heading
from qualframe.framework.exports.docx_appendix import add_appendix
from qualframe.framework.exports.docx_parts import (
    GREY,
    bookmark,
    keep_rows_whole,
    link,
    page_header_footer,
    repeat_as_header,
    shade,
    xml_safe,
)
from qualframe.framework.model import Cell, Matrix, Row

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(29.7), Cm(21.0), Cm(1.5)
CASE_WIDTH = Cm(2.4)
HEADER_FILL, GROUP_FILL = "DCE6F1", "EEF2F6"
FONT = "Calibri"
BODY = 9.0


def _setup(document: DocxDocument, export: ChartExport) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY)
    normal.paragraph_format.space_after = Pt(2)
    page_header_footer(
        section, f"Framework matrices: {export.project}", f"exported {export.generated}"
    )


def _write(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    size: float | None = None,
    grey: bool = False,
    first: bool = True,
) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    run = paragraph.add_run(xml_safe(text))
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if grey:
        run.font.color.rgb = GREY


def _case_cell(cell: _Cell, row: Row, keys: list[str]) -> None:
    _write(cell, row.name, bold=True)
    for key in keys:
        if row.attributes.get(key):
            _write(cell, f"{heading(key)}: {row.attributes[key]}", size=8, grey=True, first=False)


def quote_anchor(coding_id: int) -> str:
    """The bookmark of a quote: a letter then digits, as bookmark names must be."""
    return f"q{coding_id}"


def _code_cell(target: _Cell, cell: Cell) -> None:
    """The summary (in the overview, else each code summary after its code's name in bold),
    then the references, each linking to its quote."""
    first = True
    if cell.text:
        for line in cell.text.split("\n"):
            _write(target, line, first=first)
            first = False
    else:
        for name, text in cell.code_summaries:
            paragraph = target.paragraphs[0] if first else target.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.add_run(xml_safe(f"{name}: ")).bold = True
            paragraph.add_run(xml_safe(text))
            first = False
    if cell.excerpts:
        paragraph = target.paragraphs[0] if first else target.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        seen: set[str] = set()
        for excerpt in cell.excerpts:
            if excerpt.reference in seen:
                continue
            if seen:
                paragraph.add_run("; ")
            seen.add(excerpt.reference)
            link(paragraph, excerpt.reference, quote_anchor(excerpt.coding_id))


def _widths(table: Table, count: int) -> None:
    usable = PAGE_WIDTH - 2 * MARGIN
    code_width = int((usable - CASE_WIDTH) / max(count, 1))
    widths = [CASE_WIDTH, *([code_width] * count)]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _table(document: DocxDocument, matrix: Matrix, keys: list[str]) -> None:
    table = document.add_table(rows=1, cols=len(matrix.columns) + 1)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0].cells
    for cell, text in zip(header, ["Case", *(c.label for c in matrix.columns)], strict=True):
        _write(cell, text, bold=True)
        shade(cell, HEADER_FILL)
    repeat_as_header(table)
    for group, rows in matrix.groups():
        if group is not None:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
            _write(merged, group, bold=True)
            shade(merged, GROUP_FILL)
        for row in rows:
            cells = table.add_row().cells
            _case_cell(cells[0], row, keys)
            for target, (_, cell) in zip(cells[1:], matrix.row_cells(row), strict=True):
                _code_cell(target, cell)
    _widths(table, len(matrix.columns))
    keep_rows_whole(table)


def _cases(document: DocxDocument, export: ChartExport) -> None:
    """Each case once, with its organisation and attributes, before the matrices."""
    headings, rows = case_table(export)
    document.add_heading("Cases", level=1)
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        _write(cell, text, bold=True)
        shade(cell, HEADER_FILL)
    repeat_as_header(table)
    for values in rows:
        cells = table.add_row().cells
        _write(cells[0], values[0], bold=True)
        for cell, value in zip(cells[1:], values[1:], strict=True):
            _write(cell, value)
    keep_rows_whole(table)


def _quotes(document: DocxDocument, matrix: Matrix) -> None:
    """Every excerpt after its reference and code, each paragraph bookmarked as the target of
    its reference's link in the table."""
    excerpts = list(matrix.excerpts())
    if not excerpts:
        return
    document.add_heading(xml_safe(f"Quotes: {matrix.title}"), level=2)
    for _, column, excerpt in excerpts:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(3)
        paragraph.add_run(xml_safe(f"{excerpt.reference} {column.label}. ")).bold = True
        paragraph.add_run(xml_safe(excerpt.text))
        bookmark(paragraph, quote_anchor(excerpt.coding_id), excerpt.coding_id)


def render(export: ChartExport) -> bytes:
    document = Document()
    _setup(document, export)
    document.core_properties.title = f"Framework matrices: {export.project}"
    document.add_heading(xml_safe(f"Framework matrices: {export.project}"), level=0)
    note = document.add_paragraph(
        f"{export.description()}. Each cell: the researcher's summary, then references (case, "
        "document and lines), each a link to its excerpt, quoted after each table. " + LINES
    )
    note.runs[0].font.color.rgb = GREY
    _cases(document, export)
    keys = export.row_keys()
    for matrix in export.matrices:
        title = document.add_heading(xml_safe(matrix.title), level=1)
        title.paragraph_format.page_break_before = True
        title.paragraph_format.keep_with_next = True
        if matrix.columns:
            _table(document, matrix, keys)
        else:
            document.add_paragraph("This theme has no codes.")
        _quotes(document, matrix)
    add_appendix(document, export)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
