"""Keeping the database schema current.

Opening a project checks the recorded Alembic revision with one SELECT and imports Alembic only
when the schema must change (a new project, or an upgrade): Alembic's import costs more than a
listing command's whole budget.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from qualframe.errors import UserError

#: The newest migration; a test keeps it equal to Alembic's head.
HEAD_REVISION = "0003"
KNOWN_REVISIONS = ("0001", "0002", "0003")

MIGRATIONS = Path(__file__).with_name("migrations")


def connection_error(engine: Engine, exc: DBAPIError) -> UserError:
    """One line saying which database could not be opened and the server's reason, with the
    place a password belongs when that was the problem."""
    reason = "; ".join(line.strip() for line in str(exc.orig).splitlines() if line.strip())
    if "password" in reason:
        reason += " (the password comes from PGPASSWORD or ~/.pgpass, never qualframe.toml)"
    where = engine.url.render_as_string(hide_password=True)
    return UserError(f"cannot open the database {where}: {reason}")


def current_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database, or None for an empty database."""
    try:
        conn = engine.connect()
    except DBAPIError as exc:
        raise connection_error(engine, exc) from exc
    with conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError) as exc:
            conn.rollback()
            tables = inspect(conn).get_table_names()
            if "alembic_version" in tables:
                raise
            if tables:
                raise UserError(
                    "this database holds tables but is not a qualframe project"
                ) from exc
            return None


def ensure_schema(engine: Engine, *, create: bool = True) -> None:
    """Bring the schema to HEAD_REVISION; refuse a database made by a newer qualframe, and,
    unless `create` (a new project), a database or file without the schema."""
    if not create and engine.dialect.name == "sqlite":
        path = engine.url.database
        if path not in (None, "", ":memory:") and not Path(path).exists():
            raise UserError("the project's database file is missing", path=path)
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return
    if revision is None and not create:
        where = engine.url.render_as_string(hide_password=True)
        raise UserError(
            f"the database {where} holds no qualframe schema: check `database` in "
            "qualframe.toml (or QUALFRAME_DB); `qualframe init DIR --db URL` creates a project"
        )
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
