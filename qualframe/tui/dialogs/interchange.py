"""Export or import a REFI-QDA project from the workbench (the command palette's "Export
project" and "Import project"): a file name, a progress bar, and the one-line result that
`qualframe export` / `qualframe import FILE.qdpx` print. The dialog stays open with the
result (or the reason a file was refused) until `esc`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, ProgressBar, Static

from qualframe.tui.bindings import DIALOG
from qualframe.tui.interchange_data import export_job, import_job
from qualframe.tui.screens.base import WorkbenchDialog

Direction = Literal["export", "import"]
TITLES = {
    "export": ("Export the project (REFI-QDA)", "e.g. project.qdpx (or .qde)"),
    "import": ("Import a REFI-QDA project (a merge)", "e.g. colleague.qdpx (or .qde)"),
}


class InterchangeDialog(WorkbenchDialog[bool]):
    """Dismissed with True when an import changed the project (the screens read it again)."""

    KEY_GROUPS = (DIALOG,)
    BINDINGS = DIALOG.bindings()
    AUTO_FOCUS = "#interchange-path"

    def __init__(self, direction: Direction) -> None:
        super().__init__()
        self.direction = direction
        self.imported = False
        self.running = False

    def compose(self) -> ComposeResult:
        title, placeholder = TITLES[self.direction]
        with Vertical(id="interchange", classes="dialog"):
            yield Label(title, classes="dialog-title")
            yield Input(placeholder=placeholder, id="interchange-path", compact=True)
            yield ProgressBar(id="interchange-progress", show_eta=False)
            yield Static("", id="interchange-result")
            yield Static("enter starts · esc closes", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """`enter` or `ctrl+s`: start the export or import with the file named."""
        text = self.query_one("#interchange-path", Input).value.strip()
        if self.running or not text:
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.app.gateway.project_dir / path
        self.running = True
        self._say("Working…")
        if self.direction == "export":
            job = export_job(path, self._progress)
            self.read(job, self._done, group="export", failed=self._failed)
        else:
            project = self.app.gateway.project
            assert project is not None  # the palette offers this only in an open project
            job = import_job(project, path, self.app.gateway.coder, self._progress)
            self.write(job, self._imported, self._failed)

    def _progress(self, done: int, total: int) -> None:
        """Called in the worker thread: the bar is updated on the UI thread."""
        self.app.call_from_thread(
            self.query_one(ProgressBar).update, total=max(total, 1), progress=done
        )

    def _imported(self, result: str) -> None:
        self.imported = True
        self._done(result)

    def _done(self, result: str) -> None:
        self.running = False
        bar = self.query_one(ProgressBar)
        bar.update(total=bar.total or 1, progress=bar.total or 1)
        self._say(result)
        self.notify(result, timeout=6)

    def _failed(self, message: str) -> None:
        self.running = False
        self._say(message, error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        result = self.query_one("#interchange-result", Static)
        result.set_class(error, "dialog-error")
        result.update(text)

    def action_cancel(self) -> None:
        if not self.running:
            self.dismiss(self.imported)
