"""The Framework matrix in the workbench (`f`) and a chart cell (`enter`), driven by their keys
with Pilot and checked in the database through the core functions the CLI uses; snapshots of
the matrix and of a cell at 120x40 and 80x24.

The `charted` project is the sample with codings in the first theme (the one the matrix opens
on): P01 has a summary by another coder and an unsummarised code, P02 a summary, P05 codings
only, F2 (a focus-group speaker) one coding, P03 a summary without codings. Summary times are
fixed so that snapshots do not change with the clock.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList, Static, TextArea

from qualframe.framework.matrix import build_matrix
from qualframe.framework.summaries import set_summary, summary_history
from qualframe.project import open_project
from qualframe.store.db import transaction
from qualframe.tui.bindings import APP, CELL, MATRIX
from qualframe.tui.dialogs.help import HelpScreen
from qualframe.tui.dialogs.matrix_choice import ChoiceScreen
from qualframe.tui.framework_data import ChartRequest
from qualframe.tui.palette import WorkbenchCommands
from qualframe.tui.screens.cell import CellScreen
from qualframe.tui.screens.framework import FrameworkScreen
from qualframe.tui.screens.reader import ReaderScreen
from qualframe.tui.widgets.matrix_table import MatrixTable, cell_text, clip
from qualframe.tui.widgets.transcript_view import TranscriptView
from tests.support.projects import Runner
from tests.support.tui import (
    codings,
    drawn,
    make_app,
    notes,
    open_document,
    pick,
    press,
    settle,
    type_text,
)

SIZE = (120, 40)
SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
P01_SUMMARY = (
    "Sees the network as the only route to regional audit data her hospital could "
    "never collect alone."
)
P02_SUMMARY = "Values comparing practice with peers; wary of the time it takes."


def _sentences(sample: Runner, document: str) -> list[dict[str, int]]:
    return sample("doc", "show", document, "--format", "json").json()["sentences"]


def _code(sample: Runner, document: str, code: str, start: int, end: int, coder: str) -> None:
    result = sample(
        "code", "add", document, code, "--start", str(start), "--end", str(end), "--coder", coder
    )
    assert result.code == 0, result.err


@pytest.fixture
def charted(sample: Runner, sample_dir: Path) -> Path:
    p01, p02, p05 = (_sentences(sample, name) for name in ("P01", "P02", "P05"))
    _code(sample, "P01", "collaborative_advantage", p01[2]["start"], p01[3]["end"], "ana")
    _code(sample, "P01", "collaborative_advantage", p01[9]["start"], p01[9]["end"], "ana")
    _code(sample, "P01", "idea_sharing", p01[12]["start"], p01[12]["end"], "ana")
    _code(sample, "P02", "collaborative_advantage", p02[4]["start"], p02[4]["end"], "ana")
    _code(sample, "P05", "reciprocity", p05[8]["start"], p05[9]["end"], "ana")
    fg = sample("doc", "show", "FG01_faculty", "--format", "json").json()["turns"]
    f2 = next(turn for turn in fg if turn["case"] == "F2")
    _code(sample, "FG01_faculty", "community_of_practice", f2["utterance_start"], f2["end"], "ana")
    for case, code, text in (
        ("P01", "collaborative_advantage", P01_SUMMARY),
        ("P02", "collaborative_advantage", P02_SUMMARY),
        ("P03", "reciprocity", "Gives more than she gets, and minds."),
    ):
        assert sample("summary", "set", case, code, text, "--coder", "ana").code == 0
    with sqlite3.connect(sample_dir / "qualframe.db") as db:
        db.execute("UPDATE summaries SET created = '2026-05-04 09:30:00.000000'")
    return sample_dir


def whole(widget: Widget) -> str:
    """What a widget draws, its border included."""
    return "\n".join(s.text for s in widget.render_lines(Region(0, 0, *widget.outer_size)))


def flat(widget: Any) -> str:
    """What a widget draws, with its wrapping undone (words, single spaces)."""
    return " ".join(drawn(widget).split())


def versions(project_dir: Path, case: str, code: str) -> list[tuple[int, str, str | None]]:
    project = open_project(project_dir)
    with project.sessions() as session:
        found = [(v.version, v.text, v.author) for v in summary_history(session, case, code)]
    project.close()
    return found


def write_summary(project_dir: Path, case: str, code: str, text: str, coder: str) -> None:
    """Another researcher's save, made outside the app."""
    project = open_project(project_dir)
    with transaction(project.sessions) as session:
        set_summary(session, case, code, text, coder)
    project.close()


