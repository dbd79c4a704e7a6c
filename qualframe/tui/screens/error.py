"""Shown instead of the workbench when the project cannot be opened (none here, a schema
newer than this qualframe, a locked or damaged database): the reason in one line and what to
do, never a traceback."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from qualframe.tui.bindings import ERROR
from qualframe.tui.widgets.key_bar import KeyBar


class ErrorScreen(Screen[None]):
    KEY_GROUPS = (ERROR,)
    HELP_TITLE = "the problem screen"

    def __init__(self, message: str, where: str) -> None:
        super().__init__()
        self.message = message
        self.where = where

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="error-box"):
            yield Static(Text("qualframe cannot open this project", style="bold"), id="error-title")
            if self.where not in self.message:
                yield Static(Text(self.where, style="dim"), id="error-where")
            yield Static(Text(self.message), id="error-message")
            yield Static(Text("Press q to quit.", style="dim"), id="error-hint")
        yield KeyBar()
