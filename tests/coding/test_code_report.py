"""`qualframe code report CODE`: every passage coded with a code, by case, with context, coder
and memos; as markdown, HTML and a Word file read back with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx

from qualframe.coding.report import code_report
from qualframe.project import open_project
from tests.support.projects import Runner
from tests.support.tui import sentences


def code(sample: Runner, project_dir: Path, doc: str, index: int, key: str, coder: str) -> int:
    start, end = sentences(project_dir, doc)[index]
    result = sample(
        "code", "add", doc, key, "--start", str(start), "--end", str(end), "--coder", coder
    )
    assert result.code == 0
    return int(result.out.split()[1])


def test_passages_by_case_with_context_coder_and_memo(sample: Runner, sample_dir: Path) -> None:
    memo_on = code(sample, sample_dir, "P10", 3, "free_riding", "ana")
    code(sample, sample_dir, "P02", 5, "free_riding", "tester")
    code(sample, sample_dir, "P02", 1, "free_riding", "tester")
    code(sample, sample_dir, "P02", 2, "hierarchy", "tester")  # another code: not listed
    assert sample("memo", "add", "coding", str(memo_on), "--text", "Telling.").code == 0
    project = open_project(sample_dir)
    with project.sessions() as session:
        report = code_report(session, "free_riding")
        filtered = code_report(session, "free_riding", where={"organisation": ("hospital d",)})
    project.close()
    assert (report.key, report.name) == ("free_riding", "Free-riding")
    assert report.theme and report.definition
    assert [group.case for group in report.groups] == ["P02", "P10"]  # natural order
    p02 = report.groups[0].passages
    assert [p.start for p in p02] == sorted(p.start for p in p02)
    assert report.groups[1].attributes["organisation"] == "Hospital D"
    passage = report.groups[1].passages[0]
    start, end = sentences(sample_dir, "P10")[3]
    assert (passage.start, passage.end, passage.coder, passage.memos) == (
        start,
        end,
        "ana",
        ("Telling.",),
    )
    text = sample("doc", "show", "P10", "--format", "json").json()["text"]
    assert passage.line == text.count("\n", 0, start) + 1
    assert passage.text == text[start:end]
    assert text[:start].endswith(passage.before.lstrip("…"))
    assert text[end:].startswith(passage.after.rstrip("…"))
    assert report.total == 3 and report.documents == 2
    assert [group.case for group in filtered.groups] == ["P10"]


def test_the_cli_writes_markdown_html_and_docx(
    sample: Runner, sample_dir: Path, tmp_path: Path
) -> None:
    code(sample, sample_dir, "P03", 2, "competition", "tester")
    start, end = sentences(sample_dir, "P03")[2]
    shown = sample("doc", "show", "P03", "--format", "json").json()["text"][start:end]
    words = " ".join(shown.split()[:4])

    result = sample("code", "report", "competition")
    assert result.code == 0
    assert result.out.startswith("# Competition (competition)")
    assert "## P03" in result.out and "**P03 l." in result.out

    assert sample("code", "report", "competition", "-o", str(tmp_path / "r.html")).code == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<mark>" in page and "<h2>P03</h2>" in page

    assert sample("code", "report", "competition", "-o", str(tmp_path / "r.docx")).code == 0
    document = docx.Document(str(tmp_path / "r.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Competition (competition)"
    assert "P03" in paragraphs
    quote = next(p for p in document.paragraphs if p.style.name == "Quote")
    assert words in quote.text
    assert any(run.bold and words in run.text for run in quote.runs)


def test_bad_input_is_one_line_and_status_2(sample: Runner, tmp_path: Path) -> None:
    missing = sample("code", "report", "no_such_code")
    assert missing.code == 2 and "no_such_code" in missing.err
    assert "Traceback" not in missing.err
    bad_key = sample("code", "report", "competition", "--where", "colour=red")
    assert bad_key.code == 2 and "colour" in bad_key.err
    docx_out = sample("code", "report", "competition", "--format", "docx")
    assert docx_out.code == 2 and "-o" in docx_out.err
    assert not list(tmp_path.glob("*.docx"))