async def open_matrix(pilot: Pilot[Any]) -> MatrixTable:
    await settle(pilot)
    await press(pilot, "tab", "f")
    assert isinstance(pilot.app.screen, FrameworkScreen)
    return pilot.app.screen.query_one(MatrixTable)


async def go_to(pilot: Pilot[Any], table: MatrixTable, case: str, code: str) -> None:
    """Move the cursor with the arrow keys to the cell of `case` on `code`."""
    assert table.matrix is not None
    rows = [r.name for r in table.matrix.rows]
    columns = [c.key for c in table.matrix.columns]
    for _ in range(len(rows) * 2 + len(columns)):
        current = table.current()
        assert current is not None
        row, column, _ = current
        if row.name == case and column.key == code:
            return
        if column.key != code:
            step = "right" if columns.index(code) > columns.index(column.key) else "left"
        else:
            step = "down" if rows.index(case) > rows.index(row.name) else "up"
        await press(pilot, step)
    raise AssertionError(f"cursor did not reach {case}/{code}")


async def choose(pilot: Pilot[Any], key: str, typed: str) -> None:
    """`t`, `g` or `w`, then the choice whose label matches `typed`."""
    await press(pilot, key)
    assert isinstance(pilot.app.screen, ChoiceScreen)
    options = pilot.app.screen.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    index = next(i for i, label in enumerate(labels) if typed in label)
    options.highlighted = index
    await press(pilot, "enter")


# --- the matrix -------------------------------------------------------------------------------


def test_cells_show_a_summary_or_what_waits_for_one() -> None:
    from qualframe.framework.model import Cell, SummaryVersion

    assert str(cell_text(Cell(), 20)) == "·"
    waiting = Cell(excerpts=[object()] * 3)  # type: ignore[list-item]
    assert str(cell_text(waiting, 20)) == "3 excerpts\nto summarise"
    summary = SummaryVersion(
        1, 2, 4, "One two three four five six seven eight nine ten eleven", "ana", None
    )  # type: ignore[arg-type]
    shown = str(cell_text(Cell(summary, [object()] * 2), 16))  # type: ignore[list-item]
    assert shown == "One two three\nfour five… [2]"
    assert all(len(line) <= 16 for line in shown.splitlines())
    assert clip("Improvement advisor", 18, 1) == ["Improvement advis…"]


@pytest.mark.asyncio
async def test_f_opens_the_first_theme_with_cases_and_codes(charted: Path) -> None:
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        matrix = table.matrix
        assert matrix is not None and matrix.theme == "collaborative_gains"
        assert [c.key for c in matrix.columns] == [
            "collaborative_advantage",
            "community_of_practice",
            "idea_sharing",
            "reciprocity",
        ]
        names = [r.name for r in matrix.rows]
        assert names[:4] == ["F1", "F2", "F3", "F4"] and "P12" in names
        shown = drawn(table)
        assert "Sees the network" in shown and "to summarise" in shown
        assert "Free-riding" not in shown
        bar = whole(app.screen.query_one("#matrix-bar", Static))
        assert "16 cases" in bar and "3 summarised" in bar and "3 to summarise" in bar
        await go_to(pilot, table, "P01", "collaborative_advantage")
        preview = whole(app.screen.query_one("#matrix-preview", Static))
        assert "version 1 · ana · 2026-05-04 09:30" in preview and "2 excerpts" in preview
        assert "regional audit data" in preview
        await press(pilot, "escape")
        assert not isinstance(app.screen, FrameworkScreen)


