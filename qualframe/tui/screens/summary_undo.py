"""`u` and `ctrl+r` on the matrix and cell screens: one undo history for summary edits and
coding changes.

The summary edits made since the matrix opened are undone (or redone) here, newest first, each
as a new version written against the version the edit made (see `framework_data.step_summary`);
when a coding change is more recent, or nothing was edited here, the workbench's coding undo
runs instead, exactly as `u` does on every other screen.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from textual.binding import Binding

from qualframe.tui import framework_data as fd
from qualframe.tui.bindings import KeyGroup
from qualframe.tui.screens.base import WorkbenchScreen

if TYPE_CHECKING:
    from qualframe.tui.app import QualframeApp

T = TypeVar("T")


def ahead_of_widgets(group: KeyGroup, action: str) -> list[Binding]:
    """The group's bindings, `action`'s made a priority binding: its key (`enter`) is also the
    table's or list's own, which would otherwise run instead and hide it from the key bar."""
    return [
        replace(binding, priority=True) if binding.action == action else binding
        for binding in group.bindings()
    ]


class SummaryUndo(WorkbenchScreen[T]):
    """A workbench screen whose `u` and `ctrl+r` reach summary edits too."""

    app: QualframeApp
    edits: fd.EditHistory

    def action_undo(self) -> None:
        self.step_edits(redo=False)

    def action_redo(self) -> None:
        self.step_edits(redo=True)

    def step_edits(self, *, redo: bool) -> None:
        stack = self.edits.undone if redo else self.edits.done
        if not stack:
            self._coding_step(redo)
            return
        edit = stack[-1]

        def stepped(result: fd.Reverted) -> None:
            if result.edit is None:
                self._coding_step(redo)
                return
            stack.remove(edit)
            (self.edits.done if redo else self.edits.undone).append(result.edit)
            self.notify(result.message, timeout=3)
            self._refresh_all()

        def refused(message: str) -> None:
            if edit in stack:  # the cell moved on: this edit can no longer be taken back
                stack.remove(edit)
            self.notify(
                message,
                title="Not undone" if not redo else "Not redone",
                severity="error",
                timeout=8,
            )
            self._refresh_all()

        self.write(fd.step_summary(edit, self.app.gateway.coder, redo=redo), stepped, refused)

    def _coding_step(self, redo: bool) -> None:
        """The workbench's own undo or redo (which refreshes every screen afterwards)."""
        if redo:
            self.app.action_redo()
        else:
            self.app.action_undo()

    def _refresh_all(self) -> None:
        for screen in self.app.screen_stack:
            if isinstance(screen, WorkbenchScreen):
                screen.refresh_data()
