"""Coding changes, undo/redo from the event log (persisted: each CLI call is a new process
state), and memos."""

from __future__ import annotations

from tests.conftest import Runner


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
