"""Withdrawal: `case purge` leaves no trace of a participant's words in the database file."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from qualframe.store.fulltext import fold
from tests.conftest import CODEBOOK, SAMPLES, Runner


def file_bytes(project_dir: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm"):
        path = project_dir / f"qualframe.db{suffix}"
        if path.exists():
            data += path.read_bytes()
    return data


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
    conn = sqlite3.connect(sample_dir / "qualframe.db")
    conn.execute(
        "INSERT INTO memos (uuid, target_type, target_id, text, created, updated) "
        "SELECT 'm-1', 'document', id, ?, '2026-01-01', '2026-01-01' FROM documents "
        "WHERE name = 'P05'",
        (f"Memo quoting: {quote}",),
    )
    conn.execute(
        "INSERT INTO events (uuid, at, action, entity, entity_id, case_id, after, "
        "undone) SELECT 'e-1', '2026-01-01', 'create', 'memo', m.id, d.case_id, ?, 0 "
        "FROM memos m JOIN documents d ON d.id = m.target_id WHERE m.uuid = 'm-1'",
        (f'{{"text": "{quote}"}}',),
    )
    conn.commit()
    conn.close()
    rare = unique_words("P05")[:20]
    assert len(rare) >= 5
    before = file_bytes(sample_dir)
    assert quote.encode() in before
    result = sample("case", "purge", "P05", "--yes")
    assert result.code == 0, result.err
    after = file_bytes(sample_dir)
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
    assert f3_words.encode() not in file_bytes(sample_dir)
    codings = sample("code", "list", "--format", "json").json()
    assert [(c["code"], c["text"]) for c in codings] == [("idea_sharing", f1_words)]
