"""REFI-QDA export and import from the workbench: reached from the command palette, with a
progress bar and a one-line result; the files are the ones `qualframe export` and `qualframe
import FILE.qdpx` make and read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from textual.widgets import ProgressBar, Static

from qualframe.tui.dialogs.interchange import InterchangeDialog
from tests.support.projects import db_rows, stored_bytes
from tests.support.tui import SIZE, drawn, make_app, press, settle, type_text

pytestmark = pytest.mark.asyncio


async def _run(project: Path, command: str, file: Path) -> tuple[str, float | None]:
    """From the palette: `command`, the file name, enter; the dialog's result line and how far
    its progress bar got."""
    app = make_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, command)
        await press(pilot, "enter")
        assert isinstance(app.screen, InterchangeDialog)
        await type_text(pilot, str(file))
        await press(pilot, "enter")
        for _ in range(100):
            await settle(pilot)
            if not app.screen.running:
                break
        bar = app.screen.query_one(ProgressBar)
        result = drawn(app.screen.query_one("#interchange-result", Static))
        await press(pilot, "escape")
        assert not isinstance(app.screen, InterchangeDialog)
    return " ".join(result.split()), bar.percentage


async def test_export_then_import_into_another_project(
    sample_dir: Path, project_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sample.qdpx"
    said, done = await _run(sample_dir, "export the project as refi-qda", out)
    assert done == 1.0
    assert said.startswith("Exported 13 document(s)"), said
    with zipfile.ZipFile(out) as archive:
        assert "project.qde" in archive.namelist()
    said, done = await _run(project_dir, "import a refi-qda project", out)
    assert done == 1.0
    assert "added" in said and "13 document(s)" in said, said
    assert db_rows(project_dir, "SELECT count(*) FROM documents") == [(13,)]


async def test_a_file_that_is_not_a_project_is_refused_and_nothing_written(
    sample_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.qdpx"
    bad.write_text("not a zip", encoding="utf-8")
    before = stored_bytes(sample_dir)
    said, _done = await _run(sample_dir, "import a refi-qda project", bad)
    assert "not a zip" in said and "notes.qdpx" in said, said
    assert stored_bytes(sample_dir) == before
