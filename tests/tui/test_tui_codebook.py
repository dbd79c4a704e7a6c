"""The codebook screen (`C`): every change to the codebook by hand driven by its keys with
Pilot, checked in the database, and undone with `u`; and its snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from qualframe.store.models import Code
from qualframe.tui.bindings import CODEBOOK
from qualframe.tui.colors import PALETTE
from qualframe.tui.dialogs.code_form import CodeFormScreen
from qualframe.tui.dialogs.matrix_choice import ChoiceScreen
from qualframe.tui.palette import WorkbenchCommands
from qualframe.tui.screens.codebook import CodebookScreen
from tests.support.projects import Runner, db_rows
from tests.support.tui import SIZE, drawn, make_app, notes, press, settle, type_text

pytestmark = pytest.mark.asyncio


def code_row(project_dir: Path, key: str) -> tuple[Any, ...]:
    """(name, parent key, retired, definition, include, exclude, examples) as stored."""
    parent = Code.__table__.alias("parent")
    query = (
        select(
            Code.name,
            parent.c.key,
            Code.retired,
            Code.definition,
            Code.include,
            Code.exclude,
            Code.examples,
        )
        .outerjoin(parent, parent.c.id == Code.parent_id)
        .where(Code.key == key)
    )
    return db_rows(project_dir, query)[0]


async def open_codebook(pilot: Pilot[Any]) -> CodebookScreen:
    await settle(pilot)
    await press(pilot, "tab", "C")
    screen = pilot.app.screen
    assert isinstance(screen, CodebookScreen)
    await settle(pilot)
    return screen


async def onto(pilot: Pilot[Any], screen: CodebookScreen, key: str) -> None:
    """Down the tree with the arrows until `key` is highlighted."""
    for _ in range(80):
        if screen.highlighted() == key:
            await settle(pilot)
            return
        await press(pilot, "down")
    raise AssertionError(f"{key} not reached")


async def test_rename_from_the_codebook_and_undo(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot)
        await onto(pilot, screen, "hierarchy")
        assert "Hierarchy" in drawn(screen.query_one("#code-detail", Static))
        await press(pilot, "r")
        form = app.screen
        assert isinstance(form, CodeFormScreen)
        form.query_one(Input).value = ""
        await type_text(pilot, "Rank and status")
        await press(pilot, "enter")
        assert app.screen is screen
        assert code_row(sample_dir, "hierarchy")[0] == "Rank and status"
        assert "Rank and status" in drawn(screen.query_one("#code-tree"))
        await press(pilot, "u")
        assert code_row(sample_dir, "hierarchy")[0] == "Hierarchy"


async def test_an_empty_name_is_refused_in_the_form(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot)
        await onto(pilot, screen, "hierarchy")
        await press(pilot, "r")
        app.screen.query_one(Input).value = "  "
        await press(pilot, "enter")
        assert isinstance(app.screen, CodeFormScreen)
        assert "name" in drawn(app.screen.query_one("#form-error", Static))
        assert code_row(sample_dir, "hierarchy")[0] == "Hierarchy"


async def test_move_and_merge_choose_with_the_keys(sample: Runner, sample_dir: Path) -> None:
    assert sample("code", "add", "P02", "hierarchy", "--start", "0", "--end", "20").code == 0
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot)
        await onto(pilot, screen, "hierarchy")
        await press(pilot, "m")
        assert isinstance(app.screen, ChoiceScreen)
        await type_text(pilot, "transaction costs")
        await press(pilot, "enter")
        assert code_row(sample_dir, "hierarchy")[1] == "transaction_costs"
        await press(pilot, "u")
        assert code_row(sample_dir, "hierarchy")[1] != "transaction_costs"
        await onto(pilot, screen, "hierarchy")
        await press(pilot, "g")
        assert isinstance(app.screen, ChoiceScreen)
        await type_text(pilot, "data burden")
        await press(pilot, "enter")
        assert code_row(sample_dir, "hierarchy")[2] is True
        moved = db_rows(
            sample_dir,
            "select k.key from codings c join codes k on k.id = c.code_id",
        )
        assert moved == [("data_burden",)]
        await press(pilot, "u")
        assert code_row(sample_dir, "hierarchy")[2] is False
        back = db_rows(sample_dir, "select k.key from codings c join codes k on k.id = c.code_id")
        assert back == [("hierarchy",)]


async def test_split_makes_a_sibling_code(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot)
        await onto(pilot, screen, "hierarchy")
        await press(pilot, "x")
        await type_text(pilot, "Deference")
        await press(pilot, "enter")
        name, parent, *_ = code_row(sample_dir, "deference")
        assert name == "Deference" and parent == code_row(sample_dir, "hierarchy")[1]
        assert screen.codebook is not None and screen.codebook.code("deference") is not None
        await press(pilot, "u")
        assert code_row(sample_dir, "deference")[2] is True


async def test_edit_the_texts_in_a_dialog_and_undo(sample_dir: Path) -> None:
    before = code_row(sample_dir, "hierarchy")
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot)
        await onto(pilot, screen, "hierarchy")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, CodeFormScreen)
        areas = list(form.query(TextArea))
        assert areas[0].text == before[3]  # the definition as stored, to edit
        areas[2].text = "Formal reporting lines alone."
        areas[3].text = "We had to ask the director first.\n\nNobody questions the consultants."
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        _, _, _, definition, include, exclude, examples = code_row(sample_dir, "hierarchy")
        assert (definition, include) == before[3:5]
        assert exclude == "Formal reporting lines alone."
        assert examples == [
            "We had to ask the director first.",
            "Nobody questions the consultants.",
        ]
        assert "Formal reporting lines alone." in drawn(screen.query_one("#code-detail", Static))
        await press(pilot, "u")
        assert code_row(sample_dir, "hierarchy") == before


async def test_retire_and_new_theme_then_undo(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot)
        await onto(pilot, screen, "hierarchy")
        with notes(app) as seen:
            await press(pilot, "delete")
        assert code_row(sample_dir, "hierarchy")[2] is True
        assert any("retired" in note for note in seen)
        assert "Hierarchy" not in drawn(screen.query_one("#code-tree"))
        await press(pilot, "u")
        assert code_row(sample_dir, "hierarchy")[2] is False
        await press(pilot, "t")
        await type_text(pilot, "Trust building")
        await press(pilot, "tab")
        await type_text(pilot, "How trust grows.")
        await press(pilot, "ctrl+s")
        assert code_row(sample_dir, "trust_building")[:4] == (
            "Trust building",
            None,
            False,
            "How trust grows.",
        )
        await press(pilot, "u")
        assert code_row(sample_dir, "trust_building")[2] is True


async def test_colour_chosen_from_the_palette_and_undone(sample_dir: Path) -> None:
    colour = select(Code.colour).where(Code.key == "hierarchy")
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot)
        await onto(pilot, screen, "hierarchy")
        assert screen.codebook is not None and screen.codebook.color_of("hierarchy") % 12 != 6
        await press(pilot, "c")
        assert isinstance(app.screen, ChoiceScreen)
        await type_text(pilot, "red")
        await press(pilot, "enter")
        assert db_rows(sample_dir, colour) == [(PALETTE[6][1],)]
        assert screen.codebook is not None
        assert screen.codebook.color_of("hierarchy") == 6  # the swatches and stripes use it
        await press(pilot, "u")
        assert db_rows(sample_dir, colour) == [(None,)]
        code = screen.codebook.code("hierarchy")
        assert code is not None and code.color == code.order  # by its place again


async def test_the_palette_opens_the_codebook_and_offers_its_changes(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "codebook: edit")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, CodebookScreen)
        provider = WorkbenchCommands(screen)
        offered = {hit.text async for hit in provider.discover()}
        for key in CODEBOOK.keys:
            assert (key.help in offered) == key.palette, key.id


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_codebook_screen_snapshot(
    snap_compare: Any, sample_dir: Path, size: tuple[int, int]
) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        screen = await open_codebook(pilot)
        await onto(pilot, screen, "hierarchy")

    assert snap_compare(make_app(sample_dir), terminal_size=size, run_before=steps)
