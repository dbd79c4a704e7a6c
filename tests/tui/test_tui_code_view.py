"""The code view (`o`): every passage coded with one code, by case, driven by its keys with
Pilot and checked in the database; and its snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from qualframe.tui.dialogs.code_picker import CodePickerScreen
from qualframe.tui.dialogs.matrix_choice import ChoiceScreen
from qualframe.tui.screens.code_view import CodeViewScreen
from qualframe.tui.screens.reader import ReaderScreen
from qualframe.tui.widgets.passage_list import PassageList, wrap
from qualframe.tui.widgets.transcript_view import TranscriptView
from tests.support.projects import Runner, build_sample
from tests.support.review import in_view
from tests.support.tui import codings, drawn, make_app, pick, press, sentences, settle

SIZE = (120, 40)
SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


def code(sample: Runner, project_dir: Path, doc: str, index: int, key: str) -> int:
    start, end = sentences(project_dir, doc)[index]
    result = sample("code", "add", doc, key, "--start", str(start), "--end", str(end))
    assert result.code == 0
    return int(result.out.split()[1])


def three_passages(sample: Runner, project_dir: Path) -> list[int]:
    """free_riding on P02 (twice) and P10 (with a memo)."""
    ids = [
        code(sample, project_dir, "P02", 1, "free_riding"),
        code(sample, project_dir, "P02", 6, "free_riding"),
        code(sample, project_dir, "P10", 30, "free_riding"),
    ]
    assert sample("memo", "add", "coding", str(ids[2]), "--text", "Said twice.").code == 0
    return ids


async def open_view(pilot: Pilot[Any], query: str = "free-riding") -> CodeViewScreen:
    await settle(pilot)
    await press(pilot, "tab", "o")
    assert isinstance(pilot.app.screen, CodePickerScreen)
    await pick(pilot, query)
    screen = pilot.app.screen
    assert isinstance(screen, CodeViewScreen)
    await settle(pilot)
    return screen


def listed(screen: CodeViewScreen) -> list[str]:
    """The list: headings and passages, each by its first run (case, or `DOC l.N`)."""
    return [entry.blocks[0][0][0] for entry in screen.query_one(PassageList).entries]


@pytest.mark.asyncio
async def test_every_passage_by_case_with_its_memo(sample: Runner, sample_dir: Path) -> None:
    three_passages(sample, sample_dir)
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        first = listed(screen)
        assert [line.split(" l.")[0] for line in first] == ["P02", "P02", "P02", "P10", "P10"]
        assert drawn(screen.query_one("#cv-summary", Static)).startswith(
            "3 passages in 2 cases, 2 documents"
        )
        shown = drawn(screen.query_one(PassageList))
        assert "Said twice." in shown and "✎ 1" in shown
        assert "Free-riding" in drawn(screen.query_one("#cv-title", Static))


@pytest.mark.asyncio
async def test_enter_jumps_to_the_passage_and_escape_comes_back(
    sample: Runner, sample_dir: Path
) -> None:
    three_passages(sample, sample_dir)
    start, end = sentences(sample_dir, "P10")[30]
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        await press(pilot, "down", "down")  # over the P10 heading, onto its passage
        assert screen.current() is not None and screen.current().document == "P10"
        await press(pilot, "enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.document_name == "P10"
        view = reader.query_one(TranscriptView)
        assert view.hit == (start, end) and in_view(view, start)
        await press(pilot, "escape", "escape")
        assert app.screen is screen


@pytest.mark.asyncio
async def test_d_uncodes_r_recodes_and_u_undoes(sample: Runner, sample_dir: Path) -> None:
    ids = three_passages(sample, sample_dir)
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        assert screen.current() is not None and screen.current().coding_id == ids[0]
        await press(pilot, "d")
        assert [c[0] for c in codings(sample_dir)] == ["free_riding", "free_riding"]
        assert screen.report is not None and screen.report.total == 2
        await press(pilot, "u")
        assert screen.report is not None and screen.report.total == 3
        await press(pilot, "r")
        assert isinstance(app.screen, CodePickerScreen)
        await pick(pilot, "hierarchy")
        assert app.screen is screen
        assert sorted(c[0] for c in codings(sample_dir)) == [
            "free_riding",
            "free_riding",
            "hierarchy",
        ]
        assert screen.report is not None and screen.report.total == 2


@pytest.mark.asyncio
async def test_w_keeps_the_cases_with_an_attribute_value(sample: Runner, sample_dir: Path) -> None:
    three_passages(sample, sample_dir)
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        await press(pilot, "w")
        assert isinstance(app.screen, ChoiceScreen)
        await press(pilot, *"hospital d", "enter")
        assert app.screen is screen
        assert [line.split(" l.")[0] for line in listed(screen)] == ["P10", "P10"]
        assert "organisation = Hospital D" in drawn(screen.query_one("#cv-summary", Static))


def test_wrap_breaks_at_spaces_and_cuts_long_words() -> None:
    text = "a long sentence of words, then averyveryverylongword."
    lines = [text[start:end] for start, end in wrap(text, 12)]
    assert lines == ["a long", "sentence of", "words, then", "averyveryver", "ylongword."]
    assert all(len(line) <= 12 for line in lines)
    assert wrap("", 10) == [(0, 0)]


# --- snapshots ----------------------------------------------------------------------------


@pytest.fixture
def coded_for_view(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A fresh sample project with the three passages (fixed ids for stable snapshots)."""
    from tests.support.projects import make_runner

    project = build_sample(tmp_path / "view")
    three_passages(make_runner(capsys, project), project)
    return project


@pytest.mark.parametrize("size", SIZES)
def test_code_view_snapshot(snap_compare: Any, coded_for_view: Path, size: tuple[int, int]) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await open_view(pilot)

    assert snap_compare(make_app(coded_for_view), terminal_size=size, run_before=steps)


@pytest.mark.asyncio
async def test_opening_reads_the_passages_once(
    sample: Runner, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading on mount and again when shown ran the report twice at once (twice the time)."""
    from qualframe.tui.screens import code_view

    three_passages(sample, sample_dir)
    calls: list[str] = []
    report_job = code_view.report_job

    def counted(key: str, *args: Any) -> Any:
        calls.append(key)
        return report_job(key, *args)

    monkeypatch.setattr(code_view, "report_job", counted)
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot)
        assert calls == ["free_riding"]
