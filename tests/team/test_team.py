"""Team work on both databases: coders, blind coding, the audit trail, stale edits refused, and
retries when another writer gets in the way."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from qualframe.errors import UserError
from qualframe.project import open_project
from qualframe.store.db import is_transient, run_transaction
from qualframe.store.models import ProjectMeta
from tests.support.projects import Runner, db_snapshot


def add(sample: Runner, code: str, start: int, end: int, coder: str, doc: str = "P02") -> int:
    result = sample(
        "code", "add", doc, code, "--start", str(start), "--end", str(end), "--coder", coder
    )
    assert result.code == 0, result.err
    return int(result.out.split()[1])


def test_two_coders_with_the_same_name_are_refused(sample: Runner, sample_dir: Path) -> None:
    assert sample("coder", "add", "ana").code == 0
    before = db_snapshot(sample_dir)
    result = sample("coder", "add", "ana")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "a coder named 'ana' already exists" in result.err
    assert sample("coder", "add", "  ").code == 2
    assert db_snapshot(sample_dir) == before
    assert sample("stats", "--format", "json").json()["coders"] == 1


def test_every_coding_and_memo_records_its_coder(
    sample: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    add(sample, "hierarchy", 0, 10, "ana")
    monkeypatch.setenv("QUALFRAME_CODER", "ben")
    assert sample("code", "add", "P02", "hierarchy", "--start", "20", "--end", "30").code == 0
    monkeypatch.delenv("QUALFRAME_CODER")
    config = tmp_path / "config" / "qualframe"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('coder = "cai"\n', encoding="utf-8")
    assert sample("memo", "add", "document", "P02", "--text", "Note.").code == 0
    assert [r["coder"] for r in sample("code", "list", "--format", "json").json()] == ["ana", "ben"]
    assert sample("memo", "list", "--format", "json").json()[0]["coder"] == "cai"


def test_blind_coding_shows_each_coder_only_their_own(sample: Runner) -> None:
    add(sample, "hierarchy", 0, 10, "ana")
    add(sample, "competition", 20, 30, "ben")
    assert sample("blind").out.strip() == "blind coding is off"
    assert sample("blind", "on", "--coder", "lead").out.strip() == "blind coding is on"
    assert "unchanged" in sample("blind", "on").out
    mine = sample("code", "list", "--coder", "ana", "--format", "json").json()
    assert [(r["coder"], r["code"]) for r in mine] == [("ana", "hierarchy")]
    theirs = sample("code", "list", "--coder", "ben", "--format", "json").json()
    assert [r["coder"] for r in theirs] == ["ben"]
    assert sample("code", "list", "--coder", "lead", "--format", "json").json() == []
    log = sample("log", "--coder", "ana", "--entity", "coding", "--format", "json").json()
    assert {r["actor"] for r in log} == {"ana"}
    assert sample("blind", "off").code == 0
    assert len(sample("code", "list", "--coder", "ana", "--format", "json").json()) == 2
    switches = sample("log", "--entity", "project", "--format", "json").json()
    assert [(r["action"], r["actor"], r["after"]) for r in switches] == [
        ("unblind", "tester", {"blind": False}),
        ("blind", "lead", {"blind": True}),
    ]


def test_blind_is_a_parameter_of_the_core_listing(sample_dir: Path, sample: Runner) -> None:
    from qualframe.coding.codings import document_codings, list_codings

    add(sample, "hierarchy", 0, 10, "ana")
    add(sample, "competition", 20, 30, "ben")
    assert sample("blind", "on").code == 0
    project = open_project(sample_dir)
    with project.sessions() as session:
        assert {r.coder for r in list_codings(session, viewer="ben")} == {"ben"}
        assert len(list_codings(session)) == 2  # tools see everything
        assert [r.coder for r in document_codings(session, "P02", viewer="ana")] == ["ana"]
        assert len(document_codings(session, "P02")) == 2
        assert session.get(ProjectMeta, "blind").value == "on"  # type: ignore[union-attr]
    project.close()


def test_the_audit_trail_records_who_when_before_and_after(sample: Runner) -> None:
    assert (
        sample(
            "codebook",
            "new",
            "peer_pressure",
            "Peer pressure",
            "--theme",
            "collective_action_problems",
            "--definition",
            "Pressure.",
            "--coder",
            "ana",
        ).code
        == 0
    )
    assert (
        sample("codebook", "rename", "peer_pressure", "Pressure from peers", "--coder", "ben").code
        == 0
    )
    coding = add(sample, "peer_pressure", 10, 40, "ana")
    assert sample("code", "change", str(coding), "--end", "60", "--coder", "ben").code == 0
    assert (
        sample("memo", "add", "coding", str(coding), "--text", "Why here?", "--coder", "cai").code
        == 0
    )
    assert sample("code", "remove", str(coding), "--coder", "ana").code == 0
    assert sample("summary", "set", "P01", "hierarchy", "Feels junior.", "--coder", "ben").code == 0
    assert (
        sample(
            "summary", "set", "P01", "hierarchy", "Feels junior, unsupported.", "--coder", "cai"
        ).code
        == 0
    )
    cell = sample("log", "--entity", "summary", "--format", "json").json()
    assert [(r["actor"], r["action"], r["target"]) for r in cell] == [
        ("cai", "update", "P01/hierarchy"),
        ("ben", "create", "P01/hierarchy"),
    ]
    assert cell[0]["after"]["text"] == "Feels junior, unsupported."
    rows = [r for r in sample("log", "--format", "json").json() if r["entity"] != "summary"]
    assert set(rows[0]) == {
        "id",
        "uuid",
        "at",
        "actor",
        "action",
        "entity",
        "entity_id",
        "entity_uuid",
        "target",
        "before",
        "after",
        "undone",
        "change",
    }
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), reverse=True)
    recent = [(r["actor"], r["action"], r["entity"]) for r in rows[:6]]
    assert recent == [
        ("ana", "delete", "coding"),
        ("cai", "create", "memo"),
        ("ben", "update", "coding"),
        ("ana", "create", "coding"),
        ("ben", "rename", "code"),
        ("ana", "create", "code"),
    ]
    change = rows[2]
    assert (change["before"]["end"], change["after"]["end"]) == (40, 60)
    assert change["change"] == "coding: peer_pressure in P02 10–40 → peer_pressure in P02 10–60"
    assert rows[0]["before"]["start"] == 10 and rows[0]["after"] is None
    assert rows[4]["target"] == "peer_pressure"
    assert rows[4]["before"] == {"name": "Peer pressure"}
    assert rows[0]["at"].endswith("+00:00")
    assert [r["action"] for r in sample("log", "--actor", "ben", "--format", "json").json()] == [
        "create",
        "update",
        "rename",
    ]
    history = sample("log", "--target", "peer_pressure", "--format", "json").json()
    assert [r["action"] for r in history] == ["rename", "create"]
    assert len(sample("log", "--limit", "2", "--format", "json").json()) == 2
    table = sample("log", "--limit", "2").out
    assert "cai" in table and "summary" in table and "P01/hierarchy" in table
    assert sample("log", "--limit", "0").code == 2


def code_version(sample: Runner, key: str) -> int:
    return len(sample("log", "--entity", "code", "--target", key, "--format", "json").json())


def test_a_stale_edit_of_a_code_is_refused(sample: Runner, sample_dir: Path) -> None:
    seen = code_version(sample, "reciprocity")  # both editors loaded the code at this version
    assert (
        sample(
            "codebook",
            "rename",
            "reciprocity",
            "Give and take",
            "--if-version",
            str(seen),
            "--coder",
            "ana",
        ).code
        == 0
    )
    before = db_snapshot(sample_dir)
    stale = sample(
        "codebook",
        "rename",
        "reciprocity",
        "Mutual help",
        "--if-version",
        str(seen),
        "--coder",
        "ben",
    )
    assert stale.code == 2 and stale.err.count("\n") == 1
    assert f"changed since version {seen}" in stale.err and "rename by ana" in stale.err
    assert db_snapshot(sample_dir) == before
    moved = sample(
        "codebook",
        "move",
        "reciprocity",
        "collective_action_problems",
        "--if-version",
        str(seen),
        "--coder",
        "ben",
    )
    assert moved.code == 2
    assert (
        sample(
            "codebook",
            "rename",
            "reciprocity",
            "Mutual help",
            "--if-version",
            str(seen + 1),
            "--coder",
            "ben",
        ).code
        == 0
    )
    names = {r["id"]: r["name"] for r in sample("codebook", "list", "--format", "json").json()}
    assert names["reciprocity"] == "Mutual help"


def test_stale_merge_and_split_are_refused(sample: Runner) -> None:
    coding = add(sample, "free_riding", 0, 10, "ana")
    seen = code_version(sample, "free_riding")
    assert sample("codebook", "rename", "free_riding", "Free riding").code == 0
    assert (
        sample(
            "codebook",
            "split",
            "free_riding",
            "taking_credit",
            "Taking credit",
            "--coding",
            str(coding),
            "--if-version",
            str(seen),
        ).code
        == 2
    )
    assert (
        sample("codebook", "merge", "free_riding", "social_loafing", "--if-version", str(seen)).code
        == 2
    )
    assert (
        sample(
            "codebook", "merge", "free_riding", "social_loafing", "--if-version", str(seen + 1)
        ).code
        == 0
    )


def locked(message: str) -> OperationalError:
    return OperationalError("INSERT ...", {}, sqlite3.OperationalError(message))


def test_transient_errors_are_recognised() -> None:
    assert is_transient(locked("database is locked"))
    assert is_transient(OperationalError("x", {}, psycopg.errors.SerializationFailure("x")))
    assert is_transient(OperationalError("x", {}, psycopg.errors.DeadlockDetected("x")))
    assert not is_transient(locked("no such table: codings"))
    assert not is_transient(OperationalError("x", {}, psycopg.errors.UndefinedTable("x")))


def test_run_transaction_reruns_the_whole_unit_after_a_lock(sample_dir: Path) -> None:
    """The first two attempts write and then hit a lock: they must leave nothing behind."""
    project = open_project(sample_dir)
    attempts: list[int] = []

    def work(session: Any) -> int:
        attempts.append(1)
        session.add(ProjectMeta(key=f"attempt{len(attempts)}", value="x"))
        session.flush()
        if len(attempts) < 3:
            raise locked("database is locked")
        return len(attempts)

    assert run_transaction(project.sessions, work) == 3
    with project.sessions() as session:
        keys = set(session.scalars(select(ProjectMeta.key)))
    assert "attempt3" in keys and not {"attempt1", "attempt2"} & keys
    project.close()


def test_run_transaction_gives_up_with_one_clear_line(sample_dir: Path) -> None:
    project = open_project(sample_dir)

    def always_locked(_session: Any) -> None:
        raise locked("database is locked")

    with pytest.raises(UserError, match="stayed busy"):
        run_transaction(project.sessions, always_locked, deadline=0.2)

    def broken(session: Any) -> None:
        session.execute(text("SELECT * FROM no_such_table"))

    calls = []
    with pytest.raises(Exception, match="no_such_table"):
        run_transaction(project.sessions, lambda s: calls.append(1) or broken(s))
    assert calls == [1]  # a real error is not retried
    with project.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ProjectMeta)) == 0
    project.close()


@pytest.mark.sqlite_only
def test_a_missing_database_file_is_refused_not_recreated(qf: Runner, project_dir: Path) -> None:
    (project_dir / "qualframe.db").unlink()
    for suffix in ("-wal", "-shm"):
        (project_dir / f"qualframe.db{suffix}").unlink(missing_ok=True)
    result = qf("code", "list")
    assert result.code == 2 and "database file is missing" in result.err
    assert not (project_dir / "qualframe.db").exists()