@pytest.mark.asyncio
async def test_the_matrix_is_the_same_as_the_core_builds(charted: Path) -> None:
    """The screen charts with `build_matrix`, the function behind `qualframe chart`."""
    project = open_project(charted)
    with project.sessions() as session:
        core = build_matrix(session, "collaborative_gains")
    project.close()
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        assert table.matrix is not None
        assert table.matrix.rows == core.rows and table.matrix.columns == core.columns
        assert {key: (c.text, c.count) for key, c in table.matrix.cells.items()} == {
            key: (c.text, c.count) for key, c in core.cells.items()
        }


@pytest.mark.asyncio
async def test_t_g_w_switch_theme_grouping_and_filter(charted: Path) -> None:
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        screen = app.screen
        assert isinstance(screen, FrameworkScreen)
        await choose(pilot, "t", "Collective action problems")
        assert table.matrix is not None and table.matrix.theme == "collective_action_problems"
        assert "Collective action problems" in drawn(screen.query_one("#header", Static))
        await choose(pilot, "t", "All themes")
        assert table.matrix.theme is None and len(table.matrix.columns) == 6
        await choose(pilot, "g", "By organisation")
        assert screen.request.grouping == "organisation"
        shown = drawn(table)
        assert "Hospital A" in shown and "Collaborative faculty" in shown
        await press(pilot, "up", "up")  # the cursor steps over group headings
        assert table.current() is not None
        await choose(pilot, "w", "role = Staff nurse")
        assert [r.name for r in table.matrix.rows] == ["P01"]
        await choose(pilot, "w", "role = Matron")
        assert [r.name for r in table.matrix.rows] == ["P01", "P09"]
        assert screen.request == ChartRequest(
            None, "organisation", (("role", "Staff nurse"), ("role", "Matron"))
        )
        await choose(pilot, "w", "role = Staff nurse")  # chosen again: dropped
        assert [r.name for r in table.matrix.rows] == ["P09"]
        with notes(app) as seen:
            await choose(pilot, "w", "organisation = Hospital D")  # no matron there
        assert seen == [
            "no case has role=Matron and organisation=Hospital D (see: qualframe case list)"
        ]
        assert [r.name for r in table.matrix.rows] == ["P09"]  # the matrix stays as it was
        assert screen.request.where == (("role", "Matron"),)
        await choose(pilot, "w", "No filter")
        assert len(table.matrix.rows) == 16
        await press(pilot, "t", "escape")
        assert isinstance(app.screen, FrameworkScreen) and table.matrix.theme is None


# --- a cell -----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_enter_shows_the_summary_beside_its_excerpts(charted: Path) -> None:
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        await go_to(pilot, table, "P01", "collaborative_advantage")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, CellScreen)
        assert P01_SUMMARY in flat(screen.query_one("#summary-text", Static))
        assert "version 1 · ana" in drawn(screen.query_one("#summary-meta", Static))
        excerpts = screen.query_one("#excerpts", OptionList)
        assert excerpts.option_count == 2
        assert screen.view is not None
        prompts = [str(excerpts.get_option_at_index(i).prompt) for i in range(2)]
        assert prompts == [
            f"{e.reference}\n{' '.join(e.text.split())}" for e in screen.view.cell.excerpts
        ]
        assert "(P01, l.4–6)" in drawn(excerpts)
        await press(pilot, "escape")
        assert app.screen is table.screen
        current = table.current()
        assert current is not None and (current[0].name, current[1].key) == (
            "P01",
            "collaborative_advantage",
        )


