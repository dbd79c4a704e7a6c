"""Files that are not right: each is refused with exit status 2 and one line naming the file,
and the project is exactly as it was (one transaction; nothing written outside it)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from qualframe.interchange import archive
from tests.support.projects import Runner, db_snapshot

CODE = "11111111-1111-1111-1111-111111111111"
SOURCE = "22222222-2222-2222-2222-222222222222"
TEXT = "Interviewer: How was it?\n\nP1: It was fine, mostly.\n"


def project_xml(
    codes: str = f'<Code guid="{CODE}" name="Fine" isCodable="true"/>',
    selection: str = (
        '<PlainTextSelection guid="33333333-3333-3333-3333-333333333333" startPosition="30" '
        'endPosition="36"><Coding guid="44444444-4444-4444-4444-444444444444">'
        f'<CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>'
    ),
) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="t">'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook>"
        f'<Sources><TextSource guid="{SOURCE}" name="P1" plainTextPath="internal://{SOURCE}.txt">'
        f"{selection}</TextSource></Sources></Project>"
    )


def qdpx(path: Path, xml: str | None = None, members: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        if xml is not None:
            out.writestr("project.qde", xml)
        for name, data in (members or {f"sources/{SOURCE}.txt": TEXT.encode()}).items():
            out.writestr(name, data)
    return path


@pytest.mark.both_backends
def test_the_good_file_these_are_made_from_imports(qf: Runner, tmp_path: Path) -> None:
    result = qf("import", str(qdpx(tmp_path / "good.qdpx", project_xml())), "--format", "json")
    assert result.code == 0, result.err
    assert [c["text"] for c in qf("code", "list", "--format", "json").json()] == ["It was"]


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&lol2;"/>'
)

BAD: dict[str, tuple[Callable[[Path], Path], str]] = {
    "not a zip": (
        lambda d: (d / "x.qdpx").write_text("hello") and d / "x.qdpx",
        "not a zip archive",
    ),
    "no project file": (lambda d: qdpx(d / "x.qdpx", None), "no project.qde"),
    "malformed XML": (
        lambda d: qdpx(d / "x.qdpx", project_xml()[:-20]),
        "not well-formed XML",
    ),
    "schema error": (
        lambda d: qdpx(d / "x.qdpx", project_xml(codes=f'<Code guid="{CODE}" name="Fine"/>')),
        "/Project/CodeBook/Codes/Code: Element 'Code': The attribute 'isCodable' is required",
    ),
    "selection past the end": (
        lambda d: qdpx(d / "x.qdpx", project_xml().replace('endPosition="36"', 'endPosition="99"')),
        "past the end of its text (51 code points)",
    ),
    "missing code": (
        lambda d: qdpx(
            d / "x.qdpx",
            project_xml(codes=f'<Code guid="{SOURCE[:-1]}3" name="B" isCodable="true"/>'),
        ),
        f"refers to code {CODE} that the file does not define",
    ),
    "duplicate GUIDs": (
        lambda d: qdpx(
            d / "x.qdpx",
            project_xml(
                codes=f'<Code guid="{CODE}" name="A" isCodable="true"/>'
                f'<Code guid="{CODE.upper()}" name="B" isCodable="true"/>'
            ),
        ),
        f"duplicate GUID {CODE.upper()}",
    ),
    "missing source": (
        lambda d: qdpx(d / "x.qdpx", project_xml(), {"sources/other.txt": b"x"}),
        "source 'P1' (internal://",
    ),
    "zip-slip (..)": (
        lambda d: qdpx(d / "x.qdpx", project_xml(), {"sources/../../evil.txt": b"x"}),
        "unsafe path in archive: 'sources/../../evil.txt'",
    ),
    "zip-slip (absolute)": (
        lambda d: qdpx(d / "x.qdpx", project_xml(), {"/etc/evil.txt": b"x"}),
        "unsafe path in archive: '/etc/evil.txt'",
    ),
    "zip bomb (ratio)": (
        lambda d: qdpx(d / "x.qdpx", project_xml(), {"sources/bomb.txt": b"0" * (8 * 1024**2)}),
        "refused as a possible zip bomb",
    ),
    "entity expansion": (
        lambda d: (d / "x.qde").write_text(BILLION_LAUGHS) and d / "x.qde",
        "refused unsafe XML",
    ),
    "not UTF-8 text": (
        lambda d: qdpx(
            d / "x.qdpx", project_xml(), {f"sources/{SOURCE}.txt": "é".encode("latin-1") * 60}
        ),
        "is not UTF-8 text",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_file_is_refused_with_one_line_and_nothing_written(
    qf: Runner, project_dir: Path, tmp_path: Path, case: str
) -> None:
    make, message = BAD[case]
    folder = tmp_path / "in"
    folder.mkdir()
    path = make(folder)
    before = db_snapshot(project_dir)
    files_before = sorted(p.name for p in tmp_path.rglob("*"))
    result = qf("import", str(path))
    assert result.code == 2
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert str(path) in result.err and message in result.err, result.err
    assert db_snapshot(project_dir) == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == files_before


def test_a_member_larger_than_the_limit_is_refused_before_inflating(
    qf: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = qdpx(tmp_path / "x.qdpx", project_xml())
    monkeypatch.setattr(archive, "MAX_TOTAL", 100)
    result = qf("import", str(path))
    assert result.code == 2 and "refused as a possible zip bomb" in result.err


def test_known_namespace_variants_are_accepted_and_said(qf: Runner, tmp_path: Path) -> None:
    xml = project_xml().replace("urn:QDA-XML:project:1.0", "urn:QDA-XML:project:1:0")
    result = qf("import", str(qdpx(tmp_path / "v.qdpx", xml)))
    assert result.code == 0, result.err
    assert "namespace 'urn:QDA-XML:project:1:0' read as the standard" in result.err


def test_crlf_sources_and_project_qde_spelling_variants(qf: Runner, tmp_path: Path) -> None:
    crlf = TEXT.replace("\n", "\r\n")
    xml = project_xml().replace(
        'startPosition="30" endPosition="36"', 'startPosition="32" endPosition="38"'
    )
    path = tmp_path / "c.qdpx"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("Project.qde", xml)
        out.writestr(f"Sources/{SOURCE.upper()}.TXT", crlf.encode("utf-8-sig"))
    result = qf("import", str(path))
    assert result.code == 0, result.err
    assert [c["text"] for c in qf("code", "list", "--format", "json").json()] == ["It was"]


@pytest.mark.parametrize(
    ("reference", "member"),
    [
        (f"internal://{SOURCE}.txt", f"sources/{SOURCE}.txt"),
        (f"{SOURCE}.txt", f"Sources/{SOURCE}.txt"),
        (f"sources/{SOURCE}.txt", f"sources/{SOURCE}.txt"),
        (f".\\Sources\\{SOURCE}.txt", f"Sources/{SOURCE}.txt"),
    ],
)
def test_source_paths_as_tools_write_them(
    qf: Runner, tmp_path: Path, reference: str, member: str
) -> None:
    xml = project_xml().replace(f"internal://{SOURCE}.txt", reference)
    path = qdpx(tmp_path / "p.qdpx", xml, {member: TEXT.encode()})
    result = qf("import", str(path))
    assert result.code == 0, result.err
    assert [c["text"] for c in qf("code", "list", "--format", "json").json()] == ["It was"]
