"""The docx and html charts as a supervisor prints and follows them, and the overview's cells:
docx page numbers (PAGE and NUMPAGES fields), references that are links to bookmarked quotes,
a narrow case column, readable reference type; html print rules; the overview carrying theme
summaries, else code summaries with their code names; the codebook and memos appendix."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from tests.support.printed import MEMO, STAMP, THEME_SUMMARY, Printed, chart, make_printed
from tests.support.projects import Runner


@pytest.fixture
def printed(sample: Runner, sample_dir: Path, tmp_path: Path) -> Printed:
    return make_printed(sample, sample_dir, tmp_path)


def test_docx_pages_are_numbered_and_references_lead_to_their_quotes(
    printed: Printed, tmp_path: Path
) -> None:
    document = docx.Document(str(chart(printed, tmp_path / "c.docx")))
    section = document.sections[0]
    instructions = [
        f.get(qn("w:instr")).strip() for f in section.footer._element.iter(qn("w:fldSimple"))
    ]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Page " in section.footer.paragraphs[0].text
    assert STAMP.search(section.header.paragraphs[0].text)
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    links = [h for h in body.iter(qn("w:hyperlink"))]
    anchors = [h.get(qn("w:anchor")) for h in links]
    assert len(anchors) > 20 and set(anchors) <= bookmarks
    for link in links:
        size = link.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:sz')}")
        assert size is None  # the body's size, not the small grey type of before
    problems = document.tables[2]
    assert [c.text for c in problems.rows[0].cells][:2] == ["Case", "Free-riding"]
    case_width, code_width = problems.columns[0].width, problems.columns[1].width
    assert case_width < code_width / 2
    p01 = next(r for r in problems.rows if r.cells[0].text == "P01")
    first = p01.cells[1]._tc.find(f".//{qn('w:hyperlink')}").get(qn("w:anchor"))
    quote = next(
        p
        for p in document.paragraphs
        if any(b.get(qn("w:name")) == first for b in p._p.iter(qn("w:bookmarkStart")))
    )
    assert quote.text.startswith("(P01, l.")
    assert printed.charted.quote("p01_free") in quote.text
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in problems.rows)


def test_docx_and_html_end_with_the_codebook_and_cell_memos(
    printed: Printed, tmp_path: Path
) -> None:
    document = docx.Document(str(chart(printed, tmp_path / "c.docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Codebook" in text and "version 1.0" in text
    assert re.search(r"Free-riding\s+free_riding · sensitizing\nTaking", text)
    memos = document.tables[-1]
    assert [c.text for c in memos.rows[1].cells] == ["P01", "Free-riding", "tester", MEMO]
    page = tmp_path / "c.html"
    chart(printed, page)
    html = page.read_text(encoding="utf-8")
    assert '<h2 id="codebook">Codebook</h2>' in html and MEMO.replace("?", "?") in html
    assert "Taking the benefits" in html


class Styles(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.css = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css += data


def print_rules(css: str) -> dict[str, str]:
    """selector → declarations of the @media print block."""
    block = css[css.index("@media print") :]
    return {
        " ".join(sel.split()): body.strip()
        for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", block.split("{", 1)[1])
    }


def test_html_prints_header_rows_whole_rows_and_a_page_per_theme(
    printed: Printed, tmp_path: Path
) -> None:
    page = chart(printed, tmp_path / "c.html")
    styles = Styles()
    styles.feed(page.read_text(encoding="utf-8"))
    rules = print_rules(styles.css)
    assert "display: table-header-group" in rules["thead"]
    assert "break-inside: avoid" in rules["tr"]
    assert "break-after: avoid" in rules["h2, h3, tr.group"]
    assert "break-before: page" in rules["section.theme, section.appendix"]
    assert "font-size: 1rem" in rules[".summary, details, blockquote, .attrs, pre"]
    assert "display: block" in rules[".scroll"]  # an inline-block cannot break across pages
    assert "@top-right { content: " in styles.css  # the project and export time on every page
    html = page.read_text(encoding="utf-8")
    assert html.count('<section class="theme">') == 6
    assert STAMP.search(html)


def test_overview_cells_carry_theme_or_code_summaries(printed: Printed, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(chart(printed, tmp_path / "o.xlsx", "--overview"))
    sheet = book["All themes"]
    header = [c.value for c in sheet[1]]
    col = header.index("Collective action problems")
    cells = {r[0].value: r[col].value for r in sheet.iter_rows(min_row=2)}
    assert cells["P05"].startswith(THEME_SUMMARY + "\n(P05, l.")  # the theme's own summary
    assert cells["P03"] == "Social loafing: Stayed quiet in the group work."
    assert cells["P01"].startswith("Free-riding: =1+1 went in place")
    assert cells["Zoë"].startswith("(Zoë, l.")  # no summary: references only
    document = docx.Document(str(chart(printed, tmp_path / "o.docx", "--overview")))
    rows = {r.cells[0].text: r for r in document.tables[1].rows}
    p03 = rows["P03"].cells[col].paragraphs[0]
    assert p03.runs[0].text == "Social loafing: " and p03.runs[0].bold
    html = chart(printed, tmp_path / "o.html", "--overview").read_text(encoding="utf-8")
    assert '<p class="code-summary"><b>Social loafing:</b> Stayed quiet' in html
    assert f'<p class="summary">{THEME_SUMMARY}</p>' in html
    shown = printed.charted.qf(
        "summary", "show", "P05", "collective_action_problems", "--format", "json"
    ).json()
    assert shown["summary"] == THEME_SUMMARY and shown["version"] == 1
