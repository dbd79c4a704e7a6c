"""The gate as a user meets it: the first line names the detectors that ran, each finding says
why, names of many cultures and UK places are caught without NER, clinical and service words
are left alone, and a project that refuses unchecked imports refuses them without NER."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualframe.gate.clinical import clinical_spans
from qualframe.gate.identifiers import resolve
from qualframe.gate.screen import gate_findings, screen
from tests.support.projects import Runner, db_snapshot

NO_NER = ("no_such_pipeline_xyz",)


def flagged(text: str) -> list[tuple[str, str]]:
    """(category, text) of every finding the gate's own detectors keep, NER aside."""
    kept = resolve(screen(gate_findings(text), text), text)
    return [(f.category, text[f.start : f.end]) for f in kept]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I rang Chiamaka Obi about it.", ("person", "Chiamaka Obi")),
        ("and then Gethin came over", ("person", "Gethin")),
        ("we asked Xiaoming Zhang to help", ("person", "Xiaoming Zhang")),
        ("because Wiśniewski had the data", ("person", "Wiśniewski")),
        ("so Siobhán did the audit", ("person", "Siobhán")),
        ("with Gurpreet on nights", ("person", "Gurpreet")),
        ("the porter, Gaz, knew the way", ("person", "Gaz")),
        ("she lives in Splott now", ("place", "Splott")),
        ("we drove from Ebbw Vale", ("place", "Ebbw Vale")),
        ("he moved to Sutton-in-Ashfield", ("place", "Sutton-in-Ashfield")),
        ("over at the LGI they do it", ("hospital", "LGI")),
        ("ULHT wanted the data", ("hospital", "ULHT")),
        ("we went to Addenbrooke's for it", ("hospital", "Addenbrooke's")),
        ("she was on Nightingale Ward then", ("hospital", "Nightingale Ward")),
        ("then Will Hart said no", ("person", "Will Hart")),
        ("Dr Qwertyson was on call", ("person", "Qwertyson")),
        ("a lady called Folasade rang", ("person", "Folasade")),
        ("Busy. Shabs did the data.", ("person", "Shabs")),
        ("Rukky, we call her.", ("person", "Rukky")),
        ("Temitope Adebanjo-Lewis, the pharmacist, came", ("person", "Temitope Adebanjo-Lewis")),
        ("we should have asked the County", ("hospital", "County")),
        ("It rained. And Gaz, who runs it, came.", ("person", "Gaz")),
        ("It rained. And Oyelaran was late.", ("person", "Oyelaran")),
        ("she said, Tomo, you love a spreadsheet", ("person", "Tomo")),
    ],
)
def test_names_places_and_hospitals_without_ner(text: str, expected: tuple[str, str]) -> None:
    assert expected in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "A positive Babinski and a Barthel of 40, and Parkinson's too.",
        "The Modified Ashworth scale, the Glasgow Coma Scale and the Berg Balance Scale.",
        "We were Red, then Amber, then Green by May.",
        "Will we get it? I will say so. Mark my words. Hope so.",
        "On Monday in June the Matron came.",
        "The Sentinel Stroke National Audit Programme and the Stroke Association.",
        "NHS England, NICE and the Royal College of Speech and Language Therapists.",
        "Healthcare Improvement Scotland and the Intercollegiate Stroke Working Party.",
        "at the MDT, in the ED, on the HASU, the SSNAP data",
        "The Francis report changed things.",
        "He started a Saturday ward round. The Follow-Up clinic and the Step-Down unit.",
        "a positive Hoover sign, and the Model Hospital figures from the Nuffield Trust",
        "We went from Amber to Green. And Hope springs eternal.",
    ],
)
def test_clinical_and_service_vocabulary_is_left_alone(text: str) -> None:
    assert flagged(text) == []


def test_a_clinical_phrase_does_not_hide_a_person() -> None:
    assert clinical_spans("Funmi's review and Gethin Pugh's assessment") == []
    assert flagged("Funmi's review came back") == [("person", "Funmi")]


def test_check_states_its_detectors_first_and_why_each_finding(qf: Runner, tmp_path: Path) -> None:
    path = tmp_path / "P40.txt"
    path.write_text("P40: I rang Chiamaka Obi at the LGI in Splott.\n", encoding="utf-8")
    table = qf("anonymise", "check", str(path))
    first = table.out.splitlines()[0]
    assert first.startswith("detectors: rules")
    assert "names resource" in first and "NER en_core_web_sm" in first
    assert "[names resource]" in table.out or "[NER PERSON]" in table.out
    assert "[rule: hospital nickname]" in table.out
    report = qf("anonymise", "check", str(path), "--format", "json").json()
    assert report["detectors"][-1].startswith("NER en_core_web_sm")
    assert all(f["why"] for f in report["findings"])


