"""Typing never changes data by accident, and no text is lost: driven with Pilot by the keys a
newcomer presses, checked in the database afterwards."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Input, RadioSet, Static, TextArea

from qualframe.tui.dialogs.code_picker import CodePickerScreen
from qualframe.tui.dialogs.matrix_choice import ChoiceScreen
from qualframe.tui.dialogs.memo import MemoScreen
from qualframe.tui.screens.cell import CellScreen
from qualframe.tui.screens.framework import FrameworkScreen
from qualframe.tui.screens.home import HomeScreen
from qualframe.tui.screens.reader import ReaderScreen
from qualframe.tui.screens.search import DEBOUNCE_SECONDS, SearchScreen
from qualframe.tui.widgets.document_list import DocumentTable
from tests.support.projects import Runner
from tests.support.review import statuses
from tests.support.tui import (
    codings,
    drawn,
    make_app,
    memos,
    notes,
    open_document,
    press,
    sentences,
    settle,
    type_text,
)

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


def add_coding(
    sample: Runner, project_dir: Path, doc: str = "P01", code: str = "free_riding"
) -> tuple[str, int, int, str]:
    """One coding by the test's coder, made with the CLI (what `u` would take back)."""
    start, end = sentences(project_dir, doc)[0]
    assert sample("code", "add", doc, code, "--start", str(start), "--end", str(end)).code == 0
    return (code, start, end, "tester")


# --- typing -------------------------------------------------------------------------------


async def test_typing_on_the_first_screen_filters_and_changes_nothing(suggested_dir: Path) -> None:
    """Reported: "hospital a staff" opened the suggestions (`s`) and accepted one (`a`)."""
    before = statuses(suggested_dir)
    app = make_app(suggested_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "hospital a staff")
        assert isinstance(app.screen, HomeScreen)
        box = app.screen.query_one("#filter", Input)
        assert box.has_focus and box.value == "hospital a staff"
        await press(pilot, "ctrl+u")  # clear the box (Input's own key)
        await type_text(pilot, "hospital d")
        table = app.screen.query_one(DocumentTable)
        assert [row.name for row in table.visible_rows()] == ["P10", "P11", "P12"]
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ReaderScreen) and app.screen.document_name == "P11"
    assert statuses(suggested_dir) == before
    assert codings(suggested_dir) == []


async def test_on_the_list_letters_are_commands_and_other_keys_go_to_the_filter(
    sample_dir: Path,
) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab")
        table = app.screen.query_one(DocumentTable)
        assert table.has_focus
        await type_text(pilot, "P10")  # no command: into the box
        box = app.screen.query_one("#filter", Input)
        assert box.has_focus and box.value == "P10"
        assert [row.name for row in table.visible_rows()] == ["P10"]
        await press(pilot, "question_mark")  # help stays one key away from the box
        assert type(app.screen).__name__ == "HelpScreen"


async def test_typing_more_after_the_search_results_never_undoes(
    sample: Runner, sample_dir: Path
) -> None:
    """Reported: more words typed after the results came up ran `u` and undid a change."""
    coding = add_coding(sample, sample_dir)
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "league")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.hits
        await type_text(pilot, " table u")
        box = screen.query_one("#search-query", Input)
        assert box.has_focus and box.value == "league table u"
        await asyncio.sleep(DEBOUNCE_SECONDS + 0.1)
        await settle(pilot)
        assert screen.shown == "league table u"
    assert codings(sample_dir) == [coding]


async def test_letters_in_the_code_picker_stay_in_its_box(sample: Runner, sample_dir: Path) -> None:
    coding = add_coding(sample, sample_dir, "P02")
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P10")
        await press(pilot, "c", "tab")
        await type_text(pilot, "u")
        picker = app.screen
        assert isinstance(picker, CodePickerScreen)
        assert picker.query_one(Input).has_focus and picker.query_one(Input).value == "u"
        await press(pilot, "escape")
    assert codings(sample_dir) == [coding]


async def test_a_dialog_answers_only_its_own_keys(sample: Runner, sample_dir: Path) -> None:
    """In the matrix's grouping list (no text box), `u` and `q` are not the workbench's."""
    coding = add_coding(sample, sample_dir)
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "f")
        assert isinstance(app.screen, FrameworkScreen)
        await press(pilot, "g")
        assert isinstance(app.screen, ChoiceScreen)
        await press(pilot, "u", "q", "s")
        assert isinstance(app.screen, ChoiceScreen) and app.is_running
    assert codings(sample_dir) == [coding]


# --- no text lost -------------------------------------------------------------------------


async def test_escape_in_a_memo_with_text_asks_first(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P03")
        await press(pilot, "m")
        await type_text(pilot, "Half a thought")
        await press(pilot, "escape")
        dialog = app.screen
        assert isinstance(dialog, MemoScreen)
        assert "Unsaved memo" in drawn(dialog.query_one("#memo-error", Static))
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ReaderScreen)
        await press(pilot, "m", "escape")  # nothing typed: closes at once
        assert isinstance(app.screen, ReaderScreen)
        await press(pilot, "m")
        await type_text(pilot, "Dropped")
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, ReaderScreen)
    assert [m.text for m in memos(sample_dir)] == ["Half a thought"]


async def test_quitting_with_an_unsaved_memo_asks(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P03")
        await press(pilot, "m")
        await type_text(pilot, "Keep me")
        with notes(app) as seen:
            await press(pilot, "ctrl+q")
        assert app.is_running and isinstance(app.screen, MemoScreen)
        assert any("The memo is not saved" in message for message in seen)
        await press(pilot, "ctrl+s")
        await press(pilot, "q")
        assert not app.is_running
    assert [m.text for m in memos(sample_dir)] == ["Keep me"]


async def test_quitting_with_an_unsaved_summary_asks(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "f")
        await press(pilot, "enter")
        cell = app.screen
        assert isinstance(cell, CellScreen)
        await press(pilot, "e")
        await type_text(pilot, "A summary")
        with notes(app) as seen:
            await press(pilot, "ctrl+q")
        assert app.is_running and app.screen is cell
        assert any("The summary is not saved" in message for message in seen)
        assert cell.query_one("#summary-editor", TextArea).text.startswith("A summary")
        await press(pilot, "ctrl+q")  # asked once: the second quits
        assert not app.is_running


# --- the memo's target --------------------------------------------------------------------


async def test_the_memo_goes_to_the_target_the_arrows_are_on(
    sample: Runner, sample_dir: Path
) -> None:
    """Reported: the highlighted row and the chosen one disagreed, and a memo meant for the
    document went to the coding."""
    add_coding(sample, sample_dir, "P08", "hierarchy")
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P08")
        await press(pilot, "m")
        dialog = app.screen
        assert isinstance(dialog, MemoScreen)
        await type_text(pilot, "On the document.")
        await press(pilot, "shift+tab")
        targets = dialog.query_one(RadioSet)
        assert targets.has_focus
        assert targets._selected == targets.pressed_index == 1  # the coding, highlighted
        await press(pilot, "up")  # to the document: highlighted and chosen at once
        assert targets._selected == targets.pressed_index == 0
        await press(pilot, "ctrl+s")
    assert [(m.target_type, m.text) for m in memos(sample_dir)] == [
        ("document", "On the document.")
    ]
