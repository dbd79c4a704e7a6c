"""Engines and sessions for SQLite (embedded default) and PostgreSQL (team server).

SQLite gets WAL (readers never block the writer), foreign keys, a busy timeout and
`synchronous=NORMAL` (durable at checkpoints, fast per commit) on every connection.

Several coders write at once: `run_transaction` runs a unit of work again from the start when
another writer got in the way (SQLite "database is locked", PostgreSQL serialization failures
and deadlocks, a unique key taken by a concurrent insert), with jittered exponential backoff,
so the user never sees those errors.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from qualframe.errors import UserError

BUSY_TIMEOUT_MS = 10_000
#: How long `run_transaction` keeps trying before it gives up with a clear message.
RETRY_SECONDS = 60.0
#: PostgreSQL SQLSTATEs worth a retry: serialization failure, deadlock detected.
TRANSIENT_SQLSTATES = {"40001", "40P01"}
UNIQUE_VIOLATION = "23505"

T = TypeVar("T")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`, with the SQLite pragmas applied on connect."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(f"not a database URL: {url!r}") from exc
    try:
        if parsed.drivername in ("postgresql", "postgres"):  # libpq style: the extra's driver
            parsed = parsed.set(drivername="postgresql+psycopg")
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(parsed, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise UserError(f"unsupported database URL scheme: {parsed.drivername}") from exc
    except ModuleNotFoundError as exc:
        raise UserError(
            f"the driver for {parsed.drivername} is not installed "
            "(pip install 'qualframe[postgres]')"
        ) from exc


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed whole, or rolled back whole on any error."""
    with factory() as session, session.begin():
        yield session


def is_transient(exc: DBAPIError) -> bool:
    """Would running the same unit of work again succeed? True for lock contention,
    serialization failures and deadlocks, and for a unique key that a concurrent transaction
    took (the retry then sees that row, so the code's own check reports it properly)."""
    original = exc.orig
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in TRANSIENT_SQLSTATES or sqlstate == UNIQUE_VIOLATION
    name = getattr(original, "sqlite_errorname", "") or ""
    message = str(original).lower()
    return (
        name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
        or "database is locked" in message
        or "database table is locked" in message
        or (isinstance(exc, IntegrityError) and "unique constraint failed" in message)
    )


def run_transaction(
    factory: sessionmaker[Session], work: Callable[[Session], T], *, deadline: float = RETRY_SECONDS
) -> T:
    """Run `work(session)` in one transaction; when another writer got in the way, roll back
    and run it again from the start (backoff with jitter) until `deadline` seconds passed.
    A unique-key clash is retried once only: a second one is not a race but a real error."""
    give_up = time.monotonic() + deadline
    delay, unique_clashes = 0.01, 0
    while True:
        try:
            with transaction(factory) as session:
                return work(session)
        except DBAPIError as exc:
            if not is_transient(exc):
                raise
            if isinstance(exc, IntegrityError):
                unique_clashes += 1
                if unique_clashes > 1:
                    raise
            if time.monotonic() + delay > give_up:
                raise UserError(
                    f"the database stayed busy for {deadline:.0f} s (other coders are writing); "
                    "nothing was changed: try again"
                ) from exc
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 1.0)
