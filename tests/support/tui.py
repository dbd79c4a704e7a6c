"""Driving the workbench in tests: an app on a project, keys, waiting for workers, and what
is drawn and stored."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Select, TextArea
from textual.worker import WorkerState

from qualframe.coding.codings import list_codings
from qualframe.coding.memos import MemoRow, list_memos
from qualframe.corpus.documents import show_document
from qualframe.project import open_project, resolve_coder
from qualframe.tui.app import QualframeApp
from qualframe.tui.dialogs.code_picker import CodePickerScreen
from qualframe.tui.dialogs.new_code import NewCodeScreen
from qualframe.tui.screens.reader import ReaderScreen
from qualframe.tui.widgets.transcript_view import TranscriptView

SIZE = (120, 40)


def make_app(project_dir: Path) -> QualframeApp:
    """The app as the tests and snapshots run it: fixed coder (QUALFRAME_CODER), no blinking."""
    return QualframeApp(project_dir, resolve_coder(), cursor_blink=False)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker runs and every message they posted is handled (no sleeping)."""
    app = pilot.app
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            await pilot.pause()
            if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
                return
    raise AssertionError("workers did not settle")


def drawn(widget: Widget) -> str:
    """The text a widget draws now (what the researcher sees, not what it was given)."""
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, *widget.size)))


async def press(pilot: Pilot[Any], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


async def open_document(pilot: Pilot[Any], name: str) -> TranscriptView:
    """From the home screen, with the keys: the name (typed into the filter box), enter."""
    await settle(pilot)
    await type_text(pilot, name)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, ReaderScreen)
    assert pilot.app.screen.document_name == name
    return pilot.app.screen.query_one(TranscriptView)


def sentences(project_dir: Path, name: str) -> list[tuple[int, int]]:
    project = open_project(project_dir)
    with project.sessions() as session:
        shown = show_document(session, name)
    project.close()
    return [(s.start, s.end) for s in shown.sentences]


def codings(project_dir: Path, doc: str | None = None) -> list[tuple[str, int, int, str]]:
    project = open_project(project_dir)
    with project.sessions() as session:
        rows = list_codings(session, doc)
    project.close()
    return [(r.code, r.start, r.end, r.coder) for r in rows]


def memos(project_dir: Path) -> list[MemoRow]:
    project = open_project(project_dir)
    with project.sessions() as session:
        rows = list_memos(session)
    project.close()
    return rows


@contextmanager
def notes(app: QualframeApp) -> Iterator[list[str]]:
    """Every notification the app shows, in order."""
    seen: list[str] = []
    original = app.notify

    def record(message: str, **kwargs: Any) -> None:
        seen.append(message)
        original(message, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    yield seen


async def pick(pilot: Pilot[Any], query: str) -> None:
    """In the code picker: type the query, apply the best match."""
    assert isinstance(pilot.app.screen, CodePickerScreen)
    await type_text(pilot, query)
    await press(pilot, "enter")


async def fill_new_code(pilot: Pilot[Any], definition: str, theme_steps: int = 2) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, NewCodeScreen)
    screen.query_one(Select).focus()
    await press(pilot, "enter", *["down"] * theme_steps, "enter")
    screen.query_one(TextArea).focus()
    await type_text(pilot, definition)
    await press(pilot, "ctrl+s")
