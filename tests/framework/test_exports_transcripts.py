"""`doc export` and the references that cite it: one line numbering (`lines.py`) for both, so
every chart reference names the printed lines where its quote starts and ends; the txt, docx
and pdf transcripts print the same numbered lines; `--with-transcripts` appends them; files
take the user's umask; csv can leave out the formula guard for analysis pipelines."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import docx
import openpyxl
import pytest

from qualframe.framework.lines import WIDTH, LineIndex, printed_lines
from tests.support.printed import Printed, chart, make_printed
from tests.support.projects import Runner

NUMBERED = re.compile(r"^ *(\d+)  (.*)$")


@pytest.fixture
def printed(sample: Runner, sample_dir: Path, tmp_path: Path) -> Printed:
    return make_printed(sample, sample_dir, tmp_path)


def exported_lines(qf: Runner, document: str, target: Path) -> dict[int, str]:
    result = qf("doc", "export", document, "-o", str(target))
    assert result.code == 0, result.err
    lines = {}
    for line in target.read_text(encoding="utf-8").splitlines():
        match = NUMBERED.match(line)
        if match:
            lines[int(match.group(1))] = match.group(2)
    return lines


def words(text: str) -> list[str]:
    return text.split()


def test_references_name_the_lines_doc_export_prints(printed: Printed, tmp_path: Path) -> None:
    qf = printed.charted.qf
    lines = exported_lines(qf, "P01", tmp_path / "P01.txt")
    assert list(lines) == list(range(1, len(lines) + 1))
    assert max(len(text) for text in lines.values()) <= WIDTH
    assert len(lines) > printed.charted.texts["P01"].count("\n") + 50  # long turns wrapped
    cell = qf("summary", "show", "P01", "free_riding", "--format", "json").json()
    assert len(cell["excerpts"]) == len(printed.dense) + 1
    for excerpt in cell["excerpts"]:
        first, _, last = excerpt["lines"].removeprefix("l.").partition("–")
        first_line, last_line = int(first), int(last or first)
        quote = words(excerpt["text"])
        assert quote[0] in words(lines[first_line])
        assert quote[-1] in words(lines[last_line])
        span = words(" ".join(lines[n] for n in range(first_line, last_line + 1)))
        assert " ".join(quote) in " ".join(span)


def test_docx_and_pdf_print_the_same_numbered_lines(printed: Printed, tmp_path: Path) -> None:
    qf = printed.charted.qf
    lines = exported_lines(qf, "FG01_faculty", tmp_path / "fg.txt")
    assert qf("doc", "export", "FG01_faculty", "-o", str(tmp_path / "fg.docx")).code == 0
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "fg.docx")).paragraphs]
    assert [NUMBERED.match(p).group(2) for p in paragraphs] == list(lines.values())  # type: ignore[union-attr]
    footer = docx.Document(str(tmp_path / "fg.docx")).sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert qf("doc", "export", "FG01_faculty", "-o", str(tmp_path / "fg.pdf")).code == 0
    raw = (tmp_path / "fg.pdf").read_bytes()
    assert raw.startswith(b"%PDF-1.4") and raw.rstrip().endswith(b"%%EOF")
    shown = [
        m.decode("cp1252").replace("\\(", "(").replace("\\)", ")").replace("\\\\", "\\")
        for m in re.findall(rb"\((.*?)(?<!\\)\) Tj T\*", raw)
    ]
    printable = [
        text.encode("cp1252", errors="replace").decode("cp1252") for text in lines.values()
    ]
    assert [NUMBERED.match(s).group(2) for s in shown] == printable  # type: ignore[union-attr]
    pages = int(re.search(rb"/Count (\d+)", raw).group(1))  # type: ignore[union-attr]
    assert pages >= 3 and f"(Page {pages} of {pages})".encode() in raw


def test_with_transcripts_appends_the_cited_transcripts(printed: Printed, tmp_path: Path) -> None:
    lines = exported_lines(printed.charted.qf, "P01", tmp_path / "P01.txt")
    book = openpyxl.load_workbook(chart(printed, tmp_path / "c.xlsx", "--with-transcripts"))
    sheet = book["Transcripts"]
    held = {
        int(row[1].value): row[2].value or ""
        for row in sheet.iter_rows(min_row=2)
        if row[0].value == "P01"
    }
    assert held == lines
    documents = {row[0].value for row in sheet.iter_rows(min_row=2)}
    assert documents == {"P01", "P05", "P09", "FG01_faculty", "Zoë"}  # the cited ones only
    page = chart(printed, tmp_path / "c.html", "--with-transcripts").read_text(encoding="utf-8")
    assert f'<span id="P01-l12">   12  {lines[12]}</span>' in page.replace("&#x27;", "'")
    targets = set(re.findall(r'<a class="to-line" href="#([^"]+)"', page))
    ids = set(re.findall(r'<span id="([^"]+)">', page))
    assert len(targets) > 20 and targets <= ids  # each quote links to its transcript line
    assert "Zo\u00eb-l" in " ".join(targets)
    document = docx.Document(str(chart(printed, tmp_path / "c.docx", "--with-transcripts")))
    texts = [p.text for p in document.paragraphs]
    assert f"{1:>5}  {lines[1]}" in texts
    without = openpyxl.load_workbook(chart(printed, tmp_path / "d.xlsx"))
    assert "Transcripts" not in without.sheetnames


def test_doc_export_refuses_bad_input_in_one_line(printed: Printed, tmp_path: Path) -> None:
    qf = printed.charted.qf
    for args, message in (
        (("P01", "-o", str(tmp_path / "P01.rtf")), "P01.rtf"),
        (("nobody", "-o", str(tmp_path / "x.txt")), "no document named 'nobody'"),
        (("P01", "-o", str(tmp_path / "missing" / "x.txt")), "does not exist"),
    ):
        result = qf("doc", "export", *args)
        assert result.code == 2 and message in result.err, result.err
        assert result.err.count("\n") == 1
    assert not any(tmp_path.glob("x.txt")) and not any(tmp_path.glob("P01.rtf"))


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_exports_take_the_users_umask(printed: Printed, tmp_path: Path, mask: int) -> None:
    previous = os.umask(mask)
    try:
        target = chart(printed, tmp_path / "c.csv")
        assert printed.charted.qf("doc", "export", "P01", "-o", str(tmp_path / "t.txt")).code == 0
    finally:
        os.umask(previous)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    assert (tmp_path / "t.txt").stat().st_mode & 0o777 == 0o666 & ~mask


def test_csv_formula_guard_can_be_left_out_for_pipelines(printed: Printed, tmp_path: Path) -> None:
    def p01(*args: str) -> dict[str, str]:
        raw = chart(printed, tmp_path / "c.csv", *args).read_text(encoding="utf-8-sig")
        rows = csv.DictReader(io.StringIO(raw))
        return next(r for r in rows if (r["case"], r["code"]) == ("P01", "free_riding"))

    assert p01()["summary"].startswith("'=1+1")
    assert p01("--no-formula-guard")["summary"].startswith("=1+1")


def test_printed_lines_wrap_at_spaces_and_keep_blank_lines() -> None:
    text = "Interviewer: hello\n\nP1: " + "word " * 12 + "x" * 25 + " end\n   \nlast"
    lines = list(printed_lines(text, 20))
    assert lines[:3] == [(1, "Interviewer: hello"), (2, ""), (3, "P1: word word word")]
    assert all(len(line) <= 20 for _, line in lines)
    assert ("x" * 20) in [line for _, line in lines]  # a word longer than a line is cut
    assert lines[-1] == (len(lines), "last") and lines[-2] == (len(lines) - 1, "")
    index = LineIndex(text, 20)
    assert index.line(0) == 1 and index.line(text.index("last")) == len(lines)
    break_space = text.index(" word", 22)  # a space a line was broken at
    assert index.line(break_space) in (3, 4)
    assert index.span(text.index("x"), text.index(" end") + 4) == (
        index.line(text.index("x")),
        index.line(text.index("end")),
    )
