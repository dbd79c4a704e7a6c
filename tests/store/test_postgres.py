"""PostgreSQL specifics, on the real server of `tests/pg.py`: the migrations, passwords kept out
of `qualframe.toml`, every bad connection refused with one line (exit 2, nothing written), and
withdrawal leaving no trace in the database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from qualframe.store import schema
from qualframe.store.models import Base
from tests.support.pg import TEAM_PASSWORD, TEAM_ROLE, PostgresServer, free_port, unique_name
from tests.support.projects import (
    CODEBOOK,
    SAMPLES,
    Runner,
    build_sample,
    make_runner,
    set_database,
)

pytestmark = pytest.mark.usefixtures("pg_server")


@pytest.fixture
def empty_db(pg_server: PostgresServer, request: pytest.FixtureRequest) -> str:
    """A new empty database owned by the password-protected `team` role; its name."""
    name = unique_name("qf_pg")
    pg_server.create_database(name)
    pg_server.sql(f'ALTER DATABASE "{name}" OWNER TO {TEAM_ROLE}')
    pg_server.sql(f"GRANT ALL ON SCHEMA public TO {TEAM_ROLE}", database=name)
    request.addfinalizer(lambda: pg_server.drop_database(name))
    return name


def tables(server: PostgresServer, database: str) -> list[str]:
    engine = create_engine(server.url(database))
    try:
        return sorted(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from qualframe.cli import run

    capsys.readouterr()
    code = run(list(args))
    return code, capsys.readouterr().err


def test_migrations_create_exactly_the_models(
    pg_server: PostgresServer, empty_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "init", str(tmp_path / "p"), "--db", pg_server.url(empty_db))[0] == 0
    engine = create_engine(pg_server.url(empty_db))
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            # the full-text GIN index is the migration's own (the models cannot express it)
            assert [
                d for d in diff if d[:1] != ("remove_index",) or d[1].name != "ix_search_lines_tsv"
            ] == []
            indexes = {i["name"] for i in inspect(conn).get_indexes("search_lines")}
            assert "ix_search_lines_tsv" in indexes
            assert (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                == schema.HEAD_REVISION
            )
    finally:
        engine.dispose()


def test_the_password_comes_from_the_environment_never_the_toml(
    pg_server: PostgresServer,
    empty_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = pg_server.url(empty_db, user=TEAM_ROLE)
    with_password = url.replace(f"{TEAM_ROLE}@", f"{TEAM_ROLE}:{TEAM_PASSWORD}@")
    code, err = cli(capsys, "init", str(tmp_path / "p"), "--db", with_password)
    assert code == 2 and "PGPASSWORD" in err and not (tmp_path / "p").exists()
    monkeypatch.setenv("PGPASSWORD", TEAM_PASSWORD)
    assert cli(capsys, "init", str(tmp_path / "p"), "--db", url)[0] == 0
    config = (tmp_path / "p" / "qualframe.toml").read_text(encoding="utf-8")
    assert TEAM_PASSWORD not in config and url in config
    qf = make_runner(capsys, tmp_path / "p")
    assert qf("coder", "add", "ana").code == 0
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{pg_server.host}:{pg_server.port}:*:{TEAM_ROLE}:{TEAM_PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert qf("stats", "--format", "json").json()["coders"] == 1
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.setenv("QUALFRAME_DB", with_password)  # a URL with its password, from the env
    assert qf("stats", "--format", "json").json()["coders"] == 1


def test_a_libpq_style_url_uses_the_installed_driver(
    pg_server: PostgresServer, empty_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_server.url(empty_db).replace("postgresql+psycopg://", "postgresql://")
    assert cli(capsys, "init", str(tmp_path / "p"), "--db", url)[0] == 0
    assert make_runner(capsys, tmp_path / "p")("stats").code == 0


def bad_urls(server: PostgresServer, database: str) -> list[tuple[str, str]]:
    """URLs that cannot work and the reason each must report. The PG* variables point libpq at
    the test server as `team` with a wrong password (see `wrong_password`)."""
    closed = free_port()
    return [
        ("::not a url::", "not a database URL"),
        ("mysqlx://someone@127.0.0.1/db", "unsupported database URL scheme"),
        (f"postgresql+psycopg://{TEAM_ROLE}@127.0.0.1:{closed}/{database}", "Connection refused"),
        (server.url(database, user=TEAM_ROLE), "password authentication failed"),
        ("postgresql+psycopg://", "password authentication failed"),
        (server.url("no_such_database"), 'database "no_such_database" does not exist'),
    ]


@pytest.fixture
def wrong_password(pg_server: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", "wrong-password")
    monkeypatch.setenv("PGHOST", "127.0.0.1")
    monkeypatch.setenv("PGPORT", str(pg_server.port))
    monkeypatch.setenv("PGUSER", TEAM_ROLE)


@pytest.mark.usefixtures("wrong_password")
def test_bad_connections_are_one_line_and_write_nothing(
    pg_server: PostgresServer,
    empty_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for index, (url, message) in enumerate(bad_urls(pg_server, empty_db)):
        target = tmp_path / f"p{index}"
        code, err = cli(capsys, "init", str(target), "--db", url)
        assert code == 2, (url, err)
        assert message in err and err.count("\n") == 1, (url, err)
        assert "wrong-password" not in err and "Traceback" not in err
        assert not target.exists()
    monkeypatch.delenv("PGPASSWORD")
    code, err = cli(
        capsys, "init", str(tmp_path / "q"), "--db", pg_server.url(empty_db, user=TEAM_ROLE)
    )
    assert code == 2 and "no password supplied" in err and "PGPASSWORD or ~/.pgpass" in err
    assert tables(pg_server, empty_db) == []


@pytest.mark.usefixtures("wrong_password")
def test_an_existing_project_whose_server_fails_is_refused(
    pg_server: PostgresServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "qualframe.toml").write_text('[project]\nname = "p"\n', encoding="utf-8")
    qf = make_runner(capsys, folder)
    for url, message in bad_urls(pg_server, "postgres"):
        monkeypatch.setenv("QUALFRAME_DB", url)
        result = qf("code", "list")
        assert result.code == 2 and result.err.count("\n") == 1, (url, result.err)
        assert message in result.err, (url, result.err)


def test_a_server_without_the_schema_is_refused(
    pg_server: PostgresServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = unique_name("qf_first")
    build_sample(tmp_path / "p", pg_server.create_database(template))
    empty = unique_name("qf_none")
    set_database(tmp_path / "p", pg_server.create_database(empty))
    qf = make_runner(capsys, tmp_path / "p")
    for args in (
        ["stats"],
        ["code", "add", "P01", "hierarchy", "--start", "0", "--end", "9"],
        ["import", str(SAMPLES / "P01.txt")],
        ["codebook", "load", str(CODEBOOK)],
    ):
        result = qf(*args)
        assert result.code == 2 and "holds no qualframe schema" in result.err, result.err
        assert result.err.count("\n") == 1
    assert tables(pg_server, empty) == []
    pg_server.sql("CREATE TABLE notes (x int)", database=empty)
    result = qf("stats")
    assert result.code == 2 and "not a qualframe project" in result.err
    pg_server.drop_database(template)
    pg_server.drop_database(empty)


def test_a_teammate_joins_an_existing_project_with_init(
    pg_server: PostgresServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = unique_name("qf_team")
    url = pg_server.create_database(name)
    build_sample(tmp_path / "lead", url)
    assert cli(capsys, "init", str(tmp_path / "member"), "--db", url)[0] == 0
    member = make_runner(capsys, tmp_path / "member")
    assert (
        member(
            "code", "add", "P01", "hierarchy", "--start", "0", "--end", "9", "--coder", "ben"
        ).code
        == 0
    )
    lead = make_runner(capsys, tmp_path / "lead")
    assert [r["coder"] for r in lead("code", "list", "--format", "json").json()] == ["ben"]
    assert lead("stats", "--format", "json").json()["documents"] == 13
    pg_server.drop_database(name)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_withdrawal_leaves_no_trace_on_postgresql(sample: Runner, sample_dir: Path) -> None:
    from tests.support.projects import project_url

    url = project_url(sample_dir)
    assert url.startswith("postgresql")
    shown = sample("doc", "show", "P05", "--format", "json").json()
    sentence = shown["sentences"][12]
    quote = shown["text"][sentence["start"] : sentence["end"]]
    assert (
        sample(
            "code",
            "add",
            "P05",
            "hierarchy",
            "--start",
            str(sentence["start"]),
            "--end",
            str(sentence["end"]),
        ).code
        == 0
    )
    assert sample("memo", "add", "document", "P05", "--text", f"Quoting: {quote}").code == 0
    assert sample("case", "purge", "P05", "--yes").code == 0
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            for table, column in (
                ("revisions", "text"),
                ("search_lines", "norm"),
                ("memos", "text"),
                ("events", "after::text"),
                ("events", "before::text"),
                ("segments", "speaker"),
            ):
                found = conn.execute(
                    text(f"SELECT count(*) FROM {table} WHERE {column} LIKE :q"),
                    {"q": f"%{quote[5:40]}%"},
                ).scalar()
                assert found == 0, table
            assert conn.execute(text("SELECT count(*) FROM cases WHERE name = 'P05'")).scalar() == 0
    finally:
        engine.dispose()
    assert sample("search", quote.split()[3], "--format", "json").code == 0


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_the_sample_fixture_runs_on_postgresql(sample_dir: Path, backend: str) -> None:
    from tests.support.projects import project_url

    assert backend == "postgresql"
    assert project_url(sample_dir).startswith("postgresql+psycopg://")
    assert os.environ.get("PGPASSWORD") is None
