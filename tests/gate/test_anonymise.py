"""`anonymise check|apply` and the import gate: positions, categories, NER when installed,
consistent placeholders, the 0600 key that never enters the project, and bad input refused."""

from __future__ import annotations

import stat
from pathlib import Path

import docx
import pytest

from tests.support.projects import REAL, SAMPLES, Runner, db_snapshot, stored_bytes

INTERVIEW = """\
---
case: P20
organisation: Hospital A
---
Interviewer: Where were you working then?

P20: At Royal Derby Hospital, with Priya Raman. You can email me at p.raman@example.org.
Priya said ring 0115 924 9924, my NHS number is 943 476 5919 and we're in NG7 2UH.

P20: I was born on the 3rd of March 1958, so [Person 1] calls me the veteran.
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_transcripts_are_clean(qf: Runner) -> None:
    result = qf("anonymise", "check", str(SAMPLES))
    assert result.code == 0, result.out
    assert "no identifiers found in 13 file(s)" in result.out
    assert "NER: en_core_web_sm" in result.out


def test_check_reports_file_line_column_and_category(qf: Runner, tmp_path: Path) -> None:
    path = write(tmp_path / "in", "P20.txt", INTERVIEW)
    result = qf("anonymise", "check", str(path), "--format", "json")
    assert result.code == 3
    report = result.json()
    lines = INTERVIEW.splitlines()
    got = {(f["category"], f["text"]) for f in report["findings"]}
    assert {
        ("hospital", "Royal Derby Hospital"),
        ("person", "Priya Raman"),
        ("email", "p.raman@example.org"),
        ("phone", "0115 924 9924"),
        ("nhs_number", "943 476 5919"),
        ("postcode", "NG7 2UH"),
        ("date_of_birth", "3rd of March 1958"),
        ("person", "Priya"),
    } <= got
    for finding in report["findings"]:
        line = lines[finding["line"] - 1]
        assert line[finding["column"] - 1 :].startswith(finding["text"])
        assert finding["path"] == str(path)
    assert not any("Person 1" in f["text"] or "Hospital A" in f["text"] for f in report["findings"])
    table = qf("anonymise", "check", str(path))
    assert table.code == 3
    assert f"{path}:7:9: hospital (rule) 'Royal Derby Hospital'" in table.out


def test_without_a_trained_pipeline_the_rules_still_run(
    qf: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("qualframe.nlp.pipeline.NER_CANDIDATES", ("no_such_pipeline_xyz",))
    path = write(tmp_path / "in", "P20.txt", INTERVIEW)
    result = qf("anonymise", "check", str(path), "--format", "json")
    assert result.code == 3
    report = result.json()
    assert report["ner"] is None and "NER not used" in report["ner_note"]
    assert all(f["source"] != "ner" for f in report["findings"])
    assert {"email", "phone", "nhs_number", "postcode", "date_of_birth", "hospital"} <= {
        f["category"] for f in report["findings"]
    }
    table = qf("anonymise", "check", str(path))
    assert "NER not used" in table.out and "spacy download en_core_web_sm" in table.out


def test_ner_finds_names_the_rules_cannot(qf: Runner, tmp_path: Path) -> None:
    path = write(
        tmp_path / "in",
        "P21.txt",
        "P21: I trained in Sheffield and then Mohammed Iqbal took me under his wing.\n",
    )
    findings = qf("anonymise", "check", str(path), "--format", "json").json()["findings"]
    assert {(f["category"], f["text"], f["source"]) for f in findings} >= {
        ("place", "Sheffield", "ner"),
        ("person", "Mohammed Iqbal", "ner"),
    }


def test_identifier_list_from_the_project_and_the_command_line(
    qf: Runner, project_dir: Path, tmp_path: Path
) -> None:
    path = write(tmp_path / "in", "P22.txt", "P22: Ask Zebedee, or Quillfeather at Brackenmoor.\n")
    write(project_dir, "register.txt", "Zebedee Okonkwo-Smith\n")
    with (project_dir / "qualframe.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[anonymise]\nidentifiers = ["register.txt"]\nner_pipeline = "none"\n')
    extra = write(tmp_path, "more.txt", "place: Brackenmoor\nAda Quillfeather\n")
    report = qf(
        "anonymise", "check", str(path), "--identifiers", str(extra), "--format", "json"
    ).json()
    assert {(f["category"], f["text"], f["source"]) for f in report["findings"]} == {
        ("person", "Zebedee", "list"),
        ("person", "Quillfeather", "list"),
        ("place", "Brackenmoor", "list"),
    }
    assert report["ner"] is None


def test_names_used_as_speaker_labels_are_flagged(qf: Runner, tmp_path: Path) -> None:
    vtt = write(
        tmp_path / "in",
        "meeting.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Halvard Quennell>Hello.</v>\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v Interviewer>Thanks, Halvard.</v>\n",
    )
    findings = qf("anonymise", "check", str(vtt), "--format", "json").json()["findings"]
    assert [(f["line"], f["column"], f["text"], f["source"]) for f in findings] == [
        (4, 4, "Halvard Quennell", "speaker"),
        (7, 24, "Halvard", "list"),
    ]


def test_teams_export_speaker_names_are_flagged(qf: Runner) -> None:
    real = REAL / "teams-legacy_webvttpy_teams_timeframe.vtt"
    findings = qf("anonymise", "check", str(real), "--format", "json").json()["findings"]
    assert {f["text"] for f in findings} >= {"Yuri Bakulin", "Adrian Petrescu", "Yuri"}


def test_apply_writes_consistent_placeholders_and_a_private_key(qf: Runner, tmp_path: Path) -> None:
    source = tmp_path / "in"
    write(source, "P20.txt", INTERVIEW)
    write(
        source / "more",
        "P23.txt",
        "P23: Priya Raman rang from Royal Derby Hospital. Priya is great.\n",
    )
    out, key = tmp_path / "out", tmp_path / "secret" / "key.json"
    key.parent.mkdir()
    result = qf("anonymise", "apply", str(source), "--out", str(out), "--key", str(key))
    assert result.code == 0, result.err
    assert "Priya" not in result.out + result.err and "2 anonymised file(s)" in result.out
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    first = (out / "P20.txt").read_text(encoding="utf-8")
    second = (out / "more" / "P23.txt").read_text(encoding="utf-8")
    assert "Royal Derby" not in first + second and "Priya" not in first + second
    assert "[Person 1] calls me" in first  # the transcriber's placeholder is kept
    assert "At [Hospital B], with [Person 2]." in first  # Hospital A was taken already
    assert second == "P23: [Person 2] rang from [Hospital B]. [Person 2] is great.\n"
    assert "[Email 1]" in first and "[NHS number 1]" in first and "[Postcode 1]" in first
    assert qf("anonymise", "check", str(out)).code == 0
    # the same key again: the same placeholders, and a new name gets the next number
    write(source, "P24.txt", "P24: Priya Raman and Tobias Wren-Holloway came.\n")
    out2 = tmp_path / "out2"
    assert qf("anonymise", "apply", str(source), "--out", str(out2), "--key", str(key)).code == 0
    assert (out2 / "P20.txt").read_text(encoding="utf-8") == first
    assert (out2 / "P24.txt").read_text(encoding="utf-8") == (
        "P24: [Person 2] and [Person 3] came.\n"
    )
    assert "Tobias Wren-Holloway" in key.read_text(encoding="utf-8")


def test_apply_keeps_word_formatting(qf: Runner, tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("P25: I work with ")
    paragraph.add_run("Priya").bold = True
    paragraph.add_run(" Raman at Royal Derby Hospital, ")
    paragraph.add_run("honestly").italic = True
    paragraph.add_run(".")
    source = tmp_path / "in"
    source.mkdir()
    document.save(source / "P25.docx")
    out, key = tmp_path / "out", tmp_path / "key.json"
    assert qf("anonymise", "apply", str(source), "--out", str(out), "--key", str(key)).code == 0
    result = docx.Document(out / "P25.docx").paragraphs[0]
    assert result.text == "P25: I work with [Person 1] at [Hospital A], honestly."
    assert [run.text for run in result.runs if run.italic] == ["honestly"]
    assert [run.text for run in result.runs if run.bold] == ["[Person 1]"]


@pytest.mark.both_backends
def test_the_key_never_enters_the_project(qf: Runner, project_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "in"
    write(source, "P20.txt", INTERVIEW)
    before = db_snapshot(project_dir)
    key = tmp_path / "key.json"
    out = tmp_path / "out"
    assert qf("anonymise", "apply", str(source), "--out", str(out), "--key", str(key)).code == 0
    assert db_snapshot(project_dir) == before
    assert qf("import", str(out)).code == 0
    stored = stored_bytes(project_dir) + b"".join(
        p.read_bytes() for p in project_dir.iterdir() if p.is_file()
    )
    assert b"Priya" not in stored and b"Raman" not in stored
    assert not any(p.suffix == ".json" for p in project_dir.iterdir())


@pytest.mark.parametrize("problem", ["inside", "world", "directory", "garbage", "key_in_out"])
def test_apply_refuses_bad_folders_and_keys(qf: Runner, tmp_path: Path, problem: str) -> None:
    source = tmp_path / "in"
    write(source, "P20.txt", INTERVIEW)
    out, key = tmp_path / "out", tmp_path / "key.json"
    if problem == "inside":
        out = source / "anonymised"
    elif problem == "world":
        key.write_text('{"format": "qualframe-anonymisation-key", "entries": []}')
        key.chmod(0o644)
    elif problem == "directory":
        key.mkdir()
    elif problem == "garbage":
        key.write_text("not json")
        key.chmod(0o600)
    else:
        key = out / "key.json"
    result = qf("anonymise", "apply", str(source), "--out", str(out), "--key", str(key))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    message = {
        "inside": "inside the input folder",
        "world": "chmod 600",
        "directory": "must be a file",
        "garbage": "not a qualframe anonymisation key",
        "key_in_out": "inside the output folder",
    }[problem]
    assert message in result.err
    assert not (out / "P20.txt").exists() and not (source / "anonymised").exists()
    if problem == "world":
        assert stat.S_IMODE(key.stat().st_mode) == 0o644  # left as it was


def test_unreadable_key_is_refused(
    qf: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in"
    write(source, "P20.txt", INTERVIEW)
    key = tmp_path / "key.json"
    key.write_text("{}")
    key.chmod(0o600)

    read_text = Path.read_text

    def denied(self: Path, *args: object, **kwargs: object) -> str:
        if self == key:
            raise PermissionError(13, "Permission denied")
        return read_text(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", denied)
    result = qf(
        "anonymise", "apply", str(source), "--out", str(tmp_path / "out"), "--key", str(key)
    )
    assert result.code == 2 and "cannot be read" in result.err


def test_import_refuses_documents_failing_the_check(
    qf: Runner, project_dir: Path, tmp_path: Path
) -> None:
    with (project_dir / "qualframe.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[anonymise]\nrefuse_on_import = true\n")
    clean = write(tmp_path / "in", "P26.txt", "P26: We shared everything with [Hospital B].\n")
    leaky = write(
        tmp_path / "in",
        "P27.txt",
        "P27: Fine.\n\nP27: Email me at someone.private@example.org please.\n",
    )
    before = db_snapshot(project_dir)
    result = qf("import", str(tmp_path / "in"))
    assert result.code == 2
    assert f"{leaky}:3: email at column 18" in result.err
    assert "someone.private" not in result.err + result.out
    assert db_snapshot(project_dir) == before
    assert qf("import", str(clean)).code == 0
    assert qf("import", str(SAMPLES)).code == 0


def test_check_of_missing_or_unsupported_files(qf: Runner, tmp_path: Path) -> None:
    assert qf("anonymise", "check", str(tmp_path / "nope.txt")).code == 2
    odd = write(tmp_path, "notes.pdf", "x")
    result = qf("anonymise", "check", str(odd))
    assert result.code == 2 and "unsupported file type" in result.err
