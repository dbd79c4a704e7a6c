"""Migrations after the first schema: a project made before a migration opens and upgrades,
keeping its data."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from qualframe.project import open_project
from qualframe.store import schema
from qualframe.store.db import make_engine
from qualframe.store.models import Code
from tests.support.projects import db_rows, project_url


def test_a_project_at_0002_gains_code_colours_on_opening(project_dir: Path) -> None:
    """The project is taken back to 0002 (as an older qualframe left it), then opened."""
    from alembic import command
    from alembic.config import Config

    engine = make_engine(project_url(project_dir))
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    with engine.connect() as connection:
        assert "colour" not in {c["name"] for c in inspect(connection).get_columns("codes")}
    engine.dispose()
    project = open_project(project_dir)
    with project.sessions() as session:  # the first use checks and upgrades the schema
        session.get(Code, 1)
    project.close()
    assert db_rows(project_dir, "SELECT version_num FROM alembic_version") == [("0003",)]
    assert db_rows(project_dir, "SELECT count(colour) FROM codes") == [(0,)]
