"""Splitting a code in the codebook screen (`x`): the researcher ticks which codings move to
the new sibling code, checked in the database and undone with `u`; bad input is refused in
the dialog with nothing written; and the dialog's snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from qualframe.tui.dialogs.split_code import CodingList, SplitCodeScreen
from tests.support.projects import Runner, db_rows, db_snapshot
from tests.support.tui import SIZE, drawn, make_app, notes, press, type_text
from tests.tui.test_tui_codebook import code_row, onto, open_codebook

#: (document, first sentence, last sentence, coder) of the codings put on `hierarchy`.
SPANS = (
    ("P01", 2, 3, "tester"),
    ("P01", 8, 8, "ana"),
    ("P02", 4, 5, "tester"),
    ("P03", 1, 1, "ana"),
    ("P03", 6, 7, "tester"),
)

CODED_WITH = "select c.id, k.key from codings c join codes k on k.id = c.code_id order by c.id"


@pytest.fixture
def hierarchy_coded(sample: Runner, sample_dir: Path) -> Path:
    """The sample project with five passages coded `hierarchy`, over three documents."""
    for document, first, last, coder in SPANS:
        spans = sample("doc", "show", document, "--format", "json").json()["sentences"]
        start, end = str(spans[first]["start"]), str(spans[last]["end"])
        args = ("code", "add", document, "hierarchy", "--start", start, "--end", end)
        assert sample(*args, "--coder", coder).code == 0
    return sample_dir


def owners(project_dir: Path) -> dict[int, str]:
    """Coding id -> the code it is coded with, as stored."""
    return dict(db_rows(project_dir, CODED_WITH))


async def open_split(pilot: Pilot[Any], name: str = "") -> SplitCodeScreen:
    screen = await open_codebook(pilot)
    await onto(pilot, screen, "hierarchy")
    await press(pilot, "x")
    dialog = pilot.app.screen
    assert isinstance(dialog, SplitCodeScreen)
    if name:
        await type_text(pilot, name)
    return dialog


def listed(dialog: SplitCodeScreen) -> list[int]:
    """The coding ids in the order the dialog lists them."""
    listing = dialog.query_one(CodingList)
    return [listing.get_option_at_index(i).value for i in range(listing.option_count)]


@pytest.mark.asyncio
async def test_the_ticked_codings_move_and_undo_brings_them_back(hierarchy_coded: Path) -> None:
    before = owners(hierarchy_coded)
    assert sorted(before.values()) == ["hierarchy"] * 5
    app = make_app(hierarchy_coded)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_split(pilot, "Deference")
        order = listed(dialog)
        assert sorted(order) == sorted(before)
        rows = drawn(dialog.query_one(CodingList))
        assert "P01 l." in rows and "P03 l." in rows and "ana" in rows and "tester" in rows
        await press(pilot, "tab", "space", "down", "down", "space")
        count = drawn(dialog.query_one("#split-count", Static))
        assert "2 of 5 codings move" in count
        with notes(app) as seen:
            await press(pilot, "enter")
        assert not isinstance(app.screen, SplitCodeScreen)
        moved = {order[0], order[2]}
        after = owners(hierarchy_coded)
        assert {i for i, key in after.items() if key == "deference"} == moved
        assert {i for i, key in after.items() if key == "hierarchy"} == set(before) - moved
        assert (
            code_row(hierarchy_coded, "deference")[1] == code_row(hierarchy_coded, "hierarchy")[1]
        )
        assert any("2 codings moved" in note for note in seen)
        await press(pilot, "u")
        assert owners(hierarchy_coded) == before
        assert code_row(hierarchy_coded, "deference")[2] is True  # the new code is gone


@pytest.mark.asyncio
async def test_a_ticks_them_all_and_again_none(hierarchy_coded: Path) -> None:
    app = make_app(hierarchy_coded)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_split(pilot, "Deference")
        await press(pilot, "tab", "a")
        assert "5 of 5 codings move" in drawn(dialog.query_one("#split-count", Static))
        await press(pilot, "a")
        assert "0 of 5 codings move" in drawn(dialog.query_one("#split-count", Static))
        await press(pilot, "a", "ctrl+s")
        assert set(owners(hierarchy_coded).values()) == {"deference"}


@pytest.mark.asyncio
async def test_the_passage_highlighted_is_shown_in_its_context(hierarchy_coded: Path) -> None:
    app = make_app(hierarchy_coded)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_split(pilot)
        first = dialog.passages[listed(dialog)[0]]
        await press(pilot, "tab")
        shown = " ".join(drawn(dialog.query_one("#split-passage", Static)).split())
        assert " ".join(first.text.split())[:40] in shown


@pytest.mark.asyncio
async def test_splitting_with_nothing_ticked_is_asked_about_first(hierarchy_coded: Path) -> None:
    before = db_snapshot(hierarchy_coded)
    app = make_app(hierarchy_coded)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_split(pilot, "Deference")
        await press(pilot, "ctrl+s")
        assert app.screen is dialog
        assert "Nothing is ticked" in drawn(dialog.query_one("#split-error", Static))
        assert db_snapshot(hierarchy_coded) == before
        await press(pilot, "ctrl+s")
        assert app.screen is not dialog
    assert code_row(hierarchy_coded, "deference")[2] is False
    assert set(owners(hierarchy_coded).values()) == {"hierarchy"}


@pytest.mark.asyncio
async def test_under_blind_coding_only_your_codings_are_offered(
    sample: Runner, hierarchy_coded: Path
) -> None:
    """Another coder's codings are not shown while blind, so they cannot be ticked: they stay
    on the source code, and the dialog says how many."""
    assert sample("blind", "on").code == 0
    before = owners(hierarchy_coded)
    app = make_app(hierarchy_coded)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_split(pilot, "Deference")
        mine = set(listed(dialog))
        assert len(mine) == 3  # the tester's, not ana's
        await press(pilot, "tab", "a")
        count = drawn(dialog.query_one("#split-count", Static))
        assert "3 of 3 codings move" in count and "2 not listed" in count
        await press(pilot, "enter")
    after = owners(hierarchy_coded)
    assert {i for i, key in after.items() if key == "deference"} == mine
    assert sum(key == "hierarchy" for key in after.values()) == 2
    assert set(after) == set(before)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("", "Give the new code a name"),
        ("  ", "Give the new code a name"),
        ("Data burden", "a code with id 'data_burden' already exists"),
        ("Hierarchy!", "a code with id 'hierarchy' already exists"),
    ],
    ids=["empty", "blank", "taken", "itself"],
)
@pytest.mark.asyncio
async def test_a_bad_name_is_refused_and_nothing_changes(
    hierarchy_coded: Path, name: str, said: str
) -> None:
    before = db_snapshot(hierarchy_coded)
    app = make_app(hierarchy_coded)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_split(pilot)
        dialog.query_one(Input).value = name
        await press(pilot, "tab", "space", "ctrl+s")
        assert app.screen is dialog
        assert said in drawn(dialog.query_one("#split-error", Static))
        assert len(dialog.query_one(CodingList).selected) == 1  # the tick is kept, to retry
    assert db_snapshot(hierarchy_coded) == before


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_split_dialog_snapshot(
    snap_compare: Any, hierarchy_coded: Path, size: tuple[int, int]
) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await open_split(pilot, "Deference")
        await press(pilot, "tab", "space", "down", "down", "space")

    assert snap_compare(make_app(hierarchy_coded), terminal_size=size, run_before=steps)
