"""The appendix of the html chart: the codebook (version, each code's definition), the memos
on chart cells, and the transcripts with the printed line numbers references cite (each line
an anchor, `#DOC-l12`, that the chart's quotes link to)."""

from __future__ import annotations

import re
from html import escape

from qualframe.framework.appendix import Appendix
from qualframe.framework.exports import ChartExport


def line_id(document: str, number: int) -> str:
    """The id of a transcript line: the document's name with anything but letters, digits,
    `_` and `-` as `-`, then `-l` and the number (`P01-l12`)."""
    return re.sub(r"[^\w-]", "-", document) + f"-l{number}"


def _codebook(appendix: Appendix) -> str:
    version = escape(f"{appendix.codebook} version {appendix.version}".strip())
    entries = "".join(
        f'<dt style="margin-left:{code.depth * 1.2}rem">{escape(code.name)}'
        f"{' (retired)' if code.retired else ''}"
        f' <span class="attrs">{escape(code.key)} · '
        f"{'theme' if code.depth == 0 else escape(code.origin)}</span></dt>"
        f'<dd style="margin-left:{code.depth * 1.2 + 1.2}rem">{escape(code.definition)}</dd>'
        for code in appendix.codes
    )
    return (
        f'<section class="appendix"><h2 id="codebook">Codebook</h2><p class="meta">{version}'
        f'</p><dl class="codebook">{entries}</dl></section>'
    )


def _memos(appendix: Appendix) -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(m.case)}</th><td>{escape(m.code)}</td>'
        f'<td>{escape(m.author)}</td><td class="summary">{escape(m.text)}</td></tr>'
        for m in appendix.memos
    )
    return (
        '<section class="appendix"><h2 id="memos">Cell memos</h2><table class="cases"><thead>'
        '<tr><th scope="col">Case</th><th scope="col">Code</th><th scope="col">Author</th>'
        f'<th scope="col">Memo</th></tr></thead><tbody>{rows}</tbody></table></section>'
    )


def _transcripts(appendix: Appendix) -> str:
    parts = []
    for transcript in appendix.transcripts:
        name = escape(transcript.name)
        case = f" ({escape(transcript.case)})" if transcript.case else ""
        lines = "\n".join(
            f'<span id="{line_id(transcript.name, number)}">{number:>5}  {escape(text)}</span>'
            for number, text in transcript.lines
        )
        parts.append(f'<h3 id="{name}">{name}{case}</h3><pre class="transcript">{lines}</pre>')
    return (
        f'<section class="appendix"><h2 id="transcripts">Transcripts</h2>{"".join(parts)}</section>'
    )


def appendix(export: ChartExport) -> str:
    """The appendix sections this export has (empty text when none)."""
    found = export.appendix
    if found is None:
        return ""
    return "".join(
        (
            _codebook(found) if found.codes else "",
            _memos(found) if found.memos else "",
            _transcripts(found) if found.transcripts else "",
        )
    )
