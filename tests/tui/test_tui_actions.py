"""Every workbench action driven by its keys (the contract in the design notes) with Pilot, and
checked in the database afterwards through the same core functions the CLI uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList, RadioButton, Static, TextArea

from qualframe.codebook.store import find_code
from qualframe.project import open_project
from qualframe.tui.bindings import APP, READER, TRANSCRIPT
from qualframe.tui.dialogs.code_picker import NEW, CodePickerScreen
from qualframe.tui.dialogs.coding_choice import CodingChoiceScreen
from qualframe.tui.dialogs.help import HelpScreen
from qualframe.tui.dialogs.memo import MemoScreen
from qualframe.tui.dialogs.new_code import NewCodeScreen, code_id
from qualframe.tui.palette import WorkbenchCommands
from qualframe.tui.screens.home import HomeScreen
from qualframe.tui.screens.reader import ReaderScreen
from qualframe.tui.screens.search import SearchScreen
from qualframe.tui.widgets.codebook_panel import CodebookPanel
from qualframe.tui.widgets.document_list import DocumentTable
from qualframe.tui.widgets.transcript_view import TranscriptView
from tests.support.projects import Runner
from tests.support.tui import (
    SIZE,
    codings,
    drawn,
    fill_new_code,
    make_app,
    memos,
    notes,
    open_document,
    pick,
    press,
    sentences,
    settle,
    type_text,
)

pytestmark = pytest.mark.asyncio


# --- home ---------------------------------------------------------------------------------


async def test_home_lists_filters_and_opens(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DocumentTable)
        assert table.row_count == 13
        header = drawn(app.screen.query_one("#header", Static))
        assert "project" in header and "tester" in header and "v1.0" in header
        await type_text(pilot, "hospital d")
        assert [row.name for row in table.visible_rows()] == ["P10", "P11", "P12"]
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ReaderScreen) and app.screen.document_name == "P11"
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_escape_right_after_opening_stays_on_the_list(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader switches in when its text is ready or after a moment, whichever is first;
    the later of the two must not bring it back once the researcher has pressed escape (the
    moment is stretched here so that escape surely comes before it)."""
    import asyncio

    from qualframe.tui import app as app_module

    monkeypatch.setattr(app_module, "SWITCH_WAIT_SECONDS", 1.0)
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "escape", "down")  # the reader is built the first time
        await press(pilot, "enter")
        assert isinstance(app.screen, ReaderScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
        await asyncio.sleep(1.2)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_the_app_hands_the_interpreter_over_quickly_and_restores_it(sample_dir: Path) -> None:
    """Writes run in a thread while the UI thread draws: the app shortens the interpreter's
    switch interval while it runs (the coding keypress budget) and leaves it as it found it."""
    import sys

    from qualframe.tui.app import SWITCH_INTERVAL

    before = sys.getswitchinterval()
    assert before != SWITCH_INTERVAL
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)
    assert sys.getswitchinterval() == before


