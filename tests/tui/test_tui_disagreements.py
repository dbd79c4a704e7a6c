"""The disagreement view (`D`) driven by its keys with Pilot, checked against the core report
(`list_disagreements`, the same as `qualframe agreement --disagreements`); blind coding hides it;
the home list's coded share under blind coding; snapshots at 120x40 and 80x24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Select, Static

from qualframe.analysis.disagreements import Disagreement, list_disagreements
from qualframe.project import open_project
from qualframe.tui.bindings import APP, DISAGREEMENTS
from qualframe.tui.palette import WorkbenchCommands
from qualframe.tui.screens.disagreements import DisagreementsScreen
from qualframe.tui.screens.home import HomeScreen
from qualframe.tui.screens.reader import ReaderScreen
from qualframe.tui.widgets.coder_column import CoderColumn
from qualframe.tui.widgets.document_list import DocumentTable
from qualframe.tui.widgets.transcript_view import TranscriptView
from tests.support.projects import Runner
from tests.support.tui import drawn, make_app, open_document, press, settle, type_text

SIZE = (120, 40)
SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]

#: (document, code, first sentence, last sentence, coder): tester is the viewer, ana codes
#: most, ben least; they differ in presence and in extent on P01 and P02.
PLAN = (
    ("P01", "collaborative_advantage", 2, 3, "tester"),
    ("P01", "collaborative_advantage", 2, 4, "ana"),
    ("P01", "league_table_effect", 3, 5, "ana"),
    ("P01", "competition", 4, 5, "tester"),
    ("P01", "data_burden", 7, 7, "tester"),
    ("P01", "data_burden", 7, 7, "ana"),
    ("P01", "hierarchy", 8, 9, "ana"),
    ("P02", "free_riding", 5, 6, "tester"),
    ("P02", "free_riding", 6, 6, "ana"),
    ("P02", "idea_sharing", 9, 10, "ana"),
    ("P01", "data_burden", 7, 8, "ben"),
)


@pytest.fixture
def team(sample: Runner, sample_dir: Path) -> Path:
    """The sample project coded by three coders, as PLAN says."""
    spans = {
        doc: sample("doc", "show", doc, "--format", "json").json()["sentences"]
        for doc in ("P01", "P02")
    }
    for doc, code, first, last, coder in PLAN:
        assert (
            sample(
                "code",
                "add",
                doc,
                code,
                "--start",
                str(spans[doc][first]["start"]),
                "--end",
                str(spans[doc][last]["end"]),
                "--coder",
                coder,
            ).code
            == 0
        )
    return sample_dir


def core_report(
    project_dir: Path, coders: tuple[str, str], codes: tuple[str, ...] = ()
) -> tuple[list[Disagreement], dict[str, str]]:
    """The core's disagreements and the texts of their documents."""
    from qualframe.corpus.documents import current_text, find_document

    project = open_project(project_dir)
    with project.sessions() as session:
        found = list_disagreements(session, coders, codes)
        texts = {
            d.document: current_text(session, find_document(session, d.document)) for d in found
        }
    project.close()
    return found, texts


def lines(text: str, start: int, end: int) -> str:
    first, last = text.count("\n", 0, start) + 1, text.count("\n", 0, end - 1) + 1
    return f"l.{first}" if first == last else f"l.{first}–{last}"


def shown(widget: Widget) -> str:
    """What a widget draws, padding included (`drawn` covers the content region only)."""
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, *widget.outer_size)))


def table_rows(screen: DisagreementsScreen) -> list[tuple[str, ...]]:
    table = screen.query_one(DataTable)
    return [
        tuple(str(cell) for cell in table.get_row_at(index)[:4]) for index in range(table.row_count)
    ]


def side(screen: DisagreementsScreen, which: str) -> tuple[str, str]:
    """(title, body) of a side as drawn."""
    column = screen.query_one(f"#side-{which}", CoderColumn)
    return (
        drawn(column.query_one(".side-title", Static)),
        " ".join(drawn(column.query_one(".side-body", Static)).split()),
    )


async def open_view(pilot: Pilot[Any]) -> DisagreementsScreen:
    await settle(pilot)
    await press(pilot, "tab", "D")
    screen = pilot.app.screen
    assert isinstance(screen, DisagreementsScreen)
    await settle(pilot)
    return screen


def selected(screen: DisagreementsScreen) -> tuple[object, ...]:
    return tuple(
        screen.query_one(f"#{name}", Select).value for name in ("coder-a", "coder-b", "code-filter")
    )


# --- the list and the sides -----------------------------------------------------------------


