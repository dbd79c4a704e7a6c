"""The reader's stripes: a coded passage with memos carries a ✎ in the margin and the status
line, and `F` filters the stripes by code and coder (kept across documents, said in the
header, and what `d`/`r`/`e` act on); `code list --code --by` is its command-line twin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import SelectionList

from qualframe.tui.dialogs.memo import MemoScreen
from qualframe.tui.dialogs.stripe_filter import StripeFilterScreen
from qualframe.tui.screens.reader import ReaderScreen
from qualframe.tui.widgets.passage_status import PassageStatus
from qualframe.tui.widgets.project_header import ProjectHeader
from qualframe.tui.widgets.transcript_view import TranscriptView
from tests.support.projects import Runner
from tests.support.tui import (
    SIZE,
    codings,
    drawn,
    make_app,
    notes,
    open_document,
    press,
    sentences,
    settle,
    type_text,
)


def code_sentences(sample: Runner, sample_dir: Path) -> list[int]:
    """P01's first three sentences coded: free-riding (tester), hierarchy (ann), free-riding
    (ann); P02's first hierarchy (ann). Returns the ids of P01's codings in text order."""
    spans = sentences(sample_dir, "P01")[:3]
    plan = [("free_riding", "tester"), ("hierarchy", "ann"), ("free_riding", "ann")]
    for (start, end), (code, coder) in zip(spans, plan, strict=True):
        args = ("code", "add", "P01", code, "--start", str(start), "--end", str(end))
        assert sample(*args, "--coder", coder).code == 0
    start, end = sentences(sample_dir, "P02")[0]
    args = ("code", "add", "P02", "hierarchy", "--start", str(start), "--end", str(end))
    assert sample(*args, "--coder", "ann").code == 0
    rows = sample("code", "list", "--doc", "P01", "--format", "json").json()
    return [row["id"] for row in rows]


def labels(view: TranscriptView) -> str:
    return drawn(view)


def header(screen: ReaderScreen) -> str:
    return drawn(screen.query_one(ProjectHeader))


async def filter_with(pilot: Pilot[Any], *keys: str) -> None:
    """`F`, then `keys` in the dialog, then enter."""
    await press(pilot, "F")
    assert isinstance(pilot.app.screen, StripeFilterScreen)
    await press(pilot, *keys, "enter")


@pytest.mark.asyncio
async def test_a_coding_with_a_memo_is_marked_and_a_new_memo_marks_it(
    sample: Runner, sample_dir: Path
) -> None:
    first, second, _third = code_sentences(sample, sample_dir)
    assert sample("memo", "add", "coding", str(first), "--text", "too quick?").code == 0
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_document(pilot, "P01")
        assert {(m.id, m.memos) for m in view.marks if m.id in (first, second)} == {
            (first, 1),
            (second, 0),
        }
        assert "✎ Free-riding" in labels(view)
        assert "✎ Hierarchy" not in labels(view)
        status = drawn(app.screen.query_one(PassageStatus))
        assert "Free-riding (tester) ✎ 1" in status
        await press(pilot, "down", "m")  # onto the hierarchy coding: a memo on it
        assert isinstance(app.screen, MemoScreen)
        await type_text(pilot, "rank matters")
        await press(pilot, "ctrl+s")
        assert "✎ Hierarchy" in labels(view)
        assert [m.memos for m in view.marks if m.id == second] == [1]


@pytest.mark.asyncio
async def test_stripes_filtered_by_code_stay_filtered_across_documents(
    sample: Runner, sample_dir: Path
) -> None:
    code_sentences(sample, sample_dir)
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_document(pilot, "P01")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert "stripes" not in header(screen)
        await press(pilot, "F")
        dialog = app.screen
        assert isinstance(dialog, StripeFilterScreen)
        codes = dialog.query_one("#stripe-codes", SelectionList)
        assert set(codes.selected) == {"free_riding", "hierarchy"}  # all shown: all ticked
        await press(pilot, "space", "enter")  # untick free-riding (first: most codings)
        assert app.screen is screen
        assert {m.code for m in view.marks} == {"hierarchy"}
        assert "Free-riding" not in labels(view)
        assert "stripes 1/3 (F)" in header(screen)
        with notes(app) as seen:
            await press(pilot, "home", "d")  # the hidden free-riding coding is not touched
        assert any("No coding under the cursor" in note for note in seen)
        assert len(codings(sample_dir, "P01")) == 3
        await press(pilot, "escape", "ctrl+u")  # home, the filter box cleared
        view = await open_document(pilot, "P02")
        assert [m.code for m in view.marks] == ["hierarchy"]
        assert "stripes 1/1 (F)" in header(screen)
        await press(pilot, "F", "a")  # show all again
        assert "stripes" not in header(screen)


@pytest.mark.asyncio
async def test_stripes_filtered_by_coder(sample: Runner, sample_dir: Path) -> None:
    code_sentences(sample, sample_dir)
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_document(pilot, "P01")
        await filter_with(pilot, "tab", "space")  # untick ann (two codings, listed first)
        assert [(m.code, m.coder) for m in view.marks] == [("free_riding", "tester")]
        assert "Hierarchy" not in labels(view)


@pytest.mark.asyncio
async def test_unticking_everything_is_refused_and_esc_keeps_the_filter(
    sample: Runner, sample_dir: Path
) -> None:
    code_sentences(sample, sample_dir)
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_document(pilot, "P01")
        with notes(app) as seen:
            await filter_with(pilot, "space", "down", "space")
        assert isinstance(app.screen, StripeFilterScreen)
        assert any("Tick a code" in note for note in seen)
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert len(view.marks) == 3


def test_code_list_filters_by_codes_and_coders(sample: Runner, sample_dir: Path) -> None:
    code_sentences(sample, sample_dir)

    def listed(*args: str) -> list[tuple[str, str, str]]:
        rows = sample("code", "list", *args, "--format", "json").json()
        return [(r["document"], r["code"], r["coder"]) for r in rows]

    assert listed("--by", "ann") == [
        ("P01", "hierarchy", "ann"),
        ("P01", "free_riding", "ann"),
        ("P02", "hierarchy", "ann"),
    ]
    assert listed("--doc", "P01", "--code", "free_riding", "--by", "ann") == [
        ("P01", "free_riding", "ann")
    ]
    assert len(listed("--code", "free_riding", "--code", "hierarchy")) == 4
    refused = sample("code", "list", "--by", "nobody")
    assert refused.code == 2 and "no coder named 'nobody'" in refused.err


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("keys", [("F",), ("F", "tab", "space", "enter")], ids=["dialog", "shown"])
def test_snapshot(
    snap_compare: Any,
    sample: Runner,
    sample_dir: Path,
    keys: tuple[str, ...],
    size: tuple[int, int],
) -> None:
    """The filter dialog, and P01 with ann's codings hidden and a memo's ✎ on tester's."""
    first = code_sentences(sample, sample_dir)[0]
    assert sample("memo", "add", "coding", str(first), "--text", "too quick?").code == 0

    async def steps(pilot: Pilot[Any]) -> None:
        await open_document(pilot, "P01")
        await press(pilot, *keys)

    assert snap_compare(make_app(sample_dir), terminal_size=size, run_before=steps)
