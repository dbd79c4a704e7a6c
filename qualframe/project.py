"""A project on disk: `qualframe.toml` in a folder, and the database it names.

The TOML holds settings a team shares (database URL without any password, import and NLP
settings); secrets come from the environment (`QUALFRAME_DB`, `PGPASSWORD`) or `~/.pgpass`.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import shutil
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from qualframe.errors import UserError

CONFIG_NAME = "qualframe.toml"
DEFAULT_DB = "sqlite:///qualframe.db"


@dataclass
class Settings:
    """Project settings read from `qualframe.toml` (every key optional)."""

    speaker_pattern: str | None = None
    nlp_pipeline: str = "blank:en"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Project:
    """An opened project: where it lives, its settings and its database."""

    root: Path
    name: str
    db_url: str
    settings: Settings
    #: Only `init` creates the schema; opening a database without one is refused.
    create_schema: bool = False

    @cached_property
    def engine(self) -> Engine:
        from qualframe.store.db import make_engine
        from qualframe.store.schema import ensure_schema

        engine = make_engine(self.db_url)
        ensure_schema(engine, create=self.create_schema)
        return engine

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        """Release the database connections (a no-op if none were opened)."""
        if "engine" in self.__dict__:
            self.engine.dispose()


def _resolve_sqlite(url: str, root: Path) -> str:
    """Make a relative SQLite path relative to the project folder, not the working directory."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(f"not a database URL: {url!r}", path=str(root / CONFIG_NAME)) from exc
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        if not path.is_absolute():
            return parsed.set(database=str((root / path).resolve())).render_as_string(
                hide_password=False
            )
    return url


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escaping is a subset TOML accepts)."""
    return json.dumps(value, ensure_ascii=False)


def init_project(directory: Path, db_url: str | None = None) -> Project:
    """Create `directory/qualframe.toml` and the database schema."""
    directory = directory.resolve()
    config = directory / CONFIG_NAME
    if config.exists():
        raise UserError("a project already exists here", path=str(config))
    url = db_url or DEFAULT_DB
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(f"not a database URL: {url!r}") from exc
    if parsed.password:
        raise UserError(
            "the database URL holds a password; give it through PGPASSWORD or ~/.pgpass, "
            "never in qualframe.toml"
        )
    made_folder = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    project = Project(
        directory, directory.name, _resolve_sqlite(url, directory), Settings(), create_schema=True
    )
    try:
        project.engine  # noqa: B018 - creating the schema is the point; fail before writing config
    except UserError:
        if made_folder:  # an unreachable server or bad credentials leave nothing behind
            shutil.rmtree(directory, ignore_errors=True)
        raise
    finally:
        project.close()
    config.write_text(
        "[project]\n"
        f"name = {_toml_string(directory.name)}\n"
        f"database = {_toml_string(url)}\n\n"
        "[import]\n"
        "# speaker_pattern = '^(?P<label>Dr [A-Z][a-z]+):\\s*'\n\n"
        "[nlp]\n"
        'pipeline = "blank:en"\n',
        encoding="utf-8",
    )
    return project


def open_project(directory: Path) -> Project:
    """Read `directory/qualframe.toml`; the schema is checked when the database is first used."""
    directory = directory.resolve()
    config = directory / CONFIG_NAME
    if not config.is_file():
        raise UserError(
            f"not a qualframe project (no {CONFIG_NAME}); create one with: qualframe init DIR",
            path=str(directory),
        )
    data = read_settings(config)
    section = _table(data, "project", config)
    url = os.environ.get("QUALFRAME_DB") or section.get("database", DEFAULT_DB)
    settings = Settings(
        speaker_pattern=_table(data, "import", config).get("speaker_pattern"),
        nlp_pipeline=_table(data, "nlp", config).get("pipeline", "blank:en"),
        extra=data,
    )
    return Project(
        directory, section.get("name", directory.name), _resolve_sqlite(url, directory), settings
    )


def read_settings(config: Path) -> dict[str, Any]:
    """The TOML at `config`; unreadable, undecodable or absurdly nested settings are a
    `UserError` naming the file and, where TOML says it, the line."""
    try:
        return tomllib.loads(config.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError) as exc:
        message = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        found = re.search(r"\(at line (\d+), column \d+\)$", message)
        line = int(found.group(1)) if found else None
        message = message[: found.start()].rstrip() if found else message
        raise UserError(f"unreadable settings: {message}", path=str(config), line=line) from None
    except OSError as exc:
        raise UserError(f"cannot read the settings: {exc.strerror}", path=str(config)) from None


def _table(data: dict[str, Any], name: str, config: Path) -> dict[str, Any]:
    """A settings table, which must be a table (`[project]`, not `project = 5`)."""
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise UserError(f"'{name}' must be a table ([{name}])", path=str(config))
    return value


def user_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "qualframe" / "config.toml"


def resolve_coder(explicit: str | None = None) -> str:
    """Who is coding: `--coder`, then QUALFRAME_CODER, then the user config, then the login."""
    if explicit:
        return explicit
    if env := os.environ.get("QUALFRAME_CODER"):
        return env
    path = user_config_path()
    if path.is_file():
        try:
            coder = tomllib.loads(path.read_text(encoding="utf-8")).get("coder")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UserError(f"unreadable user settings: {exc}", path=str(path)) from exc
        if coder:
            return str(coder)
    return getpass.getuser()
