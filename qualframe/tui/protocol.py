"""What a screen, dialog or worker client needs of the workbench app, as a type.

Screens are typed against `WorkbenchApp` instead of importing the concrete `QualframeApp`, so
no screen module depends on the app module (which imports the screens): the app is the only
place that knows every screen, and a screen can be read, typed and tested on its own. The
concrete app satisfies `Workbench` by its attributes and methods; `WorkbenchApp` adds Textual's
`App` for the rest (`push_screen`, `notify`, ...), and exists only for the type checker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App

    from qualframe.tui.data import Gateway, ProjectInfo
    from qualframe.tui.workers import DataClient


class Workbench(Protocol):
    """The workbench's own part of the app."""

    gateway: Gateway
    info: ProjectInfo | None
    cursor_blink: bool

    def open_document(self, name: str, hit: tuple[int, int] | None = None) -> None:
        """Show a document in the reader (at `hit`, a span)."""

    def take_opened(self) -> list[str]:
        """Documents opened since the last call."""

    def keep_loaded(self) -> None:
        """Keep what is loaded now out of the garbage collector's reach."""

    def action_undo(self) -> None:
        """Undo the coder's latest change (every screen's `u`)."""

    def action_redo(self) -> None:
        """Redo the change undone last."""


if TYPE_CHECKING:

    class WorkbenchApp(DataClient, App[Any], Workbench):  # type: ignore[misc]  # as QualframeApp
        """Textual's app with the workbench's part and its database access (`read`, `write`):
        what `self.app` is on every screen."""