def test_check_says_when_ner_did_not_run(
    qf: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("qualframe.nlp.pipeline.NER_CANDIDATES", NO_NER)
    path = tmp_path / "P41.txt"
    path.write_text("P41: Gethin and Chiamaka came from Splott.\n", encoding="utf-8")
    result = qf("anonymise", "check", str(path))
    assert result.code == 3
    assert "NER NOT USED" in result.out.splitlines()[0]
    assert "'Gethin'" in result.out and "'Splott'" in result.out


def _refusing(project_dir: Path, extra: str = "") -> None:
    with (project_dir / "qualframe.toml").open("a", encoding="utf-8") as handle:
        handle.write(f"\n[anonymise]\nrefuse_on_import = true\n{extra}")


def test_refuse_on_import_refuses_without_ner(
    qf: Runner, project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("qualframe.nlp.pipeline.NER_CANDIDATES", NO_NER)
    _refusing(project_dir)
    clean = tmp_path / "P42.txt"
    clean.write_text("P42: We shared everything with [Hospital B].\n", encoding="utf-8")
    before = db_snapshot(project_dir)
    result = qf("import", str(clean))
    assert result.code == 2
    assert "no trained NER pipeline is installed" in result.err
    assert "require_ner = false" in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert db_snapshot(project_dir) == before


def test_refuse_on_import_without_ner_when_told(
    qf: Runner, project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("qualframe.nlp.pipeline.NER_CANDIDATES", NO_NER)
    _refusing(project_dir, "require_ner = false\n")
    clean = tmp_path / "P43.txt"
    clean.write_text("P43: We shared everything with [Hospital B].\n", encoding="utf-8")
    leaky = tmp_path / "P44.txt"
    leaky.write_text("P44: Gethin knows.\n\nP44: He told Gethin.\n", encoding="utf-8")
    assert qf("import", str(clean)).code == 0
    refused = qf("import", str(leaky))
    assert refused.code == 2 and "person" in refused.err and "Gethin" not in refused.err


def test_refuse_on_import_with_ner_installed_imports_clean_files(
    qf: Runner, project_dir: Path, tmp_path: Path
) -> None:
    _refusing(project_dir)
    clean = tmp_path / "P45.txt"
    clean.write_text("P45: We shared everything with [Hospital B].\n", encoding="utf-8")
    assert qf("import", str(clean)).code == 0


def test_require_ner_must_be_true_or_false(qf: Runner, project_dir: Path, tmp_path: Path) -> None:
    _refusing(project_dir, 'require_ner = "no"\n')
    path = tmp_path / "P46.txt"
    path.write_text("P46: fine.\n", encoding="utf-8")
    result = qf("import", str(path))
    assert result.code == 2 and "require_ner must be bool" in result.err


def test_apply_replaces_everything_the_check_finds_consistently(qf: Runner, tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "P47.txt").write_text(
        "P47: I rang Chiamaka Obi at the LGI. She lives in Splott, near Gethin.\n",
        encoding="utf-8",
    )
    (source / "P48.txt").write_text(
        "P48: Chiamaka came too, and Gethin drove from Splott.\n", encoding="utf-8"
    )
    out, key = tmp_path / "out", tmp_path / "secret" / "study.key"
    key.parent.mkdir()
    found = qf("anonymise", "check", str(source), "--format", "json").json()["findings"]
    assert {f["text"] for f in found} >= {"Chiamaka Obi", "LGI", "Splott", "Gethin", "Chiamaka"}
    assert qf("anonymise", "apply", str(source), "--out", str(out), "--key", str(key)).code == 0
    first = (out / "P47.txt").read_text(encoding="utf-8")
    second = (out / "P48.txt").read_text(encoding="utf-8")
    for original in ("Chiamaka", "Obi", "LGI", "Splott", "Gethin"):
        assert original not in first + second
    person = first.split("I rang ")[1].split(" at")[0]
    assert person.startswith("[Person") and second.startswith(f"P48: {person} came")
    assert qf("anonymise", "check", str(out)).code == 0
