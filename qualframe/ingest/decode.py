"""Bytes on disk to text: the encodings transcripts really arrive in, and nothing else.

Transcripts come from Word, Zoom, Teams and old Windows editors, so UTF-8 (with or without a
BOM), UTF-16 with a BOM and Windows-1252 are accepted; anything else is refused with the byte
offset and line of the first bad byte, because guessing further would silently corrupt quotes
that codings later point at. Line endings become LF so character offsets are stable.
"""

from __future__ import annotations

import codecs
import re
import stat
from pathlib import Path

from qualframe.errors import UserError

MAX_BYTES = 10 * 1024 * 1024
"""One transcript is text; anything larger is almost surely the wrong file (a video, an export)."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"\r\n?")
CP1252_WARNING = "not UTF-8; read as Windows-1252"


def read_source(path: Path) -> bytes:
    """Read one transcript file, refusing folders and oversized files before reading them."""
    where = str(path)
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise UserError("no such file or folder", path=where) from None
    except OSError as exc:
        raise UserError(f"cannot read the file: {exc.strerror}", path=where) from None
    if stat.S_ISDIR(info.st_mode):
        raise UserError("is a folder, not a transcript file", path=where)
    if info.st_size > MAX_BYTES:
        raise UserError(
            f"file is {info.st_size / 1024 / 1024:.1f} MB, over the "
            f"{MAX_BYTES // (1024 * 1024)} MB limit for one transcript",
            path=where,
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read the file: {exc.strerror}", path=where) from None


def decode_bytes(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode a transcript's bytes to LF-terminated text; return the text and any warnings."""
    encoding, skip = _bom_encoding(data)
    if encoding is None and b"\x00" in data:
        raise UserError("binary file, not a transcript", path=path)
    warnings: list[str] = []
    body = data[skip:]
    try:
        text = body.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if encoding is None and exc.reason == "unexpected end of data":
            raise _truncated(data, skip + exc.start, path) from None
        if encoding is not None or _CP1252_UNDEFINED.intersection(body):
            raise _undecodable(data, skip, skip + exc.start, encoding or "utf-8", path) from None
        text = body.decode("cp1252")
        warnings.append(CP1252_WARNING)
    if _CONTROL.search(text):
        raise UserError("binary file, not a transcript", path=path)
    text = _LINE_BREAK.sub("\n", text)
    if not text.strip():
        raise UserError("empty file", path=path)
    return text, warnings


def _bom_encoding(data: bytes) -> tuple[str | None, int]:
    """The encoding a byte-order mark announces and the mark's length, or (None, 0)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None, 0


def _truncated(data: bytes, offset: int, path: str) -> UserError:
    """UTF-8 throughout but cut off inside its last character: a truncated copy, not
    Windows-1252 (reading it so would end the transcript in a wrong character)."""
    line = data.count(b"\n", 0, offset) + 1
    return UserError(
        "the file ends in the middle of a UTF-8 character (truncated?)", path=path, line=line
    )


def _undecodable(data: bytes, skip: int, offset: int, encoding: str, path: str) -> UserError:
    """The error for a bad byte, with the line it falls on so the user can find it."""
    before = _LINE_BREAK.sub("\n", data[skip:offset].decode(encoding, errors="replace"))
    return UserError(
        f"undecodable bytes at byte offset {offset} (not UTF-8, UTF-16 or Windows-1252)",
        path=path,
        line=before.count("\n") + 1,
    )
