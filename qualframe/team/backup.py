"""Backup and restore of a whole project database, safe while coders keep working.

SQLite: the online backup API copies a consistent snapshot page by page while others write
(WAL readers never block the writer); the copy is switched out of WAL mode so it is one
self-contained file. PostgreSQL: `pg_dump --format=custom`, and `pg_restore` in one transaction
(a failed restore changes nothing). Either way the copy is written to a temporary file and
renamed into place, so a failed backup leaves no half-written file. The password never appears
on a command line: it stays in PGPASSWORD or ~/.pgpass, where libpq finds it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from qualframe.errors import UserError
from qualframe.history import events
from qualframe.project import Project
from qualframe.store.db import run_transaction
from qualframe.store.schema import HEAD_REVISION, KNOWN_REVISIONS, ensure_schema

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
PG_BIN_GLOB = "usr/lib/postgresql/*/bin"


@dataclass(frozen=True)
class BackupReport:
    path: Path
    backend: str
    bytes: int


def backup_project(project: Project, out: Path, actor: str) -> BackupReport:
    """Back the project up to `out` and record who did it (the backup itself holds the
    log up to that moment)."""
    report = backup_database(project.engine, out)
    run_transaction(
        project.sessions,
        lambda session: events.record(
            session,
            actor=actor,
            action="backup",
            entity="project",
            after={"file": str(report.path), "bytes": report.bytes},
        ),
    )
    return report


def restore_project(project: Project, source: Path, actor: str) -> None:
    """Replace the project's database by a backup, upgrade its schema if it is older, and
    record the restore in the restored log."""
    restore_database(project.engine, source)
    ensure_schema(project.engine)
    run_transaction(
        project.sessions,
        lambda session: events.record(
            session,
            actor=actor,
            action="restore",
            entity="project",
            after={"file": str(source.resolve())},
        ),
    )


def backup_database(engine: Engine, out: Path) -> BackupReport:
    """Copy the project's database to `out` (replacing it whole, or not at all)."""
    out = out.resolve()
    if not out.parent.is_dir():
        raise UserError("the folder does not exist", path=str(out.parent))
    if engine.dialect.name == "sqlite":
        if engine.url.database and out == Path(engine.url.database).resolve():
            raise UserError("that is the project's own database file", path=str(out))
        _write_via_temp(out, lambda tmp: _sqlite_backup(engine, tmp))
    else:
        _write_via_temp(out, lambda tmp: _pg_dump(engine.url, tmp))
    return BackupReport(out, engine.dialect.name, out.stat().st_size)


def restore_database(engine: Engine, source: Path) -> None:
    """Replace the project's database by the backup in `source`."""
    if not source.is_file():
        raise UserError("no such backup file", path=str(source))
    kind = backup_kind(source)
    if kind != engine.dialect.name:
        raise UserError(
            f"this is a {kind or 'non-qualframe'} backup but the project's database "
            f"is {engine.dialect.name}",
            path=str(source),
        )
    if kind == "sqlite":
        _sqlite_restore(engine, source)
    else:
        _pg_restore(engine.url, source)


def backup_kind(path: Path) -> str | None:
    """`sqlite` or `postgresql` from the file's first bytes; None if it is neither."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    return None


def _write_via_temp(out: Path, write: Callable[[Path], None]) -> None:
    fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _sqlite_backup(engine: Engine, tmp: Path) -> None:
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(tmp)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        raw.close()


def _sqlite_revision(path: Path) -> str:
    """The schema revision of a SQLite backup, refusing anything that is not a project."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"not a qualframe backup ({exc})", path=str(path)) from exc
    if revision is None or revision[0] not in KNOWN_REVISIONS:
        raise UserError(
            f"the backup's schema ({revision[0] if revision else 'none'}) is not one "
            f"this qualframe knows (up to {HEAD_REVISION})",
            path=str(path),
        )
    return str(revision[0])


def _sqlite_restore(engine: Engine, source: Path) -> None:
    _sqlite_revision(source)
    engine.dispose()  # no pooled connection may keep reading the old pages
    raw = engine.raw_connection()
    try:
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            backup.backup(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            backup.close()
        raw.driver_connection.execute("PRAGMA journal_mode=WAL")  # type: ignore[union-attr]
    finally:
        raw.close()
    engine.dispose()


def pg_program(name: str) -> str:
    """`pg_dump` or `pg_restore`: the newest server's own copy, else the one on PATH (a
    client older than the server cannot read its dumps)."""
    candidates = sorted(
        Path("/").glob(PG_BIN_GLOB),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for folder in reversed(candidates):
        if (folder / name).is_file():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise UserError(
            f"{name} is not installed (install the PostgreSQL client: "
            "apt-get install postgresql-client)"
        )
    return found


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string for the URL, and the environment that carries its password."""
    from psycopg.conninfo import make_conninfo

    params = {key: str(value) for key, value in url.query.items()}
    conninfo = make_conninfo(
        "", host=url.host, port=url.port, user=url.username, dbname=url.database, **params
    )
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return conninfo, env


def _run_pg(args: list[str], env: dict[str, str], what: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        raise UserError(f"{what} failed: {lines[-1] if lines else 'exit ' + str(done.returncode)}")
    return done.stdout


def _pg_dump(url: URL, tmp: Path) -> None:
    conninfo, env = _libpq(url)
    _run_pg(
        [
            pg_program("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={tmp}",
            f"--dbname={conninfo}",
        ],
        env,
        "pg_dump",
    )


def _pg_restore(url: URL, source: Path) -> None:
    conninfo, env = _libpq(url)
    listing = _run_pg([pg_program("pg_restore"), "--list", str(source)], env, "pg_restore")
    if "alembic_version" not in listing or "codings" not in listing:
        raise UserError("not a qualframe backup (no project tables in it)", path=str(source))
    _run_pg(
        [
            pg_program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={conninfo}",
            str(source),
        ],
        env,
        "pg_restore",
    )
