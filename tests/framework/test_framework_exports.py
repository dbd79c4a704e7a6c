"""Chart exports opened with their own readers: openpyxl, python-docx, html.parser, csv, text.

Summaries include a spreadsheet formula, markup, a pipe and non-ASCII text, so each format shows
it neutralises or escapes what it must and keeps every character.
"""

from __future__ import annotations

import csv
import io
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest
import xlsxwriter.workbook
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from qualframe.framework.exports.docx import xml_safe
from qualframe.framework.model import line_span
from tests.support.charts import Charted, make_charted
from tests.support.projects import Runner

FORMULA = '=HYPERLINK("http://example.invalid","click")'
FRENCH = "Dit que les autres « profitent » — ça pèse."
MARKUP = "Stalled | waited <script>alert(1)</script> for the faculty."


@pytest.fixture
def exported(sample: Runner, sample_dir: Path, tmp_path: Path) -> Charted:
    charted = make_charted(sample, sample_dir, tmp_path)
    for case, code, text in (
        ("P01", "free_riding", FORMULA),
        ("Zoë", "free_riding", FRENCH),
        ("P05", "collaborative_inertia", MARKUP),
    ):
        assert sample("summary", "set", case, code, text).code == 0
    return charted


def export(charted: Charted, tmp_path: Path, name: str, *args: str) -> Path:
    target = tmp_path / name
    result = charted.qf("chart", "-o", str(target), *args)
    assert result.code == 0, result.err
    assert "wrote" in result.err
    return target


