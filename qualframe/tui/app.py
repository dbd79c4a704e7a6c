"""The coding workbench: project home, reader, search, memos, help, and the command palette.

Opening the project (and checking its schema) happens in a worker, so the first frame paints at
once; a project that cannot be opened becomes a screen with the reason, not a traceback. The
Framework matrix (`f`), the suggestions review (`s`) and the disagreements view (`D`) are
imported when first opened (`LAZY_SCREENS`), so start-up does not pay for them.
"""

from __future__ import annotations

import gc
import sys
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from qualframe.tui import data
from qualframe.tui.bindings import APP
from qualframe.tui.data import Gateway, ProjectInfo, undo
from qualframe.tui.palette import WorkbenchCommands
from qualframe.tui.screens.base import WorkbenchDialog, WorkbenchScreen
from qualframe.tui.screens.error import ErrorScreen
from qualframe.tui.screens.home import HomeScreen
from qualframe.tui.workers import DataClient

if TYPE_CHECKING:
    from qualframe.corpus.search import SearchHit

#: Screens imported when first opened: action -> (module, class).
LAZY_SCREENS: dict[str, tuple[str, str]] = {
    "framework": ("qualframe.tui.screens.framework", "FrameworkScreen"),
    "suggestions": ("qualframe.tui.screens.suggestions", "SuggestionsScreen"),
    "disagreements": ("qualframe.tui.screens.disagreements", "DisagreementsScreen"),
    "codebook": ("qualframe.tui.screens.codebook", "CodebookScreen"),
}

#: Garbage-collector thresholds: young generation collected every 10,000 allocations, not 700.
GC_THRESHOLDS = (10_000, 10, 10)

#: How long the UI thread may hold the interpreter before a waiting thread gets it (seconds;
#: Python's default is 0.005). A coding is written in the writer thread while the UI thread
#: draws; each of the write's dozen returns from SQLite waited up to a whole default interval,
#: which was most of the slowest keypresses (p95 ~38 ms; ~25 ms with this).
SWITCH_INTERVAL = 0.0002

#: How long opening a document waits for its text before switching to the reader anyway.
SWITCH_WAIT_SECONDS = 0.25

#: App actions that act on the project's data.
NEEDS_PROJECT = frozenset(
    {
        "search",
        "undo",
        "redo",
        "framework",
        "suggestions",
        "disagreements",
        "code_view",
        "codebook",
    }
)


