"""Codebook suggestions: `suggest run|list|accept|reject`, incremental runs, the review API the
TUI builds on, and the event log. Nothing is coded without a person accepting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from qualframe.coding.suggestions import (
    accept_suggestion,
    list_suggestions,
    reject_suggestion,
    suggestion_context,
)
from qualframe.project import open_project
from qualframe.store.db import transaction
from qualframe.store.models import Event
from tests.conftest import CODEBOOK, Runner, db_rows, db_snapshot

KEYS = {"id", "document", "code", "start", "end", "text", "rule", "status"}


def events(project_dir: Path, action: str) -> list[tuple[Any, ...]]:
    return db_rows(
        project_dir,
        select(Event.entity, Event.entity_id, Event.actor, Event.before, Event.after)
        .where(Event.action == action)
        .order_by(Event.id),
    )


def test_run_stores_suggestions_with_rule_and_sentence(sample: Runner) -> None:
    result = sample("suggest", "run", "--format", "json")
    assert result.code == 0, result.err
    report = result.json()
    assert report["documents"] == 13 and report["added"] > 50 and report["rules"] > 100
    rows = sample("suggest", "list", "--format", "json").json()
    assert len(rows) == report["added"]
    assert set(rows[0]) == KEYS
    assert all(row["status"] == "pending" and row["rule"] for row in rows)
    shown = {}
    for row in rows:
        doc = shown.setdefault(
            row["document"], sample("doc", "show", row["document"], "--format", "json").json()
        )
        assert row["text"] == doc["text"][row["start"] : row["end"]]
        sentences = {(s["start"], s["end"]) for s in doc["sentences"]}
        assert (row["start"], row["end"]) in sentences
        turn = next(t for t in doc["turns"] if t["start"] <= row["start"] < t["end"])
        assert turn["speaker"] not in ("Interviewer", "Facilitator")
    assert sample("code", "list", "--format", "json").json() == []


def test_people_rarely_say_free_riding(suggested: Runner) -> None:
    """The sample's free-riding talk is found through what people actually say."""
    rows = suggested("suggest", "list", "--code", "free_riding", "--format", "json").json()
    matched = " ".join(row["text"].lower() for row in rows)
    assert "only ever ask" in matched or "never post anything" in matched


def test_run_is_incremental(sample: Runner, sample_dir: Path, tmp_path: Path) -> None:
    first = sample("suggest", "run", "--format", "json").json()
    again = sample("suggest", "run", "--format", "json").json()
    assert again["documents"] == 0 and again["unchanged"] == 13 and again["added"] == 0
    # a new document: only it is matched
    (tmp_path / "P99.txt").write_text(
        "Interviewer: Did others pull their weight?\n\n"
        "P99: Honestly, some of them just took our ideas and gave nothing back.\n",
        encoding="utf-8",
    )
    assert sample("import", str(tmp_path / "P99.txt")).code == 0
    third = sample("suggest", "run", "--format", "json").json()
    assert third["documents"] == 1 and third["unchanged"] == 13 and third["added"] >= 1
    # reviewed suggestions survive a changed codebook; stale pending ones go
    rows = sample("suggest", "list", "--format", "json").json()
    rejected = next(r for r in rows if r["code"] == "free_riding")
    assert sample("suggest", "reject", str(rejected["id"])).code == 0
    data = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    codes = [code for theme in data["themes"] for code in theme["codes"]]
    while codes:
        code = codes.pop()
        codes.extend(code.get("codes", []))
        if code["id"] != "free_riding":
            code.pop("patterns", None)
            code.pop("examples", None)  # exemplars of the similarity source
    changed = tmp_path / "fewer-patterns.yaml"
    changed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert sample("codebook", "load", str(changed)).code == 0
    fourth = sample("suggest", "run", "--format", "json").json()
    assert fourth["documents"] == 14 and fourth["removed"] > 0
    pending = sample("suggest", "list", "--format", "json").json()
    assert pending and {r["code"] for r in pending} == {"free_riding"}
    assert rejected["id"] not in {r["id"] for r in pending}
    everything = sample("suggest", "list", "--status", "all", "--format", "json").json()
    assert any(r["id"] == rejected["id"] and r["status"] == "rejected" for r in everything)
    assert first["added"] > fourth["added"]
    logged = events(sample_dir, "suggest")
    assert len(logged) == 13 + 1 + 14
    assert all(entity == "document" for entity, *_ in logged)


