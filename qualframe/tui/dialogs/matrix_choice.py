"""A pick-one dialog for the matrix's switches: its theme (`t`), how rows are grouped (`g`) and
which attribute values filter them (`w`). Typing narrows a long list (a project with a hundred
sites), `enter` chooses, and the current choices carry a tick."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from qualframe.tui.bindings import MATRIX_PICKER
from qualframe.tui.screens.base import WorkbenchDialog

#: Lists longer than this get a box to narrow them by typing.
NARROW_FROM = 8


@dataclass(frozen=True)
class Choice:
    """One option: `value` comes back to the caller; `note` is shown dim after the label."""

    value: str
    label: str
    note: str = ""
    ticked: bool = False

    def matches(self, typed: str) -> bool:
        needle = " ".join(typed.casefold().split())
        return needle in f"{self.label} {self.note}".casefold()


class ChoiceScreen(WorkbenchDialog[str]):
    """Dismissed with the chosen `Choice.value`, or None."""

    KEY_GROUPS = (MATRIX_PICKER,)
    BINDINGS = MATRIX_PICKER.bindings()

    DEFAULT_CSS = """
    #matrix-choice {
        width: 64;
    }
    #choice-query {
        margin-bottom: 1;
    }
    #choice-list {
        height: auto;
        max-height: 10;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, title: str, choices: list[Choice], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.hint = hint
        self.narrowing = len(choices) > NARROW_FROM

    def compose(self) -> ComposeResult:
        with Vertical(id="matrix-choice", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.narrowing:
                yield Input(placeholder="type to narrow the list", id="choice-query", compact=True)
            options = OptionList(id="choice-list", compact=True)
            # With a box to narrow the list, the box keeps the focus; the arrows move the choice.
            options.can_focus = not self.narrowing
            yield options
            keys = "enter choose · ↑↓ move · esc cancel"
            yield Static(f"{self.hint}\n{keys}" if self.hint else keys, classes="dialog-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self._fill("")
        self.query_one("#choice-query" if self.narrowing else "#choice-list").focus()

    def _fill(self, typed: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for choice in self.choices:
            if choice.matches(typed):
                prompt = Text()
                prompt.append("✓ " if choice.ticked else "  ", style="bold green")
                prompt.append(choice.label)
                if choice.note:
                    prompt.append(f"  {choice.note}", style="dim")
                options.add_option(Option(prompt, id=choice.value))
        if options.option_count:
            ticked = [c.value for c in self.choices if c.ticked and c.matches(typed)]
            options.highlighted = options.get_option_index(ticked[0]) if ticked and not typed else 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose()

    def _choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def action_option_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_option_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
