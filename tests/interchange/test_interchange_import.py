"""`qualframe import FILE.qdpx|.qde`: real exports of NVivo and ATLAS.ti, and merges."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.support.projects import (
    CODEBOOK,
    FIXTURES,
    Runner,
    build_sample,
    db_rows,
    db_snapshot,
    make_runner,
)

REFI = FIXTURES / "refi-qda"
NVIVO_WIN = REFI / "nvivo-win12.6_pyqdpx_oltas0517.qdpx"
NS = "{urn:QDA-XML:project:1.0}"

#: file, extra flags, codes / sources / selections the file holds, documents and codings
#: imported, sources and selections skipped (media and text the file does not carry).
SAMPLES = [
    ("atlasti23_ponte_blank-atlas-project.qdpx", [], 0, 0, 0, 0, 0, 0, 0),
    ("atlasti23_ponte_target-atlas-project.qdpx", [], 3, 0, 0, 0, 0, 0, 0),
    (
        "atlasti8_refi-standard-project_TestProject.qdpx",
        ["--skip-missing-sources"],
        14,
        12,
        15,
        0,
        0,
        12,
        15,
    ),
    (
        "nvivo-mac12.7_pyqdpx_OltasSzkepticizmus_project.qde",
        ["--skip-missing-sources"],
        152,
        2,
        297,
        0,
        0,
        2,
        297,
    ),
    ("nvivo-win12.6_pyqdpx_oltas0517.qdpx", [], 152, 2, 303, 2, 303, 0, 0),
]


@pytest.mark.parametrize(
    ("name", "flags", "codes", "sources", "selections", "docs", "codings", "skip_src", "skip_sel"),
    SAMPLES,
)
def test_every_sample_imports_with_the_counts_it_holds(
    qf: Runner,
    project_dir: Path,
    name: str,
    flags: list[str],
    codes: int,
    sources: int,
    selections: int,
    docs: int,
    codings: int,
    skip_src: int,
    skip_sel: int,
) -> None:
    result = qf("import", str(REFI / name), *flags, "--format", "json")
    assert result.code == 0, result.err
    report = result.json()
    assert (report["codes_in_file"], report["sources_in_file"], report["selections_in_file"]) == (
        codes,
        sources,
        selections,
    )
    assert report["codes_added"] == codes
    assert (report["documents_added"], report["codings_added"]) == (docs, codings)
    assert (report["sources_skipped"], report["selections_skipped"]) == (skip_src, skip_sel)
    stored = db_rows(project_dir, "SELECT count(*) FROM codes WHERE key != 'imported_codes'")
    assert stored == [(codes,)]
    assert len(qf("code", "list", "--format", "json").json()) == codings


def test_media_and_missing_text_are_listed_never_a_crash(qf: Runner) -> None:
    sample = REFI / SAMPLES[2][0]
    refused = qf("import", str(sample))
    assert refused.code == 2 and refused.err.count("\n") == 1
    assert "is not in the file" in refused.err and "--skip-missing-sources" in refused.err
    result = qf("import", str(sample), "--skip-missing-sources")
    assert result.code == 0
    for medium in ("PDFSource", "PictureSource", "AudioSource", "VideoSource"):
        assert f"skipped {medium}" in result.err
    assert "ignored 16 Set(s)" in result.err and "ignored 1 Graph(s)" in result.err
    memos = qf("memo", "list", "--format", "json").json()
    assert sorted(m["text"][:12] for m in memos) == ["This is a gr", "This version"]


def _nvivo_expected() -> dict[str, str]:
    """Coding GUID → the passage NVivo coded, computed independently: its offsets are UTF-16
    code units over the CRLF text, so slice the UTF-16 encoding and then drop the CRs."""
    expected = {}
    with zipfile.ZipFile(NVIVO_WIN) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        for source in root.iter(f"{NS}TextSource"):
            member = "Sources/" + source.get("plainTextPath", "").split("//")[1]
            utf16 = archive.read(member).decode("utf-8-sig").encode("utf-16-le")
            for selection in source.iter(f"{NS}PlainTextSelection"):
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                passage = utf16[2 * start : 2 * end].decode("utf-16-le").replace("\r\n", "\n")
                for coding in selection.iter(f"{NS}Coding"):
                    expected[coding.get("guid").lower()] = passage
    return expected


@pytest.mark.both_backends
def test_nvivo_windows_utf16_offsets_are_detected_and_cover_exactly_the_coded_text(
    qf: Runner,
) -> None:
    result = qf("import", str(NVIVO_WIN), "--format", "json")
    report = result.json()
    assert report["units"]["videos_10_selected"] == "UTF-16 code units"
    assert "UTF-16 code units" in result.err
    codings = {c["uuid"]: c["text"] for c in qf("code", "list", "--format", "json").json()}
    expected = _nvivo_expected()
    assert len(expected) == 303
    assert codings == expected
    assert any(any(ord(ch) > 0xFFFF for ch in text) for text in codings.values())
    text = qf("doc", "show", "videos_10_selected", "--format", "json").json()
    assert "\r" not in text["text"] and text["sentences"]


@pytest.mark.both_backends
def test_the_same_file_twice_changes_nothing(qf: Runner, project_dir: Path) -> None:
    assert qf("import", str(NVIVO_WIN)).code == 0
    before = db_snapshot(project_dir)
    again = qf("import", str(NVIVO_WIN), "--format", "json")
    assert again.code == 0
    assert again.json()["codings_present"] == 303 and again.json()["documents_matched"] == 2
    assert db_snapshot(project_dir) == before


def test_a_teammates_export_adds_their_codings_without_duplicating_documents(
    sample: Runner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two projects built separately from the same transcripts: other UUIDs, same texts."""
    for doc, code, a, b in (("P01", "free_riding", 100, 160), ("P03", "hierarchy", 5, 70)):
        assert (
            sample(
                "code", "add", doc, code, "--start", str(a), "--end", str(b), "--coder", "ann"
            ).code
            == 0
        )
    out = tmp_path / "ann.qdpx"
    assert sample("export", str(out)).code == 0
    mate = make_runner(capsys, build_sample(tmp_path / "mate"))
    assert (
        mate(
            "code", "add", "P01", "free_riding", "--start", "300", "--end", "340", "--coder", "bo"
        ).code
        == 0
    )
    report = mate("import", str(out), "--format", "json").json()
    assert report["documents_added"] == 0 and report["documents_matched"] == 13
    assert report["codes_added"] == 0 and report["codings_added"] == 2
    assert report["conflicts"] == []
    rows = mate("code", "list", "--format", "json").json()
    assert sorted((r["document"], r["coder"], r["start"]) for r in rows) == [
        ("P01", "ann", 100),
        ("P01", "bo", 300),
        ("P03", "ann", 5),
    ]
    assert len(mate("doc", "list", "--format", "json").json()) == 13


