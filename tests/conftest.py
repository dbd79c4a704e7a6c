"""Shared fixtures: projects in temporary folders, the CLI run in-process, database snapshots.

The bundled sample project (13 transcripts and the collective-action codebook) is imported once
per session into a template folder and copied for each test that changes it.

The store and CLI suites named in `BOTH_BACKENDS` run every project test twice: on SQLite and on
a real PostgreSQL server (`tests/pg.py`), started only when a PostgreSQL test runs. There the
empty and the sample projects are built once per session as template databases, and each test
gets its own copy (`CREATE DATABASE ... TEMPLATE`), dropped afterwards.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from qualframe.cli import run
from tests.pg import PostgresServer, pg_server, unique_name

__all__ = ["pg_server"]  # a fixture, imported so that every test module can use it

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL = SHARED / "transcripts-real"
SAMPLES = REPO / "transcripts_sample"
CODEBOOK = REPO / "codebooks" / "collective-action.yaml"

#: Test modules (by name prefix) whose project tests run on both SQLite and PostgreSQL.
BOTH_BACKENDS = ("test_coding", "test_codebook_cli", "test_import", "test_search", "test_undo",
                 "test_team", "test_agreement")
BACKENDS = ("sqlite", "postgresql")
PROJECT_FIXTURES = {"project_dir", "sample_dir"}
SETUP = "sample-setup"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: a test of SQLite specifics inside a suite run on both backends")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the project tests of the `BOTH_BACKENDS` suites once per database."""
    module = metafunc.module.__name__.rpartition(".")[2]
    if (module.startswith(BOTH_BACKENDS) and PROJECT_FIXTURES & set(metafunc.fixturenames)
            and not metafunc.definition.get_closest_marker("sqlite_only")):
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
    lines = [f"database = {json.dumps(url)}" if line.startswith("database = ") else line
             for line in config.read_text(encoding="utf-8").splitlines()]
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
def project_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str], backend: str,
                request: pytest.FixtureRequest) -> Path:
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
def pg_sample_template(pg_server: PostgresServer,
                       tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample project on PostgreSQL: its folder and its template database."""
    name = unique_name("qf_sample")
    url = pg_server.create_database(name)
    return build_sample(tmp_path_factory.mktemp("pg-sample") / "project", url), name


@pytest.fixture
def sample_dir(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Path:
    target = tmp_path / "sample"
    if backend == "sqlite":
        shutil.copytree(request.getfixturevalue("sample_template"), target)
        return target
    folder, template = request.getfixturevalue("pg_sample_template")
    shutil.copytree(folder, target)
    set_database(target, pg_copy(request, request.getfixturevalue("pg_server"), template))
    return target


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
            return {name: [tuple(row) for row in conn.execute(
                        select(table).order_by(*table.primary_key.columns or table.columns))]
                    for name, table in metadata.tables.items()}
    finally:
        engine.dispose()


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
