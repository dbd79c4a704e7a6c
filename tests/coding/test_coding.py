"""Scriptable coding: `code add` and `code list`, offsets in code points, bad references."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.projects import Runner, db_snapshot


def test_code_add_and_list(sample: Runner) -> None:
    shown = sample("doc", "show", "P03", "--format", "json").json()
    sentence = shown["sentences"][10]
    result = sample(
        "code",
        "add",
        "P03",
        "data_burden",
        "--start",
        str(sentence["start"]),
        "--end",
        str(sentence["end"]),
        "--coder",
        "ana",
    )
    assert result.code == 0
    rows = sample("code", "list", "--doc", "P03", "--format", "json").json()
    assert len(rows) == 1
    row = rows[0]
    assert set(row) == {
        "id",
        "uuid",
        "document",
        "case",
        "code",
        "start",
        "end",
        "text",
        "coder",
        "created",
    }
    assert row["text"] == shown["text"][sentence["start"] : sentence["end"]]
    assert (row["case"], row["code"], row["coder"]) == ("P03", "data_burden", "ana")
    stats = sample("stats", "--format", "json").json()
    assert stats["codings"] == 1 and stats["documents"] >= 13 and stats["words"] > 20000


def test_offsets_are_code_points(qf: Runner, tmp_path: Path) -> None:
    from tests.support.projects import CODEBOOK

    (tmp_path / "emoji.txt").write_text(
        "Interviewer: 👍🏻 ok\n\nP1: Ärztin sagt: gut.\n", encoding="utf-8"
    )
    assert qf("import", str(tmp_path / "emoji.txt")).code == 0
    assert qf("codebook", "load", str(CODEBOOK)).code == 0
    text = qf("doc", "show", "emoji", "--format", "json").json()["text"]
    start = text.index("Ärztin")
    assert (
        qf("code", "add", "emoji", "hierarchy", "--start", str(start), "--end", str(start + 6)).code
        == 0
    )
    assert qf("code", "list", "--format", "json").json()[0]["text"] == "Ärztin"


def test_focus_group_coding_belongs_to_the_speaker(sample: Runner) -> None:
    shown = sample("doc", "show", "FG01_faculty", "--format", "json").json()
    turn = next(t for t in shown["turns"] if t["speaker"] == "F3")
    assert (
        sample(
            "code",
            "add",
            "FG01_faculty",
            "data_burden",
            "--start",
            str(turn["utterance_start"]),
            "--end",
            str(turn["end"]),
        ).code
        == 0
    )
    assert sample("code", "list", "--format", "json").json()[0]["case"] == "F3"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["P01", "no_such_code", "--start", "0", "--end", "5"], "no code"),
        (["NOPE", "free_riding", "--start", "0", "--end", "5"], "no document"),
        (["P01", "free_riding", "--start", "5", "--end", "5"], "outside"),
        (["P01", "free_riding", "--start", "-1", "--end", "5"], "outside"),
        (["P01", "free_riding", "--start", "0", "--end", "99999999"], "outside"),
        (["P01", "collective_action_problems", "--start", "0", "--end", "5"], "theme"),
    ],
)
def test_bad_references_are_refused(
    sample: Runner, sample_dir: Path, args: list[str], message: str
) -> None:
    before = db_snapshot(sample_dir)
    result = sample("code", "add", *args)
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1
    assert db_snapshot(sample_dir) == before


def test_csv_listing_neutralises_formulas(qf: Runner, tmp_path: Path) -> None:
    from tests.support.projects import CODEBOOK

    (tmp_path / "f.txt").write_text('Interviewer: =HYPERLINK("x") hi\n', encoding="utf-8")
    assert qf("import", str(tmp_path / "f.txt")).code == 0
    assert qf("codebook", "load", str(CODEBOOK)).code == 0
    start = qf("doc", "show", "f").out.index("=HYP")
    assert (
        qf("code", "add", "f", "hierarchy", "--start", str(start), "--end", str(start + 10)).code
        == 0
    )
    out = qf("code", "list", "--format", "csv").out
    assert ",'=HYPERLINK" in out and ",=HYPERLINK" not in out