def test_conflicts_are_reported_and_this_projects_version_kept(
    sample: Runner, tmp_path: Path
) -> None:
    out = tmp_path / "before.qdpx"
    assert sample("code", "add", "P01", "free_riding", "--start", "100", "--end", "160").code == 0
    assert sample("export", str(out)).code == 0
    changed = tmp_path / "codebook.yaml"
    text = CODEBOOK.read_text(encoding="utf-8")
    marker = "Taking the benefits of the collaborative"
    changed.write_text(text.replace(marker, "Redefined here: " + marker, 1), encoding="utf-8")
    assert sample("codebook", "load", str(changed)).code == 0
    p01 = tmp_path / "P01.txt"
    p01.write_text(
        "---\ncase: P01\n---\nInterviewer: A new text.\n\nP01: Entirely different now.\n",
        encoding="utf-8",
    )
    assert sample("import", str(p01), "--replace").code == 0
    result = sample("import", str(out), "--format", "json")
    assert result.code == 0
    conflicts = result.json()["conflicts"]
    assert any("'P01': same UUID, different text" in c for c in conflicts)
    assert any("'Free-riding': the file's definition differs" in c for c in conflicts)
    shown = sample("doc", "show", "P01", "--format", "json").json()["text"]
    assert "Entirely different now." in shown
    codes = {c["id"]: c for c in sample("codebook", "list", "--format", "json").json()}
    assert codes["free_riding"]["definition"].startswith("Redefined here:")


def test_codes_from_another_tool_make_a_codebook_that_exports_and_checks(
    qf: Runner, tmp_path: Path
) -> None:
    """Imported codes are emergent with who and when, so the YAML export is valid again."""
    assert qf("import", str(NVIVO_WIN)).code == 0
    out = tmp_path / "cb.yaml"
    assert qf("codebook", "export", str(out)).code == 0
    result = qf("codebook", "check", str(out))
    assert result.code == 0, result.err
    assert "oltas_tipusa" in out.read_text(encoding="utf-8")
