"""The suggestions review (`s`) driven by its keys with Pilot, checked in the database through
the core functions `qualframe suggest list` and `code list` use; and its snapshots.

Pilot tests run on the sample project after a real `suggest run` (made once per session and
copied); the snapshots use three suggestions placed by hand, so they do not change whenever the
codebook's patterns are tuned."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Select, Static

from qualframe.cli import run
from qualframe.codebook.store import find_code
from qualframe.corpus.documents import find_document, show_document
from qualframe.project import open_project
from qualframe.store.db import transaction
from qualframe.store.models import Suggestion
from qualframe.tui import layout
from qualframe.tui.bindings import SUGGESTIONS
from qualframe.tui.dialogs.help import HelpScreen
from qualframe.tui.palette import WorkbenchCommands
from qualframe.tui.screens.home import HomeScreen
from qualframe.tui.screens.reader import ReaderScreen
from qualframe.tui.screens.suggestions import SuggestionsScreen
from qualframe.tui.widgets.transcript_view import TranscriptView
from tests.support.review import in_view, pending, statuses
from tests.support.tui import codings, drawn, make_app, notes, press, settle

SIZE = (120, 40)
SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture(scope="session")
def suggested_template(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project after `qualframe suggest run` (by its own coder)."""
    target = tmp_path_factory.mktemp("suggested") / "project"
    shutil.copytree(sample_template, target)
    assert run(["-p", str(target), "suggest", "run", "--coder", "sample-setup"]) == 0
    return target


