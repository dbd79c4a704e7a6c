"""Dialogs beside the text: the code picker (`c`, `r`) and the memo editor (`m`) leave the
passage they act on in sight, on the composed screen, at 120×40 (docked right of the text)
and 80×24 (docked below it, the passage scrolled above). Each test failed while the dialogs
were centred over an opaque backdrop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual._context import visible_screen_stack
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, OptionList

from qualframe.tui.app import QualframeApp
from qualframe.tui.dialogs.beside import BesideDialog
from qualframe.tui.dialogs.code_picker import CodePickerScreen
from qualframe.tui.dialogs.memo import MemoScreen
from qualframe.tui.layout import row_at, row_starts
from qualframe.tui.screens.reader import ReaderScreen
from qualframe.tui.widgets.passage_list import PassageList
from qualframe.tui.widgets.passage_status import PassageStatus
from qualframe.tui.widgets.transcript_view import TranscriptView
from tests.support.projects import Runner
from tests.support.tui import drawn, make_app, open_document, pick, press, settle
from tests.tui.test_tui_code_view import open_view, three_passages

pytestmark = pytest.mark.asyncio

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
DIALOGS = [
    pytest.param("c", CodePickerScreen, "#picker", id="picker"),
    pytest.param("m", MemoScreen, "#memo", id="memo"),
]


def on_screen(app: QualframeApp) -> list[str]:
    """What the terminal shows: the top screen composited over the screens it lets through
    (Textual's own screenshot path, without the SVG)."""
    visible_screen_stack.set(list(app._background_screens))
    return [strip.text for strip in app.screen._compositor.render_strips()]


def passage_rows(view: TranscriptView, span: tuple[int, int]) -> range:
    """The screen rows showing `span` in the view, wherever it is scrolled."""
    starts = row_starts(view.rows)
    first, last = row_at(starts, span[0]), row_at(starts, max(span[0], span[1] - 1))
    top = view.region.y - int(view.scroll_offset.y)
    return range(top + first, top + last + 1)


def first_row_text(view: TranscriptView, span: tuple[int, int]) -> str:
    assert view.document is not None
    row = view.rows[row_at(row_starts(view.rows), span[0])]
    return view.document.text[span[0] : row.end].strip()


async def near_the_bottom(pilot: Pilot[Any], view: TranscriptView) -> tuple[int, int]:
    """Move the cursor down until its sentence is in the view's last rows (where a dialog
    docked below the text would cover it)."""
    for _ in range(200):
        span = view.passage()
        assert span is not None
        if passage_rows(view, span).stop >= view.region.bottom - 3:
            return span
        await press(pilot, "j")
    raise AssertionError("the cursor never reached the bottom of the view")


def assert_beside(
    app: QualframeApp, view: TranscriptView, span: tuple[int, int], dialog: Widget
) -> None:
    """The passage's rows are on screen, in the transcript, not under the dialog, and drawn."""
    rows = passage_rows(view, span)
    geometry = view.geometry()
    text = Region(
        view.region.x + geometry.text_x, rows.start, geometry.text_width, len(rows)
    ).intersection(view.region)
    assert text.height >= 1, "the passage is scrolled out of the transcript"
    assert not text.overlaps(dialog.region), "the dialog covers the passage"
    shown = on_screen(app)
    assert first_row_text(view, span) in shown[rows.start], "the passage is not drawn"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("key", "kind", "selector"), DIALOGS)
async def test_the_dialog_leaves_the_passage_in_sight(
    sample_dir: Path,
    size: tuple[int, int],
    key: str,
    kind: type[Screen[Any]],
    selector: str,
) -> None:
    """Even for a sentence at the bottom of the view: the dialog sits beside the text, or
    below it with the sentence scrolled above it."""
    app = make_app(sample_dir)
    async with app.run_test(size=size) as pilot:
        view = await open_document(pilot, "P01")
        span = await near_the_bottom(pilot, view)
        reader = app.screen
        await press(pilot, key)
        assert isinstance(app.screen, kind) and app.screen_stack[-2] is reader
        assert_beside(app, view, span, app.screen.query_one(selector))


