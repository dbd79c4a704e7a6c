"""The bugs found by a newcomer's afternoon with the workbench, one test each (each failed
before its fix): driven with Pilot by the keys, checked on screen and in the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label, OptionList

from qualframe.tui.dialogs.code_picker import CodePickerScreen
from qualframe.tui.screens.reader import ReaderScreen
from qualframe.tui.screens.suggestions import SuggestionsScreen
from qualframe.tui.widgets.codebook_panel import CodebookPanel
from qualframe.tui.widgets.document_list import DocumentTable
from qualframe.tui.widgets.passage_status import PassageStatus
from qualframe.tui.widgets.transcript_view import TranscriptView
from tests.support.projects import Runner
from tests.support.review import in_view
from tests.support.tui import (
    drawn,
    fill_new_code,
    make_app,
    open_document,
    press,
    sentences,
    settle,
    type_text,
)

pytestmark = pytest.mark.asyncio


async def test_enter_on_a_suggestion_shows_its_passage_in_the_reader(suggested_dir: Path) -> None:
    """Reported: the reader opened at the right line but did not scroll to it."""
    app = make_app(suggested_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "s")
        review = app.screen
        assert isinstance(review, SuggestionsScreen)
        await settle(pilot)
        await press(pilot, "backspace")  # round to the last: far down its transcript
        item = review.current
        assert item is not None and item.start > 4000
        await press(pilot, "enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.document_name == item.document
        view = reader.query_one(TranscriptView)
        assert view.hit == (item.start, item.end)
        assert in_view(view, item.start) and in_view(view, item.end - 1)


async def test_the_picker_fits_a_small_terminal(sample_dir: Path) -> None:
    """Reported: at 80×24 the picker lost its title and showed five codes."""
    app = make_app(sample_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_document(pilot, "P01")
        await press(pilot, "c")
        picker = app.screen
        assert isinstance(picker, CodePickerScreen)
        dialog = picker.query_one("#picker")
        assert dialog.max_scroll_y == 0  # nothing scrolled out of the dialog
        title = picker.query_one(".dialog-title", Label)
        assert title.region.height and "Code l.1" in drawn(title)
        assert picker.query_one(Input).region.height == 1
        lines = drawn(picker.query_one(OptionList)).splitlines()
        assert len(lines) >= 8 and all("■" in line for line in lines)  # one line per code


async def test_a_new_emergent_code_shows_its_name_and_details_at_once(sample_dir: Path) -> None:
    """Reported: a passage coded with a new emergent code showed the code's id, and the panel
    the previous code's details, until the cursor moved."""
    app = make_app(sample_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_document(pilot, "P06")
        await press(pilot, "j")  # the panel follows a code before: it must not stay on it
        await press(pilot, "n")
        await type_text(pilot, "Peer pressure")
        await fill_new_code(pilot, "Members push each other to keep up.")
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert [mark.name for mark in view.marks] == ["Peer pressure"]
        status = drawn(reader.query_one(PassageStatus))
        assert "Peer pressure" in status and "peer_pressure" not in status
        panel = reader.query_one(CodebookPanel)
        assert panel.shown == "peer_pressure"
        assert "Members push each other" in drawn(panel.query_one("#code-detail"))


async def test_the_list_and_the_reader_count_the_same_memos(
    sample: Runner, sample_dir: Path
) -> None:
    """Reported: a document's memo count differed between the list and the reader (the list
    left out the memos on its codings, which the reader lists)."""
    start, end = sentences(sample_dir, "P04")[0]
    assert (
        sample("code", "add", "P04", "hierarchy", "--start", str(start), "--end", str(end)).code
        == 0
    )
    coding = sample("code", "list", "--doc", "P04", "--format", "json").json()[0]["id"]
    assert sample("memo", "add", "coding", str(coding), "--text", "On the coding.").code == 0
    assert sample("memo", "add", "document", "P04", "--text", "On the document.").code == 0
    app = make_app(sample_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DocumentTable)
        assert str(table.get_cell("P04", "memos")) == "✎ 2"
        await open_document(pilot, "P04")
        assert "✎ 2" in drawn(app.screen.query_one("#header"))
        await press(pilot, "m")
        await type_text(pilot, "A third.")
        await press(pilot, "ctrl+s", "escape")
        await settle(pilot)
        assert str(table.get_cell("P04", "memos")) == "✎ 3"


async def test_the_reader_uses_the_width_it_has(sample: Runner, sample_dir: Path) -> None:
    """Reported: the text column stayed narrow on a wide terminal and stripe labels were cut
    at 18 characters with room to spare."""
    start, end = sentences(sample_dir, "P01")[0]
    add = ("code", "add", "P01", "collaborative_advantage", "--start", str(start), "--end")
    assert sample(*add, str(end)).code == 0
    app = make_app(sample_dir)
    async with app.run_test(size=(220, 50)) as pilot:
        view = await open_document(pilot, "P01")
        geometry = view.geometry()
        assert geometry.text_width > 78 and geometry.margin_width > 22
        assert "Collaborative advantage" in drawn(view)
    app = make_app(sample_dir)
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: as before
        view = await open_document(pilot, "P01")
        assert (view.geometry().text_width, view.geometry().margin_width) == (50, 22)
