"""Decoding transcript bytes: the encodings accepted, and every refusal naming where."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualframe.errors import UserError
from qualframe.ingest.decode import CP1252_WARNING, MAX_BYTES, decode_bytes, read_source

TEXT = "Interviewer: Grüße, café?\nP13: Ja — „gut“.\n"


def test_utf8_without_bom() -> None:
    assert decode_bytes(TEXT.encode("utf-8"), "a.txt") == (TEXT, [])


def test_utf8_bom_is_stripped() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "a.txt") == (TEXT, [])


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding: str) -> None:
    bom = b"\xff\xfe" if encoding == "utf-16-le" else b"\xfe\xff"
    assert decode_bytes(bom + TEXT.encode(encoding), "a.txt") == (TEXT, [])


def test_utf16_odd_length_is_undecodable() -> None:
    with pytest.raises(UserError, match="undecodable bytes at byte offset"):
        decode_bytes(b"\xff\xfe" + "Hi".encode("utf-16-le") + b"x", "a.txt")


def test_windows_1252_with_warning() -> None:
    text, warnings = decode_bytes("I: café “quoted” – €5\r\n".encode("cp1252"), "a.txt")
    assert text == "I: café “quoted” – €5\n"
    assert warnings == [CP1252_WARNING]


def test_undecodable_names_offset_and_line() -> None:
    data = "I: first\nR: zweite Zeile\nI: ok é".encode() + b"\x81\x90 bad\n"
    with pytest.raises(UserError) as caught:
        decode_bytes(data, "a.txt")
    offset = len("I: first\nR: zweite Zeile\nI: ok é".encode())
    assert caught.value.message == (
        f"undecodable bytes at byte offset {offset} (not UTF-8, UTF-16 or Windows-1252)"
    )
    assert (caught.value.path, caught.value.line) == ("a.txt", 3)


def test_undecodable_line_counts_crlf_once_and_lone_cr() -> None:
    data = b"one\r\ntwo\rthree\r\n\x9d"
    with pytest.raises(UserError) as caught:
        decode_bytes(data, "a.txt")
    assert caught.value.line == 4


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", b"\xef\xbb\xbf", b"\xff\xfe \x00\n\x00"])
def test_empty_or_whitespace_only(data: bytes) -> None:
    with pytest.raises(UserError) as caught:
        decode_bytes(data, "a.txt")
    assert (caught.value.message, caught.value.path) == ("empty file", "a.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"I: hello\x00world",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"I: bell \x07 in text",
        "I: grüß \x1b[0m".encode(),
        b"\xff\xfe" + "I: \x01".encode("utf-16-le"),
    ],
)
def test_binary(data: bytes) -> None:
    with pytest.raises(UserError) as caught:
        decode_bytes(data, "a.txt")
    assert (caught.value.message, caught.value.path) == ("binary file, not a transcript", "a.txt")


def test_line_endings_become_lf() -> None:
    text, _ = decode_bytes(b"a\r\nb\rc\n\r\nd", "a.txt")
    assert text == "a\nb\nc\n\nd"


def test_read_source_reads_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"I: hi\r\n")
    assert read_source(path) == b"I: hi\r\n"


def test_read_source_refuses_large_file_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written or read
    with pytest.raises(UserError) as caught:
        read_source(path)
    assert caught.value.message == "file is 50.0 MB, over the 10 MB limit for one transcript"
    assert caught.value.path == str(path)


def test_read_source_accepts_the_limit_exactly(tmp_path: Path) -> None:
    path = tmp_path / "limit.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES)
    assert len(read_source(path)) == MAX_BYTES


def test_read_source_missing(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        read_source(tmp_path / "nope.txt")
    assert (caught.value.message, caught.value.path) == (
        "no such file or folder",
        str(tmp_path / "nope.txt"),
    )


def test_read_source_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="folder"):
        read_source(tmp_path)
