"""Word (.docx) transcripts: paragraphs, then the same speaker turns as plain text.

Paragraphs are joined with a blank line so a paragraph without a label reads as the
continuation of the turn above it, as transcribers intend when they break a long answer.
Only body paragraphs are read; tables are reported rather than silently lost.
"""

from __future__ import annotations

import io
import zipfile

import docx
from lxml.etree import XMLSyntaxError

from qualframe.errors import UserError
from qualframe.ingest.model import ParsedDocument
from qualframe.ingest.turns import find_turns


def read_docx(data: bytes, path: str, *, speaker_pattern: str | None = None) -> ParsedDocument:
    """A .docx transcript (no front matter; kind interview)."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError):
        raise UserError("not a Word .docx file (it cannot be opened as one)", path=path) from None
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    text = "\n\n".join(paragraph for paragraph in paragraphs if paragraph.strip()).rstrip()
    if not text:
        raise UserError("empty file", path=path)
    tables = len(document.tables)
    warnings = [f"{tables} table(s) not read: only paragraphs are imported"] if tables else []
    return ParsedDocument(
        text=text,
        turns=find_turns(text, speaker_pattern=speaker_pattern),
        front_matter={},
        kind="interview",
        source_format="docx",
        warnings=warnings,
    )
