"""Word (.docx) transcripts: paragraphs, then the same speaker turns as plain text.

Paragraphs are joined with a blank line so a paragraph without a label reads as the
continuation of the turn above it, as transcribers intend when they break a long answer.
Only body paragraphs are read; tables are reported rather than silently lost.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import docx
from lxml.etree import XMLSyntaxError

from qualframe.errors import UserError
from qualframe.ingest.model import ParsedDocument
from qualframe.ingest.turns import find_turns

MAX_UNPACKED = 50 * 1024 * 1024
"""A transcript's Word package unpacks to a few megabytes; more is a zip bomb, not a transcript."""
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


def open_docx(data: bytes, path: str) -> Any:
    """A python-docx Document, or a `UserError`: not a zip, not Word, a package that unpacks
    to more than MAX_UNPACKED, or XML with a DOCTYPE (Word never writes one; it is how
    external entities and entity bombs get in)."""
    not_word = UserError("not a Word .docx file (it cannot be opened as one)", path=path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            if sum(member.file_size for member in members) > MAX_UNPACKED:
                raise UserError(
                    f"the Word file unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MB",
                    path=path,
                )
            for member in members:
                if member.filename.endswith((".xml", ".rels")) and _DOCTYPE.search(
                    package.read(member)[:4096]
                ):
                    raise UserError(
                        f"the Word file declares XML entities ({member.filename}); "
                        "save it again from Word",
                        path=path,
                    )
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError, EOFError, OSError):
        raise not_word from None


def read_docx(data: bytes, path: str, *, speaker_pattern: str | None = None) -> ParsedDocument:
    """A .docx transcript (no front matter; kind interview)."""
    document = open_docx(data, path)
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
