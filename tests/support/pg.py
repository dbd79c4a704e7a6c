"""A real PostgreSQL 15 server for the tests, started in a temporary folder on 127.0.0.1.

`initdb` and `pg_ctl` come from Debian's `postgresql-15` package (`scripts/test.sh` installs
it). Run as root, the server runs as the `postgres` user (PostgreSQL refuses to run as root);
run as anyone else, as that user. The server is tuned for throw-away data (no fsync), listens
only on 127.0.0.1 and a free port, and is stopped and deleted when the session ends.

Two roles: the bootstrap superuser (`postgres`, trusted from 127.0.0.1, used by the fixtures)
and `team`, which must log in with a password, for the tests of credentials.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

BINDIR_GLOB = "/usr/lib/postgresql/*/bin"
SUPERUSER = "postgres"
TEAM_ROLE = "team"
TEAM_PASSWORD = "team-secret"


def find_bindir() -> Path:
    """The newest installed PostgreSQL's `bin` folder (15 on the machine image)."""
    candidates = sorted(
        Path("/").glob(BINDIR_GLOB.lstrip("/")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for candidate in reversed(candidates):
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    raise RuntimeError(
        "PostgreSQL is not installed (need initdb and pg_ctl under /usr/lib/postgresql/N/bin): "
        "apt-get install postgresql, or run ./scripts/test.sh which does"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server: where it listens and how to reach its databases."""

    bindir: Path
    root: Path
    port: int
    as_postgres: bool
    host: str = "127.0.0.1"

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    def url(self, database: str, user: str = SUPERUSER) -> str:
        """A SQLAlchemy URL without a password (the data contract keeps passwords out)."""
        return f"postgresql+psycopg://{user}@{self.host}:{self.port}/{database}"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a server program (initdb, pg_ctl, ...) as the user that owns the data."""
        prefix = ["runuser", "-u", SUPERUSER, "--"] if self.as_postgres else []
        return subprocess.run(
            [*prefix, str(self.bindir / args[0]), *args[1:]],
            check=check,
            capture_output=True,
            text=True,
            cwd=self.root,
        )

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run statements that cannot run in a transaction (CREATE/DROP DATABASE)."""
        import psycopg

        with psycopg.connect(
            host=self.host, port=self.port, user=SUPERUSER, dbname=database, autocommit=True
        ) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database (a copy of `template` if given, which must have no connections)."""
        suffix = f' TEMPLATE "{template}"' if template else ""
        self.sql(f'CREATE DATABASE "{name}"{suffix}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop", check=False)


def _owned_folder(as_postgres: bool) -> Path:
    """A fresh folder the server's user may write (pytest's own temp folders are root-only)."""
    root = Path(tempfile.mkdtemp(prefix="qualframe-pg-"))
    if as_postgres:
        shutil.chown(root, SUPERUSER, SUPERUSER)
    return root


def start_server() -> PostgresServer:
    """initdb, configure and start a server; raise with the server's log if it fails."""
    as_postgres = os.geteuid() == 0
    root = _owned_folder(as_postgres)
    server = PostgresServer(find_bindir(), root, free_port(), as_postgres)
    password_file = root / "pw"
    password_file.write_text("unused-superuser-password\n")
    if as_postgres:
        shutil.chown(password_file, SUPERUSER, SUPERUSER)
    server.run(
        "initdb",
        "-D",
        str(server.datadir),
        "-U",
        SUPERUSER,
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        f"--pwfile={password_file}",
        "--no-sync",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    hba = server.datadir / "pg_hba.conf"
    hba.write_text(
        f"local all all trust\nhost all {SUPERUSER} 127.0.0.1/32 trust\n"
        "host all all 127.0.0.1/32 scram-sha-256\n"
    )
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={server.port} "
        f"-c unix_socket_directories={root} -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB"
    )
    started = server.run(
        "pg_ctl",
        "-D",
        str(server.datadir),
        "-l",
        str(root / "server.log"),
        "-o",
        options,
        "-w",
        "-t",
        "60",
        "start",
        check=False,
    )
    if started.returncode != 0:
        log = (root / "server.log").read_text(errors="replace")
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log}")
    _wait_until_ready(server)
    server.sql(f"CREATE ROLE {TEAM_ROLE} LOGIN CREATEDB PASSWORD '{TEAM_PASSWORD}'")
    return server


def _wait_until_ready(server: PostgresServer, seconds: float = 30.0) -> None:
    import psycopg

    deadline = time.monotonic() + seconds
    while True:
        try:
            server.sql("SELECT 1")
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextlib.contextmanager
def running_server() -> Iterator[PostgresServer]:
    server = start_server()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole test session."""
    with running_server() as server:
        yield server


_counter = iter(range(1, 1_000_000))


def unique_name(prefix: str) -> str:
    """A database name unused in this session (several workers may share a server)."""
    return f"{prefix}_{os.getpid()}_{next(_counter)}"
