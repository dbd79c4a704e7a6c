"""A code report as a file (`qualframe code report CODE -o FILE.md|.html|.docx`): the code and
its definition, then one section per case with its passages, each quoted with its reference
(`DOC l.N`), the context around it, its coder and its memos."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from html import escape

from qualframe.coding.report import CodeReport, Passage, in_context

FORMATS = ("md", "html", "docx")


def reference(passage: Passage) -> str:
    return f"{passage.document} l.{passage.line}"


def _summary(report: CodeReport) -> str:
    where = "; ".join(f"{key} = {' or '.join(values)}" for key, values in report.where.items())
    counted = (
        f"{report.total} passage{'' if report.total == 1 else 's'} in "
        f"{len(report.groups)} case{'' if len(report.groups) == 1 else 's'}, "
        f"{report.documents} document{'' if report.documents == 1 else 's'}"
    )
    return counted + (f" (cases where {where})" if where else "")


def _attributes(attributes: Mapping[str, str]) -> str:
    return " · ".join(f"{key.replace('_', ' ')}: {value}" for key, value in attributes.items())


def _md_text(text: str) -> str:
    """Markdown-inert: a transcript's `*`, `_` or `#` are the speaker's, not formatting (the
    spaces at either end are kept: they separate the passage from its context)."""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    text = " ".join(text.split())
    for character in "\\`*_[]#<>|":
        text = text.replace(character, "\\" + character)
    return lead + text + trail


def render_md(report: CodeReport) -> str:
    lines = [f"# {_md_text(report.name)} ({report.key})", ""]
    if report.theme:
        lines += [f"Theme: {_md_text(report.theme)}", ""]
    if report.definition:
        lines += [_md_text(report.definition), ""]
    lines += [_summary(report), ""]
    for group in report.groups:
        lines += [f"## {_md_text(group.case)}", ""]
        if group.attributes:
            lines += [_md_text(_attributes(group.attributes)), ""]
        for passage in group.passages:
            lines.append(
                f"**{_md_text(reference(passage))}** · {_md_text(passage.coder or 'unknown')}"
            )
            lines.append("")
            before, text, after = in_context(passage)
            quote = f"{_md_text(before)}**{_md_text(text)}**{_md_text(after)}"
            lines += [f"> {quote}".rstrip(), ""]
            for memo in passage.memos:
                lines += [f"- Memo: {' '.join(memo.split())}"]  # a memo is markdown
            if passage.memos:
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_html(report: CodeReport) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(report.name)}</title>",
        "<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.5}"
        "blockquote{margin:.5em 0 1em;padding-left:1em;border-left:3px solid #999}"
        "mark{background:#fde68a}.meta{color:#555}</style>",
        "</head><body>",
        f"<h1>{escape(report.name)} <small>({escape(report.key)})</small></h1>",
    ]
    if report.theme:
        parts.append(f'<p class="meta">Theme: {escape(report.theme)}</p>')
    if report.definition:
        parts.append(f"<p>{escape(report.definition)}</p>")
    parts.append(f'<p class="meta">{escape(_summary(report))}</p>')
    for group in report.groups:
        parts.append(f"<h2>{escape(group.case)}</h2>")
        if group.attributes:
            parts.append(f'<p class="meta">{escape(_attributes(group.attributes))}</p>')
        for passage in group.passages:
            parts.append(
                f"<p><strong>{escape(reference(passage))}</strong> · "
                f"{escape(passage.coder or 'unknown')}</p>"
            )
            before, text, after = in_context(passage)
            parts.append(
                f"<blockquote>{escape(before)}<mark>{escape(text)}</mark>"
                f"{escape(after)}</blockquote>"
            )
            parts.extend(f"<p>Memo: {escape(memo)}</p>" for memo in passage.memos)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render_docx(report: CodeReport) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    from qualframe.framework.exports.docx import xml_safe

    document = Document()
    document.add_heading(xml_safe(f"{report.name} ({report.key})"), level=1)
    if report.theme:
        document.add_paragraph(xml_safe(f"Theme: {report.theme}"))
    if report.definition:
        document.add_paragraph(xml_safe(report.definition))
    document.add_paragraph(_summary(report)).runs[0].italic = True
    for group in report.groups:
        document.add_heading(xml_safe(group.case), level=2)
        if group.attributes:
            document.add_paragraph(xml_safe(_attributes(group.attributes))).runs[0].italic = True
        for passage in group.passages:
            head = document.add_paragraph()
            head.add_run(xml_safe(reference(passage))).bold = True
            head.add_run(xml_safe(f" · {passage.coder or 'unknown'}"))
            before, text, after = in_context(passage)
            quote = document.add_paragraph(style="Quote")
            quote.add_run(xml_safe(before))
            quote.add_run(xml_safe(text)).bold = True
            quote.add_run(xml_safe(after))
            for memo in passage.memos:
                run = document.add_paragraph().add_run(xml_safe(f"Memo: {memo}"))
                run.font.size = Pt(10)
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


RENDERERS: dict[str, Callable[[CodeReport], str | bytes]] = {
    "md": render_md,
    "html": render_html,
    "docx": render_docx,
}