@pytest.mark.asyncio
async def test_d_compares_the_viewer_with_the_busiest_colleague_as_the_core_does(
    team: Path,
) -> None:
    found, texts = core_report(team, ("tester", "ana"))
    app = make_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        assert selected(screen) == ("tester", "ana", "")
        assert len(found) == 6
        names = {
            "collaborative_advantage": "Collaborative advantage",
            "league_table_effect": "League-table effect",
            "competition": "Competition",
            "hierarchy": "Hierarchy",
            "free_riding": "Free-riding",
            "idea_sharing": "Idea sharing",
        }
        expected = [
            (
                d.document,
                lines(texts[d.document], d.start, d.end),
                names[d.code],
                f"only {d.coded_by[0]}"
                if d.kind == "presence"
                else f"extent · {d.agreed * 100 // (d.end - d.start)}% shared",
            )
            for d in found
        ]
        assert table_rows(screen) == expected
        summary = drawn(screen.query_one("#dis-summary", Static))
        assert "6 passages in 2 documents: 4 coded by one coder only, 2 differ in extent" in summary
        # the first passage: both coded collaborative advantage, tester a shorter stretch
        first = found[0]
        assert first.kind == "extent"
        title_a, body_a = side(screen, "a")
        title_b, body_b = side(screen, "b")
        assert (title_a.strip(), title_b.strip()) == ("tester (you)", "ana")
        tester_chars = sum(
            min(s.end, first.end) - max(s.start, first.start)
            for s in first.codings["tester"]
            if s.code == first.code
        )
        length = first.end - first.start
        assert f"Collaborative advantage: coded {tester_chars:,} of {length:,} characters" in body_a
        assert f"Collaborative advantage: coded, all {length:,} characters" in body_b
        assert "Also coded here: Competition" in body_a
        assert "Also coded here: League-table effect" in body_b
        assert " ".join(first.text.split())[:60] in body_a


@pytest.mark.asyncio
async def test_the_cursor_shows_its_passage_side_by_side(team: Path) -> None:
    found, _ = core_report(team, ("tester", "ana"))
    app = make_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        await press(pilot, "down")
        second = found[1]
        assert (second.code, second.coded_by, second.missing) == (
            "league_table_effect",
            ("ana",),
            ("tester",),
        )
        _, body_a = side(screen, "a")
        _, body_b = side(screen, "b")
        assert "League-table effect: not coded here" in body_a
        assert "League-table effect: coded, all" in body_b
        # what tester coded there instead, by name
        assert "Also coded here: Collaborative advantage, Competition" in body_a
        assert " ".join(second.text.split())[:60] in body_b


@pytest.mark.asyncio
async def test_pickers_change_the_coders_and_the_code(team: Path) -> None:
    app = make_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        await press(pilot, "b")
        await type_text(pilot, "ben")
        await press(pilot, "enter")
        assert selected(screen) == ("tester", "ben", "")
        found, _ = core_report(team, ("tester", "ben"))
        assert [row[2] for row in table_rows(screen)] == [
            {
                "data_burden": "Data burden",
                "competition": "Competition",
                "collaborative_advantage": "Collaborative advantage",
            }[d.code]
            for d in found
        ]
        assert [d.code for d in found if d.code == "data_burden"] == ["data_burden"]
        title_b, _ = side(screen, "b")
        assert title_b.strip() == "ben"
        await press(pilot, "a")
        await type_text(pilot, "ana")
        await press(pilot, "enter")
        await press(pilot, "c")
        await type_text(pilot, "data")
        await press(pilot, "enter")
        assert selected(screen) == ("ana", "ben", "data_burden")
        found, _ = core_report(team, ("ana", "ben"), ("data_burden",))
        assert len(found) == 1 and found[0].kind == "extent"
        assert [row[0] for row in table_rows(screen)] == ["P01"]
        assert "1 passage on Data burden in 1 document" in drawn(
            screen.query_one("#dis-summary", Static)
        )


@pytest.mark.asyncio
async def test_the_same_coder_twice_is_not_compared(team: Path) -> None:
    app = make_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        await press(pilot, "b")
        await type_text(pilot, "tester")
        await press(pilot, "enter")
        assert screen.query_one(DataTable).row_count == 0
        assert "Choose two different coders" in drawn(screen.query_one("#dis-summary", Static))


# --- to the reader and back -----------------------------------------------------------------