async def test_the_picker_sits_right_of_the_text_with_many_codes(sample_dir: Path) -> None:
    """At 120×40 the picker takes the columns the text leaves, full height, the codes filling
    it; the passage keeps its place (nothing needed scrolling)."""
    app = make_app(sample_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_document(pilot, "P01")
        await press(pilot, "j", "j")
        top = view.scroll_offset.y
        await press(pilot, "c")
        picker = app.screen
        assert isinstance(picker, CodePickerScreen) and picker.dock == "right"
        dialog = picker.query_one("#picker").region
        assert dialog.x >= view.region.x + view.geometry().margin_x
        assert dialog.right == 120 and dialog.height >= 35
        assert view.scroll_offset.y == top
        options = drawn(picker.query_one(OptionList)).splitlines()
        assert len([line for line in options if "■" in line]) >= 20
        assert "Code l." in drawn(picker.query_one(".dialog-title", Label))
        assert "esc Cancel" in on_screen(app)[-1]  # its own keys, not the reader's


async def test_below_the_text_at_80x24_the_picker_keeps_its_title_and_ten_codes(
    sample_dir: Path,
) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_document(pilot, "P01")
        await press(pilot, "c")
        picker = app.screen
        assert isinstance(picker, CodePickerScreen) and picker.dock == "below"
        dialog = picker.query_one("#picker")
        assert dialog.max_scroll_y == 0 and dialog.region.bottom == 24
        assert "Code l.1" in drawn(picker.query_one(".dialog-title", Label))
        lines = drawn(picker.query_one(OptionList)).splitlines()
        assert len(lines) >= 10 and all("■" in line for line in lines)


async def test_recoding_keeps_the_coded_passage_in_sight(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_document(pilot, "P01")
        span = await near_the_bottom(pilot, view)
        await press(pilot, "c")
        await pick(pilot, "hierarchy")
        assert isinstance(app.screen, ReaderScreen)
        bottom = passage_rows(view, span).stop - view.region.y + int(view.scroll_offset.y)
        view.scroll_to(y=max(0, bottom - view.size.height), animate=False, immediate=True)
        await settle(pilot)
        assert passage_rows(view, span).stop >= view.region.bottom - 3  # at the bottom again
        await press(pilot, "r")
        assert isinstance(app.screen, CodePickerScreen)
        assert_beside(app, view, span, app.screen.query_one("#picker"))


async def test_with_no_passage_beside_the_dialogs_stay_centred(sample_dir: Path) -> None:
    """From the document list (a memo) and from anywhere (`o`: which code to read), there is
    no passage to keep: the dialog is centred over a plain backdrop, as before."""
    app = make_app(sample_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "m")
        memo = app.screen
        assert isinstance(memo, MemoScreen) and memo.beside is None
        region = memo.query_one("#memo").region
        assert region.x > 0 and region.right < 120 and memo.styles.background.a == 1
        await press(pilot, "escape", "o")
        picker = app.screen
        assert isinstance(picker, BesideDialog) and picker.dock is None
        assert picker.query_one(".dialog").region.x > 0


async def test_a_resized_terminal_moves_the_dialog(sample_dir: Path) -> None:
    """Narrowed while the memo is open: the memo moves below the text, the passage above it."""
    app = make_app(sample_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_document(pilot, "P01")
        span = await near_the_bottom(pilot, view)
        await press(pilot, "m")
        memo = app.screen
        assert isinstance(memo, MemoScreen) and memo.dock == "right"
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert memo.dock == "below"
        assert_beside(app, view, span, memo.query_one("#memo"))


@pytest.mark.parametrize(("key", "kind", "selector"), DIALOGS)
async def test_at_the_end_of_the_text_the_dialog_docks_above_the_passage(
    sample_dir: Path, key: str, kind: type[Screen[Any]], selector: str
) -> None:
    """The last sentence cannot scroll up: the dialog goes to the top, the sentence stays."""
    app = make_app(sample_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_document(pilot, "P01")
        await press(pilot, "end")
        span = view.passage()
        assert span is not None
        await press(pilot, key)
        dialog = app.screen
        assert isinstance(dialog, BesideDialog) and dialog.dock == "above"
        assert dialog.query_one(selector).region.y == view.region.y  # under the header
        assert_beside(app, view, span, dialog.query_one(selector))


@pytest.mark.parametrize("size", SIZES)
async def test_recoding_in_the_code_view_keeps_the_passage_in_sight(
    sample: Runner, sample_dir: Path, size: tuple[int, int]
) -> None:
    """The code view's passages take the whole width: the picker docks below or above the
    highlighted one."""
    three_passages(sample, sample_dir)
    app = make_app(sample_dir)
    async with app.run_test(size=size) as pilot:
        screen = await open_view(pilot)
        await press(pilot, "end")
        listing = screen.query_one(PassageList)
        rows = listing.highlighted_rows()
        assert rows is not None
        await press(pilot, "r")
        picker = app.screen
        assert isinstance(picker, CodePickerScreen) and picker.dock in ("below", "above")
        rows = listing.highlighted_rows()
        assert rows is not None
        top = listing.region.y - int(listing.scroll_offset.y)
        shown = Region(listing.region.x, top + rows[0], listing.region.width, rows[1] - rows[0] + 1)
        assert shown.intersection(listing.region) == shown, "the passage is scrolled away"
        assert not shown.overlaps(picker.query_one("#picker").region)
        assert len(drawn(picker.query_one(OptionList)).splitlines()) >= 3


async def test_a_change_under_the_picker_does_not_redraw_the_reader(sample_dir: Path) -> None:
    """The reader is drawn behind the dialog as a copy: a change to it while the picker is open
    (the coding being committed) costs no render of the transcript. Drawn through a
    see-through screen, each change re-rendered the whole reader (the commit took twice as
    long)."""
    app = make_app(sample_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_document(pilot, "P01")
        await press(pilot, "c")
        assert isinstance(app.screen, CodePickerScreen)
        drawn_rows: list[int] = []
        draw = view.render_line

        def counted(y: int) -> Any:
            drawn_rows.append(y)
            return draw(y)

        view.render_line = counted  # type: ignore[method-assign]
        view.refresh()
        await settle(pilot)
        await pilot.pause()
        assert drawn_rows == []
        await press(pilot, "escape")
        assert drawn_rows  # the reader draws itself again once the picker is gone


async def test_a_change_under_the_picker_does_not_repaint_the_picker(sample_dir: Path) -> None:
    """Nor does the picker's screen repaint for it: Textual composes the screens under a
    dialog into it and repaints the dialog where they change, which during a coding's commit
    (the transcript, its status line and header all change) cost a whole-screen render and
    the garbage collections after it: the commit's p95 went from 18 to 50 ms."""
    app = make_app(sample_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_document(pilot, "P01")
        reader = app.screen
        await press(pilot, "c")
        picker = app.screen
        assert isinstance(picker, CodePickerScreen)
        repaints: list[tuple[object, ...]] = []
        repaint = picker.refresh

        def counted(*regions: Any, **options: Any) -> Any:
            repaints.append(regions)
            return repaint(*regions, **options)

        picker.refresh = counted  # type: ignore[method-assign]
        view.refresh()
        reader.query_one(PassageStatus).update(" l.1  coded: …")
        await settle(pilot)
        await pilot.pause()
        assert repaints == []
