"""Shared fixtures: projects in temporary folders, the CLI run in-process, database snapshots.

The bundled sample project (13 transcripts and the collective-action codebook) is imported once
per session into a template folder and copied for each test that changes it; so is the sample with
every codebook suggestion made (`suggested`), where the review tests start.

The store and CLI suites named in `BOTH_BACKENDS` run every project test twice: on SQLite and on
a real PostgreSQL server (`tests/pg.py`), started only when a PostgreSQL test runs. There the
empty, sample and suggested projects are built once per session as template databases, and each
test gets its own copy (`CREATE DATABASE ... TEMPLATE`), dropped afterwards. `sqlite_only` and
`postgresql_only` keep a test of one database's specifics off the other; `both_backends` puts a
database test of a suite that otherwise never opens the database on both. `db_rows` and
`stored_bytes` read what either database holds.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Executable

from qualframe.cli import run
from tests.pg import PostgresServer, pg_server, unique_name

__all__ = ["pg_server"]  # a fixture, imported so that every test module can use it

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL = SHARED / "transcripts-real"
SAMPLES = REPO / "transcripts_sample"
CODEBOOK = REPO / "codebooks" / "collective-action.yaml"

#: Test modules (by name prefix) whose project tests run on both SQLite and PostgreSQL.
BOTH_BACKENDS = (
    "test_coding",
    "test_codebook_cli",
    "test_import",
    "test_search",
    "test_undo",
    "test_team",
    "test_agreement",
    "test_framework",
    "test_suggest",
    "test_purge",
    "test_store",
    "test_hygiene",
)
BACKENDS = ("sqlite", "postgresql")
PROJECT_FIXTURES = {"project_dir", "sample_dir", "suggested_dir"}
SETUP = "sample-setup"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: a test of SQLite specifics inside a suite run on both backends"
    )
    config.addinivalue_line(
        "markers", "postgresql_only: a test of PostgreSQL specifics inside a suite run on both"
    )
    config.addinivalue_line(
        "markers",
        "both_backends: a database test in a suite whose other tests never open the "
        "database (so the suite is not in BOTH_BACKENDS): run it on both",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the project tests of the `BOTH_BACKENDS` suites, and tests marked `both_backends`,
    once per database (or on the one database their marker names)."""
    module = metafunc.module.__name__.rpartition(".")[2]
    marked = metafunc.definition.get_closest_marker
    if not (
        (module.startswith(BOTH_BACKENDS) or marked("both_backends"))
        and PROJECT_FIXTURES & set(metafunc.fixturenames)
    ):
        return
    if marked("postgresql_only"):
        metafunc.parametrize("backend", ["postgresql"], indirect=True)
    elif not marked("sqlite_only"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database of this test's projects: `sqlite` unless the test is parametrised."""
    return str(getattr(request, "param", "sqlite"))


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Runner = Callable[..., Result]


@pytest.fixture(autouse=True)
def _coder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUALFRAME_CODER", "tester")
    monkeypatch.delenv("QUALFRAME_DB", raising=False)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


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


def pg_copy(request: pytest.FixtureRequest, server: PostgresServer, template: str) -> str:
    """A private copy of a template database for one test, dropped when the test ends."""
    name = unique_name("qf_test")
    url = server.create_database(name, template=template)
    request.addfinalizer(lambda: server.drop_database(name))
    return url


@pytest.fixture(scope="session")
def pg_empty_template(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding an empty project's schema, to copy for each PostgreSQL test."""
    name = unique_name("qf_empty")
    url = pg_server.create_database(name)
    assert run(["init", str(tmp_path_factory.mktemp("pg-empty") / "p"), "--db", url]) == 0
    return name


@pytest.fixture
def project_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], backend: str, request: pytest.FixtureRequest
) -> Path:
    directory = tmp_path / "project"
    if backend == "sqlite":
        assert run(["init", str(directory)]) == 0
    else:
        server = request.getfixturevalue("pg_server")
        url = pg_copy(request, server, request.getfixturevalue("pg_empty_template"))
        assert run(["init", str(directory), "--db", url]) == 0
    capsys.readouterr()
    return directory


@pytest.fixture
def qf(project_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    """The CLI acting on a fresh empty project."""
    return make_runner(capsys, project_dir)


def build_sample(directory: Path, db_url: str | None = None) -> Path:
    """Init a project, load the bundled codebook and import the sample transcripts, as a
    coder of its own (so no test's coder can undo the setup)."""
    assert run(["init", str(directory), *(["--db", db_url] if db_url else [])]) == 0
    assert run(["-p", str(directory), "codebook", "load", str(CODEBOOK), "--coder", SETUP]) == 0
    assert run(["-p", str(directory), "import", str(SAMPLES), "--coder", SETUP]) == 0
    return directory


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("sample") / "project")


@pytest.fixture(scope="session")
def pg_sample_template(
    pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    """The sample project on PostgreSQL: its folder and its template database."""
    name = unique_name("qf_sample")
    url = pg_server.create_database(name)
    return build_sample(tmp_path_factory.mktemp("pg-sample") / "project", url), name


def suggest_all(directory: Path) -> Path:
    """Run the codebook's suggestions over every document, as the setup coder: the review
    tests start from there, and a run over the sample costs seconds."""
    assert run(["-p", str(directory), "suggest", "run", "--coder", SETUP]) == 0
    return directory


@pytest.fixture(scope="session")
def suggested_template(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("suggested") / "project"
    shutil.copytree(sample_template, target)
    return suggest_all(target)


@pytest.fixture(scope="session")
def pg_suggested_template(
    pg_server: PostgresServer,
    pg_sample_template: tuple[Path, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, str]:
    """The suggested sample on PostgreSQL: its folder and its template database."""
    folder, sample = pg_sample_template
    name = unique_name("qf_suggested")
    target = tmp_path_factory.mktemp("pg-suggested") / "project"
    shutil.copytree(folder, target)
    set_database(target, pg_server.create_database(name, template=sample))
    return suggest_all(target), name


def copy_template(request: pytest.FixtureRequest, target: Path, backend: str, kind: str) -> Path:
    """A private copy of the session's `kind` project (`sample`, `suggested`) on `backend`."""
    if backend == "sqlite":
        shutil.copytree(request.getfixturevalue(f"{kind}_template"), target)
        return target
    folder, template = request.getfixturevalue(f"pg_{kind}_template")
    shutil.copytree(folder, target)
    set_database(target, pg_copy(request, request.getfixturevalue("pg_server"), template))
    return target


@pytest.fixture
def sample_dir(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Path:
    return copy_template(request, tmp_path / "sample", backend, "sample")


@pytest.fixture
def suggested_dir(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Path:
    return copy_template(request, tmp_path / "suggested", backend, "suggested")


@pytest.fixture
def suggested(suggested_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    """The CLI acting on a private copy of the sample with every suggestion made, unreviewed."""
    return make_runner(capsys, suggested_dir)


@pytest.fixture
def sample(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    """The CLI acting on a private copy of the imported sample project."""
    return make_runner(capsys, sample_dir)


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