def test_accept_creates_a_coding_and_reject_records_it(
    suggested: Runner, suggested_dir: Path
) -> None:
    rows = suggested("suggest", "list", "--format", "json").json()
    first, second, third = rows[0], rows[1], rows[2]
    assert suggested("suggest", "accept", str(first["id"]), "--coder", "ana").code == 0
    codings = suggested("code", "list", "--format", "json").json()
    assert [(c["document"], c["code"], c["start"], c["end"], c["coder"]) for c in codings] == [
        (first["document"], first["code"], first["start"], first["end"], "ana")
    ]
    start, end = second["start"] + 1, second["end"] - 1
    assert (
        suggested(
            "suggest", "accept", str(second["id"]), "--start", str(start), "--end", str(end)
        ).code
        == 0
    )
    adjusted = suggested("code", "list", "--code", second["code"], "--format", "json").json()
    assert any((c["start"], c["end"]) == (start, end) for c in adjusted)
    assert suggested("suggest", "reject", str(third["id"]), "--coder", "bo").code == 0
    statuses = {
        r["id"]: r["status"]
        for r in suggested("suggest", "list", "--status", "all", "--format", "json").json()
    }
    assert (statuses[first["id"]], statuses[second["id"]], statuses[third["id"]]) == (
        "accepted",
        "accepted",
        "rejected",
    )
    accepted = events(suggested_dir, "accept")
    assert [(e[0], e[1], e[2]) for e in accepted] == [
        ("suggestion", first["id"], "ana"),
        ("suggestion", second["id"], "tester"),
    ]
    assert "coding_id" in accepted[0][4]
    assert [(e[0], e[1], e[2]) for e in events(suggested_dir, "reject")] == [
        ("suggestion", third["id"], "bo")
    ]
    listed = {r["id"]: r for r in suggested("codebook", "list", "--format", "json").json()}
    counts = {}
    for row in listed.values():
        counts[row["id"]] = (row["suggestions_accepted"], row["suggestions_rejected"])
    assert counts[first["code"]][0] >= 1 and counts[third["code"]][1] >= 1


def test_bad_reviews_change_nothing(suggested: Runner, suggested_dir: Path) -> None:
    rows = suggested("suggest", "list", "--format", "json").json()
    target = rows[0]
    assert suggested("suggest", "accept", str(target["id"])).code == 0
    before = db_snapshot(suggested_dir)
    for args in (
        ("accept", str(target["id"])),  # already accepted
        ("reject", str(target["id"])),  # already accepted
        ("accept", "999999"),
        ("reject", "999999"),
        ("accept", str(rows[1]["id"]), "--start", "0", "--end", "99999999"),
    ):
        result = suggested("suggest", *args)
        assert result.code == 2, args
        assert len(result.err.strip().splitlines()) == 1
    assert db_snapshot(suggested_dir) == before


def test_a_rejected_suggestion_can_still_be_accepted(suggested: Runner) -> None:
    target = suggested("suggest", "list", "--format", "json").json()[0]
    assert suggested("suggest", "reject", str(target["id"])).code == 0
    assert suggested("suggest", "accept", str(target["id"])).code == 0
    assert len(suggested("code", "list", "--format", "json").json()) == 1


