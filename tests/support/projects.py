"""Projects for the tests: the CLI run in-process, sample projects, and what a database holds.

Shared by every test room; the fixtures in `tests/conftest.py` build on these.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Executable

from qualframe.cli import run

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
REAL = FIXTURES / "transcripts-real"
SAMPLES = REPO / "transcripts_sample"
CODEBOOK = REPO / "codebooks" / "collective-action.yaml"

#: The coder who builds the sample projects (so no test's coder can undo the setup).
SETUP = "sample-setup"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Runner = Callable[..., Result]


def make_runner(capsys: pytest.CaptureFixture[str], project_dir: Path) -> Runner:
    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = run(["-p", str(project_dir), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def set_database(directory: Path, url: str) -> None:
    """Point a copied project's `qualframe.toml` at another database."""
    config = directory / "qualframe.toml"
    lines = [
        f"database = {json.dumps(url)}" if line.startswith("database = ") else line
        for line in config.read_text(encoding="utf-8").splitlines()
    ]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_sample(directory: Path, db_url: str | None = None) -> Path:
    """Init a project, load the bundled codebook and import the sample transcripts, as a
    coder of its own (so no test's coder can undo the setup)."""
    assert run(["init", str(directory), *(["--db", db_url] if db_url else [])]) == 0
    assert run(["-p", str(directory), "codebook", "load", str(CODEBOOK), "--coder", SETUP]) == 0
    assert run(["-p", str(directory), "import", str(SAMPLES), "--coder", SETUP]) == 0
    return directory


def suggest_all(directory: Path) -> Path:
    """Run the codebook's suggestions over every document, as the setup coder: the review
    tests start from there, and a run over the sample costs seconds."""
    assert run(["-p", str(directory), "suggest", "run", "--coder", SETUP]) == 0
    return directory


def project_url(project_dir: Path) -> str:
    """The database URL a project folder's settings name."""
    from qualframe.project import open_project

    return open_project(project_dir).db_url


def db_snapshot(project_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to prove a failed command changed nothing (either database)."""
    url = project_url(project_dir)
    if url.startswith("sqlite"):
        return _sqlite_snapshot(project_dir / "qualframe.db")
    from sqlalchemy import MetaData, create_engine, select

    engine = create_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as conn:
            return {
                name: [
                    tuple(row)
                    for row in conn.execute(
                        select(table).order_by(*table.primary_key.columns or table.columns)
                    )
                ]
                for name, table in metadata.tables.items()
            }
    finally:
        engine.dispose()


def db_rows(project_dir: Path, query: str | Executable, **params: Any) -> list[tuple[Any, ...]]:
    """The rows of one statement on a project's database, either backend, committed (none for
    a statement returning no rows): SQL text (`:name` parameters) or a SQLAlchemy statement,
    whose typed columns read alike on both (JSON columns come back as Python values, not as
    SQLite's strings)."""
    from sqlalchemy import text

    from qualframe.store.db import make_engine

    engine = make_engine(project_url(project_dir))
    try:
        with engine.begin() as conn:
            result = conn.execute(text(query) if isinstance(query, str) else query, params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def stored_bytes(project_dir: Path) -> bytes:
    """Every byte the database keeps on disk for this project, to prove text is gone.

    SQLite: the file with its WAL and shared-memory files. PostgreSQL: after a checkpoint (so
    the shared buffers are on disk), every file of the project's own tables, their indexes and
    TOAST (all forks and segments); the system catalogs, shared by every database, are left out.
    The server-wide write-ahead log is not included: PostgreSQL keeps old pages there until it
    recycles the segments, which no client can force (see `qualframe.corpus.purge.scrub_file`).
    """
    url = project_url(project_dir)
    if url.startswith("sqlite"):
        return b"".join(
            path.read_bytes()
            for suffix in ("", "-wal", "-shm")
            if (path := project_dir / f"qualframe.db{suffix}").exists()
        )
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")  # the fixtures' superuser
    try:
        with engine.connect() as conn:
            conn.execute(text("CHECKPOINT"))
            datadir = Path(str(conn.execute(text("SHOW data_directory")).scalar()))
            relations = [
                datadir / str(path)
                for path in conn.execute(
                    text(
                        "SELECT pg_relation_filepath(oid) FROM pg_class "
                        "WHERE oid >= 16384 AND pg_relation_filepath(oid) IS NOT NULL"
                    )
                ).scalars()
            ]
    finally:
        engine.dispose()
    assert relations, "no user tables found"
    return b"".join(
        path.read_bytes()
        for relation in relations
        for path in sorted(relation.parent.glob(relation.name + "*"))
        if re.fullmatch(re.escape(relation.name) + r"(_\w+)?(\.\d+)?", path.name)
    )


def _sqlite_snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'search_fts%'"
            )
        ]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        conn.close()