def test_xlsx_index_theme_sheets_and_quotes(exported: Charted, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(export(exported, tmp_path, "chart.xlsx"))
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile  # the fast deflate was for close()
    assert book.sheetnames[:3] == [
        "Index",
        "Collaborative advantage and…",
        "Quotes – Collaborative…",
    ]
    assert len(book.sheetnames) == 1 + 2 * 6 + 1  # index, themes and quotes, codebook
    assert all(len(name) <= 31 for name in book.sheetnames)
    index = book["Index"]
    assert index["A1"].value.startswith("Framework matrices:")
    assert index["A6"].hyperlink.location == "'Collaborative advantage and…'!A1"
    assert index["B6"].hyperlink.location == "'Quotes – Collaborative…'!A1"
    sheet = book["Collective action problems"]
    assert sheet.freeze_panes == "B2"
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Case", "Free-riding", "Social loafing", "Collaborative inertia"]
    assert {"Organisation", "Role"} <= set(header)
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["B"].width == pytest.approx(36, abs=1)
    cases = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    free = cases["P01"][1]
    first = line_span(*exported.lines("p01_free"))
    assert free.value == f"{FORMULA}\n(P01, {first})"
    assert free.data_type == "s" and free.quotePrefix
    assert free.alignment.wrap_text
    zoe = cases["Zoë"]
    assert zoe[1].value.startswith(FRENCH)
    assert zoe[header.index("Role")].value == "Infirmière"
    assert zoe[header.index("Organisation")].value == "Hôpital Ésperance"
    quotes = book["Quotes – Collective action…"]
    assert quotes.freeze_panes == "B2"
    assert [c.value for c in quotes[1]] == header[:4]  # the theme sheet's, bar the attributes
    grid = {row[0].value: row for row in quotes.iter_rows(min_row=2)}
    assert list(grid) == list(cases)  # and the same rows
    assert grid["P01"][1].value == f"(P01, {first}) {exported.quote('p01_free')}"
    assert grid["P01"][1].alignment.wrap_text
    assert exported.quote("zoe_free") in grid["Zoë"][1].value
    filled = sum(
        1
        for name in book.sheetnames
        if name.startswith("Quotes")
        for row in book[name].iter_rows(min_row=2, min_col=2)
        for c in row
        if c.value and c.value.startswith("(")  # a quote opens with its reference
    )
    assert filled == len(exported.spans)


def test_docx_landscape_tables_and_quotes(exported: Charted, tmp_path: Path) -> None:
    document = docx.Document(
        str(export(exported, tmp_path, "chart.docx", "--rows", "organisation"))
    )
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    cases, *themes = document.tables
    assert len(themes) == 6
    assert [c.text for c in cases.rows[0].cells][:3] == ["Case", "Organisation", "Date"]
    assert any(row.cells[0].text == "Zoë" for row in cases.rows)
    problems = themes[1]
    assert [c.text for c in problems.rows[0].cells] == [
        "Case",
        "Free-riding",
        "Social loafing",
        "Collaborative inertia",
    ]
    assert problems.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    texts = {row.cells[0].text: row for row in problems.rows[1:]}
    assert "Hospital A" in texts and "Hôpital Ésperance" in texts  # group rows
    first = line_span(*exported.lines("p01_free"))
    assert texts["P01"].cells[1].text == f"{FORMULA}\n(P01, {first})"
    assert texts["Zoë"].cells[1].text.startswith(FRENCH)
    body = "\n".join(p.text for p in document.paragraphs)
    assert exported.quote("p01_free") in body
    assert exported.quote("zoe_free") in body


class Page(HTMLParser):
    """Collects tags, external references and visible text of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_with_expandable_quotes(exported: Charted, tmp_path: Path) -> None:
    page = Page()
    page.feed(export(exported, tmp_path, "chart.html").read_text(encoding="utf-8"))
    text = "".join(page.text)
    assert page.external == []
    assert "link" not in page.tags and page.tags.count("script") == 1
    assert page.tags.count("details") == len(exported.spans)
    assert page.tags.count("table") == 7  # cases + six themes
    assert MARKUP in text and FRENCH in text and FORMULA in text
    assert exported.quote("fg_f2") in text
    assert "@media print" in text and "beforeprint" in text


def test_csv_is_tidy_and_formula_safe(exported: Charted, tmp_path: Path) -> None:
    raw = export(exported, tmp_path, "chart.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 18 * 22  # every case × every code of every theme
    cell = {(r["case"], r["code"]): r for r in rows}
    first = line_span(*exported.lines("p01_free"))
    p01 = cell[("P01", "free_riding")]
    assert p01["summary"] == "'" + FORMULA
    assert (p01["references"], p01["codings"], p01["summary_version"]) == (
        f"(P01, {first})",
        "1",
        "1",
    )
    assert (p01["theme"], p01["organisation"], p01["role"]) == (
        "collective_action_problems",
        "Hospital A",
        "Staff nurse",
    )
    zoe = cell[("Zoë", "free_riding")]
    assert (zoe["summary"], zoe["role"]) == (FRENCH, "Infirmière")
    assert cell[("P02", "free_riding")]["codings"] == "0"
    stdout = exported.qf("chart", "--format", "csv", "--theme", "starting_positions")
    assert stdout.code == 0 and not stdout.out.startswith("\ufeff")
    assert stdout.out.splitlines()[0].startswith("theme,theme_name,code")


def test_markdown_to_stdout_one_table_per_theme(exported: Charted) -> None:
    result = exported.qf("chart", "--attrs", "role")
    assert result.code == 0, result.err
    headings = [line for line in result.out.splitlines() if line.startswith("## ")]
    assert headings[0] == "## Cases" and len(headings) == 7
    assert "Stalled \\| waited &lt;script>" in result.out
    assert "**Zoë**<br>role: Infirmière" in result.out
    assert FRENCH in result.out


def test_format_follows_the_output_suffix(exported: Charted, tmp_path: Path) -> None:
    target = export(exported, tmp_path, "matrix.docx", "--theme", "starting_positions")
    assert target.read_bytes()[:2] == b"PK"
    one = docx.Document(str(target))
    assert len(one.tables) == 2


def test_overview_exports_one_matrix(exported: Charted, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(export(exported, tmp_path, "all.xlsx", "--overview"))
    assert book.sheetnames == ["Index", "All themes", "Quotes – All themes", "Codebook"]
    header = [c.value for c in book["All themes"][1]]
    assert header[1:3] == ["Collaborative advantage and learning", "Collective action problems"]
    p01 = next(r for r in book["Quotes – All themes"].iter_rows(min_row=2) if r[0].value == "P01")
    assert exported.quote("p01_loaf") in p01[2].value  # every quote under the theme


def test_control_characters_do_not_break_the_office_formats(sample: Runner, tmp_path: Path) -> None:
    assert sample("summary", "set", "P03", "reciprocity", "Page\x0cbreak\x01 here").code == 0
    shown = sample("summary", "show", "P03", "reciprocity", "--format", "json").json()
    assert shown["summary"] == "Pagebreak here"
    assert xml_safe("form\x0cfeed\x1b and\ttab\n") == "formfeed and\ttab\n"
    target = tmp_path / "c.docx"
    assert sample("chart", "--theme", "collaborative_gains", "-o", str(target)).code == 0
    cells = [c.text for row in docx.Document(str(target)).tables[1].rows for c in row.cells]
    assert "Pagebreak here" in cells
    raw_xml = "<r><t>injected</t></r>"
    assert sample("summary", "set", "P04", "reciprocity", raw_xml).code == 0
    book = tmp_path / "c.xlsx"
    assert sample("chart", "--theme", "collaborative_gains", "-o", str(book)).code == 0
    sheet = openpyxl.load_workbook(book)["Collaborative advantage and…"]
    values = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    assert {"Pagebreak here", raw_xml + " "} <= values
