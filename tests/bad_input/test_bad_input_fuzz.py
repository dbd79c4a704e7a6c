"""Hypothesis-driven fuzzing of every reader: whatever the bytes, a reader returns or raises
`UserError` (a codebook: returns its problems), and the message is one line naming the file.

Inputs: arbitrary bytes, deep nesting, huge scalars, YAML aliases and tags, NUL bytes, real
transcripts and the bundled codebook cut at any byte (truncated UTF-8 and UTF-16), and Word
packages with their XML mutated.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qualframe.codebook.schema import check_codebook
from qualframe.errors import UserError
from qualframe.gate.identifiers import parse_identifier_list
from qualframe.gate.pseudonyms import Key
from qualframe.ingest.readers import read_transcript
from qualframe.project import read_settings
from tests.support.projects import CODEBOOK, SAMPLES

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI never fails on a new draw
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
SUFFIXES = (".txt", ".md", ".vtt", ".srt", ".docx")
SAMPLE = (SAMPLES / "P01.txt").read_bytes()
YAML_PIECES = st.sampled_from(
    [
        "codebook:",
        "themes:",
        "  - id: t",
        "    codes:",
        "&a ",
        "*a",
        "!!python/object/apply:os.system [ls]",
        "!!binary aGk=",
        "[",
        "]",
        "{",
        "}",
        "- ",
        ": ",
        "\t",
        "\x00",
        "'",
        '"',
        "---",
        "...",
        "? ",
        "|",
        ">",
        "\n",
        "x" * 1000,
    ]
)


def nested(depth: int, opener: str, closer: str) -> str:
    return opener * depth + closer * depth


def yaml_like() -> st.SearchStrategy[str]:
    """Text built from YAML's syntax, deep brackets and block nesting, and aliases."""
    return st.one_of(
        st.lists(YAML_PIECES, max_size=60).map("".join),
        st.integers(1, 6000).map(lambda d: "themes: " + nested(d, "[", "]")),
        st.integers(1, 3000).map(lambda d: "".join("  " * i + "a:\n" for i in range(d))),
        st.integers(1, 9).map(
            lambda d: (
                "a: &a [x, x, x]\n"
                + "".join(
                    f"l{i}: &l{i} [{', '.join(['*' + ('a' if i == 0 else f'l{i - 1}')] * 9)}]\n"
                    for i in range(d)
                )
                + "themes: *a\n"
            )
        ),
    )


def cut(data: bytes) -> st.SearchStrategy[bytes]:
    """`data`, and `data` encoded as UTF-16 with a BOM, cut off at any byte."""
    utf16 = b"\xff\xfe" + data.decode("utf-8").encode("utf-16-le")
    return st.one_of(
        st.integers(0, len(data)).map(lambda n: data[:n]),
        st.integers(0, len(utf16)).map(lambda n: utf16[:n]),
    )


def one_line_naming(error: UserError, path: Path) -> None:
    message = str(error)
    assert "\n" not in message.strip(), message
    assert str(path) in message, message


def transcript_bytes() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=4000),
        cut(SAMPLE),
        yaml_like().map(lambda y: ("---\n" + y + "\n---\nP1: hi\n").encode("utf-8", "replace")),
        st.binary(max_size=200).map(lambda b: b"P1: hello " + b + b"\n"),
    )


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"l{i}: &l{i} [{', '.join(['*' + ('a' if i == 0 else f'l{i - 1}')] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(data=transcript_bytes())
@example(data=f"---\n{LAUGHS}case: *l7\n---\nP1: hi\n".encode())
@example(data=f"---\ncase: {nested(6000, '[', ']')}\n---\nP1: hi\n".encode())
@example(data="P1: café".encode()[:-1])
def test_transcript_readers_return_or_refuse(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"P1{suffix}"
    path.write_bytes(data)
    try:
        read_transcript(path)
    except UserError as error:
        one_line_naming(error, path)


def _word(document_xml: bytes) -> bytes:
    base = io.BytesIO()
    docx.Document().save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, document_xml if item.filename == "word/document.xml" else data)
    return out.getvalue()


@FUZZ
@given(
    xml=st.one_of(
        st.binary(max_size=500),
        st.sampled_from(
            [
                b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
                b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>',
                b"<w:document/>",
                b"",
            ]
        ),
    ),
    keep=st.integers(0, 3000),
)
def test_word_packages_return_or_refuse(tmp_path: Path, xml: bytes, keep: int) -> None:
    path = tmp_path / "P1.docx"
    package = _word(xml)
    path.write_bytes(package if keep > 2500 else package[: keep * 4])
    try:
        read_transcript(path)
    except UserError as error:
        one_line_naming(error, path)


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        cut(CODEBOOK.read_bytes()[:3000]),
        yaml_like().map(lambda y: y.encode("utf-8", "replace")),
    )
)
@example(data=f"themes: {nested(6000, '[', ']')}\n".encode())
@example(data=f"{LAUGHS}codebook: {{name: x}}\nthemes: *l7\n".encode())
@example(data=b"codebook:\n  name: " + b"x" * 6_000_000)
def test_codebooks_report_problems_never_crash(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_bytes(data)
    for problem in check_codebook(path):
        assert problem.path == str(path)
        assert "\n" not in problem.message.strip()


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=1000),
        st.integers(1, 6000).map(lambda d: f"x = {nested(d, '[', ']')}\n".encode()),
        st.integers(1, 6000).map(lambda d: f"x = {nested(d, '{a = ', '}')}\n".encode()),
        st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )
)
@example(data=f"x = {nested(6000, '[', ']')}\n".encode())
def test_settings_return_or_refuse(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "qualframe.toml"
    path.write_bytes(data)
    try:
        read_settings(path)
    except UserError as error:
        one_line_naming(error, path)


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=1000),
        st.integers(1, 200_000).map(lambda d: nested(d, "[", "]").encode()),
        st.just(b'{"format": "qualframe-anonymisation-key", "entries": [1, {"x": []}]}'),
    )
)
@example(data=nested(200_000, "[", "]").encode())
def test_keys_load_or_refuse(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "study.key"
    path.write_bytes(data)
    path.chmod(0o600)
    try:
        Key.load(path)
    except UserError as error:
        one_line_naming(error, path)


@FUZZ
@given(text=st.text(max_size=500))
def test_identifier_lists_return_or_refuse(text: str) -> None:
    try:
        parse_identifier_list(text, "register.txt")
    except UserError as error:
        assert "register.txt" in str(error) and "\n" not in str(error)
