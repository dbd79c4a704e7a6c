"""One entry point for the importer: a transcript file to a `ParsedDocument`, by suffix."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from qualframe.errors import UserError
from qualframe.ingest.captions import read_captions
from qualframe.ingest.decode import decode_bytes, read_source
from qualframe.ingest.formats import SUFFIXES, unsupported
from qualframe.ingest.model import ParsedDocument
from qualframe.ingest.plain import read_plain
from qualframe.ingest.word import read_docx


def read_transcript(path: Path, *, speaker_pattern: str | None = None) -> ParsedDocument:
    """Read, decode and parse one transcript; every bad input raises `UserError`.

    `speaker_pattern` is the project's own speaker regex (with a `label` group) for plain text
    and Word files; timed formats name their speakers themselves.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES and not path.is_dir():
        raise UserError(unsupported(path), path=str(path))
    return parse_transcript(read_source(path), path, speaker_pattern=speaker_pattern)


def parse_transcript(
    data: bytes, path: Path, *, speaker_pattern: str | None = None
) -> ParsedDocument:
    """Decode and parse a transcript's bytes, already read (the importer reads each file once,
    for its hash and its text); `path` gives the format (its suffix) and names the file in
    errors."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(unsupported(path), path=str(path))
    where = str(path)
    if suffix == ".docx":
        return read_docx(data, where, speaker_pattern=speaker_pattern)
    text, warnings = decode_bytes(data, where)
    if suffix == ".vtt":
        document = read_captions(text, where, "vtt")
    elif suffix == ".srt":
        document = read_captions(text, where, "srt")
    elif suffix == ".md":
        document = read_plain(text, where, "md", speaker_pattern=speaker_pattern)
    else:
        document = read_plain(text, where, "txt", speaker_pattern=speaker_pattern)
    return replace(document, warnings=[*warnings, *document.warnings])
