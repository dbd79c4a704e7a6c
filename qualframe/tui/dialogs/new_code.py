"""The emergent-code dialog (`n`, or a new name typed in the picker): name, id, theme,
definition. The code is recorded with origin `emergent`, its creator and the date, exactly as
`qualframe codebook new` does it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from qualframe.tui import data
from qualframe.tui.bindings import DIALOG
from qualframe.tui.screens.base import WorkbenchDialog


@dataclass(frozen=True)
class NewCode:
    """The code created, and whether to code the passage with it."""

    key: str
    apply: bool


def code_id(name: str) -> str:
    """`Peer pressure!` -> `peer_pressure`: the codebook's snake_case ids."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    if key and not key[0].isalpha():
        key = "code_" + key
    return key


class NewCodeScreen(WorkbenchDialog[NewCode]):
    """Create an emergent code; the dialog stays open with the reason when it is refused."""

    KEY_GROUPS = (DIALOG,)
    BINDINGS = DIALOG.bindings()
    AUTO_FOCUS = "#new-name"

    def __init__(self, name: str = "", passage: str | None = None) -> None:
        super().__init__()
        self.initial_name = name
        self.passage = passage
        self._key_edited = False

    def compose(self) -> ComposeResult:
        with Vertical(id="new-code", classes="dialog"):
            yield Label("New emergent code", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Name", classes="field-label")
                yield Input(
                    self.initial_name, placeholder="e.g. Peer pressure", id="new-name", compact=True
                )
            with Horizontal(classes="field"):
                yield Label("Id", classes="field-label")
                yield Input(
                    code_id(self.initial_name),
                    placeholder="peer_pressure",
                    id="new-key",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Theme", classes="field-label")
                yield Select[str](
                    [], prompt="choose the theme it belongs to", id="new-theme", compact=True
                )
            yield Label("Definition: what the code covers, in your words", classes="field-note")
            yield TextArea(id="new-definition", soft_wrap=True, compact=True)
            if self.passage is not None:
                yield Checkbox(f"Code {self.passage} with it", True, id="new-apply", compact=True)
            yield Static("", id="new-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create  ctrl+s", variant="primary", id="new-save", compact=True)
                yield Button("Cancel  esc", id="new-cancel", compact=True)

    def on_mount(self) -> None:
        self.read(data.themes, self._themes, group="themes")

    def _themes(self, themes: list[dict[str, str]]) -> None:
        select = self.query_one("#new-theme", Select)
        select.set_options([(t["name"], t["id"]) for t in themes])
        if len(themes) == 1:
            select.value = themes[0]["id"]

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "new-name" and not self._key_edited:
            key_box = self.query_one("#new-key", Input)
            with key_box.prevent(Input.Changed):
                key_box.value = code_id(event.value)
        elif event.input.id == "new-key":
            self._key_edited = event.value != code_id(self.query_one("#new-name", Input).value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "new-save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        name = self.query_one("#new-name", Input).value.strip()
        key = self.query_one("#new-key", Input).value.strip()
        theme = self.query_one("#new-theme", Select).value
        definition = self.query_one("#new-definition", TextArea).text.strip()
        missing = [
            label
            for label, value in (("a name", name), ("an id", key), ("a definition", definition))
            if not value
        ]
        if not isinstance(theme, str):
            missing.insert(2, "a theme")
        if missing:
            self._error("The code needs " + ", ".join(missing) + ".")
            return
        assert isinstance(theme, str)
        apply = self.passage is not None and self.query_one("#new-apply", Checkbox).value
        self.write(
            data.create_code(key, name, theme, definition, self.app.gateway.coder),
            lambda created: self.dismiss(NewCode(created, apply)),
            failed=self._error,
        )

    def _error(self, message: str) -> None:
        self.query_one("#new-error", Static).update(message)
