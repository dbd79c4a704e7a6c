"""`qualframe import`: the sample project, cases from front matter, idempotence, names, revisions,
and every bad input refused with one line, exit 2 and the database unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REAL, SAMPLES, Runner, db_snapshot


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


INTERVIEW = """---
case: P99
role: Staff nurse
organisation: Hospital Z
site: "[Location 9]"
date: 2026-01-02
---
Interviewer: How did the league table feel?

P99: Honestly? Like being told off in public. We were bottom.
And the month after, too.

Interviewer: Thank you.
"""


def test_sample_project_imports_with_cases_and_attributes(sample: Runner) -> None:
    docs = sample("doc", "list", "--format", "json").json()
    names = {d["name"] for d in docs}
    assert len(docs) >= 13 and {"P01", "P12", "FG01_faculty"} <= names
    assert set(docs[0]) == {"id", "uuid", "name", "case", "kind", "words", "turns", "coded_share"}
    for d in docs:
        assert d["turns"] >= 10, d
        assert 1500 <= d["words"] <= 4000, d
    cases = {c["name"]: c for c in sample("case", "list", "--format", "json").json()}
    assert cases["P01"]["parent"] == "Hospital A"
    assert cases["P01"]["attributes"]["role"] == "Staff nurse"
    assert "organisation" not in cases["P01"]["attributes"]
    assert cases["F2"]["attributes"]["role"] == "Clinical lead"
    assert cases["F2"]["parent"] == "Collaborative faculty"
    orgs = {c["parent"] for c in cases.values() if c["parent"]}
    assert {"Hospital A", "Hospital B", "Hospital C", "Hospital D"} <= orgs
    roles = {c["attributes"].get("role") for c in cases.values()} - {None}
    assert len(roles) >= 6


def test_focus_group_turns_belong_to_speakers(sample: Runner) -> None:
    shown = sample("doc", "show", "FG01_faculty", "--format", "json").json()
    assert shown["kind"] == "focus_group" and shown["case"] == "FG01"
    speakers = {t["speaker"]: t["case"] for t in shown["turns"]}
    assert speakers["F1"] == "F1" and speakers["F4"] == "F4"
    assert speakers["Facilitator"] is None
    text = shown["text"]
    for turn in shown["turns"]:
        assert text[turn["start"] : turn["end"]].startswith(f"{turn['speaker']}: ")
    for sentence in shown["sentences"]:
        piece = text[sentence["start"] : sentence["end"]]
        assert piece == piece.strip() and piece


def test_stored_text_is_body_after_front_matter(qf: Runner, tmp_path: Path) -> None:
    path = write(tmp_path / "P99.txt", INTERVIEW.replace("\n", "\r\n"))
    assert qf("import", str(path)).code == 0
    shown = qf("doc", "show", "P99", "--format", "json").json()
    assert shown["text"].startswith("Interviewer: How did")
    assert "\r" not in shown["text"] and "---" not in shown["text"]
    turn = shown["turns"][1]
    assert turn["speaker"] == "P99"
    assert shown["text"][turn["start"] : turn["end"]].endswith("And the month after, too.")
    assert shown["text"][turn["utterance_start"] :].startswith("Honestly?")
    sentences = [shown["text"][s["start"] : s["end"]] for s in shown["sentences"]]
    assert "Like being told off in public." in sentences
    assert not any(s.startswith("P99:") for s in sentences)


def test_same_content_twice_is_a_no_op(qf: Runner, tmp_path: Path, project_dir: Path) -> None:
    path = write(tmp_path / "P99.txt", INTERVIEW)
    assert qf("import", str(path)).code == 0
    before = db_snapshot(project_dir)
    again = qf("import", str(path), "--format", "json")
    assert again.code == 0 and again.json()[0]["status"] == "unchanged"
    copy = write(tmp_path / "copy.txt", INTERVIEW)
    assert qf("import", str(copy), "--format", "json").json()[0]["status"] == "unchanged"
    assert db_snapshot(project_dir) == before


def test_name_clash_is_refused_then_name_or_replace(
    qf: Runner, tmp_path: Path, project_dir: Path
) -> None:
    first = write(tmp_path / "P99.txt", INTERVIEW)
    assert qf("import", str(first)).code == 0
    other = tmp_path / "other"
    other.mkdir()
    changed = write(other / "P99.txt", INTERVIEW.replace("We were bottom.", "We were last."))
    before = db_snapshot(project_dir)
    clash = qf("import", str(changed))
    assert clash.code == 2 and "--replace" in clash.err and clash.err.count("\n") == 1
    assert db_snapshot(project_dir) == before
    shown = qf("doc", "show", "P99", "--format", "json").json()
    start = shown["text"].index("Like being told off")
    assert (
        qf(
            "code",
            "add",
            "P99",
            "league_table_effect",
            "--start",
            str(start),
            "--end",
            str(start + 30),
        ).code
        == 2
    )  # no codebook yet: unknown code
    assert qf("import", str(changed), "--name", "P99b").code == 0
    assert {d["name"] for d in qf("doc", "list", "--format", "json").json()} == {"P99", "P99b"}


def test_replace_makes_a_revision_and_carries_codings(sample: Runner, tmp_path: Path) -> None:
    shown = sample("doc", "show", "P01", "--format", "json").json()
    text = shown["text"]
    sentence = shown["sentences"][5]
    quote = text[sentence["start"] : sentence["end"]]
    assert (
        sample(
            "code",
            "add",
            "P01",
            "hierarchy",
            "--start",
            str(sentence["start"]),
            "--end",
            str(sentence["end"]),
        ).code
        == 0
    )
    source = (SAMPLES / "P01.txt").read_text(encoding="utf-8")
    folder = tmp_path / "fix"
    folder.mkdir()
    write(
        folder / "P01.txt",
        source.replace("Interviewer: ", "Interviewer:  ", 1).replace(
            "Thanks", "[Person 9] thanks", 1
        ),
    )
    result = sample("import", str(folder / "P01.txt"), "--replace", "--format", "json")
    assert result.code == 0 and result.json()[0]["status"] == "replaced"
    after = sample("doc", "show", "P01", "--format", "json").json()
    assert after["revision"] == 2 and after["text"] != text
    codings = sample("code", "list", "--doc", "P01", "--format", "json").json()
    assert [c["text"] for c in codings] == [quote]


def test_folder_import_reports_a_summary(qf: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "A1.txt", INTERVIEW.replace("P99", "A1"))
    write(folder / "A2.md", INTERVIEW.replace("P99", "A2"))
    result = qf("import", str(folder))
    assert result.code == 0
    assert "A1" in result.out and "A2" in result.out and "2 imported" in result.out


def test_many_files_import_through_a_worker_process(qf: Runner, tmp_path: Path) -> None:
    """From PARALLEL_FROM files on, spaCy runs in a second process; results are identical."""
    from qualframe.corpus.importing import PARALLEL_FROM

    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(PARALLEL_FROM + 1):
        write(folder / f"M{index}.txt", INTERVIEW.replace("P99", f"M{index}"))
    single = tmp_path / "one"
    single.mkdir()
    write(single / "solo.txt", INTERVIEW.replace("P99", "S1"))
    result = qf("import", str(folder), "--format", "json")
    assert result.code == 0
    assert [o["name"] for o in result.json()] == [f"M{i}" for i in range(PARALLEL_FROM + 1)]
    assert qf("import", str(single)).code == 0
    many = qf("doc", "show", "M3", "--format", "json").json()
    solo = qf("doc", "show", "solo", "--format", "json").json()

    def sentences(shown: dict[str, Any]) -> list[str]:
        return [shown["text"][x["start"] : x["end"]] for x in shown["sentences"]]

    assert sentences(many) == sentences(solo)
    assert len(sentences(many)) == 6 and many["turns"][1]["speaker"] == "M3"


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.iterdir() if p.name != "README.md"))
def test_every_real_export_imports(qf: Runner, name: str) -> None:
    result = qf("import", str(REAL / name), "--format", "json")
    assert result.code == 0, result.err
    outcome = result.json()[0]
    assert outcome["status"] == "imported" and outcome["turns"] > 0
    shown = qf("doc", "show", outcome["name"], "--format", "json").json()
    assert "-->" not in shown["text"] and "\r" not in shown["text"]
    assert not shown["text"].startswith("\ufeff")
    for turn in shown["turns"]:
        if turn["speaker"]:
            label = shown["text"][turn["start"] : turn["utterance_start"]]
            assert turn["speaker"] in label and label.rstrip().endswith((":", "]")), label
    if name.startswith("zoom-chat"):
        assert shown["kind"] == "chat"


# ---- bad input: exit 2, one line naming the file, database unchanged -------------------


def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    return {
        "binary": write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20),
        "empty": write(tmp_path / "empty.txt", b""),
        "huge": big,
        "undecodable": write(tmp_path / "bad.txt", b"Interviewer: hello\n\x81\x8d\x90 broken\n"),
        "front matter": write(tmp_path / "fm.txt", "---\ncase: [unclosed\n---\nI: hi\n"),
        "unsupported": write(tmp_path / "notes.pdf", b"%PDF-1.4"),
        "missing": tmp_path / "nowhere.txt",
    }


@pytest.mark.parametrize(
    "kind", ["binary", "empty", "huge", "undecodable", "front matter", "unsupported", "missing"]
)
def test_bad_input_is_refused_cleanly(
    kind: str, qf: Runner, tmp_path: Path, project_dir: Path
) -> None:
    good = write(tmp_path / "good.txt", INTERVIEW)
    path = bad_inputs(tmp_path)[kind]
    before = db_snapshot(project_dir)
    result = qf("import", str(good), str(path))
    assert result.code == 2
    assert result.err.count("\n") == 1, result.err
    assert str(path) in result.err and "Traceback" not in result.err
    assert db_snapshot(project_dir) == before


def test_cp1252_imports_with_a_warning(qf: Runner, tmp_path: Path) -> None:
    path = write(
        tmp_path / "legacy.txt", "Interviewer: caf\u00e9 \u2013 ok?\n\nP1: yes\n".encode("cp1252")
    )
    result = qf("import", str(path))
    assert result.code == 0 and "1252" in result.err
    assert "café – ok?" in qf("doc", "show", "legacy").out


def test_import_never_logs_transcript_text(qf: Runner, tmp_path: Path) -> None:
    path = write(tmp_path / "P99.txt", INTERVIEW)
    result = qf("import", str(path))
    assert "told off" not in result.out + result.err


def test_project_speaker_pattern_setting(qf: Runner, tmp_path: Path, project_dir: Path) -> None:
    config = project_dir / "qualframe.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "# speaker_pattern", "speaker_pattern = '^(?P<label>Dr [A-Z][a-z]+):\\s*'\n# was"
        ),
        encoding="utf-8",
    )
    path = write(tmp_path / "dr.txt", "Dr Jones: We met monthly.\n\nP4: Not really.\n")
    assert qf("import", str(path)).code == 0
    turns = qf("doc", "show", "dr", "--format", "json").json()["turns"]
    assert [t["speaker"] for t in turns] == ["Dr Jones", "P4"]
