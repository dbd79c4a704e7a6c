"""Changing the codebook by hand from the command line: a code's texts, retiring a code, a new
theme; each recorded with before and after, undone and redone, refused when stale or bad."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from qualframe.store.models import Code
from tests.support.projects import Runner, db_rows, db_snapshot


def texts(project_dir: Path, key: str) -> tuple[Any, ...]:
    """(definition, include, exclude, examples) as stored (a typed statement: the examples
    read back as a list on both backends)."""
    query = select(Code.definition, Code.include, Code.exclude, Code.examples)
    return db_rows(project_dir, query.where(Code.key == key))[0]


def codes(sample: Runner) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in sample("codebook", "list", "--format", "json").json()}


def test_edit_writes_the_texts_given_and_undo_puts_them_back(
    sample: Runner, sample_dir: Path
) -> None:
    definition, include, exclude, examples = texts(sample_dir, "hierarchy")
    result = sample(
        "codebook",
        "edit",
        "hierarchy",
        "--exclude",
        "Formal reporting lines alone.",
        "--example",
        "We had to ask the director first.",
        "--example",
        "Nobody questions the consultants.",
    )
    assert result.code == 0, result.err
    after = texts(sample_dir, "hierarchy")
    assert after[0] == definition and after[1] == include  # texts not given stay
    assert after[2] == "Formal reporting lines alone."
    assert after[3] == ["We had to ask the director first.", "Nobody questions the consultants."]
    log = sample("log", "--format", "json").json()
    edit = next(e for e in log if e["action"] == "edit")
    assert edit["entity"] == "code"
    assert set(edit["after"]) == {"exclude", "examples", "by_hand"}
    assert sample("undo").out.strip() == "undone: edit of hierarchy (exclude, examples)"
    restored = texts(sample_dir, "hierarchy")
    assert restored[2] == exclude and restored[0] == definition
    assert restored[3] == examples
    assert sample("redo").code == 0
    assert texts(sample_dir, "hierarchy")[2] == "Formal reporting lines alone."


def test_edit_refuses_an_empty_definition_and_a_stale_version(
    sample: Runner, sample_dir: Path
) -> None:
    before = db_snapshot(sample_dir)
    empty = sample("codebook", "edit", "hierarchy", "--definition", "  ")
    assert empty.code == 2 and "needs a definition" in empty.err
    assert sample("codebook", "edit", "nope", "--definition", "x").code == 2
    stale = sample("codebook", "edit", "hierarchy", "--definition", "New.", "--if-version", "99")
    assert stale.code == 2 and "Traceback" not in stale.err
    assert db_snapshot(sample_dir) == before


def test_undo_of_an_edit_refuses_a_text_changed_since(sample: Runner, sample_dir: Path) -> None:
    assert sample("codebook", "edit", "hierarchy", "--include", "Mine.", "--coder", "ben").code == 0
    assert sample("codebook", "edit", "hierarchy", "--include", "Hers.", "--coder", "ana").code == 0
    refused = sample("undo", "--coder", "ben")
    assert refused.code == 2 and "changed since" in refused.err
    assert texts(sample_dir, "hierarchy")[1] == "Hers."


def test_retire_keeps_codings_and_undo_brings_the_code_back(
    sample: Runner, sample_dir: Path
) -> None:
    assert sample("code", "add", "P02", "hierarchy", "--start", "0", "--end", "20").code == 0
    assert sample("codebook", "retire", "hierarchy").code == 0
    assert "hierarchy" not in codes(sample)
    assert db_rows(
        sample_dir,
        "select count(*) from codings c join codes k on k.id = c.code_id where k.key = 'hierarchy'",
    ) == [(1,)]
    assert sample("undo").out.strip() == "undone: retirement of hierarchy"
    assert "hierarchy" in codes(sample)
    assert sample("redo").code == 0
    assert "hierarchy" not in codes(sample)


def test_retire_refuses_a_code_with_active_codes_under_it(sample: Runner, sample_dir: Path) -> None:
    before = db_snapshot(sample_dir)
    refused = sample("codebook", "retire", "transaction_costs")
    assert refused.code == 2 and "data_burden" in refused.err
    assert sample("codebook", "retire", "hierarchy").code == 0
    again = sample("codebook", "retire", "hierarchy")
    assert again.code == 2 and "already retired" in again.err
    assert sample("undo").code == 0
    assert db_snapshot(sample_dir)["codes"] == before["codes"]


def test_a_new_theme_takes_codes_and_undo_removes_it(sample: Runner) -> None:
    result = sample(
        "codebook", "theme", "trust_building", "Trust building", "--description", "How trust grows."
    )
    assert result.code == 0, result.err
    assert sample("codebook", "move", "hierarchy", "trust_building").code == 0
    assert codes(sample)["hierarchy"]["theme"] == "trust_building"
    exported = sample("codebook", "export").out
    assert "trust_building" in exported and "How trust grows." in exported
    assert sample("undo").code == 0  # the move
    assert sample("undo").out.strip() == "undone: new theme trust_building"
    assert "trust_building" not in sample("codebook", "export").out
    bad = sample("codebook", "theme", "Trust Building", "Trust")
    assert bad.code == 2 and "snake_case" in bad.err
    taken = sample("codebook", "theme", "hierarchy", "Again")
    assert taken.code == 2 and "already exists" in taken.err


def test_colour_is_kept_exported_loaded_and_undone(
    sample: Runner, sample_dir: Path, tmp_path: Path
) -> None:
    colour = select(Code.colour).where(Code.key == "hierarchy")
    assert sample("codebook", "colour", "hierarchy", "#F28B8B").code == 0
    assert db_rows(sample_dir, colour) == [("#f28b8b",)]
    exported = tmp_path / "book.yaml"
    assert sample("codebook", "export", str(exported)).code == 0
    text = exported.read_text(encoding="utf-8")
    assert "colour: '#f28b8b'" in text
    assert sample("undo").out.strip() == "undone: edit of hierarchy (colour)"
    assert db_rows(sample_dir, colour) == [(None,)]
    assert sample("codebook", "load", str(exported)).code == 0  # the YAML carries it back
    assert db_rows(sample_dir, colour) == [("#f28b8b",)]
    bad = sample("codebook", "colour", "hierarchy", "red")
    assert bad.code == 2 and "#RRGGBB" in bad.err
    assert db_rows(sample_dir, colour) == [("#f28b8b",)]


def test_a_bad_colour_in_the_yaml_is_named_with_its_line(qf: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "codebook:\n  name: x\n  version: '1'\nthemes:\n"
        "  - id: t\n    name: T\n    codes:\n"
        "      - id: a\n        name: A\n        definition: d\n        colour: '#12345'\n",
        encoding="utf-8",
    )
    result = qf("codebook", "check", str(bad))
    assert result.code == 2 and f"{bad}:11:" in result.err and "#RRGGBB" in result.err
