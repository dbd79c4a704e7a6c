"""Which coding? When several codings hold the text under the cursor, `d`, `r`, `e` and `m`
ask which one they mean, innermost first."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from qualframe.tui.colors import hue
from qualframe.tui.layout import Mark
from qualframe.tui.screens.base import WorkbenchDialog


class CodingChoiceScreen(WorkbenchDialog[Mark]):
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#choice-options"

    def __init__(self, title: str, marks: list[Mark], lines: dict[int, str]) -> None:
        super().__init__()
        self.title_text = title
        self.marks = marks
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="choice", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            options = []
            for mark in self.marks:
                prompt = Text()
                prompt.append("■ ", style=hue(mark.color))
                prompt.append(mark.name)
                prompt.append(
                    f"  {self.lines.get(mark.id, '')} · {mark.coder or 'unknown'}", style="dim"
                )
                options.append(Option(prompt, id=str(mark.id)))
            yield OptionList(*options, id="choice-options")
            yield Static("enter choose · esc cancel", classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.marks[event.option_index])
