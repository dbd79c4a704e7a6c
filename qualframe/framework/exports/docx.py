"""Word document: one landscape table per theme, readable when printed, quotes after each table.

A4 landscape with narrow margins; the header row repeats on every page; groups are shaded rows
across the table; the case column carries the case's attributes in small type; each cell shows
the summary, then its references in grey. The quotes behind the references follow each table.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell

from qualframe.framework.exports import ChartExport, case_table, heading
from qualframe.framework.model import Cell, Matrix, Row

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(29.7), Cm(21.0), Cm(1.5)
CASE_WIDTH = Cm(3.4)
GREY = RGBColor(0x5A, 0x65, 0x70)
HEADER_FILL, GROUP_FILL = "DCE6F1", "EEF2F6"
FONT = "Calibri"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _setup(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(2)


def _shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_as_header(table: Table) -> None:
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row_properties.append(flag)


def xml_safe(text: str) -> str:
    """Without the control characters XML cannot hold (a stray form feed in a transcript)."""
    return NOT_XML.sub("", text)


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
            _write(cell, f"{heading(key)}: {row.attributes[key]}", size=7.5, grey=True, first=False)


def _code_cell(target: _Cell, cell: Cell) -> None:
    first = True
    if cell.text:
        for line in cell.text.split("\n"):
            _write(target, line, first=first)
            first = False
    if cell.references:
        _write(target, "; ".join(cell.references), size=7.5, grey=True, first=first)


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
        _shade(cell, HEADER_FILL)
    _repeat_as_header(table)
    for group, rows in matrix.groups():
        if group is not None:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
            _write(merged, group, bold=True)
            _shade(merged, GROUP_FILL)
        for row in rows:
            cells = table.add_row().cells
            _case_cell(cells[0], row, keys)
            for target, (_, cell) in zip(cells[1:], matrix.row_cells(row), strict=True):
                _code_cell(target, cell)
    _widths(table, len(matrix.columns))


def _cases(document: DocxDocument, export: ChartExport) -> None:
    """Each case once, with its organisation and attributes, before the matrices."""
    headings, rows = case_table(export)
    document.add_heading("Cases", level=1)
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        _write(cell, text, bold=True)
        _shade(cell, HEADER_FILL)
    _repeat_as_header(table)
    for values in rows:
        cells = table.add_row().cells
        _write(cells[0], values[0], bold=True)
        for cell, value in zip(cells[1:], values[1:], strict=True):
            _write(cell, value)


def _quotes(document: DocxDocument, matrix: Matrix) -> None:
    excerpts = list(matrix.excerpts())
    if not excerpts:
        return
    document.add_heading(xml_safe(f"Quotes: {matrix.title}"), level=2)
    for _, column, excerpt in excerpts:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(3)
        paragraph.add_run(xml_safe(f"{excerpt.reference} {column.label}. ")).bold = True
        paragraph.add_run(xml_safe(excerpt.text))


def render(export: ChartExport) -> bytes:
    document = Document()
    _setup(document)
    document.core_properties.title = f"Framework matrices: {export.project}"
    document.add_heading(xml_safe(f"Framework matrices: {export.project}"), level=0)
    note = document.add_paragraph(
        f"{export.description()}. Each cell: the researcher's "
        "summary, then references (case, document and lines) to the "
        "excerpts quoted after each table."
    )
    note.runs[0].font.color.rgb = GREY
    _cases(document, export)
    keys = export.row_keys()
    for matrix in export.matrices:
        title = document.add_heading(xml_safe(matrix.title), level=1)
        title.paragraph_format.page_break_before = True
        if matrix.columns:
            _table(document, matrix, keys)
        else:
            document.add_paragraph("This theme has no codes.")
        _quotes(document, matrix)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
