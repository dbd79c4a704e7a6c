"""A small form for a change to the codebook: a name (rename, split, new theme) or a code's
texts (definition, inclusion, exclusion, examples one a line). Saving runs the change on the
writer; a refusal (a taken id, an empty definition) is shown in the form, which stays open with
what was typed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static, TextArea

from qualframe.tui import data
from qualframe.tui.bindings import DIALOG
from qualframe.tui.screens.base import WorkbenchDialog


@dataclass(frozen=True)
class Field:
    """One box: single-line (an Input) or several lines (a TextArea, for the texts)."""

    name: str
    label: str
    value: str = ""
    lines: bool = False


class CodeFormScreen(WorkbenchDialog[str]):
    """Dismissed with the change's message once saved, or None (esc)."""

    KEY_GROUPS = (DIALOG,)
    BINDINGS = DIALOG.bindings()
    DEFAULT_CSS = """
    CodeFormScreen TextArea {
        height: 5;
        margin-bottom: 1;
    }
    """

    def __init__(
        self, title: str, fields: list[Field], change: Callable[[dict[str, str]], data.Job[str]]
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.change = change

    def compose(self) -> ComposeResult:
        with Vertical(id="code-form", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            for field in self.fields:
                if field.lines:
                    yield Label(field.label, classes="field-note")
                    yield TextArea(
                        field.value, id=f"form-{field.name}", soft_wrap=True, compact=True
                    )
                else:
                    with Horizontal(classes="field"):
                        yield Label(field.label, classes="field-label")
                        yield Input(field.value, id=f"form-{field.name}", compact=True)
            yield Static("", id="form-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save  ctrl+s", variant="primary", id="form-save", compact=True)
                yield Button("Cancel  esc", id="form-cancel", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(f"#form-{self.fields[0].name}").focus()

    def values(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for field in self.fields:
            if field.lines:
                found[field.name] = self.query_one(f"#form-{field.name}", TextArea).text
            else:
                found[field.name] = self.query_one(f"#form-{field.name}", Input).value
        return found

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """`enter` in the last box saves; in another it goes on to the next box."""
        event.stop()
        if event.input.id == f"form-{self.fields[-1].name}":
            self.action_save()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "form-save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        self.write(self.change(self.values()), self.dismiss, failed=self._error)

    def _error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(message)