@pytest.mark.asyncio
async def test_e_edits_the_summary_in_place_and_saves_a_version(charted: Path) -> None:
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        await go_to(pilot, table, "P05", "reciprocity")
        await press(pilot, "e")
        screen = app.screen
        assert isinstance(screen, CellScreen) and screen.editing
        editor = screen.query_one("#summary-editor", TextArea)
        assert editor.has_focus and editor.text == ""
        await type_text(pilot, "Trades data for advice")
        await press(pilot, "enter")  # a new line in the summary, not a jump
        await type_text(pilot, "with Hospital A; much quieter.")  # letters are text here
        assert isinstance(app.screen, CellScreen)
        with notes(app) as seen:
            await press(pilot, "ctrl+s")
        assert seen == ["Summary of P05 on reciprocity saved as version 1 (u undoes it)."]
        assert not screen.editing
        assert "Trades data for advice" in drawn(screen.query_one("#summary-text", Static))
        await press(pilot, "escape")
        assert "Trades data" in drawn(table)
    assert versions(charted, "P05", "reciprocity") == [
        (1, "Trades data for advice\nwith Hospital A; much quieter.", "tester")
    ]


@pytest.mark.asyncio
async def test_a_stale_edit_is_refused_and_the_draft_kept(charted: Path) -> None:
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        await go_to(pilot, table, "P01", "collaborative_advantage")
        await press(pilot, "enter", "e")
        screen = app.screen
        assert isinstance(screen, CellScreen)
        await type_text(pilot, " Mine.")
        write_summary(charted, "P01", "collaborative_advantage", "Ana's rewrite.", "ana")
        with notes(app) as seen:
            await press(pilot, "ctrl+s")
        assert len(seen) == 1 and "changed since you read version 1" in seen[0]
        assert "now version 2 by ana" in seen[0]
        assert versions(charted, "P01", "collaborative_advantage")[-1] == (
            2,
            "Ana's rewrite.",
            "ana",
        )
        assert screen.editing
        assert screen.query_one("#summary-editor", TextArea).text == P01_SUMMARY + " Mine."
        assert "Ana's rewrite." in whole(screen.query_one("#summary-theirs", Static))
        assert "ctrl+s saves it over that version" in flat(
            screen.query_one("#summary-note", Static)
        )
        await press(pilot, "ctrl+s")  # deliberately, having seen theirs
        assert not screen.editing
    assert versions(charted, "P01", "collaborative_advantage")[-1] == (
        3,
        P01_SUMMARY + " Mine.",
        "tester",
    )


@pytest.mark.asyncio
async def test_escape_with_unsaved_text_asks_once_then_drops_it(charted: Path) -> None:
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        await go_to(pilot, table, "P02", "collaborative_advantage")
        await press(pilot, "e")
        screen = app.screen
        assert isinstance(screen, CellScreen)
        await type_text(pilot, " Draft")
        await press(pilot, "escape")
        assert screen.editing
        assert "esc again drops it" in flat(screen.query_one("#summary-note", Static))
        await press(pilot, "escape")
        assert not screen.editing and app.screen is screen
        await press(pilot, "escape")
        assert isinstance(app.screen, FrameworkScreen)
    assert versions(charted, "P02", "collaborative_advantage") == [(1, P02_SUMMARY, "ana")]


