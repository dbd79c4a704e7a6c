"""What a real terminal shows, not only what a widget would draw afresh: the app's screen
updates (the parts Textual repaints) applied one after another to a grid of cells, as a
terminal applies them. A widget that forgets to repaint a cell leaves it stale here, as it did
on screen (the matrix kept the old cursor highlighted after the cursor jumped a heading)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.color import Color
from rich.segment import ControlType, Segment
from rich.style import Style
from textual._compositor import CompositorUpdate
from textual.app import App

from qualframe.tui.dialogs.matrix_choice import ChoiceScreen
from qualframe.tui.screens.framework import FrameworkScreen
from qualframe.tui.widgets.matrix_table import MatrixTable
from tests.support.projects import Runner
from tests.support.tui import make_app, press, sentences, settle, type_text

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


class Terminal:
    """The cells a terminal would hold after every screen update the app has sent."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.cells: dict[tuple[int, int], tuple[str, Style | None]] = {}
        display = app._display

        def record(screen: Any, renderable: Any) -> None:
            if isinstance(renderable, CompositorUpdate) and not app._batch_count:
                self.apply(renderable)
            display(screen, renderable)

        app._display = record  # type: ignore[method-assign]

    def apply(self, update: CompositorUpdate) -> None:
        console = self.app.console
        x = y = 0
        for segment in update.__rich_console__(console, console.options):  # type: ignore[attr-defined]
            assert isinstance(segment, Segment)
            if segment.control:
                for control in segment.control:
                    if control[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = int(control[1]), int(control[2])
                continue
            if segment.text == "\n":
                x, y = 0, y + 1
                continue
            for character in segment.text:
                self.cells[y, x] = (character, segment.style)
                x += cell_len(character)

    def text(self) -> str:
        """The screen as lines of text."""
        lines: dict[int, dict[int, str]] = {}
        for (y, x), (character, _) in self.cells.items():
            lines.setdefault(y, {})[x] = character
        return "\n".join(
            "".join(row.get(x, " ") for x in range(max(row) + 1))
            for _, row in sorted(lines.items())
        )

    def lines_with_background(self, color: Color) -> list[int]:
        """The screen lines where some cell has `color` behind it."""
        return sorted(
            {y for (y, _), (_, style) in self.cells.items() if style and style.bgcolor == color}
        )


def cursor_colour(table: MatrixTable) -> Color:
    colour = table.get_component_rich_style("datatable--cursor").bgcolor
    assert colour is not None
    return colour


async def open_grouped_matrix(pilot: Any) -> MatrixTable:
    """The matrix, its cases grouped by organisation (headings between the groups)."""
    await settle(pilot)
    await press(pilot, "tab", "f")
    assert isinstance(pilot.app.screen, FrameworkScreen)
    await press(pilot, "g")
    assert isinstance(pilot.app.screen, ChoiceScreen)
    await press(pilot, "down", "enter")
    return pilot.app.screen.query_one(MatrixTable)


async def test_the_matrix_cursor_leaves_no_highlight_behind(sample_dir: Path) -> None:
    """Down across a group heading, sideways, and after grouping again: one cell lit."""
    app = make_app(sample_dir)
    terminal = Terminal(app)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_grouped_matrix(pilot)
        colour = cursor_colour(table)
        for keys in (("down",) * 4, ("right", "right"), ("up",) * 3, ("left",) * 3):
            await press(pilot, *keys)
            assert len(terminal.lines_with_background(colour)) == 2, keys  # a cell: 2 lines
        await press(pilot, "g", "up", "enter")  # no groups again
        assert len(terminal.lines_with_background(colour)) == 2
        await press(pilot, "t", "down", "enter")  # another theme
        assert len(terminal.lines_with_background(colour)) == 2


async def test_labels_keep_their_spaces_on_the_terminal(sample: Runner, sample_dir: Path) -> None:
    """Reported: "1 excerptfrom", "F4Programme manager", bold memo text eating the next space.
    The terminal gets the spaces (this model and a tmux capture agree); the PNGs made from
    Textual's SVG screenshots lose a space that starts a differently styled run."""
    start, end = sentences(sample_dir, "P01")[0]
    code = ("code", "add", "P01", "idea_sharing", "--start", str(start), "--end", str(end))
    assert sample(*code).code == 0
    assert sample("memo", "add", "document", "P01", "--text", "On the **coding** now.").code == 0
    app = make_app(sample_dir)
    terminal = Terminal(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "f")
        await press(pilot, *["down"] * 4, "right", "right")  # P01 × Idea sharing
        assert "P01 × Idea sharing   1 excerpt from 1 document" in terminal.text()
        lines = [line.strip() for line in terminal.text().splitlines()]
        assert "Programme manager" in lines and any(line.startswith("F4 ") for line in lines)
        await press(pilot, "escape", "tab")  # back on the list: tab to the filter box
        await type_text(pilot, "P01")
        await press(pilot, "enter", "m")
        assert "On the coding now." in terminal.text()
