"""`backup OUT` and `restore IN` on both databases: a restore brings back exactly the state of
the backup; a wrong or foreign file is refused with one line and changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qualframe.cli import run
from tests.support.projects import Runner, db_snapshot, project_url


def codings(sample: Runner) -> list[tuple[str, int, int, str]]:
    return [
        (r["code"], r["start"], r["end"], r["coder"])
        for r in sample("code", "list", "--format", "json").json()
    ]


def test_backup_then_restore_brings_the_state_back(
    sample: Runner, sample_dir: Path, tmp_path: Path
) -> None:
    assert (
        sample(
            "code", "add", "P03", "hierarchy", "--start", "5", "--end", "50", "--coder", "ana"
        ).code
        == 0
    )
    out = tmp_path / "backup.qfb"
    result = sample("backup", str(out))
    assert result.code == 0, result.err
    assert str(out) in result.out and out.stat().st_size > 100_000
    kept = codings(sample)
    assert sample("code", "add", "P03", "competition", "--start", "60", "--end", "90").code == 0
    assert sample("codebook", "rename", "hierarchy", "Rank").code == 0
    assert sample("restore", str(out), "--yes").code == 0
    assert codings(sample) == kept
    names = {r["id"]: r["name"] for r in sample("codebook", "list", "--format", "json").json()}
    assert names["hierarchy"] != "Rank"
    actions = [r["action"] for r in sample("log", "--limit", "2", "--format", "json").json()]
    assert actions[0] == "restore" and actions[1] == "create"  # the backup's own newest event
    assert sample("code", "add", "P03", "competition", "--start", "60", "--end", "90").code == 0
    assert len(codings(sample)) == 2
    assert len(sample("search", "league", "--format", "json").json()) > 0  # the index came back


def test_a_sqlite_backup_is_one_self_contained_file(
    qf: Runner, project_dir: Path, tmp_path: Path
) -> None:
    if not project_url(project_dir).startswith("sqlite"):
        assert qf("backup", str(tmp_path / "b.dump")).code == 0
        assert (tmp_path / "b.dump").read_bytes().startswith(b"PGDMP")
        return
    out = tmp_path / "b.db"
    assert qf("coder", "add", "ana").code == 0
    assert qf("backup", str(out)).code == 0
    assert not (tmp_path / "b.db-wal").exists()
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT name FROM coders").fetchall() == [("ana",)]
    finally:
        conn.close()
    refused = qf("backup", str(project_dir / "qualframe.db"))
    assert refused.code == 2 and "own database" in refused.err


def test_bad_backup_targets_are_refused(qf: Runner, tmp_path: Path) -> None:
    result = qf("backup", str(tmp_path / "missing" / "b.db"))
    assert result.code == 2 and "folder does not exist" in result.err
    assert not (tmp_path / "missing").exists()


def test_bad_restore_files_change_nothing(qf: Runner, project_dir: Path, tmp_path: Path) -> None:
    assert qf("coder", "add", "ana").code == 0
    before = db_snapshot(project_dir)
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all" * 100)
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    sqlite_project = tmp_path / "other"
    assert run(["init", str(sqlite_project)]) == 0
    assert run(["-p", str(sqlite_project), "backup", str(tmp_path / "sqlite-backup.db")]) == 0
    fake_dump = tmp_path / "fake.dump"
    fake_dump.write_bytes(b"PGDMP" + b"\0" * 200)
    is_sqlite = project_url(project_dir).startswith("sqlite")
    cases = [(tmp_path / "nope.db", "no such backup file"), (junk, "non-qualframe backup")]
    if is_sqlite:
        cases += [(foreign, "not a qualframe backup"), (fake_dump, "postgresql backup")]
    else:
        cases += [(tmp_path / "sqlite-backup.db", "sqlite backup"), (fake_dump, "pg_restore")]
    for path, message in cases:
        result = qf("restore", str(path), "--yes")
        assert result.code == 2, (path, result.err)
        assert message in result.err and result.err.count("\n") == 1, result.err
    assert db_snapshot(project_dir) == before
