"""Keeping the database schema current.

Opening a project checks the recorded Alembic revision with one SELECT and imports Alembic only
when the schema must change (a new project, or an upgrade): Alembic's import costs more than a
listing command's whole budget.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from qualframe.errors import UserError

#: The newest migration; a test keeps it equal to Alembic's head.
HEAD_REVISION = "0001"
KNOWN_REVISIONS = ("0001",)

MIGRATIONS = Path(__file__).with_name("migrations")


def current_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database, or None for an empty database."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError) as exc:
        if not inspect(engine).has_table("alembic_version"):
            if inspect(engine).get_table_names():
                raise UserError(
                    "this database holds tables but is not a qualframe project"
                ) from exc
            return None
        raise


def ensure_schema(engine: Engine) -> None:
    """Bring the schema to HEAD_REVISION; refuse a database made by a newer qualframe."""
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise UserError(
            f"the database schema (revision {revision}) is newer than this qualframe: upgrade it"
        )
    upgrade(engine)


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run the Alembic migrations on `engine` in one transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