async def test_enter_before_the_list_fills_opens_the_first_document(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A researcher who types ahead is not ignored: `enter` pressed while the list is still
    loading opens the first document once it is there."""
    import threading

    from qualframe.tui import data

    release = threading.Event()
    listing = data.document_list

    def slow_listing(*args: Any, **kwargs: Any) -> data.Overview:
        release.wait(10)
        return listing(*args, **kwargs)

    monkeypatch.setattr(data, "document_list", slow_listing)
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(DocumentTable).row_count == 0
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.document_name == "FG01_faculty"


async def test_the_reader_shows_only_your_codings_while_blind(
    sample: Runner, sample_dir: Path
) -> None:
    spans = sentences(sample_dir, "P01")
    for coder, (start, end) in (("tester", spans[1]), ("ana", spans[3])):
        assert (
            sample(
                "code",
                "add",
                "P01",
                "free_riding",
                "--start",
                str(start),
                "--end",
                str(end),
                "--coder",
                coder,
            ).code
            == 0
        )
    assert sample("blind", "on").code == 0
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_document(pilot, "P01")
        assert [(m.start, m.end, m.coder) for m in view.marks] == [(*spans[1], "tester")]
    assert sample("blind", "off").code == 0
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_document(pilot, "P01")
        assert sorted(m.coder for m in view.marks) == ["ana", "tester"]


# --- coding -------------------------------------------------------------------------------


async def test_c_codes_the_sentence_under_the_cursor(sample_dir: Path) -> None:
    spans = sentences(sample_dir, "P01")
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_document(pilot, "P01")
        await press(pilot, "j", "j", "down", "k")
        assert view.cursor_span() == spans[2]
        await press(pilot, "c")
        await pick(pilot, "free")
        assert isinstance(app.screen, ReaderScreen)
        assert [m.code for m in view.marks] == ["free_riding"]
    assert codings(sample_dir) == [("free_riding", *spans[2], "tester")]


async def test_v_starts_a_selection_that_arrows_extend(sample_dir: Path) -> None:
    spans = sentences(sample_dir, "P02")
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_document(pilot, "P02")
        await press(pilot, "j", "v", "j", "down")
        assert view.selection() == (spans[1][0], spans[3][1])
        await press(pilot, "c")
        await pick(pilot, "competition")
        assert view.selection() is None
        await press(pilot, "j", "shift+down", "shift+down", "c")
        await pick(pilot, "hierarchy")
    assert codings(sample_dir) == [
        ("competition", spans[1][0], spans[3][1], "tester"),
        ("hierarchy", spans[4][0], spans[6][1], "tester"),
    ]


async def test_the_mouse_selects_any_span(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_document(pilot, "P03")
        row = view.rows[1]
        x = view.geometry().text_x + row.indent
        await pilot.mouse_down(view, offset=(x + 4, 1))
        await pilot.hover(view, offset=(x + 15, 1))
        await pilot.mouse_up(view, offset=(x + 15, 1))
        await settle(pilot)
        assert view.document is not None
        start, end = view.selection() or (0, 0)
        assert (start, end) == _trimmed(view.document.text, row.start + 4, row.start + 16)
        await press(pilot, "c")
        await pick(pilot, "loafing")
        await pilot.click(view, offset=(x + 2, 3))
        await settle(pilot)
        assert view.selection() is None
    assert codings(sample_dir) == [("social_loafing", start, end, "tester")]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while text[start].isspace():
        start += 1
    while text[end - 1].isspace():
        end -= 1
    return start, end


async def test_picker_fuzzy_finds_and_puts_recent_codes_first(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P04")
        await press(pilot, "c")
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(0).id == "collaborative_advantage"
        await type_text(pilot, "lgtbl")
        assert options.get_option_at_index(options.highlighted or 0).id == "league_table_effect"
        await press(pilot, *["backspace"] * 5)
        await type_text(pilot, "data_bur")
        assert options.get_option_at_index(0).id == "data_burden"
        await press(pilot, "enter", "j", "c")
        assert options is not app.screen.query_one(OptionList)
        first = app.screen.query_one(OptionList).get_option_at_index(0)
        assert first.id == "data_burden" and "recent" in str(first.prompt)
        await press(pilot, "escape")
        assert isinstance(app.screen, ReaderScreen)
    assert [c[0] for c in codings(sample_dir)] == ["data_burden"]


async def test_a_new_name_in_the_picker_becomes_an_emergent_code(sample_dir: Path) -> None:
    spans = sentences(sample_dir, "P05")
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P05")
        await press(pilot, "c")
        await type_text(pilot, "Peer pressure")
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(options.highlighted or 0).id == NEW
        await press(pilot, "enter")
        assert isinstance(app.screen, NewCodeScreen)
        assert app.screen.query_one("#new-key").value == "peer_pressure"  # type: ignore[attr-defined]
        await fill_new_code(pilot, "Members push each other to keep up.")
        assert isinstance(app.screen, ReaderScreen)
    project = open_project(sample_dir)
    with project.sessions() as session:
        code = find_code(session, "peer_pressure")
        theme = find_code(session, str(code.parent_id))
        assert (code.name, code.origin, code.created_by) == ("Peer pressure", "emergent", "tester")
        assert code.definition == "Members push each other to keep up." and code.created
        assert theme.key == "collective_action_problems"
    project.close()
    assert codings(sample_dir) == [("peer_pressure", *spans[0], "tester")]


async def test_n_creates_an_emergent_code_and_refuses_a_taken_id(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "n")
        await type_text(pilot, "Free riding")
        await fill_new_code(pilot, "A duplicate.")
        assert isinstance(app.screen, NewCodeScreen)  # refused, still open with the reason
        error = drawn(app.screen.query_one("#new-error", Static))
        assert "already exists" in error
        await press(pilot, "escape")
        view = await open_document(pilot, "P06")
        await press(pilot, "n")
        await type_text(pilot, "Goodwill")
        app.screen.query_one("#new-apply").value = False  # type: ignore[attr-defined]
        await fill_new_code(pilot, "Good faith between members.", theme_steps=1)
        assert isinstance(app.screen, ReaderScreen)
        assert view.marks == []
    project = open_project(sample_dir)
    with project.sessions() as session:
        assert find_code(session, "goodwill").origin == "emergent"
    project.close()
    assert code_id("Ärger & Frust!") == "arger_frust" and code_id("3 kinds") == "code_3_kinds"


async def test_codebook_panel_shows_the_definition_under_the_cursor(
    sample: Runner, sample_dir: Path
) -> None:
    spans = sentences(sample_dir, "P07")
    assert (
        sample(
            "code",
            "add",
            "P07",
            "social_loafing",
            "--start",
            str(spans[1][0]),
            "--end",
            str(spans[1][1]),
        ).code
        == 0
    )
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P07")
        panel = app.screen.query_one(CodebookPanel)
        assert "Free-riding" in drawn(panel.query_one("#code-tree"))
        await press(pilot, "j")
        detail = drawn(panel.query_one("#code-detail", Static))
        assert "Social loafing" in detail and "Definition" in detail
        assert "Include" in detail and "Exclude" in detail and "Examples" in detail
        panel.query_one("#code-tree").focus()
        await press(pilot, "up")
        detail = drawn(panel.query_one("#code-detail", Static))
        assert "Free-riding" in detail and "free_riding" in detail
        await press(pilot, "up")
        detail = drawn(panel.query_one("#code-detail", Static))
        assert "Collective action problems" in detail and "Definition" not in detail
        await press(pilot, "b")
        assert not panel.display


# --- memos, undo, search ------------------------------------------------------------------


async def test_m_writes_memos_on_the_document_a_coding_and_a_code(
    sample: Runner, sample_dir: Path
) -> None:
    spans = sentences(sample_dir, "P08")
    assert (
        sample(
            "code",
            "add",
            "P08",
            "hierarchy",
            "--start",
            str(spans[0][0]),
            "--end",
            str(spans[0][1]),
        ).code
        == 0
    )
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P08")
        await press(pilot, "m")
        assert isinstance(app.screen, MemoScreen)
        await type_text(pilot, "On the *coding*.")
        await press(pilot, "ctrl+s")
        await press(pilot, "m")
        await pilot.click(app.screen.query(RadioButton)[2])
        app.screen.query_one(TextArea).focus()
        await type_text(pilot, "On the code.")
        await press(pilot, "ctrl+s")
        await press(pilot, "j", "m")
        assert "Memos on P08 (1)" in drawn(app.screen.query_one("#memo-list-title"))
        await type_text(pilot, "On the document.")
        await press(pilot, "ctrl+s")
        assert "✎ 3" not in drawn(app.screen.query_one("#header"))  # code memo: not here
        assert "✎ 2" in drawn(app.screen.query_one("#header"))
        await press(pilot, "escape", "tab", "m")
        assert isinstance(app.screen, MemoScreen)
        await type_text(pilot, "On the project.")
        await pilot.click(app.screen.query(RadioButton)[1])
        await press(pilot, "ctrl+s")
    rows = [(m.target_type, m.text, m.coder) for m in memos(sample_dir)]
    assert rows == [
        ("coding", "On the *coding*.", "tester"),
        ("code", "On the code.", "tester"),
        ("document", "On the document.", "tester"),
        ("project", "On the project.", "tester"),
    ]


async def test_undo_and_redo_survive_a_restart(sample_dir: Path) -> None:
    spans = sentences(sample_dir, "P09")
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_document(pilot, "P09")
        await press(pilot, "c")
        await pick(pilot, "reciprocity")
        await press(pilot, "u")
        assert view.marks == [] and codings(sample_dir) == []
        await press(pilot, "ctrl+r")
        assert len(view.marks) == 1
    assert codings(sample_dir) == [("reciprocity", *spans[0], "tester")]
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with notes(app) as seen:
            await press(pilot, "tab", "u")
        assert seen == ["Undone: coding added (reciprocity, P09)."]
    assert codings(sample_dir) == []


async def test_undo_takes_back_an_emergent_code(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "n")
        await type_text(pilot, "Tokenism")
        await fill_new_code(pilot, "Taking part for show.")
        await press(pilot, "u")
    project = open_project(sample_dir)
    with project.sessions() as session:
        assert find_code(session, "tokenism").retired
    project.close()


async def test_search_jumps_to_the_hit(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "/")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "league table")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.hits
        assert screen.query_one("#search-query").has_focus  # typing goes on in the box
        await press(pilot, "down")
        hit = screen.hits[1]
        await press(pilot, "enter")
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.document_name == hit.document
        view = app.screen.query_one(TranscriptView)
        span = view.cursor_span()
        assert span is not None and span[0] <= hit.start < span[1]
        assert view.hit == (hit.start, hit.end)
        assert view.document is not None
        assert "league" in view.document.text[hit.start : hit.end].casefold()


# --- changing codings ---------------------------------------------------------------------


async def test_d_r_e_remove_recode_and_resize(sample: Runner, sample_dir: Path) -> None:
    spans = sentences(sample_dir, "P10")
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_document(pilot, "P10")
        await press(pilot, "j", "c")
        await pick(pilot, "competition")
        await press(pilot, "r")
        await pick(pilot, "fragmentation")
        assert codings(sample_dir) == [("fragmentation", *spans[1], "tester")]
        await press(pilot, "e", "down", "down", "up", "enter")
        assert codings(sample_dir) == [("fragmentation", spans[1][0], spans[2][1], "tester")]
        await press(pilot, "e", "shift+up", "left", "enter")
        project_text = view.document.text if view.document else ""
        end = project_text.rfind(" ", spans[1][0], spans[2][1] - 1)
        row = codings(sample_dir)[0]
        assert row[1] == spans[0][0] and row[2] < spans[2][1] and row[2] <= end + 1
        await press(pilot, "e", "down", "escape")
        assert codings(sample_dir)[0] == row  # escape cancels
        await press(pilot, "d")
        assert codings(sample_dir) == []
        await press(pilot, "d")
        assert codings(sample_dir) == []  # nothing under the cursor: nothing happens


async def test_with_overlapping_codings_d_asks_which(sample: Runner, sample_dir: Path) -> None:
    spans = sentences(sample_dir, "P11")
    for code, end in (("hierarchy", spans[0][1]), ("competition", spans[1][1])):
        assert (
            sample("code", "add", "P11", code, "--start", str(spans[0][0]), "--end", str(end)).code
            == 0
        )
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P11")
        await press(pilot, "d")
        assert isinstance(app.screen, CodingChoiceScreen)
        assert [m.code for m in app.screen.marks] == ["hierarchy", "competition"]
        await press(pilot, "down", "enter")
    assert [c[0] for c in codings(sample_dir)] == ["hierarchy"]


# --- help, palette, the keys of other issues ----------------------------------------------


async def test_help_lists_every_key_of_the_screen(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P12")
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = drawn(app.screen.query_one("#help-keys", Static))
        for group in (READER, TRANSCRIPT, APP):
            for key in group.keys:
                assert key.help in listed, key.id
        await press(pilot, "escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_palette_offers_every_action_and_runs_it(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_document(pilot, "P12")
        provider = WorkbenchCommands(app.screen)
        offered = {hit.text async for hit in provider.discover()}
        for group in (READER, TRANSCRIPT, APP):
            for key in group.keys:
                assert (key.help in offered) == key.palette, key.id
        await press(pilot, "ctrl+p")
        await type_text(pilot, "start a selection")
        await press(pilot, "enter")
        await press(pilot, "down")
        assert view.selection() is not None
        await press(pilot, "ctrl+p")
        await type_text(pilot, "code the selection")
        await press(pilot, "enter")
        assert isinstance(app.screen, CodePickerScreen)
        await pick(pilot, "idea")
        await press(pilot, "ctrl+p")
        await type_text(pilot, "undo your latest")
        await press(pilot, "enter")
    assert codings(sample_dir) == []
