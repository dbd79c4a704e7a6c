"""Bad input and safety in the workbench: a missing project, a newer schema, a damaged or
locked database become a clear message in the app, never a traceback; and the `tui` command
(bare `qualframe` in a project) starts the app."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from qualframe.cli import run
from qualframe.store import db
from qualframe.tui.app import QualframeApp
from qualframe.tui.screens.error import ErrorScreen
from qualframe.tui.screens.reader import ReaderScreen
from tests.support.projects import db_snapshot
from tests.support.tui import (
    SIZE,
    codings,
    drawn,
    make_app,
    notes,
    open_document,
    pick,
    press,
    settle,
)


async def problem_shown(app: QualframeApp) -> str:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        shown = " ".join(drawn(app.screen.query_one("#error-message")).split())
        await press(pilot, "q")
    assert app.return_code in (0, None)
    return shown


@pytest.mark.asyncio
async def test_a_folder_that_is_no_project(tmp_path: Path) -> None:
    shown = await problem_shown(make_app(tmp_path / "nowhere"))
    assert "not a qualframe project" in shown and "qualframe init" in shown


@pytest.mark.asyncio
async def test_a_database_from_a_newer_qualframe(sample_dir: Path) -> None:
    conn = sqlite3.connect(sample_dir / "qualframe.db")
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    shown = await problem_shown(make_app(sample_dir))
    assert "newer than this qualframe" in shown


@pytest.mark.asyncio
async def test_a_damaged_database(sample_dir: Path) -> None:
    (sample_dir / "qualframe.db").write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (sample_dir / f"qualframe.db{suffix}").unlink(missing_ok=True)
    shown = await problem_shown(make_app(sample_dir))
    assert "file is not a database" in shown and "Traceback" not in shown


@pytest.mark.asyncio
async def test_a_locked_database_is_a_message_and_nothing_is_written(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    app = make_app(sample_dir)
    app.gateway.write_deadline = 0.3
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P02")
        before = db_snapshot(sample_dir)
        holder = sqlite3.connect(sample_dir / "qualframe.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        with notes(app) as seen:
            await press(pilot, "c")
            await pick(pilot, "competition")
        assert any("busy" in note or "locked" in note for note in seen), seen
        assert "Traceback" not in " ".join(seen)
        holder.execute("ROLLBACK")
        holder.close()
        assert db_snapshot(sample_dir) == before
        assert isinstance(app.screen, ReaderScreen)  # still working: try again
        await press(pilot, "c")
        await pick(pilot, "competition")
    assert [c[0] for c in codings(sample_dir)] == ["competition"]


def test_the_tui_command_and_bare_qualframe_start_the_app(
    sample_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    started: list[Any] = []
    monkeypatch.setattr(QualframeApp, "run", lambda self: started.append(self))
    assert run(["-p", str(sample_dir), "tui", "--coder", "ana"]) == 0
    assert run(["-p", str(sample_dir)]) == 0
    assert [(a.gateway.project_dir, a.gateway.coder) for a in started] == [
        (sample_dir, "ana"),
        (sample_dir, "tester"),
    ]
    capsys.readouterr()
    assert run(["-p", str(tmp_path)]) == 0
    assert "Usage:" in capsys.readouterr().out and len(started) == 2
