"""What every workbench screen and dialog shares: its keys for help and the palette, database
access through workers, and the cursor-blink setting (off for stable snapshots)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Select, TextArea

from qualframe.tui.bindings import APP, KeyGroup
from qualframe.tui.workers import DataClient

if TYPE_CHECKING:
    from qualframe.tui.protocol import WorkbenchApp

T = TypeVar("T")


def ahead_of_widgets(group: KeyGroup, action: str) -> list[BindingType]:
    """The group's bindings, `action`'s made a priority binding: its key (`enter`) is also the
    table's or list's own, which would otherwise run instead and hide it from the key bar."""
    return [
        replace(binding, priority=True)
        if isinstance(binding, Binding) and binding.action == action
        else binding
        for binding in group.bindings()
    ]


def apply_blink(screen: Screen[Any], blink: bool) -> None:
    if not blink:
        for widget in screen.query(Input):
            widget.cursor_blink = False
        for area in screen.query(TextArea):
            area.cursor_blink = False


def open_select(screen: Screen[Any], selector: str) -> None:
    """Focus the Select `selector` with its list dropped open: the key that names a choice
    (coder, code, document) goes straight to picking one with the arrows."""
    select: Select[str] = screen.query_one(selector, Select)
    select.focus()
    select.action_show_overlay()


class WorkbenchScreen(DataClient, Screen[T]):
    """A full screen of the workbench."""

    app: WorkbenchApp
    #: The key groups listed by help and offered by the command palette on this screen.
    KEY_GROUPS: ClassVar[tuple[KeyGroup, ...]] = (APP,)

    def on_mount(self) -> None:
        apply_blink(self, self.app.cursor_blink)

    def refresh_data(self) -> None:
        """Reload what the screen shows (after undo, redo or a change made elsewhere)."""

    def action_undo(self) -> None:
        """A screen's own `u` (one with its own wording in help) is the workbench's undo."""
        self.app.action_undo()

    def action_redo(self) -> None:
        self.app.action_redo()


class WorkbenchDialog(DataClient, ModalScreen[T]):
    """A dialog over a screen; escape closes it without a result."""

    app: WorkbenchApp
    KEY_GROUPS: ClassVar[tuple[KeyGroup, ...]] = ()
    #: True when the dialog draws the screen below itself (a dialog beside the text): nothing
    #: below then shows through, and changes there need not repaint this screen.
    covers_below = False

    def on_mount(self) -> None:
        apply_blink(self, self.app.cursor_blink)

    def action_cancel(self) -> None:
        self.dismiss(None)
