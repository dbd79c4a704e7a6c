"""REFI-QDA codebooks (.qdc) out and in, and codebooks across studies (diff, merge)."""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema

from qualframe.codebook.schema import parse_codebook
from tests.support.projects import CODEBOOK, FIXTURES, Runner, make_runner

REFI = FIXTURES / "refi-qda"


def test_qdc_export_is_valid_and_has_no_empty_sets(sample: Runner, tmp_path: Path) -> None:
    out = tmp_path / "cb.qdc"
    result = sample("codebook", "export", str(out))
    assert result.code == 0, result.err
    xmlschema.XMLSchema(str(REFI / "Codebook-mrt2019.xsd")).validate(str(out))
    body = out.read_text(encoding="utf-8")
    assert "<Sets" not in body and body.count("<Code ") == 28


def test_qdc_round_trip_into_a_new_project_keeps_the_codebook(
    sample: Runner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        sample(
            "codebook",
            "new",
            "late_data",
            "Late data",
            "--theme",
            "costs_of_collaborating",
            "--definition",
            "Returns sent after the deadline.",
        ).code
        == 0
    )
    out = tmp_path / "cb.qdc"
    assert sample("codebook", "export", str(out)).code == 0
    assert sample("init", str(tmp_path / "other")).code == 0
    other = make_runner(capsys, tmp_path / "other")
    assert other("codebook", "load", str(out)).code == 0
    keep = ("id", "name", "theme", "parent", "origin", "definition")
    mine = [{k: c[k] for k in keep} for c in sample("codebook", "list", "--format", "json").json()]
    theirs = [{k: c[k] for k in keep} for c in other("codebook", "list", "--format", "json").json()]
    assert theirs == mine
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert sample("codebook", "export", str(a)).code == 0
    assert other("codebook", "export", str(b)).code == 0

    def fields(path: Path) -> list[tuple[object, ...]]:
        """Everything a .qdc carries: all but the suggestion patterns and the book's name."""
        spec = parse_codebook(path)
        return [(t.id, t.name, t.description) for t in spec.themes] + [
            (
                c.id,
                c.name,
                c.definition,
                c.include,
                c.exclude,
                c.examples,
                c.source,
                c.origin,
                p.id if p else t.id,
            )
            for t, p, c in spec.iter_codes()
        ]

    assert fields(b) == fields(a)
    assert any(row[3] for row in fields(b)[6:]) and any(row[5] for row in fields(b)[6:])


def test_qdc_namespace_variants_load(qf: Runner, tmp_path: Path) -> None:
    for namespace in ("urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4"):
        path = tmp_path / "v.qdc"
        path.write_text(
            f'<?xml version="1.0"?><CodeBook xmlns="{namespace}"><Codes>'
            '<Code guid="11111111-1111-1111-1111-111111111111" name="Theme" isCodable="false">'
            '<Code guid="21111111-1111-1111-1111-111111111111" name="Café talk" isCodable="true">'
            "<Description>Talk over coffee.</Description></Code></Code></Codes></CodeBook>",
            encoding="utf-8",
        )
        assert qf("codebook", "load", str(path)).code == 0
    codes = qf("codebook", "list", "--format", "json").json()
    assert [(c["id"], c["definition"]) for c in codes] == [("cafe_talk", "Talk over coffee.")]


def test_bad_qdc_is_one_line_exit_2(qf: Runner, tmp_path: Path) -> None:
    path = tmp_path / "bad.qdc"
    path.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>')
    result = qf("codebook", "load", str(path))
    assert result.code == 2 and result.err.count("\n") == 1
    assert "/CodeBook/Codes" in result.err


def _yaml_variant(tmp_path: Path, name: str, edits: list[tuple[str, str]]) -> Path:
    text = CODEBOOK.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_diff_lists_added_retired_renamed_moved_redefined(qf: Runner, tmp_path: Path) -> None:
    changed = _yaml_variant(
        tmp_path,
        "b.yaml",
        [
            ("name: Free-riding", "name: Free riding"),
            ("Taking the benefits of the collaborative", "Benefiting from the collaborative"),
            ("      - id: hierarchy\n", "      - id: rank_and_hierarchy\n"),
        ],
    )
    result = qf("codebook", "diff", str(CODEBOOK), str(changed), "--format", "json")
    assert result.code == 0, result.err
    diff = result.json()
    assert [d["id"] for d in diff["added"]] == ["rank_and_hierarchy"]
    assert [d["id"] for d in diff["retired"]] == ["hierarchy"]
    assert diff["renamed"] == [{"id": "free_riding", "from": "Free-riding", "to": "Free riding"}]
    assert [d["id"] for d in diff["redefined"]] == ["free_riding"]
    human = qf("codebook", "diff", str(CODEBOOK), str(changed)).out
    assert "~ renamed  free_riding: 'Free-riding' → 'Free riding'" in human


def test_diff_sees_a_move_and_compares_a_file_with_the_project(
    sample: Runner, tmp_path: Path
) -> None:
    assert sample("codebook", "move", "hierarchy", "costs_of_collaborating").code == 0
    diff = sample("codebook", "diff", str(CODEBOOK), "--format", "json").json()
    assert diff["moved"] == [
        {"id": "hierarchy", "from": "organisational_context", "to": "costs_of_collaborating"}
    ]
    assert sample("codebook", "diff", str(CODEBOOK)).code == 0


def test_merge_brings_in_another_studys_emergent_codes_as_a_new_version(
    sample: Runner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sample("init", str(tmp_path / "study2")).code == 0
    study2 = make_runner(capsys, tmp_path / "study2")
    assert study2("codebook", "load", str(CODEBOOK)).code == 0
    for code, parent in (
        ("late_data", "costs_of_collaborating"),
        ("sticker_trick", "idea_sharing"),
        ("junior_sent", "organisational_context"),
    ):
        assert (
            study2(
                "codebook",
                "new",
                code,
                code.replace("_", " "),
                "--theme",
                parent,
                "--definition",
                f"{code} as study 2 saw it.",
            ).code
            == 0
        )
    theirs = tmp_path / "study2.yaml"
    assert study2("codebook", "export", str(theirs)).code == 0
    text = theirs.read_text(encoding="utf-8")  # study 2 renamed a theme's id: junior_sent's
    theirs.write_text(text.replace("- id: organisational_context", "- id: context_2"), "utf-8")
    result = sample("codebook", "merge", str(theirs))
    assert result.code == 0, result.err
    assert "merged 2 emergent code(s)" in result.out and "1 not merged" in result.out
    assert "junior_sent: its parent context_2 is not in this codebook" in result.err
    ids = {c["id"]: c for c in sample("codebook", "list", "--format", "json").json()}
    assert ids["late_data"]["parent"] == "costs_of_collaborating"
    assert ids["sticker_trick"]["parent"] == "idea_sharing"
    assert ids["late_data"]["origin"] == "emergent" and "junior_sent" not in ids
    assert "+study2" in sample("stats", "--format", "json").json()["codebook_version"]
    again = sample("codebook", "merge", str(theirs))
    assert "merged 0 emergent code(s)" in again.out
