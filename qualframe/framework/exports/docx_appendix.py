"""The appendix of the Word chart: the codebook (version, each code's definition), the memos on
chart cells, and the transcripts with the printed line numbers references cite."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm, Pt

from qualframe.framework.appendix import Appendix
from qualframe.framework.exports import ChartExport
from qualframe.framework.exports.docx_parts import GREY, keep_rows_whole, repeat_as_header
from qualframe.framework.exports.docx_parts import xml_safe as safe
from qualframe.framework.transcripts import add_transcript_lines


def _codebook(document: DocxDocument, appendix: Appendix) -> None:
    title = document.add_heading("Codebook", level=1)
    title.paragraph_format.page_break_before = True
    version = f"{appendix.codebook} version {appendix.version}".strip()
    document.add_paragraph(safe(version)).runs[0].font.color.rgb = GREY
    for code in appendix.codes:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.6 * code.depth)
        paragraph.paragraph_format.keep_together = True
        kind = "theme" if code.depth == 0 else code.origin
        retired = " (retired)" if code.retired else ""
        paragraph.add_run(safe(f"{code.name}{retired}")).bold = True
        meta = paragraph.add_run(safe(f"  {code.key} · {kind}"))
        meta.font.color.rgb = GREY
        if code.definition:
            paragraph.add_run("\n" + safe(code.definition))


def _memos(document: DocxDocument, appendix: Appendix) -> None:
    document.add_heading("Cell memos", level=1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Case", "Code", "Author", "Memo"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    repeat_as_header(table)
    for memo in appendix.memos:
        cells = table.add_row().cells
        for cell, text in zip(cells, (memo.case, memo.code, memo.author, memo.text), strict=True):
            cell.paragraphs[0].add_run(safe(text))
    widths = (Cm(2.6), Cm(5.0), Cm(3.0), Cm(16.0))
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    keep_rows_whole(table)


def _transcripts(document: DocxDocument, appendix: Appendix) -> None:
    """Each transcript in a portrait section of its own, its numbered lines one per line."""
    for transcript in appendix.transcripts:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(1.8))
        case = f" (case {transcript.case})" if transcript.case else ""
        document.add_heading(safe(f"Transcript: {transcript.name}{case}"), level=1)
        add_transcript_lines(document, transcript)
    if appendix.transcripts:
        document.paragraphs[-1].paragraph_format.space_after = Pt(0)


def add_appendix(document: DocxDocument, export: ChartExport) -> None:
    """The appendix sections this export has (nothing when it has none)."""
    appendix = export.appendix
    if appendix is None:
        return
    if appendix.codes:
        _codebook(document, appendix)
    if appendix.memos:
        _memos(document, appendix)
    if appendix.transcripts:
        _transcripts(document, appendix)
