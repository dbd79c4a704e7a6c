"""The workbench's `u` is the event log's undo: a summary edit saved in one session is undone
in the next (the history is the database's, not the app's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.test_tui_actions import drawn, make_app, notes, press, type_text
from tests.test_tui_framework import SIZE, charted, go_to, open_matrix, versions

__all__ = ["charted"]  # a fixture, imported so that the test can use it


@pytest.mark.sqlite_only  # the charted sample fixes summary times in the SQLite file
@pytest.mark.asyncio
async def test_a_summary_edit_is_undone_with_u_after_a_restart(charted: Path) -> None:
    async with make_app(charted).run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        await go_to(pilot, table, "P03", "reciprocity")
        await press(pilot, "e")
        await type_text(pilot, " Still.")
        await press(pilot, "ctrl+s", "escape")
    assert versions(charted, "P03", "reciprocity")[-1][1].endswith("Still.")

    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        await go_to(pilot, table, "P03", "reciprocity")
        preview = app.screen.query_one("#matrix-preview", Static)
        assert "Still." in drawn(preview)
        with notes(app) as seen:
            await press(pilot, "u")
        assert seen == ["Undone: summary edit (P03, reciprocity)."]
        assert "Still." not in drawn(preview)
        with notes(app) as seen:
            await press(pilot, "ctrl+r")
        assert seen == ["Redone: summary edit (P03, reciprocity)."]
    assert versions(charted, "P03", "reciprocity") == [
        (1, "Gives more than she gets, and minds.", "ana"),
        (2, "Gives more than she gets, and minds. Still.", "tester"),
        (3, "Gives more than she gets, and minds.", "tester"),
        (4, "Gives more than she gets, and minds. Still.", "tester"),
    ]
