"""One undo over the event log for every change a coder can take back: summaries, memos, code
tree edits, case attributes and reviews, each undone and redone from the command line (every
call a new process state: the history is the database's, not a session's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support.projects import Runner


def summary(sample: Runner, case: str, code: str) -> dict[str, Any]:
    data: dict[str, Any] = sample("summary", "show", case, code, "--format", "json").json()
    return data


def texts(sample: Runner, case: str, code: str) -> list[tuple[int, str]]:
    rows = sample("summary", "history", case, code, "--format", "json").json()
    return [(r["version"], r["text"]) for r in rows]


def codes(sample: Runner) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in sample("codebook", "list", "--format", "json").json()}


def codings(sample: Runner) -> list[tuple[int, str]]:
    return [(c["id"], c["code"]) for c in sample("code", "list", "--format", "json").json()]


def add_coding(sample: Runner, code: str, start: int, end: int) -> None:
    assert sample("code", "add", "P02", code, "--start", str(start), "--end", str(end)).code == 0


# --- summaries --------------------------------------------------------------------------------


def test_summary_undo_writes_the_previous_text_as_a_new_version(sample: Runner) -> None:
    assert sample("summary", "set", "P03", "reciprocity", "Gives more than she gets.").code == 0
    assert sample("summary", "set", "P03", "reciprocity", "Gives, and minds.").code == 0
    out = sample("undo").out.strip()
    assert out == "undone: summary edit (P03, reciprocity)"
    assert texts(sample, "P03", "reciprocity") == [
        (1, "Gives more than she gets."),
        (2, "Gives, and minds."),
        (3, "Gives more than she gets."),
    ]
    assert sample("undo").code == 0  # the first edit: the cell is cleared, as it was
    assert summary(sample, "P03", "reciprocity")["summary"] == ""
    assert sample("undo").out.strip() == "nothing to undo"
    assert sample("redo").out.strip() == "redone: summary edit (P03, reciprocity)"
    assert summary(sample, "P03", "reciprocity")["summary"] == "Gives more than she gets."
    assert sample("redo").code == 0
    assert summary(sample, "P03", "reciprocity")["summary"] == "Gives, and minds."
    assert summary(sample, "P03", "reciprocity")["version"] == 6
    assert sample("redo").out.strip() == "nothing to redo"
    assert sample("undo").code == 0  # undo again after redo: against the version redo wrote
    assert summary(sample, "P03", "reciprocity")["summary"] == "Gives more than she gets."


def test_summary_undo_refuses_a_cell_written_since(sample: Runner) -> None:
    """Stale-edit safety: ana's later words are never replaced by ben's undo."""
    assert sample("summary", "set", "P03", "reciprocity", "Ben's.", "--coder", "ben").code == 0
    assert sample("summary", "set", "P03", "reciprocity", "Ana's.", "--coder", "ana").code == 0
    refused = sample("undo", "--coder", "ben")
    assert refused.code == 2
    assert "changed since you read version 1" in refused.err
    assert texts(sample, "P03", "reciprocity") == [(1, "Ben's."), (2, "Ana's.")]
    assert sample("undo", "--coder", "ana").code == 0  # ana's own edit is hers to undo
    assert summary(sample, "P03", "reciprocity")["summary"] == "Ben's."


def test_a_summary_undo_then_a_coding_undo_in_order(sample: Runner) -> None:
    add_coding(sample, "reciprocity", 10, 40)
    assert sample("summary", "set", "P02", "reciprocity", "Shares freely.").code == 0
    assert sample("undo").out.strip() == "undone: summary edit (P02, reciprocity)"
    assert sample("undo").out.strip() == "undone: coding added (reciprocity, P02)"
    assert codings(sample) == []
    assert sample("redo").out.strip() == "redone: coding added (reciprocity, P02)"
    assert sample("redo").out.strip() == "redone: summary edit (P02, reciprocity)"
    assert summary(sample, "P02", "reciprocity")["summary"] == "Shares freely."


def test_a_new_change_ends_the_redo_history_of_summaries(sample: Runner) -> None:
    assert sample("summary", "set", "P03", "reciprocity", "One.").code == 0
    assert sample("undo").code == 0
    assert sample("summary", "set", "P03", "hierarchy", "Two.").code == 0
    assert sample("redo").out.strip() == "nothing to redo"


# --- memos ------------------------------------------------------------------------------------


def test_memo_undo_and_redo(sample: Runner) -> None:
    assert sample("memo", "add", "document", "P01", "--text", "Strong on hierarchy.").code == 0
    before = sample("memo", "list", "--format", "json").json()
    assert sample("undo").out.strip() == "undone: memo on the document"
    assert sample("memo", "list", "--format", "json").json() == []
    assert sample("redo").out.strip() == "redone: memo on the document"
    after = sample("memo", "list", "--format", "json").json()
    assert [{**m, "created": None} for m in after] == [{**m, "created": None} for m in before]


# --- the code tree ----------------------------------------------------------------------------


def test_rename_undo_and_redo(sample: Runner) -> None:
    assert sample("codebook", "rename", "hierarchy", "Rank").code == 0
    assert sample("undo").out.strip() == "undone: rename of hierarchy to 'Rank'"
    assert codes(sample)["hierarchy"]["name"] == "Hierarchy"
    assert sample("redo").code == 0
    assert codes(sample)["hierarchy"]["name"] == "Rank"


def test_rename_undo_refuses_a_code_renamed_since(sample: Runner) -> None:
    assert sample("codebook", "rename", "hierarchy", "Rank", "--coder", "ben").code == 0
    assert sample("codebook", "rename", "hierarchy", "Status", "--coder", "ana").code == 0
    refused = sample("undo", "--coder", "ben")
    assert refused.code == 2 and "changed since" in refused.err
    assert codes(sample)["hierarchy"]["name"] == "Status"


def test_an_undo_changes_the_codes_version(sample: Runner, sample_dir: Path) -> None:
    """An editor that read the code before an undo is refused after it (stale edit)."""
    assert sample("codebook", "rename", "hierarchy", "Rank").code == 0
    version = _code_version(sample_dir, "hierarchy")
    assert sample("undo").code == 0
    stale = sample("codebook", "rename", "hierarchy", "X", "--if-version", str(version))
    assert stale.code == 2
    assert codes(sample)["hierarchy"]["name"] == "Hierarchy"


def _code_version(project_dir: Path, key: str) -> int:
    """The version the stale-edit check counts, read the way an editor reads it."""
    from sqlalchemy import select

    from qualframe.project import open_project
    from qualframe.store.models import Code
    from qualframe.team.versions import code_version

    project = open_project(project_dir)
    try:
        with project.sessions() as session:
            code = session.scalars(select(Code).where(Code.key == key)).one()
            return code_version(session, code)
    finally:
        project.close()


def test_move_undo_and_redo(sample: Runner) -> None:
    assert codes(sample)["hierarchy"]["theme"] == "organisational_context"
    assert sample("codebook", "move", "hierarchy", "rivalry_and_benchmarking").code == 0
    assert sample("undo").out.strip() == "undone: move of hierarchy under rivalry_and_benchmarking"
    assert codes(sample)["hierarchy"]["theme"] == "organisational_context"
    assert sample("redo").code == 0
    assert codes(sample)["hierarchy"]["theme"] == "rivalry_and_benchmarking"


def test_merge_undo_and_redo(sample: Runner) -> None:
    add_coding(sample, "competition", 10, 40)
    add_coding(sample, "league_table_effect", 50, 70)
    assert sample("codebook", "merge", "competition", "league_table_effect").code == 0
    assert "competition" not in codes(sample)
    assert sample("undo").out.strip() == "undone: merge of competition into league_table_effect"
    assert "competition" in codes(sample)
    assert sorted(c for _, c in codings(sample)) == ["competition", "league_table_effect"]
    assert sample("redo").code == 0
    assert "competition" not in codes(sample)
    assert [c for _, c in codings(sample)] == ["league_table_effect"] * 2


def test_split_undo_and_redo(sample: Runner) -> None:
    add_coding(sample, "competition", 10, 40)
    add_coding(sample, "competition", 50, 70)
    first = codings(sample)[0][0]
    assert (
        sample(
            "codebook", "split", "competition", "rivalry", "Rivalry", "--coding", str(first)
        ).code
        == 0
    )
    assert sample("undo").out.strip() == "undone: split of competition into rivalry"
    assert "rivalry" not in codes(sample)
    assert [c for _, c in codings(sample)] == ["competition", "competition"]
    assert sample("undo").out.strip() == "undone: coding added (competition, P02)"  # one step
    assert sample("redo").code == 0
    assert sample("redo").code == 0
    assert codes(sample)["rivalry"]["codings"] == 1
    assert dict(codings(sample))[first] == "rivalry"


def test_new_code_undo_and_redo(sample: Runner) -> None:
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
    assert sample("undo").out.strip() == "undone: new code peer_pressure"
    assert "peer_pressure" not in codes(sample)
    assert sample("redo").out.strip() == "redone: new code peer_pressure"
    assert "peer_pressure" in codes(sample)


def test_a_codebook_load_is_not_undone(sample: Runner) -> None:
    """Renames a load records are the codebook's, not the coder's: undo leaves them."""
    assert sample("undo", "--coder", "sample-setup").out.strip() == "nothing to undo"


# --- case attributes and reviews --------------------------------------------------------------


def attributes(sample: Runner, case: str) -> dict[str, str]:
    rows = sample("case", "list", "--format", "json").json()
    found: dict[str, str] = next(r["attributes"] for r in rows if r["name"] == case)
    return found


def test_case_set_undo_and_redo(sample: Runner) -> None:
    old = attributes(sample, "P01")
    assert "band" not in old and "role" in old
    assert sample("case", "set", "P01", "band", "7").code == 0
    assert sample("case", "set", "P01", "role", "manager").code == 0
    assert sample("undo").out.strip() == "undone: role of P01 set to 'manager'"
    assert attributes(sample, "P01")["role"] == old["role"]
    assert sample("undo").code == 0
    assert attributes(sample, "P01") == old
    assert sample("redo").code == 0 and sample("redo").code == 0
    assert attributes(sample, "P01") == {**old, "band": "7", "role": "manager"}


def test_case_set_undo_refuses_a_value_changed_since(sample: Runner) -> None:
    assert sample("case", "set", "P01", "band", "7", "--coder", "ben").code == 0
    assert sample("case", "set", "P01", "band", "8", "--coder", "ana").code == 0
    assert sample("undo", "--coder", "ben").code == 2
    assert attributes(sample, "P01")["band"] == "8"


def test_review_undo_and_redo(sample: Runner) -> None:
    assert sample("suggest", "run").code == 0
    first, second, *_ = sample("suggest", "list", "--format", "json").json()
    assert sample("suggest", "accept", str(first["id"])).code == 0
    assert sample("suggest", "reject", str(second["id"])).code == 0
    assert sample("undo").out.strip() == (
        f"undone: suggestion rejected ({second['code']}, {second['document']})"
    )
    assert sample("undo").out.strip() == (
        f"undone: suggestion accepted ({first['code']}, {first['document']})"
    )
    assert codings(sample) == []
    assert sample("redo").out.strip() == (
        f"redone: suggestion accepted ({first['code']}, {first['document']})"
    )
    assert [c for _, c in codings(sample)] == [first["code"]]