@pytest.mark.asyncio
async def test_an_excerpt_opens_its_transcript_and_escape_comes_back(charted: Path) -> None:
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        await go_to(pilot, table, "F2", "community_of_practice")
        await press(pilot, "enter")
        cell = app.screen
        assert isinstance(cell, CellScreen) and cell.view is not None
        excerpt = cell.view.cell.excerpts[0]
        await press(pilot, "enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.document_name == "FG01_faculty"
        view = reader.query_one(TranscriptView)
        assert view.hit == (excerpt.start, excerpt.end)
        await press(pilot, "escape")  # the reader's own: the highlight goes first (as after /)
        assert view.hit is None
        await press(pilot, "escape")
        assert app.screen is cell
        await press(pilot, "escape")
        current = table.current()
        assert current is not None and (current[0].name, current[1].key) == (
            "F2",
            "community_of_practice",
        )


@pytest.mark.asyncio
async def test_from_the_reader_an_excerpt_opens_over_the_matrix(charted: Path) -> None:
    """The matrix opened from a transcript: an excerpt shows in a reader on top, and escape
    walks back through the cell and the matrix to the transcript that was open."""
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P12")
        first_reader = app.screen
        await press(pilot, "f")
        table = app.screen.query_one(MatrixTable)
        await go_to(pilot, table, "P02", "collaborative_advantage")
        await press(pilot, "enter", "enter")
        assert isinstance(app.screen, ReaderScreen) and app.screen is not first_reader
        assert app.screen.document_name == "P02"
        await press(pilot, "escape", "escape", "escape", "escape")
        assert app.screen is first_reader and first_reader.document_name == "P12"


@pytest.mark.asyncio
async def test_h_shows_the_history_and_m_writes_a_cell_memo(charted: Path) -> None:
    write_summary(charted, "P02", "collaborative_advantage", "Second thoughts.", "ana")
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        await go_to(pilot, table, "P02", "collaborative_advantage")
        await press(pilot, "enter", "h")
        screen = app.screen
        assert isinstance(screen, CellScreen)
        history = drawn(screen.query_one("#summary-extra-text", Static))
        assert "History (2 versions)" in history
        assert history.index("Second thoughts.") < history.index("Values comparing")
        await press(pilot, "h", "m")
        await type_text(pilot, "Check against P05.")
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        assert "Check against P05." in drawn(screen.query_one("#summary-extra-text", Static))


# --- undo -------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_u_undoes_summary_edits_and_coding_changes_in_order(charted: Path) -> None:
    spans = _plain_sentences(charted, "P07")
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "P07")
        await press(pilot, "c")
        await pick(pilot, "reciprocity")
        await press(pilot, "f")
        table = app.screen.query_one(MatrixTable)
        await go_to(pilot, table, "P03", "reciprocity")
        await press(pilot, "e")
        await type_text(pilot, " Still.")
        await press(pilot, "ctrl+s", "escape")
        assert versions(charted, "P03", "reciprocity")[-1][1].endswith("Still.")
        with notes(app) as seen:
            await press(pilot, "u")
            assert seen == ["Undone: summary edit (P03, reciprocity)."]
            assert versions(charted, "P03", "reciprocity")[-1] == (
                3,
                "Gives more than she gets, and minds.",
                "tester",
            )
            assert "Still." not in drawn(table)
            await press(pilot, "u")  # then the coding made before it
            assert seen[-1] == "Undone: coding added (reciprocity, P07)."
            assert codings(charted, "P07") == []
            await press(pilot, "ctrl+r", "ctrl+r")  # redone in the opposite order
            assert seen[-2:] == [
                "Redone: coding added (reciprocity, P07).",
                "Redone: summary edit (P03, reciprocity).",
            ]
        assert versions(charted, "P03", "reciprocity")[-1][1].endswith("Still.")
        assert codings(charted, "P07") == [("reciprocity", *spans[0], "tester")]


@pytest.mark.asyncio
async def test_undo_refuses_when_someone_else_changed_the_cell(charted: Path) -> None:
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        await go_to(pilot, table, "P02", "collaborative_advantage")
        await press(pilot, "e")
        await type_text(pilot, " Mine.")
        await press(pilot, "ctrl+s", "escape")
        write_summary(charted, "P02", "collaborative_advantage", "Ana again.", "ana")
        with notes(app) as seen:
            await press(pilot, "u")
        assert len(seen) == 1 and "changed since you read version 2" in seen[0]
        assert "Ana again." in drawn(table)
    assert versions(charted, "P02", "collaborative_advantage")[-1] == (3, "Ana again.", "ana")


