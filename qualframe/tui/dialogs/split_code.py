"""The split dialog (`x` in the codebook): a name for the new code beside the highlighted one,
and every coding of that code with a tick box, one line each (where, who, the passage), the
highlighted one in its context below. The ticked codings move to the new code, as
`qualframe codebook split SOURCE CODE_ID NAME --coding ID ...` does; `u` takes it back.

Splitting with nothing ticked makes an empty code; since that is rarely what a researcher
who opened this dialog wants, it asks for the save key a second time. The codings are read on
a worker (a busy code has hundreds), with a little context only: the rows show an excerpt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from qualframe.coding.report import NO_CASE, in_context
from qualframe.tui import codebook_data
from qualframe.tui.bindings import SPLIT
from qualframe.tui.codebook_data import SplitChoices
from qualframe.tui.dialogs.new_code import code_id
from qualframe.tui.screens.base import WorkbenchDialog

if TYPE_CHECKING:
    from qualframe.coding.report import Passage
    from qualframe.tui.data import CodeInfo

HINT = "tab codings · space tick · a all · enter or ctrl+s split · esc cancel"
HINT_EMPTY = "enter or ctrl+s split · esc cancel"
#: Rows of the dialog besides the list (its frame, title, name, passage, count, error, hint).
FIXED_ROWS = 16
#: The list keeps this many rows on the smallest terminal (the dialog scrolls then).
MIN_ROWS = 4


def _who(passage: Passage) -> tuple[str, str]:
    """Where and by whom: (`P10 l.23`, ` (F2) · ana`)."""
    case = f" ({passage.case})" if passage.case not in (passage.document, NO_CASE) else ""
    return f"{passage.document} l.{passage.line}", f"{case} · {passage.coder or 'unknown'}"


def rows(passages: Sequence[Passage]) -> list[Text]:
    """`P10 l.23 · ana  the passage…`, one line each (a tick box fits one line, not two), the
    passages starting in one column so the eye runs down them."""
    parts = [_who(p) for p in passages]
    width = max((len(where) + len(who) for where, who in parts), default=0)
    lines = []
    for passage, (where, who) in zip(passages, parts, strict=True):
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(where, style="bold")
        line.append(who.ljust(width - len(where)) + "  ", style="dim")
        line.append(" ".join(passage.text.split()))
        lines.append(line)
    return lines


class CodingList(SelectionList[int]):
    """The codings to tick: `space` ticks, `enter` splits (rather than ticking as well)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "screen.save", show=False)]


