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

import shutil
from pathlib import Path

import pytest

from qualframe.cli import run
from tests.support.pg import PostgresServer, pg_server, unique_name
from tests.support.projects import (
    Runner,
    build_sample,
    make_runner,
    set_database,
    suggest_all,
)

__all__ = ["pg_server"]  # a fixture, imported so that every test module can use it


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
    "test_history",
)


BACKENDS = ("sqlite", "postgresql")


PROJECT_FIXTURES = {"project_dir", "sample_dir", "suggested_dir"}


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


@pytest.fixture(autouse=True)
def _coder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUALFRAME_CODER", "tester")
    monkeypatch.delenv("QUALFRAME_DB", raising=False)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


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
