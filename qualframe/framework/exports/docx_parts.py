"""Word-processing pieces python-docx has no API for: page-number fields, bookmarks, links to
bookmarks, cell shading and repeated header rows. Shared by the chart (`docx.py`) and the
transcript export (`framework/transcripts.py`).
"""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
GREY = RGBColor(0x4A, 0x55, 0x60)
LINK = "1F4E79"


def xml_safe(text: str) -> str:
    """Without the control characters XML cannot hold (a stray form feed in a transcript)."""
    return NOT_XML.sub("", text)


def add_field(paragraph: Paragraph, instruction: str, size: float | None = None) -> None:
    """A field (`PAGE`, `NUMPAGES`) the word processor fills in when it lays out the pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    if size:
        properties = OxmlElement("w:rPr")
        font_size = OxmlElement("w:sz")
        font_size.set(qn("w:val"), str(int(size * 2)))
        properties.append(font_size)
        run.append(properties)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def page_header_footer(section: Section, left: str, right: str, size: float = 8) -> None:
    """`left` then `right` in the page header, "Page N of M" in the footer (both kept well
    clear of the text)."""
    section.header_distance = section.footer_distance = Cm(0.6)
    header = section.header.paragraphs[0]
    run = header.add_run(xml_safe(left))
    run.font.size = Pt(size)
    run.bold = True
    run = header.add_run(" · " + xml_safe(right))
    run.font.size = Pt(size)
    run.font.color.rgb = GREY
    footer = section.footer.paragraphs[0]
    footer.alignment = 2  # right
    footer.add_run("Page ").font.size = Pt(size)
    add_field(footer, "PAGE", size)
    footer.add_run(" of ").font.size = Pt(size)
    add_field(footer, "NUMPAGES", size)


def bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """Mark the whole paragraph as bookmark `name` (a link's target)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def link(paragraph: Paragraph, text: str, anchor: str, size: float | None = None) -> None:
    """`text` as a link to bookmark `anchor` in the same document, blue and underlined."""
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("w:anchor"), anchor)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), LINK)
    properties.append(color)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    if size:
        font_size = OxmlElement("w:sz")
        font_size.set(qn("w:val"), str(int(size * 2)))
        properties.append(font_size)
    run.append(properties)
    content = OxmlElement("w:t")
    content.text = xml_safe(text)
    content.set(qn("xml:space"), "preserve")
    run.append(content)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def repeat_as_header(table: Table) -> None:
    """The table's first row printed again at the top of every page the table runs onto."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row_properties.append(flag)


def keep_rows_whole(table: Table) -> None:
    """No row of the table is split across pages (a row taller than a page still is)."""
    for row in table.rows:
        flag = OxmlElement("w:cantSplit")
        flag.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(flag)