class QualframeApp(DataClient, App[None]):  # type: ignore[misc]  # DataClient types `app`
    """The workbench on the project in `project_dir`, coding as `coder`."""

    CSS_PATH = "app.tcss"
    TITLE = "qualframe"
    BINDINGS: ClassVar[list[Binding]] = APP.bindings()  # type: ignore[assignment]
    COMMANDS: ClassVar = {WorkbenchCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, project_dir: Path, coder: str, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.gateway = Gateway(project_dir, coder)
        self.info: ProjectInfo | None = None
        self.cursor_blink = cursor_blink
        self._opened_documents: set[str] = set()
        self._gc_thresholds = gc.get_threshold()
        self._switch_interval = sys.getswitchinterval()
        #: What was unsaved when quitting was last refused (the same again quits).
        self._quit_warned: str | None = None

    def on_mount(self) -> None:
        # Fewer, cheaper garbage collections: by default a full collection walks every object
        # of a loaded transcript and stalls a keypress by 100-200 ms now and then.
        self._gc_thresholds = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLDS)
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.theme = "textual-dark"
        self.push_screen(HomeScreen())
        self._run_in_thread(self.gateway.open, self._opened, self._not_opened, "open", True)

    @property
    def _background_screens(self) -> list[Screen[object]]:
        """Textual composes the screens under a dialog into it, and repaints the dialog when
        they change. A dialog beside the text draws its own copy of the screen below
        (`covers_below`): composing the reader under it again would repaint the whole dialog
        in the middle of the commit of the coding the picker just made (and double its time)."""
        stack = self._screen_stack
        if stack and isinstance(stack[-1], WorkbenchDialog) and stack[-1].covers_below:
            return []
        return super()._background_screens

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the keys that need the project while it is not open (the problem screen), and
        the workbench's letters while a dialog is up: a dialog answers only its own keys, so a
        letter meant for its list or box never undoes, quits or opens another screen."""
        if (action in NEEDS_PROJECT or action == "leave") and isinstance(
            self.screen, WorkbenchDialog
        ):
            return False
        return self.info is not None or action not in NEEDS_PROJECT

    def _opened(self, info: ProjectInfo) -> None:
        self.info = info
        self.refresh_bindings()
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.project_ready()

    def _not_opened(self, message: str) -> None:
        self.switch_screen(ErrorScreen(message, str(self.gateway.project_dir)))

    def on_unmount(self) -> None:
        self.gateway.close()
        # Leave the process as it was (tests run many apps in one process).
        gc.set_threshold(*self._gc_thresholds)
        gc.unfreeze()
        sys.setswitchinterval(self._switch_interval)

    # --- navigation -----------------------------------------------------------------------

    def open_document(self, name: str, hit: tuple[int, int] | None = None) -> None:
        """Show `name` in the reader (the one open, if it is that document)."""
        from qualframe.tui.screens.reader import ReaderScreen

        if not self.is_screen_installed("reader"):
            self.install_screen(ReaderScreen(), "reader")
        reader = self.get_screen("reader")
        assert isinstance(reader, ReaderScreen)
        reader.open(name, hit)
        self._opened_documents.add(name)
        if self.screen is reader or reader in self.screen_stack:
            return
        if not reader.is_mounted or reader.loaded is not None:
            self.push_screen(reader)
            return
        # Switch when the text is ready, so the first frame of the reader shows it (one full
        # render instead of two); a slow read switches after a moment and says "loading".
        # Whichever comes first switches, once: the other must not bring the reader back
        # after the researcher has left it with escape.
        switched = False

        def show() -> None:
            nonlocal switched
            switch.stop()
            if not switched and reader not in self.screen_stack:
                self.push_screen(reader)
            switched = True

        switch = self.set_timer(SWITCH_WAIT_SECONDS, show)
        reader.when_loaded(show)

    @staticmethod
    def keep_loaded() -> None:
        """Move what is loaded now (Textual, SQLAlchemy, the listing, a transcript just laid
        out) out of the garbage collector's reach: it lives until replaced, and scanning it
        is what made keypresses stall (coding p95 ~60 ms with it scanned, under 30 without).
        Young garbage is collected first so that little cyclic garbage is frozen with it;
        the old transcript's rows hold no cycles and are freed by reference counting."""
        gc.collect(1)
        gc.freeze()

    def take_opened(self) -> list[str]:
        """Documents opened since the last call (the home screen refreshes their rows)."""
        names, self._opened_documents = sorted(self._opened_documents), set()
        return names

    def _project_open(self) -> bool:
        if self.info is None:
            self.notify("The project is not open.", severity="warning")
        return self.info is not None

    def action_search(self) -> None:
        from qualframe.tui.screens.search import SearchScreen

        if self._project_open():
            self.push_screen(SearchScreen(), self._search_done)

    def _search_done(self, hit: SearchHit | None) -> None:
        if hit is not None:
            self.open_document(hit.document, (hit.start, hit.end))

    def action_help(self) -> None:
        from qualframe.tui.dialogs.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_framework(self) -> None:
        self._open_lazy("framework")

    def action_suggestions(self) -> None:
        self._open_lazy("suggestions")

    def action_disagreements(self) -> None:
        self._open_lazy("disagreements")

    def action_codebook(self) -> None:
        self._open_lazy("codebook")

    def action_code_view(self) -> None:
        """`o`: choose a code, then read every passage coded with it."""
        if self._project_open():
            self.read(data.codebook_job(self.gateway.coder), self._pick_for_view, group="codebook")

    def _pick_for_view(self, codebook: data.Codebook) -> None:
        from qualframe.tui.dialogs.code_picker import CodePickerScreen, Picked
        from qualframe.tui.screens.code_view import CodeViewScreen

        def chosen(picked: Picked | None) -> None:
            if picked is not None:
                self.push_screen(CodeViewScreen(picked.value))

        title = "Read every passage coded with…"
        self.push_screen(CodePickerScreen(codebook, title, allow_new=False), chosen)

    def action_export_project(self) -> None:
        """The palette's "Export project": the project as REFI-QDA."""
        self._interchange("export")

    def action_import_project(self) -> None:
        """The palette's "Import project": another tool's REFI-QDA project merged in."""
        self._interchange("import")

    def _interchange(self, direction: Literal["export", "import"]) -> None:
        from qualframe.tui.dialogs.interchange import InterchangeDialog

        def closed(imported: bool | None) -> None:
            if imported:
                self._refresh_screens()

        if self._project_open():
            self.push_screen(InterchangeDialog(direction), closed)

    def _open_lazy(self, name: str) -> None:
        module_name, class_name = LAZY_SCREENS[name]
        if self._project_open():
            self.push_screen(getattr(import_module(module_name), class_name)())

    # --- quitting -------------------------------------------------------------------------

    def unsaved(self) -> str | None:
        """The first unsaved text on any open screen (a memo, a summary being edited)."""
        for screen in reversed(self.screen_stack):
            describe = getattr(screen, "unsaved", None)
            what = describe() if callable(describe) else None
            if what:
                return str(what)
        return None

    async def action_leave(self) -> None:
        """`q`: quit (not offered inside a dialog, where a letter is text or a choice)."""
        await self.action_quit()

    async def action_quit(self) -> None:
        """Quit, unless text is unsaved: then say so once; quitting again drops it."""
        what = self.unsaved()
        if what is not None and what != self._quit_warned:
            self._quit_warned = what
            self.notify(
                f"{what} is not saved: ctrl+s saves it; quit again to drop it.",
                severity="warning",
                timeout=6,
            )
            return
        self.exit()

    # --- undo and redo --------------------------------------------------------------------

    def action_undo(self) -> None:
        if self._project_open():
            self.write(undo(self.gateway.coder), self._undone, self._not_undone)

    def action_redo(self) -> None:
        if self._project_open():
            self.write(undo(self.gateway.coder, redo=True), self._undone, self._not_undone)

    def _undone(self, message: str) -> None:
        self.notify(message[:1].upper() + message[1:] + ".", timeout=3)
        self._refresh_screens()

    def _not_undone(self, message: str) -> None:
        """Refused (someone changed the cell or code since): said, and every screen read
        again, so the change that stood in the way is on screen."""
        self.notify(message, title="Not done", severity="error", timeout=8)
        self._refresh_screens()

    def _refresh_screens(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, WorkbenchScreen):
                screen.refresh_data()
