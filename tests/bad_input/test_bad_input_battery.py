"""Every reader refuses bad input as a new user would meet it: through the command line, exit
status 2, one line on stderr naming the file, no traceback, and the database byte-identical.

Readers: YAML codebooks, transcripts of each format (txt, md, docx, vtt, srt, Zoom chat), their
front matter, the project's TOML settings, identifier lists and anonymisation keys.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from tests.support.projects import Runner, stored_bytes

LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)
"""A billion laughs: nine levels of nine aliases each, about 387 million leaves expanded."""
BILLION_LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + LAUGHS

Case = Callable[[Path, Path], tuple[list[str], str]]
"""(project folder, scratch folder) -> (command line, the file the message must name)."""


def _file(name: str, data: bytes | str) -> Case:
    def make(_project: Path, scratch: Path) -> tuple[list[str], str]:
        path = scratch / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return _command(path), path.name

    return make


def _command(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return ["codebook", "load", str(path)]
    if suffix == ".key":
        return ["anonymise", "apply", str(path.parent / "in"), "--out", "x", "--key", str(path)]
    return ["import", str(path)]


def _docx(document_xml: bytes) -> bytes:
    """A Word package whose main part is `document_xml`."""
    base = io.BytesIO()
    docx.Document().save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in source.infolist():
            data = source.read(item.filename)
            zf.writestr(item, document_xml if item.filename == "word/document.xml" else data)
    return out.getvalue()


def _not_word() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("hello.txt", "not a Word document")
    return out.getvalue()


XXE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>P1: &secret;</w:t></w:r></w:p></w:body></w:document>"
)
BOMB = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>" + b"a" * (120 * 1024 * 1024) + b"</w:t></w:r></w:p></w:body>"
    b"</w:document>"
)
DEEP_FLOW = "[" * 5000 + "]" * 5000
DEEP_BLOCK = "".join("  " * depth + "a:\n" for depth in range(3000))
VTT_HEAD = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"


def _directory(name: str) -> Case:
    def make(_project: Path, scratch: Path) -> tuple[list[str], str]:
        path = scratch / name
        path.mkdir()
        if name.endswith(".key"):
            (scratch / "in").mkdir()
            (scratch / "in" / "P1.txt").write_text("P1: fine.\n", encoding="utf-8")
        return _command(path), path.name

    return make


def _symlink_loop(name: str) -> Case:
    def make(_project: Path, scratch: Path) -> tuple[list[str], str]:
        path = scratch / name
        path.symlink_to(path)
        return _command(path), path.name

    return make


def _settings(text: str) -> Case:
    """A project whose qualframe.toml ends with `text`; `anonymise check` reads all of it."""

    def make(project: Path, scratch: Path) -> tuple[list[str], str]:
        with (project / "qualframe.toml").open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)
        transcript = scratch / "P1.txt"
        transcript.write_text("P1: fine.\n", encoding="utf-8")
        return ["anonymise", "check", str(transcript)], "qualframe.toml"

    return make


def _escaping_list(project: Path, scratch: Path) -> tuple[list[str], str]:
    outside = scratch / "outside.txt"
    outside.write_text("Someone Else\n", encoding="utf-8")
    relative = os.path.relpath(outside, project)
    return _settings(f'[anonymise]\nidentifiers = ["{relative}"]\n')(project, scratch)


def _identifiers(data: bytes) -> Case:
    def make(_project: Path, scratch: Path) -> tuple[list[str], str]:
        listing = scratch / "register.txt"
        listing.write_bytes(data)
        transcript = scratch / "P1.txt"
        transcript.write_text("P1: fine.\n", encoding="utf-8")
        return ["anonymise", "check", str(transcript), "--identifiers", str(listing)], listing.name

    return make


def _key(data: bytes) -> Case:
    def make(_project: Path, scratch: Path) -> tuple[list[str], str]:
        key = scratch / "study.key"
        key.write_bytes(data)
        key.chmod(0o600)
        (scratch / "in").mkdir()
        (scratch / "in" / "P1.txt").write_text("P1: fine.\n", encoding="utf-8")
        return _command(key), key.name

    return make


def _escaping_link(_project: Path, scratch: Path) -> tuple[list[str], str]:
    """A transcripts folder holding a link to a file elsewhere on the disk."""
    outside = scratch / "elsewhere" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text("P9: not meant to be imported\n", encoding="utf-8")
    folder = scratch / "transcripts"
    folder.mkdir()
    (folder / "P1.txt").write_text("P1: fine\n", encoding="utf-8")
    (folder / "P2.txt").symlink_to(outside)
    return ["import", str(folder)], "P2.txt"


CASES: dict[str, Case] = {
    # YAML codebooks
    "codebook nested 5000 deep (flow)": _file("deep.yaml", f"themes: {DEEP_FLOW}\n"),
    "codebook nested 3000 deep (block)": _file("deep2.yaml", "codebook:\n" + DEEP_BLOCK),
    "codebook billion laughs": _file(
        "laughs.yaml", BILLION_LAUGHS + "codebook: {name: x}\nthemes: *i\n"
    ),
    "codebook python tag": _file("tag.yaml", "codebook: !!python/object/apply:os.system [ls]\n"),
    "codebook binary": _file("binary.yaml", bytes(range(256)) * 8),
    "codebook NUL byte": _file("nul.yaml", "codebook:\n  name: x\x00\n"),
    "codebook zero bytes": _file("zero.yaml", b""),
    "codebook huge scalar": _file("huge.yaml", "codebook:\n  name: " + "x" * 12_000_000 + "\n"),
    "codebook truncated UTF-8": _file("cut.yaml", "codebook:\n  name: café".encode()[:-1]),
    "codebook UTF-16 without BOM": _file("utf16.yaml", "codebook: x\n".encode("utf-16-le")),
    "codebook is a folder": _directory("folder.yaml"),
    "codebook symlink loop": _symlink_loop("loop.yaml"),
    # transcripts, each format
    "txt zero bytes": _file("P1.txt", b""),
    "txt NUL bytes": _file("P1.txt", b"P1: hello\x00world\n"),
    "txt binary": _file("P1.txt", bytes(range(256)) * 8),
    "txt truncated UTF-8": _file("P1.txt", "P1: a café".encode()[:-1]),
    "txt truncated UTF-16": _file("P1.txt", b"\xff\xfe" + "P1: hello".encode("utf-16-le")[:-1]),
    "txt huge": _file("P1.txt", b"P1: " + b"word " * 2_200_000),
    "txt symlink loop": _symlink_loop("P1.txt"),
    "md binary": _file("P1.md", b"\x89PNG\r\n\x1a\n" + bytes(200)),
    "md zero bytes": _file("P1.md", b""),
    "zoom chat binary": _file("meeting_saved_chat.txt", b"00:01:02\t From A : hi\x00\x01\n"),
    "vtt binary": _file("P1.vtt", b"WEBVTT\n\n" + bytes(range(32)) * 4),
    "vtt no cues": _file("P1.vtt", "WEBVTT\n\nNOTE nothing here\n"),
    "vtt bad timings": _file("P1.vtt", "WEBVTT\n\n00:00:xx --> soon\nhello\n"),
    "vtt truncated UTF-8": _file("P1.vtt", f"{VTT_HEAD}café".encode()[:-1]),
    "srt bad timings": _file("P1.srt", "1\n00:00:01,000 --> garbage\nhello\n\n"),
    "srt zero bytes": _file("P1.srt", b""),
    "srt NUL bytes": _file("P1.srt", b"1\n00:00:01,000 --> 00:00:02,000\nhi\x00\n"),
    "docx zero bytes": _file("P1.docx", b""),
    "docx plain text": _file("P1.docx", "P1: not a zip at all\n"),
    "docx zip that is not Word": _file("P1.docx", _not_word()),
    "docx truncated": _file("P1.docx", _docx(b"")[:300]),
    "docx external entity": _file("P1.docx", _docx(XXE)),
    "docx zip bomb": _file("P1.docx", _docx(BOMB)),
    # front matter
    "front matter nested 5000 deep": _file("P1.txt", f"---\ncase: {DEEP_FLOW}\n---\nP1: hi\n"),
    "front matter billion laughs": _file(
        "P1.txt", "---\n" + BILLION_LAUGHS + "case: *i\n---\nP1: hi\n"
    ),
    "front matter python tag": _file("P1.md", "---\ncase: !!python/name:os.system\n---\nP1: hi\n"),
    "front matter never closed": _file("P1.md", "---\ncase: P1\nP1: hi\n"),
    "front matter a list": _file("P1.txt", "---\n- a\n- b\n---\nP1: hi\n"),
    # TOML settings
    "settings not TOML": _settings("this is = = not toml\n"),
    "settings binary": _settings("\x00\x01\x02 = 1\n"),
    "settings nested 5000 deep": _settings(f"deep = {DEEP_FLOW}\n"),
    "settings wrong type": _settings("[anonymise]\nrefuse_on_import = 'yes'\n"),
    "settings identifiers escape the project": _escaping_list,
    "settings identifiers a folder": _settings('[anonymise]\nidentifiers = ["."]\n'),
    # identifier lists and keys
    "identifier list binary": _identifiers(bytes(range(256))),
    "identifier list unknown category": _identifiers(b"colour: red\n"),
    "key not JSON": _key(b"not json"),
    "key nested 100000 deep": _key(b"[" * 100_000 + b"]" * 100_000),
    "key is a folder": _directory("folder.key"),
    # paths that escape what was asked for
    "folder with a link that leads outside it": _escaping_link,
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_is_refused_cleanly(
    case: str, qf: Runner, project_dir: Path, tmp_path: Path
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    before = stored_bytes(project_dir)
    settings = (project_dir / "qualframe.toml").read_bytes()
    args, named = CASES[case](project_dir, scratch)
    result = qf(*args)
    (project_dir / "qualframe.toml").write_bytes(settings)  # so the database can be found
    assert result.code == 2, (result.code, result.err, result.out)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert named in lines[0], lines[0]
    assert "Traceback" not in result.err + result.out
    assert stored_bytes(project_dir) == before
