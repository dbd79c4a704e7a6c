"""Help (`?`): every key of the screen it was opened from, read from `bindings/`."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from qualframe.tui.bindings import Key, KeyGroup
from qualframe.tui.screens.base import WorkbenchDialog


def key_table(groups: tuple[KeyGroup, ...]) -> Table:
    """One section per key group: the keys, then what they do (a key bound twice, such as
    `/` on the home screen, is listed once)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    seen: set[tuple[str, str]] = set()
    for number, group in enumerate(groups):
        keys = [key for key in group.keys if _what(key) not in seen]
        if not keys:
            continue
        if number:
            table.add_row("", "")
        table.add_row("", Text(group.title, style="bold underline"))
        for key in keys:
            seen.add(_what(key))
            table.add_row(_keys(key), key.help)
    return table


def _what(key: Key) -> tuple[str, str]:
    return key.keys, key.action.removeprefix("app.")


def _keys(key: Key) -> Text:
    """The keys, or `ctrl+p` for an action offered only in the command palette."""
    if not key.keys:
        return Text("ctrl+p", style="dim")
    return Text(key.display, style="bold")


class HelpScreen(WorkbenchDialog[None]):
    """Closed with escape, `?` or `q`."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape,question_mark,q", "cancel", "Close")]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.groups: tuple[KeyGroup, ...] = getattr(screen, "KEY_GROUPS", ())
        self.screen_title = getattr(screen, "HELP_TITLE", "this screen")

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Label(f"Keys on {self.screen_title}", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(key_table(self.groups), id="help-keys")
            yield Static("esc closes · ctrl+p finds any action by name", classes="dialog-hint")
