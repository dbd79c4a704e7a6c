"""Withdrawal: `case purge` leaves no trace of a participant's words in what the database
stores on disk (the SQLite file, or the PostgreSQL database's folder)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qualframe.store.fulltext import fold
from tests.support.pg import TEAM_PASSWORD, TEAM_ROLE
from tests.support.projects import (
    CODEBOOK,
    SAMPLES,
    Runner,
    db_rows,
    db_snapshot,
    project_url,
    set_database,
    stored_bytes,
)


def unique_words(name: str) -> list[str]:
    """Words of one transcript that appear in no other sample transcript nor the codebook."""

    def words(path: Path) -> set[str]:
        return set(re.findall(r"[a-z]{7,}", path.read_text(encoding="utf-8").lower()))

    others = set(re.findall(r"[a-z]{7,}", CODEBOOK.read_text(encoding="utf-8").lower()))
    for path in SAMPLES.glob("*.txt"):
        if path.stem != name:
            others |= words(path)
    return sorted(words(SAMPLES / f"{name}.txt") - others)


def test_purge_removes_every_trace(sample: Runner, sample_dir: Path) -> None:
    shown = sample("doc", "show", "P05", "--format", "json").json()
    sentence = shown["sentences"][12]
    quote = shown["text"][sentence["start"] : sentence["end"]]
    assert len(quote) > 30
    assert (
        sample(
            "code",
            "add",
            "P05",
            "hierarchy",
            "--start",
            str(sentence["start"]),
            "--end",
            str(sentence["end"]),
        ).code
        == 0
    )
    memo = sample("memo", "add", "document", "P05", "--text", f"Memo quoting: {quote}")
    assert memo.code == 0, memo.err
    logged = db_rows(sample_dir, "SELECT after FROM events WHERE entity = 'memo'")
    assert any(quote in str(after) for (after,) in logged)
    rare = unique_words("P05")[:20]
    assert len(rare) >= 5
    before = stored_bytes(sample_dir)
    assert quote.encode() in before
    result = sample("case", "purge", "P05", "--yes")
    assert result.code == 0, result.err
    after = stored_bytes(sample_dir)
    assert quote.encode() not in after
    assert fold(quote).encode() not in after
    for word in rare:
        assert re.search(rb"(?<![a-z])" + word.encode() + rb"(?![a-z])", after) is None, word
    names = {c["name"] for c in sample("case", "list", "--format", "json").json()}
    assert "P05" not in names and "P06" in names
    assert sample("search", rare[0], "--format", "json").json() == []
    assert "P05" not in {d["name"] for d in sample("doc", "list", "--format", "json").json()}
    assert sample("code", "list", "--format", "json").json() == []


def test_purging_a_focus_group_member_withdraws_their_turns(
    sample: Runner, sample_dir: Path
) -> None:
    shown = sample("doc", "show", "FG01_faculty", "--format", "json").json()
    text = shown["text"]
    f3 = [t for t in shown["turns"] if t["speaker"] == "F3"]
    f1 = next(t for t in shown["turns"] if t["speaker"] == "F1")
    f3_words = text[f3[0]["utterance_start"] : f3[0]["end"]]
    f1_words = text[f1["utterance_start"] : f1["end"]]
    assert (
        sample(
            "code",
            "add",
            "FG01_faculty",
            "data_burden",
            "--start",
            str(f3[0]["utterance_start"]),
            "--end",
            str(f3[0]["end"]),
        ).code
        == 0
    )
    assert (
        sample(
            "code",
            "add",
            "FG01_faculty",
            "idea_sharing",
            "--start",
            str(f1["utterance_start"]),
            "--end",
            str(f1["end"]),
        ).code
        == 0
    )
    assert sample("case", "purge", "F3", "--yes").code == 0
    after = sample("doc", "show", "FG01_faculty", "--format", "json").json()
    assert f3_words not in after["text"] and f1_words in after["text"]
    assert after["text"].count("F3: [withdrawn]") == len(f3)
    assert f3_words.encode() not in stored_bytes(sample_dir)
    codings = sample("code", "list", "--format", "json").json()
    assert [(c["code"], c["text"]) for c in codings] == [("idea_sharing", f1_words)]


@pytest.mark.postgresql_only
def test_a_user_who_cannot_rewrite_the_tables_is_refused_before_anything_goes(
    sample: Runner, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL lets only a table's owner VACUUM FULL it and merely warns otherwise: a
    teammate with every other right must not get a withdrawal that leaves words on disk."""
    owner_url = project_url(sample_dir)
    for objects in ("TABLES", "SEQUENCES"):
        db_rows(sample_dir, f"GRANT ALL ON ALL {objects} IN SCHEMA public TO {TEAM_ROLE}")
    set_database(sample_dir, owner_url.replace("//postgres@", f"//{TEAM_ROLE}@"))
    monkeypatch.setenv("PGPASSWORD", TEAM_PASSWORD)
    assert sample("code", "add", "P05", "hierarchy", "--start", "0", "--end", "9").code == 0
    before = db_snapshot(sample_dir)
    result = sample("case", "purge", "P05", "--yes")
    assert result.code == 2
    assert result.err.strip().endswith(
        "withdrawal on PostgreSQL rewrites the project's tables (VACUUM FULL), which only "
        "their owner may do: run `case purge` as postgres; nothing was removed"
    )
    assert len(result.err.strip().splitlines()) == 1
    assert db_snapshot(sample_dir) == before
