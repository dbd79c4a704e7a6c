"""The reader: one transcript coded in place, the codebook beside it, and every coding action.

Each action calls the core service of its CLI twin through `data` (`c` -> `add_coding`, `d` ->
`remove_coding`, `r` and `e` -> `change_coding`, `n` -> `create_emergent_code`, `m` ->
`add_memo`), committed in the writer thread; the transcript redraws from the codings the same
transaction read back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal

from qualframe.coding.codings import CodingFilter, CodingMark
from qualframe.tui import data
from qualframe.tui.bindings import APP, READER, TRANSCRIPT
from qualframe.tui.dialogs.beside import beside_transcript
from qualframe.tui.dialogs.code_picker import CodePickerScreen, Picked
from qualframe.tui.dialogs.coding_choice import CodingChoiceScreen
from qualframe.tui.dialogs.new_code import NewCode, NewCodeScreen
from qualframe.tui.layout import Mark
from qualframe.tui.screens.base import WorkbenchScreen
from qualframe.tui.widgets.codebook_panel import CodebookPanel
from qualframe.tui.widgets.key_bar import KeyBar
from qualframe.tui.widgets.passage_status import PassageStatus
from qualframe.tui.widgets.project_header import ProjectHeader
from qualframe.tui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from qualframe.coding.memos import MemoRow

#: Below this width the codebook panel starts hidden (`b` shows it).
PANEL_MIN_WIDTH = 100
#: How long the picker waits for its coding to commit before closing anyway.
PICKER_GRACE_SECONDS = 0.15


class ReaderScreen(WorkbenchScreen[None]):
    """Read and code one document."""

    KEY_GROUPS = (READER, TRANSCRIPT, APP)
    BINDINGS = READER.bindings()
    HELP_TITLE = "the reader"
    AUTO_FOCUS = "#transcript"

    def __init__(self) -> None:
        """One reader serves every document (`open`): the screen is composed once, so opening
        a transcript costs a read and a layout, not a rebuild of every widget."""
        super().__init__()
        self.document_name = ""
        self.pending_hit: tuple[int, int] | None = None
        self.loaded: data.ReaderData | None = None
        self.codebook: data.Codebook | None = None
        self.codings: list[CodingMark] = []
        self.panel_choice: bool | None = None
        self.memo_count = 0
        #: The stripe filter (`F`): kept from one document to the next.
        self.stripes = CodingFilter()
        self._waiting: list[Callable[[], None]] = []

    def compose(self) -> ComposeResult:
        yield ProjectHeader(id="header")
        with Horizontal(id="reader-body"):
            yield TranscriptView(id="transcript")
            yield CodebookPanel(id="codebook")
        yield PassageStatus(" Loading…", id="passage")
        yield KeyBar()

    def open(self, name: str, hit: tuple[int, int] | None = None) -> None:
        """Show document `name` (at a search hit, if given)."""
        if name == self.document_name and self.loaded is not None:
            self.refresh_data()  # the text and cursor stay; codings may have changed meanwhile
            if hit is not None:
                self.jump(hit)
            return
        self.document_name, self.pending_hit = name, hit
        self.loaded, self.codings, self.memo_count = None, [], 0
        if self.is_mounted:
            self._load()

    def on_mount(self) -> None:
        self._fit_panel()
        if self.document_name:
            self._load()

    def _load(self) -> None:
        self.query_one(ProjectHeader).show(self.app.info, f"{self.document_name} · loading…")
        self.query_one(TranscriptView).blank()
        # Read through the app: its messages flow while this screen waits off the stack
        # (`QualframeApp.open_document` switches once the text is here).
        self.app.read(
            data.reader_job(self.document_name, self.app.gateway.coder),
            self._loaded,
            group="document",
            failed=self._load_failed,
        )
        if self.codebook is None:  # else refreshed once the text shows (see `_loaded`)
            self.read(
                data.codebook_job(self.app.gateway.coder), self._codebook_loaded, group="codebook"
            )

    # --- loading --------------------------------------------------------------------------

    def _loaded(self, loaded: data.ReaderData) -> None:
        self.loaded = loaded
        self.memo_count = loaded.memos
        self.codings = loaded.codings
        self._show_header()
        view = self.query_one(TranscriptView)
        view.show(loaded.document, self._marks())
        if self.codebook is not None:  # counts and codes may have changed since it was read
            self.call_after_refresh(
                self.read,
                data.codebook_job(self.app.gateway.coder),
                self._codebook_loaded,
                group="codebook",
            )
        if self.pending_hit is not None:
            view.jump_to(*self.pending_hit)
            self.pending_hit = None
        self.app.keep_loaded()
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()

    def when_loaded(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the document being opened is shown."""
        if self.loaded is not None:
            callback()
        else:
            self._waiting.append(callback)

    def _load_failed(self, message: str) -> None:
        self.query_one(ProjectHeader).show(self.app.info, f"{self.document_name} · not opened")
        self.query_one(PassageStatus).update(f" {message}")
        self.notify(message, title="Not opened", severity="error", timeout=8)

    def _codebook_loaded(self, codebook: data.Codebook) -> None:
        self.codebook = codebook
        self.query_one(CodebookPanel).show_codebook(codebook)
        if self.loaded is None:
            return
        # A coding made with a code the previous codebook lacked (a new emergent code) was
        # shown by its id: name it now, and redraw, so the status and the panel follow it.
        names = {code.key: code.name for code in codebook.codes}
        if any(names.get(c.code, c.code_name) != c.code_name for c in self.codings):
            self.codings = [
                replace(c, code_name=names.get(c.code, c.code_name)) for c in self.codings
            ]
            self.query_one(TranscriptView).set_marks(self._marks())
        else:
            self.query_one(TranscriptView).recolor(codebook.color_of)

    def _all_marks(self) -> list[Mark]:
        color = self.codebook.color_of if self.codebook else (lambda key: sum(map(ord, key)))
        return [
            Mark(c.id, c.start, c.end, c.code, c.code_name, c.coder, color(c.code), c.memos)
            for c in self.codings
        ]

    def _marks(self) -> list[Mark]:
        """The codings the stripe filter lets through: drawn, and the ones keys act on."""
        return [m for m in self._all_marks() if self.stripes.admits(m.code, m.coder)]

    def refresh_data(self) -> None:
        """After undo or redo: codings, code counts and the codebook may all have changed."""
        self.read(
            data.codebook_job(self.app.gateway.coder), self._codebook_loaded, group="codebook"
        )
        self.read(
            data.codings_job(self.document_name, self.app.gateway.coder),
            self._set_codings,
            group="codings",
        )

    def _set_codings(self, codings: list[CodingMark], *, clear_selection: bool = False) -> None:
        self.codings = codings
        self.query_one(TranscriptView).set_marks(self._marks(), clear_selection=clear_selection)
        if not self.stripes.everything:  # the header counts the codings shown
            self._show_header()

    def action_filter_stripes(self) -> None:
        """`F`: show the codings of some codes or coders only."""
        from qualframe.tui.dialogs.stripe_filter import StripeFilterScreen

        def chosen(stripes: CodingFilter | None) -> None:
            if stripes is not None:
                self.stripes = stripes
                self._set_codings(self.codings)
                self._show_header()

        if not self.codings:
            self.notify("No codings in this document to filter.", severity="warning")
            return
        self.app.push_screen(StripeFilterScreen(self._all_marks(), self.stripes), chosen)

    def jump(self, hit: tuple[int, int]) -> None:
        if self.loaded is None:
            self.pending_hit = hit
        else:
            self.query_one(TranscriptView).jump_to(*hit)

    # --- the panel ------------------------------------------------------------------------

    def _fit_panel(self) -> None:
        show = (
            self.panel_choice
            if self.panel_choice is not None
            else self.app.size.width >= PANEL_MIN_WIDTH
        )
        self.query_one(CodebookPanel).display = show

    def on_resize(self) -> None:
        self._fit_panel()

    def action_toggle_panel(self) -> None:
        panel = self.query_one(CodebookPanel)
        self.panel_choice = not panel.display
        panel.display = self.panel_choice

    def on_codebook_panel_detail_wanted(self, event: CodebookPanel.DetailWanted) -> None:
        event.stop()
        self.read(
            data.code_detail_job(event.key),
            self.query_one(CodebookPanel).show_detail,
            group="detail",
        )

    def on_transcript_view_cursor_moved(self, event: TranscriptView.CursorMoved) -> None:
        event.stop()
        view = event.view
        end_line = (
            view.line_of(max(event.passage[0], event.passage[1] - 1))
            if event.passage
            else event.line
        )
        self.query_one(PassageStatus).show(
            event.line,
            event.marks,
            selecting=event.selecting,
            adjusting=event.adjusting,
            span=event.passage,
            end_line=end_line,
        )
        if event.marks:
            self.query_one(CodebookPanel).follow(event.marks[0].code)

    # --- coding ---------------------------------------------------------------------------

    def _passage_label(self, span: tuple[int, int]) -> str:
        view = self.query_one(TranscriptView)
        first, last = view.line_of(span[0]), view.line_of(max(span[0], span[1] - 1))
        return f"l.{first}" if first == last else f"l.{first}–{last}"

    def _quote(self, span: tuple[int, int], limit: int = 48) -> str:
        """The passage's first words in quotes, so the researcher sees what they code."""
        if self.loaded is None:
            return ""
        words = " ".join(self.loaded.document.text[span[0] : span[1]].split())
        return f"“{words if len(words) <= limit else words[: limit - 1] + '…'}”"

    def action_code(self) -> None:
        """`c`: code the selection, or the sentence under the cursor."""
        span = self.query_one(TranscriptView).passage()
        if span is None or self.codebook is None:
            self.notify("Nothing to code yet.", severity="warning")
            return
        if not self.codebook.codes:
            self.notify(
                "No codebook loaded: qualframe codebook load FILE, or n for a new code.",
                severity="warning",
            )
            return

        def picked(choice: Picked | None) -> None:
            if choice is not None and choice.kind == "new":
                self._new_code(choice.value, span)

        title = f"Code {self._passage_label(span)} {self._quote(span)} with…"
        picker = CodePickerScreen(
            self.codebook,
            title,
            apply=lambda key, shown: self._apply(key, span, shown),
            beside=beside_transcript(self.query_one(TranscriptView), span),
        )
        self.app.push_screen(picker, picked)

    def _apply(
        self, key: str, span: tuple[int, int], picker: CodePickerScreen | None = None
    ) -> None:
        """Code `span` with `key`; an open picker closes when the coding committed (or after
        a moment, when another writer holds the database)."""
        coder = self.app.gateway.coder
        code = self.codebook.code(key) if self.codebook else None

        def added(change: data.Change, codings: list[CodingMark]) -> list[CodingMark]:
            row = CodingMark(
                change.coding_id, span[0], span[1], key, code.name if code else key, coder
            )
            return sorted([*codings, row], key=lambda c: (c.start, c.id))

        def close(_error: str) -> None:
            if picker is not None:
                picker.close()

        self._commit(
            data.add_coding(self.document_name, key, span[0], span[1], coder),
            added,
            after=close,
            clear=True,
        )
        if picker is not None:
            self.set_timer(PICKER_GRACE_SECONDS, picker.close)
        if self.codebook is not None:
            self.codebook.recent[:] = [key, *(k for k in self.codebook.recent if k != key)]

    def _commit(
        self,
        job: data.Job[data.Change],
        update: Callable[[data.Change, list[CodingMark]], list[CodingMark]],
        *,
        after: Callable[[str], None] | None = None,
        clear: bool = False,
    ) -> None:
        """Write; once committed, apply `update` to the codings on screen and redraw (the code
        counts follow in a worker). `after` runs either way, with the error if it failed."""

        def done(change: data.Change) -> None:
            self._set_codings(update(change, self.codings), clear_selection=clear)
            if change.message:
                self.notify(change.message, timeout=3)
            if after is not None:
                after("")
            self.read(
                data.codebook_job(self.app.gateway.coder), self._codebook_loaded, group="codebook"
            )

        def failed(message: str) -> None:
            if after is not None:
                after(message)
            self.notify(message, title="Not done", severity="error", timeout=8)

        self.write(job, done, failed)

    def action_new_code(self) -> None:
        """`n`: a new emergent code, offered for the passage under the cursor."""
        self._new_code("", self.query_one(TranscriptView).passage())

    def _new_code(self, name: str, span: tuple[int, int] | None) -> None:
        label = self._passage_label(span) if span else None

        def created(result: NewCode | None) -> None:
            if result is None:
                return
            self.notify(f"New emergent code {result.key}.", timeout=3)
            if result.apply and span is not None:
                self._apply(result.key, span)
            else:
                self.read(
                    data.codebook_job(self.app.gateway.coder),
                    self._codebook_loaded,
                    group="codebook",
                )

        self.app.push_screen(NewCodeScreen(name, label), created)

    def _with_coding(self, verb: str, then: Callable[[Mark], None]) -> None:
        """Run `then` on the coding under the cursor, asking which when several hold it."""
        view = self.query_one(TranscriptView)
        marks = view.marks_at_cursor()
        if not marks:
            self.notify(f"No coding under the cursor to {verb}.", severity="warning")
            return
        if len(marks) == 1:
            then(marks[0])
            return
        lines = {m.id: self._passage_label((m.start, m.end)) for m in marks}
        self.app.push_screen(
            CodingChoiceScreen(f"Which coding to {verb}?", marks, lines),
            lambda mark: then(mark) if mark is not None else None,
        )

    def action_remove(self) -> None:
        """`d`: remove a coding (undo brings it back)."""

        def remove(mark: Mark) -> None:
            self._commit(
                data.remove_coding(mark.id, self.app.gateway.coder),
                lambda change, codings: [c for c in codings if c.id != change.coding_id],
            )

        self._with_coding("remove", remove)

    @staticmethod
    def _changed_coding(
        **values: Any,
    ) -> Callable[[data.Change, list[CodingMark]], list[CodingMark]]:
        """An `update` for `_commit` that sets `values` on the changed coding."""

        def update(change: data.Change, codings: list[CodingMark]) -> list[CodingMark]:
            changed = [replace(c, **values) if c.id == change.coding_id else c for c in codings]
            return sorted(changed, key=lambda c: (c.start, c.id))

        return update

    def action_recode(self) -> None:
        """`r`: change a coding's code."""

        def recode(mark: Mark) -> None:
            if self.codebook is None:
                return

            def picked(choice: Picked | None) -> None:
                if choice is None or choice.kind != "code" or choice.value == mark.code:
                    return
                code = self.codebook.code(choice.value) if self.codebook else None
                self._commit(
                    data.change_coding(mark.id, self.app.gateway.coder, code=choice.value),
                    self._changed_coding(
                        code=choice.value, code_name=code.name if code else choice.value
                    ),
                )

            beside = beside_transcript(self.query_one(TranscriptView), (mark.start, mark.end))
            title = f"Recode {mark.name} as…"
            self.app.push_screen(
                CodePickerScreen(self.codebook, title, allow_new=False, beside=beside), picked
            )

        self._with_coding("recode", recode)

    def action_extend(self) -> None:
        """`e`: adjust a coding's extent in the transcript; enter saves."""
        self._with_coding("extend or shrink", self.query_one(TranscriptView).begin_adjust)

    def on_transcript_view_extent_chosen(self, event: TranscriptView.ExtentChosen) -> None:
        event.stop()
        if (event.start, event.end) == (event.mark.start, event.mark.end):
            return
        self._commit(
            data.change_coding(
                event.mark.id, self.app.gateway.coder, start=event.start, end=event.end
            ),
            self._changed_coding(start=event.start, end=event.end),
        )

    # --- memos and leaving ----------------------------------------------------------------

    def action_memo(self) -> None:
        """`m`: a memo on this document, or on the coding or code under the cursor."""
        from qualframe.tui.dialogs.memo import MemoScreen, MemoTarget

        view = self.query_one(TranscriptView)
        targets = [MemoTarget("document", self.document_name, f"document {self.document_name}")]
        chosen = 0
        marks = view.marks_at_cursor()
        if marks:
            mark = marks[0]
            label = self._passage_label((mark.start, mark.end))
            targets.append(MemoTarget("coding", str(mark.id), f"the coding {mark.name} at {label}"))
            targets.append(MemoTarget("code", mark.code, f"the code {mark.name}"))
            chosen = 1
        else:
            shown = self.query_one(CodebookPanel).shown
            code = self.codebook.code(shown) if self.codebook and shown else None
            if code is not None:
                targets.append(MemoTarget("code", code.key, f"the code {code.name}"))
        span = (marks[0].start, marks[0].end) if marks else view.passage()
        beside = beside_transcript(view, span) if span else None
        self.app.push_screen(
            MemoScreen(targets, document=self.document_name, chosen=chosen, beside=beside),
            self._memo_saved,
        )

    def _memo_saved(self, saved: bool | None) -> None:
        """A memo on a coding marks its passage: read the codings' memo counts again too."""
        if saved:
            self.read(data.memos_of(self.document_name), self._memos_counted, group="memos")
            self.read(
                data.codings_job(self.document_name, self.app.gateway.coder),
                self._set_codings,
                group="codings",
            )

    def _memos_counted(self, memos: list[MemoRow]) -> None:
        self.memo_count = len(memos)
        self._show_header()

    def _show_header(self) -> None:
        """`P01 · Staff nurse · Hospital A · ✎ 2 · 2,518 words` (the case when not the name)."""
        if self.loaded is None:
            return
        document = self.loaded.document
        case = document.case if document.case != document.name else None
        details = [v for v in (case, document.attributes.get("role"), document.organisation) if v]
        if self.memo_count:
            details.append(f"✎ {self.memo_count}")
        if not self.stripes.everything:
            shown = sum(self.stripes.admits(c.code, c.coder) for c in self.codings)
            details.append(f"stripes {shown}/{len(self.codings)} (F)")
        details.append(f"{document.words:,} words")
        self.query_one(ProjectHeader).show(
            self.app.info, f"{document.name} · {' · '.join(details)}"
        )

    def action_back(self) -> None:
        self.app.pop_screen()