def test_list_filters(suggested: Runner) -> None:
    everything = suggested("suggest", "list", "--format", "json").json()
    by_doc = suggested("suggest", "list", "--doc", "P01", "--format", "json").json()
    assert by_doc and {r["document"] for r in by_doc} == {"P01"}
    by_theme = suggested(
        "suggest", "list", "--code", "collective_action_problems", "--format", "json"
    ).json()
    assert by_theme and {r["code"] for r in by_theme} <= {
        "free_riding",
        "social_loafing",
        "collaborative_inertia",
    }
    assert len(suggested("suggest", "list", "--limit", "3", "--format", "json").json()) == 3
    assert len(everything) > len(by_doc)
    assert suggested("suggest", "list", "--code", "no_such_code").code == 2
    assert suggested("suggest", "list", "--status", "accepted", "--format", "json").json() == []


def test_review_api_gives_the_turn_around_a_suggestion(
    suggested: Runner, suggested_dir: Path
) -> None:
    project = open_project(suggested_dir)
    try:
        with project.sessions() as session:
            queue = list_suggestions(session, code="league_table_effect", document="P01")
            assert queue
            item = queue[0]
            context = suggestion_context(session, item.id)
        assert context.start <= item.start < item.end <= context.end
        assert context.text[item.start - context.start : item.end - context.start] == item.text
        assert item.matched and item.matched in item.text
        assert context.speaker == "P01" and context.definition
        with transaction(project.sessions) as session:
            coding = accept_suggestion(
                session, item.id, "ana", start=item.match_start, end=item.match_end
            )
            assert (coding.start, coding.end) == (item.match_start, item.match_end)
            reject_suggestion(session, queue[1].id, "ana")
        with project.sessions() as session:
            remaining = list_suggestions(session, code="league_table_effect", document="P01")
        assert {r.id for r in remaining}.isdisjoint({item.id, queue[1].id})
    finally:
        project.close()


def test_context_without_turns_is_the_sentences_around(
    qf: Runner, project_dir: Path, tmp_path: Path
) -> None:
    note = tmp_path / "note.txt"
    note.write_text(
        "We met in May. Some sites never pull their weight at all. Then we went home.\n",
        encoding="utf-8",
    )
    assert qf("codebook", "load", str(CODEBOOK)).code == 0
    assert qf("import", str(note)).code == 0
    assert qf("suggest", "run").code == 0
    rows = qf("suggest", "list", "--code", "social_loafing", "--format", "json").json()
    assert rows, "pull their weight should be suggested"
    project = open_project(project_dir)
    try:
        with project.sessions() as session:
            context = suggestion_context(session, rows[0]["id"])
    finally:
        project.close()
    assert context.speaker is None
    assert context.text.startswith("We met in May.") and context.text.endswith("went home.")


def test_invalid_token_pattern_is_reported_with_its_line(qf: Runner, tmp_path: Path) -> None:
    lines = CODEBOOK.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if "- [{LEMMA:" in line)
    lines[number] = lines[number].replace("LEMMA", "LEMA", 1)
    path = tmp_path / "broken.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    line = number + 1
    result = qf("codebook", "check", str(path))
    assert result.code == 2
    assert f"{path}:{line}:" in result.err and "token pattern" in result.err


@pytest.mark.parametrize(
    "sentence, code",
    [
        ("They just took our ideas and gave nothing back.", "free_riding"),
        ("Took our ideas, gave nothing back.", "free_riding"),
        ("Some of them never pulled their weight.", "social_loafing"),
    ],
)
def test_real_speech_is_suggested(qf: Runner, tmp_path: Path, sentence: str, code: str) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(f"Interviewer: Tell me more.\n\nP1: {sentence}\n", encoding="utf-8")
    assert qf("codebook", "load", str(CODEBOOK)).code == 0
    assert qf("import", str(path)).code == 0
    assert qf("suggest", "run").code == 0
    rows = qf("suggest", "list", "--format", "json").json()
    assert code in {row["code"] for row in rows}
    hit = next(row for row in rows if row["code"] == code)
    assert hit["text"] == sentence
