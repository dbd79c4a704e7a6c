"""Coding changes, undo/redo from the event log (persisted: each CLI call is a new process
state), and memos."""

from __future__ import annotations

from tests.support.projects import Runner


def codings(sample: Runner) -> list[tuple[str, int, int]]:
    return [
        (c["code"], c["start"], c["end"]) for c in sample("code", "list", "--format", "json").json()
    ]


def test_remove_change_undo_redo(sample: Runner) -> None:
    assert sample("code", "add", "P02", "competition", "--start", "10", "--end", "40").code == 0
    coding_id = sample("code", "list", "--format", "json").json()[0]["id"]
    uuid = sample("code", "list", "--format", "json").json()[0]["uuid"]
    assert sample("code", "change", str(coding_id), "--code", "league_table_effect").code == 0
    assert sample("code", "change", str(coding_id), "--end", "60").code == 0
    assert codings(sample) == [("league_table_effect", 10, 60)]
    assert sample("code", "remove", str(coding_id)).code == 0
    assert codings(sample) == []
    assert "undone" in sample("undo").out
    assert codings(sample) == [("league_table_effect", 10, 60)]
    assert sample("code", "list", "--format", "json").json()[0]["uuid"] == uuid
    assert sample("undo").code == 0
    assert codings(sample) == [("league_table_effect", 10, 40)]
    assert sample("undo").code == 0 and sample("undo").code == 0
    assert codings(sample) == []
    assert sample("undo").out.strip() == "nothing to undo"
    assert sample("redo").code == 0
    assert codings(sample) == [("competition", 10, 40)]
    assert sample("redo").code == 0
    assert codings(sample) == [("league_table_effect", 10, 40)]
    assert sample("code", "add", "P02", "hierarchy", "--start", "0", "--end", "5").code == 0
    assert sample("redo").out.strip() == "nothing to redo"


def test_undo_is_per_coder(sample: Runner) -> None:
    assert (
        sample(
            "code", "add", "P02", "competition", "--start", "10", "--end", "40", "--coder", "ana"
        ).code
        == 0
    )
    assert (
        sample(
            "code", "add", "P02", "hierarchy", "--start", "50", "--end", "70", "--coder", "ben"
        ).code
        == 0
    )
    assert sample("undo", "--coder", "ana").code == 0
    assert codings(sample) == [("hierarchy", 50, 70)]


def test_undo_emergent_code(sample: Runner) -> None:
    assert (
        sample(
            "codebook",
            "new",
            "peer_pressure",
            "Peer pressure",
            "--theme",
            "collective_action_problems",
            "--definition",
            "Pressure from peers.",
        ).code
        == 0
    )
    assert sample("undo").code == 0
    ids = {r["id"] for r in sample("codebook", "list", "--format", "json").json()}
    assert "peer_pressure" not in ids
    assert sample("redo").code == 0
    ids = {r["id"] for r in sample("codebook", "list", "--format", "json").json()}
    assert "peer_pressure" in ids


def test_change_refuses_bad_offsets(sample: Runner) -> None:
    assert sample("code", "add", "P02", "competition", "--start", "10", "--end", "40").code == 0
    coding_id = sample("code", "list", "--format", "json").json()[0]["id"]
    assert sample("code", "change", str(coding_id), "--start", "50").code == 2
    assert sample("code", "remove", "999999").code == 2
    assert codings(sample) == [("competition", 10, 40)]


def test_memos_on_targets(sample: Runner) -> None:
    assert sample("memo", "add", "document", "P01", "--text", "Strong on *hierarchy*.").code == 0
    assert sample("memo", "add", "cell", "P01/hierarchy", "--text", "Band five.").code == 0
    assert sample("memo", "add", "project", "--text", "Start with Hospital C.").code == 0
    assert sample("memo", "add", "case", "NOPE", "--text", "x").code == 2
    rows = sample("memo", "list", "document", "P01", "--format", "json").json()
    assert [r["text"] for r in rows] == ["Strong on *hierarchy*."]
    assert len(sample("memo", "list", "--format", "json").json()) == 3
    cell = sample("memo", "list", "cell", "P01/hierarchy", "--format", "json").json()
    assert cell[0]["target_ref"] == "hierarchy"


def statuses(sample: Runner) -> dict[int, str]:
    rows = sample("suggest", "list", "--status", "all", "--format", "json").json()
    return {row["id"]: row["status"] for row in rows}


def test_undo_of_a_review_restores_the_suggestion_and_its_coding(sample: Runner) -> None:
    """Accepting is one step for the reviewer: undo makes the suggestion pending again and
    removes the coding it created; redo brings back both (the same coding, same UUID)."""
    assert sample("suggest", "run").code == 0
    first, second, *_ = sample("suggest", "list", "--format", "json").json()
    assert sample("suggest", "accept", str(first["id"])).code == 0
    accepted = sample("code", "list", "--format", "json").json()
    assert [(c["code"], c["start"], c["end"]) for c in accepted] == [
        (first["code"], first["start"], first["end"])
    ]
    assert sample("suggest", "reject", str(second["id"])).code == 0

    assert (
        sample("undo").out.strip()
        == f"undone: suggestion rejected ({second['code']}, {second['document']})"
    )
    assert statuses(sample)[second["id"]] == "pending"
    assert codings(sample) == [(first["code"], first["start"], first["end"])]
    assert (
        sample("undo").out.strip()
        == f"undone: suggestion accepted ({first['code']}, {first['document']})"
    )
    assert (statuses(sample)[first["id"]], statuses(sample)[second["id"]]) == ("pending", "pending")
    assert codings(sample) == []
    assert sample("undo").out.strip() == "nothing to undo"

    assert sample("redo").code == 0
    assert statuses(sample)[first["id"]] == "accepted"
    redone = sample("code", "list", "--format", "json").json()
    assert [{**c, "created": None} for c in redone] == [{**c, "created": None} for c in accepted]
    assert sample("redo").code == 0
    assert statuses(sample)[second["id"]] == "rejected"
    listed = {r["id"]: r for r in sample("codebook", "list", "--format", "json").json()}
    assert listed[second["code"]]["suggestions_rejected"] >= 1


def test_undo_of_accepting_a_rejected_suggestion_rejects_it_again(sample: Runner) -> None:
    assert sample("suggest", "run").code == 0
    target = sample("suggest", "list", "--format", "json").json()[0]
    assert sample("suggest", "reject", str(target["id"]), "--coder", "ana").code == 0
    assert (
        sample(
            "suggest",
            "accept",
            str(target["id"]),
            "--start",
            str(target["start"]),
            "--end",
            str(target["end"] - 1),
        ).code
        == 0
    )
    assert sample("undo").code == 0
    assert statuses(sample)[target["id"]] == "rejected" and codings(sample) == []
    assert sample("undo").out.strip() == "nothing to undo"  # ana's reject is ana's to undo
    assert sample("undo", "--coder", "ana").code == 0
    assert statuses(sample)[target["id"]] == "pending"


def test_undo_never_unpicks_a_codebook_load(qf: Runner) -> None:
    """A load records `create code` events; undo takes back emergent codes only."""
    from tests.support.projects import CODEBOOK

    assert qf("codebook", "load", str(CODEBOOK)).code == 0
    before = qf("codebook", "list", "--format", "json").json()
    assert qf("undo").out.strip() == "nothing to undo"
    assert qf("codebook", "list", "--format", "json").json() == before