@pytest.fixture
def suggested(suggested_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "suggested"
    shutil.copytree(suggested_template, target)
    return target


async def open_review(pilot: Pilot[Any]) -> SuggestionsScreen:
    """From the home screen, `s`; wait until the first suggestion (if any) is drawn."""
    await settle(pilot)
    await press(pilot, "tab", "s")
    screen = pilot.app.screen
    assert isinstance(screen, SuggestionsScreen)
    await settle(pilot)
    return screen


def counter(screen: SuggestionsScreen) -> str:
    return drawn(screen.query_one("#review-count", Static)).strip()


@pytest.mark.asyncio
async def test_a_accepts_the_suggestion_shown_and_u_takes_it_back(suggested: Path) -> None:
    queue = pending(suggested)
    first = queue[0]
    app = make_app(suggested)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert screen.current == first and counter(screen) == f"1 of {len(queue)}"
        view = screen.query_one(TranscriptView)
        assert view.hit == (first.match_start, first.match_end)
        assert in_view(view, first.match_start) and in_view(view, first.match_end - 1)
        detail = drawn(screen.query_one("#suggestion-detail-text"))
        assert first.code_name in detail and "Definition" in detail and "matched" in detail

        with notes(app) as seen:
            await press(pilot, "a")
        assert codings(suggested) == [(first.code, first.start, first.end, "tester")]
        assert statuses(suggested)[first.id] == "accepted"
        assert screen.current == queue[1] and counter(screen) == f"1 of {len(queue) - 1}"
        assert any(message.startswith(f"Accepted: {first.document} l.") for message in seen)

        await press(pilot, "u")
        assert statuses(suggested)[first.id] == "pending" and codings(suggested) == []
        assert screen.current is not None and screen.current.id == first.id
        assert counter(screen) == f"1 of {len(queue)}"

        await press(pilot, "ctrl+r")
        assert statuses(suggested)[first.id] == "accepted"
        assert codings(suggested) == [(first.code, first.start, first.end, "tester")]


@pytest.mark.asyncio
async def test_under_blind_coding_a_colleagues_accept_stays_in_the_queue(suggested: Path) -> None:
    """The review shows the coder's own queue: ana's accept neither empties it nor shows."""
    queue = pending(suggested)
    first = queue[0]
    assert run(["-p", str(suggested), "blind", "on"]) == 0
    assert run(["-p", str(suggested), "suggest", "accept", str(first.id), "--coder", "ana"]) == 0
    app = make_app(suggested)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert screen.current == first and counter(screen) == f"1 of {len(queue)}"
        assert (screen.counts["accepted"], screen.counts["rejected"]) == (0, 0)
        await press(pilot, "a")
        assert counter(screen) == f"1 of {len(queue) - 1}"
    assert sorted(codings(suggested)) == sorted(
        (first.code, first.start, first.end, coder) for coder in ("ana", "tester")
    )


@pytest.mark.asyncio
async def test_x_rejects_space_skips_and_backspace_goes_back(suggested: Path) -> None:
    queue = pending(suggested)
    app = make_app(suggested)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await press(pilot, "space")
        assert screen.current == queue[1] and counter(screen) == f"2 of {len(queue)}"
        await press(pilot, "x")
        assert statuses(suggested)[queue[1].id] == "rejected"
        assert codings(suggested) == []
        assert screen.current == queue[2] and counter(screen) == f"2 of {len(queue) - 1}"
        await press(pilot, "backspace")
        assert screen.current == queue[0]
        await press(pilot, "backspace")  # round to the last
        assert screen.current == queue[-1]
        await press(pilot, "u")
        assert statuses(suggested)[queue[1].id] == "pending"
        assert screen.current is not None and screen.current.id == queue[1].id
    assert sum(status == "pending" for status in statuses(suggested).values()) == len(queue)


@pytest.mark.asyncio
async def test_e_adjusts_the_passage_before_accepting(suggested: Path) -> None:
    first = pending(suggested)[0]
    text = show_text(suggested, first.document)
    start = layout.next_word_start(text, first.start, first.end)
    end = layout.previous_word_end(text, start, first.end)
    app = make_app(suggested)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        view = screen.query_one(TranscriptView)
        await press(pilot, "e")
        assert view.adjusting is not None
        assert "adjusting" in drawn(screen.query_one("#review-status", Static))
        await press(pilot, "escape")  # cancels adjusting, stays on the review
        assert view.adjusting is None and app.screen is screen
        await press(pilot, "e", "shift+right", "left")
        assert view.adjusting is not None
        assert (view.adjusting.start, view.adjusting.end) == (start, end)
        await press(pilot, "enter")
    assert codings(suggested) == [(first.code, start, end, "tester")]
    assert statuses(suggested)[first.id] == "accepted"


def show_text(project_dir: Path, name: str) -> str:
    project = open_project(project_dir)
    with project.sessions() as session:
        text = show_document(session, name).text
    project.close()
    return str(text)


async def choose(pilot: Pilot[Any], key: str, select_id: str, value: str) -> None:
    """Open a filter with its key and pick `value` with the arrows and enter."""
    screen = pilot.app.screen
    select: Select[str] = screen.query_one(select_id, Select)
    await press(pilot, key)
    assert select.expanded
    values = [option_value for _, option_value in select._options]
    steps = values.index(value) - values.index(select.value)
    await press(pilot, *(["down"] * steps), "enter")


@pytest.mark.asyncio
async def test_filters_by_theme_code_and_document(suggested: Path) -> None:
    theme = pending(suggested, code="collective_action_problems")
    by_code = pending(suggested, code="free_riding")
    both = pending(suggested, code="free_riding", document=by_code[-1].document)
    assert len(theme) > len(by_code) >= len(both) >= 1
    app = make_app(suggested)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await choose(pilot, "c", "#review-code", "collective_action_problems")
        assert screen.items == theme and counter(screen) == f"1 of {len(theme)}"
        await choose(pilot, "c", "#review-code", "free_riding")
        assert screen.items == by_code
        await choose(pilot, "d", "#review-document", both[0].document)
        assert screen.items == both and screen.current == both[0]
        assert app.focused is screen.query_one(TranscriptView)
        await press(pilot, "a")
    assert codings(suggested) == [(both[0].code, both[0].start, both[0].end, "tester")]


@pytest.mark.asyncio
async def test_the_last_decision_says_all_is_reviewed(suggested: Path) -> None:
    document = "P05"
    items = pending(suggested, document=document)
    app = make_app(suggested)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await choose(pilot, "d", "#review-document", document)
        for _ in items:
            await press(pilot, "x")
        note = drawn(screen.query_one("#review-empty", Static))
        assert "No pending suggestions for this filter" in note
        assert screen.current is None
        await press(pilot, "a")  # nothing to accept: the key is off
    assert {statuses(suggested)[item.id] for item in items} == {"rejected"}
    assert codings(suggested) == []


@pytest.mark.asyncio
async def test_without_suggestions_it_says_how_to_make_them(sample_dir: Path) -> None:
    app = make_app(sample_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        note = drawn(screen.query_one("#review-empty", Static))
        assert "No suggestions to review" in note and "qualframe suggest run" in note
        assert counter(screen) == "0 of 0"
        await press(pilot, "a", "x", "space")
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
    assert codings(sample_dir) == []


@pytest.mark.asyncio
async def test_enter_opens_the_passage_in_the_reader_and_escape_comes_back(suggested: Path) -> None:
    first = pending(suggested)[0]
    app = make_app(suggested)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await press(pilot, "enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.document_name == first.document
        assert reader.query_one(TranscriptView).hit == (first.start, first.end)
        await press(pilot, "escape", "escape")  # the reader's: clear the mark, then back
        assert app.screen is screen and screen.current == first


@pytest.mark.asyncio
async def test_help_and_palette_offer_the_review_keys(suggested: Path) -> None:
    app = make_app(suggested)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = drawn(app.screen.query_one("#help-keys"))
        for key in SUGGESTIONS.keys:
            assert key.help[:30] in shown
        assert "Start a selection" not in shown  # `v` does nothing here
        await press(pilot, "escape")
        assert app.screen is screen
        provider = WorkbenchCommands(screen)
        offered = {key.action for key, _group in provider.actions()}
        assert {"accept", "reject", "skip", "adjust", "filter_code"} <= offered
        assert "select" not in offered


# --- snapshots -------------------------------------------------------------------------------


def place(project_dir: Path, document: str, code: str, phrase: str) -> None:
    """A pending suggestion of `code` on the sentence of `document` holding `phrase`."""
    project = open_project(project_dir)
    try:
        with transaction(project.sessions) as session:
            shown = show_document(session, document)
            match = re.search(re.escape(phrase), shown.text)
            assert match is not None, phrase
            start, end = next(
                (s.start, s.end) for s in shown.sentences if s.start <= match.start() < s.end
            )
            doc = find_document(session, document)
            session.add(
                Suggestion(
                    document_id=doc.id,
                    revision_id=doc.current_revision_id,
                    code_id=find_code(session, code).id,
                    start=start,
                    end=end,
                    rule=f"phrase: {phrase.lower()}",
                    match_start=match.start(),
                    match_end=match.end(),
                )
            )
    finally:
        project.close()


@pytest.fixture
def placed(sample_dir: Path) -> Path:
    for document, code, phrase in (
        ("P01", "hierarchy", "band five"),
        ("P01", "idea_sharing", "nicked it"),
        ("P02", "league_table_effect", "league table"),
    ):
        place(sample_dir, document, code, phrase)
    return sample_dir


async def review_steps(pilot: Pilot[Any]) -> None:
    await open_review(pilot)


async def adjusting_steps(pilot: Pilot[Any]) -> None:
    await open_review(pilot)
    await press(pilot, "e", "shift+right", "left")


async def filter_steps(pilot: Pilot[Any]) -> None:
    await open_review(pilot)
    await press(pilot, "c")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "steps",
    [review_steps, adjusting_steps, filter_steps],
    ids=["review", "adjusting", "code_filter"],
)
def test_review_snapshot(
    snap_compare: Any, placed: Path, steps: Any, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(placed), terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES)
def test_empty_review_snapshot(snap_compare: Any, sample_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_dir), terminal_size=size, run_before=review_steps)
