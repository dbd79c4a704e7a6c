"""Snapshots of every screen on the sample project at 120x40 and 80x24 (pytest-textual-snapshot;
the SVGs live in tests/__snapshots__). Deterministic: the coder comes from QUALFRAME_CODER, no
clock is drawn, cursors do not blink, and everything is waited for, never slept on.

Update after an intended change with `pytest tests/test_tui_snapshots.py --snapshot-update`,
then look at the new SVGs (a cut-off label passes a value test)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.support.projects import Runner
from tests.support.tui import make_app, open_document, press, settle, type_text

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
Steps = Callable[[Pilot[Any]], Awaitable[None]]


@pytest.fixture
def coded(sample: Runner, sample_dir: Path) -> Path:
    """The sample project with a few codings on P01, two overlapping, by two coders."""
    spans = sample("doc", "show", "P01", "--format", "json").json()["sentences"]
    for code, first, last, coder in (
        ("collaborative_advantage", 2, 3, "tester"),
        ("league_table_effect", 3, 5, "ana"),
        ("data_burden", 7, 7, "tester"),
        ("hierarchy", 8, 9, "ana"),
    ):
        assert (
            sample(
                "code",
                "add",
                "P01",
                code,
                "--start",
                str(spans[first]["start"]),
                "--end",
                str(spans[last]["end"]),
                "--coder",
                coder,
            ).code
            == 0
        )
    return sample_dir


def reader(*keys: str, typed: str = "") -> Steps:
    async def steps(pilot: Pilot[Any]) -> None:
        await open_document(pilot, "P01")
        await press(pilot, "j", "j", "j", *keys)
        if typed:
            await type_text(pilot, typed)
        await settle(pilot)

    return steps


async def home(pilot: Pilot[Any]) -> None:
    """The list is filled by a worker that starts after the first frame: wait for its rows."""
    from qualframe.tui.widgets.document_list import DocumentTable

    for _ in range(200):
        await settle(pilot)
        if pilot.app.screen.query_one(DocumentTable).row_count:
            break
    await settle(pilot)


async def search(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await press(pilot, "slash")
    await type_text(pilot, "league table")
    await press(pilot, "enter")


SCREENS: dict[str, Steps] = {
    "home": home,
    "reader": reader(),
    "reader_selection": reader("v", "j"),
    "code_picker": reader("c", typed="lea"),
    "code_picker_low": reader(*["j"] * 14, "c"),  # below the text at 80x24: scrolled above it
    "new_code": reader("n", typed="Peer pressure"),
    "memo": reader("m"),
    "help": reader("question_mark"),
    "search": search,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare: Any, coded: Path, screen: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(coded), terminal_size=size, run_before=SCREENS[screen])


@pytest.mark.parametrize("size", SIZES)
def test_problem_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    app = make_app(Path("/qualframe-snapshot/no-project-here"))
    assert snap_compare(app, terminal_size=size, run_before=settle)