def _plain_sentences(project_dir: Path, name: str) -> list[tuple[int, int]]:
    from tests.support.tui import sentences

    return sentences(project_dir, name)


# --- keys, empty projects ---------------------------------------------------------------------


@pytest.mark.asyncio
async def test_help_and_palette_list_the_matrix_and_cell_keys(charted: Path) -> None:
    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        await open_matrix(pilot)
        for group, open_keys in ((MATRIX, ()), (CELL, ("enter",))):
            await press(pilot, *open_keys)
            offered = {hit.text async for hit in WorkbenchCommands(app.screen).discover()}
            await press(pilot, "question_mark")
            assert isinstance(app.screen, HelpScreen)
            listed = flat(app.screen.query_one("#help-keys", Static))
            for key in group.keys:
                assert key.help in listed, key.id
                assert (key.help in offered) == key.palette, key.id
            assert all(key.help in listed for key in APP.keys if key.action not in ("undo", "redo"))
            await press(pilot, "escape")
        await press(pilot, "ctrl+p")
        await type_text(pilot, "show or hide the summary")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, CellScreen) and screen.show_history


@pytest.mark.asyncio
async def test_an_empty_project_says_what_to_do(project_dir: Path) -> None:
    app = make_app(project_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "f")
        assert isinstance(app.screen, FrameworkScreen)
        note = whole(app.screen.query_one("#matrix-note", Static))
        assert "No codebook loaded yet" in note
        await press(pilot, "enter", "t", "e")
        assert isinstance(app.screen, FrameworkScreen)


# --- snapshots --------------------------------------------------------------------------------


def _matrix_steps(*keys: str) -> Any:
    async def steps(pilot: Pilot[Any]) -> None:
        table = await open_matrix(pilot)
        await go_to(pilot, table, "P01", "collaborative_advantage")
        await press(pilot, *keys)
        await settle(pilot)

    return steps


MATRIX_SCREENS = {
    "matrix": _matrix_steps(),
    "matrix_grouped": _matrix_steps("g", "down", "enter"),  # by organisation
    "cell": _matrix_steps("enter"),
    "cell_editing": _matrix_steps("enter", "e"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(MATRIX_SCREENS))
def test_snapshot(snap_compare: Any, charted: Path, screen: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(charted), terminal_size=size, run_before=MATRIX_SCREENS[screen])


# The workbench's `u` is the event log's undo: a summary edit saved in one session is undone in
# the next (the history is the database's, not the app's).
@pytest.mark.sqlite_only  # the charted sample fixes summary times in the SQLite file
@pytest.mark.asyncio
async def test_a_summary_edit_is_undone_with_u_after_a_restart(charted: Path) -> None:
    async with make_app(charted).run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        await go_to(pilot, table, "P03", "reciprocity")
        await press(pilot, "e")
        await type_text(pilot, " Still.")
        await press(pilot, "ctrl+s", "escape")
    assert versions(charted, "P03", "reciprocity")[-1][1].endswith("Still.")

    app = make_app(charted)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(pilot)
        await go_to(pilot, table, "P03", "reciprocity")
        preview = app.screen.query_one("#matrix-preview", Static)
        assert "Still." in drawn(preview)
        with notes(app) as seen:
            await press(pilot, "u")
        assert seen == ["Undone: summary edit (P03, reciprocity)."]
        assert "Still." not in drawn(preview)
        with notes(app) as seen:
            await press(pilot, "ctrl+r")
        assert seen == ["Redone: summary edit (P03, reciprocity)."]
    assert versions(charted, "P03", "reciprocity") == [
        (1, "Gives more than she gets, and minds.", "ana"),
        (2, "Gives more than she gets, and minds. Still.", "tester"),
        (3, "Gives more than she gets, and minds.", "tester"),
        (4, "Gives more than she gets, and minds. Still.", "tester"),
    ]