class SplitCodeScreen(WorkbenchDialog[str]):
    """Dismissed with the change's message once split, or None (esc). A refusal (a taken id)
    is shown in the dialog, which stays open with the name and the ticks."""

    KEY_GROUPS = (SPLIT,)
    BINDINGS = SPLIT.bindings()
    AUTO_FOCUS = "#split-name"
    DEFAULT_CSS = """
    #split-id {
        width: auto;
        margin-left: 2;
        color: $text-muted;
    }
    #split-count {
        color: $text-muted;
    }
    #split-codings {
        height: auto;
    }
    #split-passage {
        height: 2;
        margin-top: 1;
    }
    """

    def __init__(self, code: CodeInfo) -> None:
        super().__init__()
        self.code = code
        self.choices: SplitChoices | None = None
        self.passages: dict[int, Passage] = {}
        #: Set when the empty split was asked about: the next save makes it.
        self.empty_asked = False

    def compose(self) -> ComposeResult:
        with Vertical(id="split-code", classes="dialog"):
            yield Label(
                f"Split {self.code.name}: the ticked codings move to the new code",
                classes="dialog-title",
            )
            with Horizontal(classes="field"):
                yield Label("Name", classes="field-label")
                yield Input(placeholder="the new code's name", id="split-name", compact=True)
                yield Label("", id="split-id")
            yield CodingList(id="split-codings", compact=True)
            yield Static("Reading the codings…", id="split-count")
            error = Static("", id="split-error", classes="dialog-error")
            error.display = False
            yield error
            yield Static("", id="split-passage")
            yield Static(HINT, id="split-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self._fit(self.app.size.height)
        self.read(
            codebook_data.split_choices(self.code.key, self.app.gateway.coder),
            self._show,
            group="split",
        )

    def _show(self, choices: SplitChoices) -> None:
        self.choices = choices
        self.passages = {p.coding_id: p for p in choices.passages}
        listing = self.query_one(CodingList)
        listing.add_options(
            [
                Selection(line, p.coding_id)
                for line, p in zip(rows(choices.passages), choices.passages, strict=True)
            ]
        )
        listing.display = bool(choices.passages)
        self.query_one("#split-passage").display = bool(choices.passages)
        if not choices.passages:
            self.query_one("#split-hint", Static).update(HINT_EMPTY)
        if choices.passages:
            listing.highlighted = 0
        self._count()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """As many codings as the terminal has room for beside the rest of the dialog (a
        height in CSS units let the dialog grow to the whole list's height)."""
        room = height * 95 // 100 - FIXED_ROWS
        self.query_one(CodingList).styles.max_height = max(MIN_ROWS, room)

    # --- what the researcher sees change --------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        key = code_id(event.value)
        self.query_one("#split-id", Label).update(f"id {key}" if key else "")
        self.empty_asked = False
        self._error("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """`enter` in the name goes on to the codings (or splits, when there are none)."""
        event.stop()
        if self.passages:
            self.query_one(CodingList).focus()
        else:
            self.action_save()

    def on_selection_list_selection_highlighted(
        self, event: SelectionList.SelectionHighlighted[int]
    ) -> None:
        event.stop()
        passage = self.passages.get(event.selection.value)
        shown = Text()
        if passage is not None:
            before, text, after = in_context(passage)
            shown.append(before, style="dim")
            shown.append(text, style="bold")
            shown.append(after, style="dim")
        self.query_one("#split-passage", Static).update(shown)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[int]) -> None:
        event.stop()
        self.empty_asked = False
        self._error("")
        self._count()

    def _count(self) -> None:
        if self.choices is None:
            return
        listed, ticked = len(self.choices.passages), len(self.query_one(CodingList).selected)
        if listed:
            noun = "coding" if listed == 1 else "codings"
            said = f"{ticked} of {listed} {noun} move to the new code."
        else:
            said = "Nothing to tick: the new code starts empty."
        if unlisted := self.choices.total - listed:
            said += (
                f" {unlisted} not listed (another coder's under blind coding, or on an earlier"
                f" revision of a document) stay with {self.code.name}."
            )
        self.query_one("#split-count", Static).update(said)

    def _error(self, message: str) -> None:
        error = self.query_one("#split-error", Static)
        error.update(message)
        error.display = bool(message)

    # --- the keys -------------------------------------------------------------------------

    def action_tick_all(self) -> None:
        """`a`: tick every coding, or untick them all when all are ticked."""
        listing = self.query_one(CodingList)
        if len(listing.selected) == listing.option_count:
            listing.deselect_all()
        else:
            listing.select_all()

    def action_save(self) -> None:
        if self.choices is None:
            self._error("Still reading the codings; a moment.")
            return
        name = self.query_one("#split-name", Input).value.strip()
        key = code_id(name)
        ticked = sorted(self.query_one(CodingList).selected)
        if not name or not key:
            self.query_one("#split-name", Input).focus()
            self._error(
                "Give the new code a name (with a letter or digit: its id is made from it)."
            )
            return
        if not ticked and self.passages and not self.empty_asked:
            self.empty_asked = True
            self._error(
                "Nothing is ticked: the new code would start empty. Split again to make it"
                " so, or tick codings (space; a ticks all)."
            )
            return
        coder = self.app.gateway.coder
        job = codebook_data.split(self.code.key, key, name, ticked, coder)
        self.write(job, self.dismiss, failed=self._error)