@pytest.mark.asyncio
async def test_enter_opens_the_passage_in_the_reader_and_escape_comes_back(team: Path) -> None:
    found, _ = core_report(team, ("tester", "ana"))
    app = make_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(pilot)
        await press(pilot, "down", "down", "down", "down")  # P02, free-riding
        target = found[4]
        assert (target.document, target.code) == ("P02", "free_riding")
        await press(pilot, "enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.document_name == "P02"
        assert reader.query_one(TranscriptView).hit == (target.start, target.end)
        await press(pilot, "escape")  # the reader's escape first clears the passage mark
        assert app.screen is reader and reader.query_one(TranscriptView).hit is None
        await press(pilot, "escape")
        screen = app.screen
        assert isinstance(screen, DisagreementsScreen)
        assert screen.query_one(DataTable).cursor_row == 4
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.asyncio
async def test_opened_from_the_reader_it_still_comes_back(team: Path) -> None:
    found, _ = core_report(team, ("tester", "ana"))
    app = make_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P01")
        await press(pilot, "D")
        await settle(pilot)
        await press(pilot, *["down"] * 5, "enter")  # the last passage: P02, idea sharing
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.document_name == "P02"
        assert reader.query_one(TranscriptView).hit == (found[-1].start, found[-1].end)
        await press(pilot, "escape", "escape")
        screen = app.screen
        assert isinstance(screen, DisagreementsScreen)
        assert selected(screen) == ("tester", "ana", "")
        assert screen.query_one(DataTable).cursor_row == len(found) - 1
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.asyncio
async def test_palette_and_help_offer_the_view(team: Path) -> None:
    key = next(k for k in APP.keys if k.id == "qualframe.disagreements")
    assert key.keys == "D"
    app = make_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "two coders differ")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, DisagreementsScreen)
        await settle(pilot)
        offered = {hit.text async for hit in WorkbenchCommands(screen).discover()}
        for group_key in DISAGREEMENTS.keys:
            assert (group_key.help in offered) == group_key.palette, group_key.id
        await press(pilot, "question_mark")
        listed = drawn(app.screen.query_one("#help-keys", Static))
        assert all(k.help in listed for k in DISAGREEMENTS.keys)


# --- blind coding, too few coders -------------------------------------------------------------


@pytest.mark.asyncio
async def test_blind_mode_shows_no_other_coders_codings(team: Path, sample: Runner) -> None:
    assert sample("blind", "on").code == 0
    app = make_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        note = shown(screen.query_one("#dis-note", Static))
        assert "Blind coding is on" in note and "qualframe blind off" in note
        assert screen.report is None and screen.choices is not None
        assert screen.choices.coders == () and screen.choices.codes == ()
        assert not screen.query_one(DataTable).display
        everything = "\n".join(shown(widget) for widget in screen.query(Static) if widget.display)
        for leak in ("ana", "ben", "League-table", "Hierarchy", "passages"):
            assert leak not in everything
        bar = {b.action for _, b, enabled, _ in screen.active_bindings.values() if enabled}
        assert {"first_coder", "second_coder", "code_filter", "open_passage"}.isdisjoint(bar)
        await press(pilot, "a", "enter")
        assert app.screen is screen and screen.report is None


@pytest.mark.asyncio
async def test_one_coder_alone_is_told_what_comparing_needs(
    sample: Runner, sample_dir: Path
) -> None:
    assert sample("code", "add", "P01", "hierarchy", "--start", "0", "--end", "40").code == 0
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot)
        note = " ".join(shown(screen.query_one("#dis-note", Static)).split())
        assert "two coders who have both coded, and so far only tester has" in note
        assert "qualframe --coder NAME" in note and "qualframe coder add NAME" in note
        assert not screen.query_one(DataTable).display
        bar = {b.action for _, b, enabled, _ in screen.active_bindings.values() if enabled}
        assert {"first_coder", "second_coder", "code_filter", "open_passage"}.isdisjoint(bar)


@pytest.mark.asyncio
async def test_home_coded_share_under_blind_coding_is_the_viewers_own(
    sample: Runner, sample_dir: Path
) -> None:
    text = sample("doc", "show", "P03", "--format", "json").json()["text"]
    assert (
        sample(
            "code",
            "add",
            "P03",
            "hierarchy",
            "--start",
            "0",
            "--end",
            str(len(text) // 2),
            "--coder",
            "ana",
        ).code
        == 0
    )
    assert (
        sample(
            "code", "add", "P03", "competition", "--start", "0", "--end", str(len(text) // 10)
        ).code
        == 0
    )
    assert sample("blind", "on").code == 0

    async def share(pilot: Pilot[Any]) -> float:
        await settle(pilot)
        table = pilot.app.screen.query_one(DocumentTable)
        return next(row.coded_share for row in table.listing.rows if row.name == "P03")

    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert await share(pilot) == round((len(text) // 10) / len(text), 4)
        await open_document(pilot, "P03")
        await press(pilot, "escape")  # the row is refreshed on the way back
        assert await share(pilot) == round((len(text) // 10) / len(text), 4)
    assert sample("blind", "off").code == 0
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert await share(pilot) == round((len(text) // 2) / len(text), 4)


# --- snapshots --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_snapshot(snap_compare: Any, team: Path, size: tuple[int, int]) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await open_view(pilot)
        await press(pilot, "down")

    assert snap_compare(make_app(team), terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_blind(
    snap_compare: Any, team: Path, sample: Runner, size: tuple[int, int]
) -> None:
    assert sample("blind", "on").code == 0
    assert snap_compare(make_app(team), terminal_size=size, run_before=open_view)
