"""Memos (`m`): markdown notes on the document, a code or a coding (or the project), with the
memos already written on this document listed under the editor for rereading.

The target is the radio button the arrows are on (moving is choosing, as in a browser's radio
group), so the row that looks chosen is the one the memo goes to; `esc` with unsaved text asks
before dropping it. From the reader it docks beside the passage (`dialogs.beside`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.markdown import Markdown
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, RadioButton, RadioSet, Static, TextArea

from qualframe.tui import data
from qualframe.tui.bindings import DIALOG
from qualframe.tui.dialogs.beside import Beside, BesideDialog

if TYPE_CHECKING:
    from qualframe.coding.memos import MemoRow


@dataclass(frozen=True)
class MemoTarget:
    """What a memo can be written on: `memo add TARGET_TYPE REF` in the CLI."""

    target_type: str
    ref: str | None
    label: str


class TargetChoice(RadioSet):
    """A radio group where the highlighted target is always the pressed one: it starts on the
    chosen target (not the first) and the arrows choose as they move."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "choose(1)", "Next target", show=False),
        Binding("up,left", "choose(-1)", "Previous target", show=False),
    ]

    def on_mount(self) -> None:
        self._selected = max(0, self.pressed_index)

    def action_choose(self, step: int) -> None:
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        self.action_toggle_button()


class MemoScreen(BesideDialog[bool]):
    """Write a memo; `ctrl+s` saves it."""

    KEY_GROUPS = (DIALOG,)
    BINDINGS = DIALOG.bindings()
    AUTO_FOCUS = "#memo-text"

    def __init__(
        self,
        targets: list[MemoTarget],
        *,
        document: str | None,
        chosen: int = 0,
        beside: Beside | None = None,
    ) -> None:
        super().__init__(beside)
        self.targets = targets
        self.document = document
        self.chosen = chosen
        #: `esc` was pressed once with unsaved text (the second drops it).
        self.warned = False

    def compose_dialog(self) -> ComposeResult:
        with Vertical(id="memo", classes="dialog"):
            yield Label("Memo (markdown)", classes="dialog-title")
            with TargetChoice(id="memo-target", compact=True):
                for index, target in enumerate(self.targets):
                    yield RadioButton(
                        f"on {target.label}", value=index == self.chosen, compact=True
                    )
            yield TextArea(id="memo-text", soft_wrap=True, compact=True)
            yield Static("", id="memo-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save  ctrl+s", variant="primary", id="memo-save", compact=True)
                yield Button("Cancel  esc", id="memo-cancel", compact=True)
            yield Label("", id="memo-list-title", classes="field-note")
            yield VerticalScroll(id="memo-list")

    def on_mount(self) -> None:
        if self.document is not None:
            self.read(data.memos_of(self.document), self._listed, group="memos")

    def _listed(self, memos: list[MemoRow]) -> None:
        title = self.query_one("#memo-list-title", Label)
        title.update(
            f"Memos on {self.document} ({len(memos)})"
            if memos
            else f"No memos on {self.document} yet"
        )
        listing = self.query_one("#memo-list", VerticalScroll)
        listing.remove_children()
        for memo in memos:
            on = "the document" if memo.target_type == "document" else f"coding {memo.target_id}"
            head = Text(f"{memo.coder or 'unknown'} · {memo.created[:10]} · on {on}", style="dim")
            listing.mount(Static(head, classes="memo-head"))
            listing.mount(Static(Markdown(memo.text), classes="memo-body"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "memo-save":
            self.action_save()
        else:
            self.action_cancel()

    def unsaved(self) -> str | None:
        """What would be lost by closing now (the app asks before quitting over it)."""
        return "The memo" if self.query_one("#memo-text", TextArea).text.strip() else None

    def action_cancel(self) -> None:
        """Close; with unsaved text, only on the second `esc`."""
        if self.unsaved() and not self.warned:
            self.warned = True
            self.query_one("#memo-error", Static).update(
                Text.assemble(("Unsaved memo. ", "bold"), "ctrl+s saves it; esc again drops it.")
            )
            return
        self.dismiss(None)

    def action_save(self) -> None:
        text = self.query_one("#memo-text", TextArea).text
        if not text.strip():
            self.query_one("#memo-error", Static).update("The memo is empty.")
            return
        index = self.query_one(TargetChoice).pressed_index
        target = self.targets[max(0, index)]
        self.write(
            data.add_memo(target.target_type, target.ref, text, self.app.gateway.coder),
            self._saved,
            failed=self.query_one("#memo-error", Static).update,
        )

    def _saved(self, _memo_id: int) -> None:
        self.app.notify("Memo saved.", timeout=3)
        self.dismiss(True)
