"""The database: migrations, pragmas, identity, refusing foreign or newer schemas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from qualframe.errors import UserError
from qualframe.project import open_project
from qualframe.store import schema
from qualframe.store.db import make_engine
from qualframe.store.models import Base
from tests.support.projects import db_rows, project_url


def test_head_revision_constant_matches_alembic() -> None:
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == schema.HEAD_REVISION
    assert set(schema.KNOWN_REVISIONS) == {r.revision for r in script.walk_revisions()}


#: The full-text index the migration builds outside the models: SQLite's FTS5 tables,
#: PostgreSQL's GIN expression index (see `store/fulltext.py`).
FULLTEXT_TABLES = {
    "search_fts",
    "search_fts_config",
    "search_fts_data",
    "search_fts_docsize",
    "search_fts_idx",
}
FULLTEXT_INDEXES = {"ix_search_lines_tsv"}


def test_migrations_create_exactly_the_models(project_dir: Path) -> None:
    engine = make_engine(project_url(project_dir))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert [
        d
        for d in diff
        if not (d[0] == "remove_table" and d[1].name in FULLTEXT_TABLES)
        and not (d[0] == "remove_index" and d[1].name in FULLTEXT_INDEXES)
    ] == []


@pytest.mark.sqlite_only(reason="PRAGMAs are SQLite's connection settings")
def test_sqlite_pragmas(project_dir: Path) -> None:
    project = open_project(project_dir)
    with project.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    project.close()


def test_every_entity_has_a_uuid_column() -> None:
    for table in (
        "cases",
        "documents",
        "revisions",
        "codes",
        "codings",
        "memos",
        "coders",
        "suggestions",
        "events",
        "codebook_versions",
    ):
        assert "uuid" in Base.metadata.tables[table].c, table


def test_newer_schema_is_refused(project_dir: Path) -> None:
    db_rows(project_dir, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(UserError, match="newer than this qualframe"):
        open_project(project_dir).engine  # noqa: B018


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "other.db")
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    engine = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    with pytest.raises(UserError, match="not a qualframe project"):
        schema.ensure_schema(engine)
    assert inspect(engine).get_table_names() == ["notes"]


def test_init_refuses_password_in_url(tmp_path: Path) -> None:
    from qualframe.project import init_project

    with pytest.raises(UserError, match="PGPASSWORD"):
        init_project(tmp_path / "p", "postgresql+psycopg://me:secret@127.0.0.1/db")
    assert not (tmp_path / "p" / "qualframe.toml").exists()


def test_not_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from qualframe.cli import run

    assert run(["-p", str(tmp_path), "stats"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a qualframe project" in err and str(tmp_path) in err
