"""Word transcripts for the gate: their text as the check sees it (body paragraphs, then table
cells, one paragraph a line), and anonymised copies that keep the formatting of the runs."""

from __future__ import annotations

import io
from bisect import bisect_right
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualframe.ingest.word import open_docx

if TYPE_CHECKING:
    from qualframe.gate.files import Source


def docx_text(data: bytes, path: Path) -> str:
    """The paragraphs of a Word file, one a line (so `file:line` points at a paragraph)."""
    return "\n".join(p.text for p in _docx_paragraphs(open_docx(data, str(path))))


def render_docx(data: bytes, source: Source, edits: list[tuple[int, int, str]]) -> bytes:
    """The Word file with `edits` (offsets into `source.text`) applied paragraph by paragraph."""
    document = open_docx(data, str(source.path))
    paragraphs = _docx_paragraphs(document)
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, new in edits:
        line, column = source.position(start)
        by_line.setdefault(line - 1, []).append((column - 1, column - 1 + end - start, new))
    for index, paragraph_edits in by_line.items():
        _replace_in_runs(paragraphs[index], paragraph_edits)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_paragraphs(document: Any) -> list[Any]:
    """Body paragraphs, then the paragraphs of every table cell (merged cells once)."""
    paragraphs = list(document.paragraphs)
    seen: set[int] = set()
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    paragraphs.extend(cell.paragraphs)
    return paragraphs


def _replace_in_runs(paragraph: Any, edits: list[tuple[int, int, str]]) -> None:
    """Replace character spans of a Word paragraph, keeping the formatting of the runs around
    them (the placeholder takes the formatting of the run it starts in)."""
    runs = list(paragraph.runs)
    texts = [run.text for run in runs]
    if "".join(texts) != paragraph.text:  # text in fields or hyperlinks: rewrite it plainly
        text = paragraph.text
        for start, end, new in sorted(edits, reverse=True):
            text = text[:start] + new + text[end:]
        paragraph.text = text
        return
    for start, end, new in sorted(edits, reverse=True):
        offsets = [0]
        for text in texts:
            offsets.append(offsets[-1] + len(text))
        first = bisect_right(offsets, start) - 1
        last = bisect_right(offsets, end - 1) - 1
        if first == last:
            t = texts[first]
            texts[first] = t[: start - offsets[first]] + new + t[end - offsets[first] :]
            continue
        texts[first] = texts[first][: start - offsets[first]] + new
        for middle in range(first + 1, last):
            texts[middle] = ""
        texts[last] = texts[last][end - offsets[last] :]
    for run, text in zip(runs, texts, strict=True):
        if run.text != text:
            run.text = text
