"""The code picker (`c`): fuzzy search by id or name, recently used codes first, each code's
theme beside it, `enter` applies. A name that is not in the codebook is offered as a new
emergent code. From the reader it docks beside the passage it codes (`dialogs.beside`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from qualframe.tui.bindings import PICKER
from qualframe.tui.colors import hue
from qualframe.tui.data import Codebook, CodeInfo
from qualframe.tui.dialogs.beside import Beside, BesideDialog

NEW = "__new__"
NAME_WIDTH = 30
THEME_WIDTH = 34
#: A narrow picker (beside the text) cuts the themes to this before it cuts the code names.
THEME_MIN_WIDTH = 12
#: Below this terminal height the picker drops its blank lines (class `short`), so that its
#: title, box and ten codes fit in 24 lines.
SHORT_HEIGHT = 30
#: Rows of a picker docked below the text besides its codes: edge, title, box, definition, hint.
BELOW_CHROME = 7


@dataclass(frozen=True)
class Picked:
    """The researcher's choice: an existing code, or a name for a new emergent code."""

    kind: Literal["code", "new"]
    value: str


def ranked(codebook: Codebook, query: str) -> list[CodeInfo]:
    """Codes matching `query` (fuzzy, on id and name), best first; ties and an empty query put
    recently used codes first, then codebook order."""
    recent = {key: rank for rank, key in enumerate(codebook.recent)}

    def familiar(code: CodeInfo) -> tuple[int, int]:
        return recent.get(code.key, len(recent)), code.order

    if not query.strip():
        return sorted(codebook.codes, key=familiar)
    matcher = Matcher(query)
    scored = []
    for code in codebook.codes:
        score = max(matcher.match(code.name), matcher.match(code.key))
        if score > 0:
            scored.append((-score, *familiar(code), code))
    return [entry[-1] for entry in sorted(scored, key=lambda e: e[:-1])]


class CodePickerScreen(BesideDialog[Picked]):
    """Choose the code to apply (or to recode with)."""

    KEY_GROUPS = (PICKER,)
    BINDINGS = PICKER.bindings()
    AUTO_FOCUS = "#picker-query"

    def __init__(
        self,
        codebook: Codebook,
        title: str,
        *,
        allow_new: bool = True,
        apply: Callable[[str, CodePickerScreen], None] | None = None,
        beside: Beside | None = None,
    ) -> None:
        """`apply(key, picker)`, when given, codes at once and closes the picker itself once
        the change committed: the commit then runs while the screen below is still at rest,
        instead of competing with its redraw. `beside`: the passage to keep in sight."""
        super().__init__(beside)
        self.codebook = codebook
        self.title_text = title
        self.allow_new = allow_new
        self.apply = apply
        self.applying = False

    def compose_dialog(self) -> ComposeResult:
        with Vertical(id="picker", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder="type an id or a name", id="picker-query", compact=True)
            options = OptionList(id="picker-options", compact=True)
            options.can_focus = False  # the box keeps the focus; the arrows move the choice
            yield options
            yield Static("", id="picker-definition")
            yield Static("enter apply · ↑↓ choose · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#picker").set_class(self.app.size.height < SHORT_HEIGHT, "short")
        self._fill("")

    def fit_dock(self) -> None:
        """Below the text, as many codes as fit under the title, box and definition."""
        options = self.query_one(OptionList)
        if self.dock in ("below", "above"):
            options.styles.max_height = max(3, min(10, self.below_height() - BELOW_CHROME))
        else:
            options.styles.max_height = None

    def _widths(self) -> tuple[int, int]:
        """The name's and the theme's columns: each option one line, whatever the width."""
        dialog = self.dialog_width()
        room = dialog - 2 - 4 - 2 - 2  # border, padding, scrollbar, the colour square
        tag = 1 + len("  recent")
        longest = max((len(code.name) for code in self.codebook.codes), default=NAME_WIDTH)
        name = min(NAME_WIDTH, longest, max(12, room - tag - THEME_MIN_WIDTH))
        return name, max(0, min(THEME_WIDTH, room - name - tag))

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        codes = ranked(self.codebook, query)
        recent = set(self.codebook.recent)
        widths = self._widths()
        options.add_options(
            [
                self._option(code, code.key in recent and not query.strip(), *widths)
                for code in codes
            ]
        )
        typed = query.strip()
        exact = any(
            typed.casefold() in (c.key.casefold(), c.name.casefold()) for c in self.codebook.codes
        )
        if self.allow_new and typed and not exact:
            options.add_option(
                Option(
                    Text.assemble(("＋ new emergent code ", "bold green"), (f"“{typed}”", "bold")),
                    id=NEW,
                )
            )
        if options.option_count:
            options.highlighted = 0
        self._describe()

    def _option(self, code: CodeInfo, recent: bool, name_width: int, theme_width: int) -> Option:
        prompt = Text(no_wrap=True, overflow="ellipsis")
        prompt.append("■ ", style=hue(code.color))
        prompt.append(_cut(code.name, name_width).ljust(name_width))
        if theme_width > 1:
            prompt.append(f" {_cut(code.theme_name, theme_width)}", style="dim")
        if recent:
            prompt.append("  recent", style="italic dim")
        return Option(prompt, id=code.key)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._describe()

    def _describe(self) -> None:
        options = self.query_one(OptionList)
        box = self.query_one("#picker-definition", Static)
        index = options.highlighted
        key = options.get_option_at_index(index).id if index is not None else None
        code = self.codebook.code(key) if key else None
        if code is None:
            box.update(
                Text(
                    "Creates a code with origin emergent: you give it a theme and a definition."
                    if key == NEW
                    else "",
                    style="dim",
                )
            )
            return
        text = Text(f"{code.key} · ", style="dim")
        text.append(_first_sentences(code.definition))
        box.update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose()

    def _choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        key = options.get_option_at_index(options.highlighted).id
        if key == NEW:
            self.dismiss(Picked("new", self.query_one(Input).value.strip()))
        elif key is not None and self.apply is not None:
            if not self.applying:
                self.applying = True
                self.apply(key, self)
        elif key is not None:
            self.dismiss(Picked("code", key))

    def close(self) -> None:
        """Close after an `apply` (a no-op when already closed)."""
        if self.is_current:
            self.dismiss(None)

    def action_option_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_option_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _first_sentences(text: str, limit: int = 220) -> str:
    """The start of a definition, cut at a sentence end when one is near."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = max((m.end() for m in re.finditer(r"[.!?]\s", text[:limit])), default=0)
    return text[:cut].strip() if cut > limit // 2 else text[: limit - 1] + "…"
