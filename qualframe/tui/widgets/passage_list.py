"""A long list of passages drawn a line at a time (the code view's list).

Thousands of passages, each wrapped over several lines, are too many for an OptionList (it
formats every option up front: ~2 ms each). Here each entry is plain text with styled spans,
wrapped by a greedy word wrap over the plain string (no styled text until a line is drawn),
and only the lines on screen are drawn."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Run = tuple[str, str]  # text, style name

STYLES = {
    "": Style(),
    "bold": Style(bold=True),
    "dim": Style(dim=True),
    "heading": Style(bold=True, underline=True),
    "memo": Style(italic=True, color="yellow"),
    "memo-bold": Style(italic=True, bold=True, color="yellow"),
    "memo-plain": Style(color="yellow"),
    "mark": Style(color="yellow"),
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One item: blocks of styled runs, each block starting on a new line (a passage's
    header, its text in context, each memo). An entry without a key (a case heading) cannot
    be highlighted."""

    key: str | None
    blocks: tuple[tuple[Run, ...], ...]

    @property
    def selectable(self) -> bool:
        return self.key is not None


def wrap(text: str, width: int, start: int = 0) -> list[tuple[int, int]]:
    """Greedy word wrap of `text` (no newlines) at `width`: (start, end) offsets per line."""
    lines: list[tuple[int, int]] = []
    begin = 0
    length = len(text)
    while length - begin > width:
        cut = text.rfind(" ", begin, begin + width + 1)
        if cut <= begin:
            cut = begin + width
            lines.append((start + begin, start + cut))
            begin = cut
        else:
            lines.append((start + begin, start + cut))
            begin = cut + 1
    lines.append((start + begin, start + length))
    return lines


class PassageList(ScrollView, can_focus=True):
    """Entries with a highlighted one; `enter` or a click posts `Chosen`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("enter", "choose", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"passage-list--cursor"}
    DEFAULT_CSS = """
    PassageList > .passage-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    class Chosen(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self.highlighted: int | None = None
        self._width = 0
        self._starts: list[int] = []  # first row of each entry
        self._lines: list[list[tuple[int, int, int]]] = []  # per entry: (block, start, end)

    def show(self, entries: list[Entry], highlighted: int | None) -> None:
        self.entries = entries
        self.highlighted = highlighted
        self._width = 0
        self._layout()
        self._reveal()

    def _layout(self) -> None:
        """Wrap every entry at the current width (plain strings: fast enough for thousands)."""
        width = max(10, self.size.width - 1)
        if width == self._width and self._starts:
            return
        self._width = width
        self._starts, self._lines, row = [], [], 0
        for entry in self.entries:
            lines = [
                (number, start, end)
                for number, block in enumerate(entry.blocks)
                for start, end in wrap("".join(text for text, _ in block), width)
            ]
            self._starts.append(row)
            self._lines.append(lines)
            row += len(lines)
        self.virtual_size = Size(width, row)
        self.refresh()

    def on_resize(self, _event: events.Resize) -> None:
        self._layout()

    def render_line(self, y: int) -> Strip:
        row = y + int(self.scroll_offset.y)
        if not self._starts or row >= self.virtual_size.height:
            return Strip.blank(self.size.width)
        index = bisect_right(self._starts, row) - 1
        number, start, end = self._lines[index][row - self._starts[index]]
        base = (
            self.get_component_rich_style("passage-list--cursor")
            if index == self.highlighted
            else Style()
        )
        segments, offset = [], 0
        for text, style in self.entries[index].blocks[number]:
            left, right = max(start, offset), min(end, offset + len(text))
            if left < right:
                segments.append(Segment(text[left - offset : right - offset], base + STYLES[style]))
            offset += len(text)
        return Strip(segments).extend_cell_length(self.size.width, base)

    # --- moving ----------------------------------------------------------------------------

    def _selectable(self) -> list[int]:
        return [i for i, entry in enumerate(self.entries) if entry.selectable]

    def action_move(self, step: int) -> None:
        choices = self._selectable()
        if not choices:
            return
        if self.highlighted is None:
            self.highlighted = choices[0]
        else:
            position = bisect_right(choices, self.highlighted) - 1
            self.highlighted = choices[max(0, min(len(choices) - 1, position + step))]
        self._reveal()
        self.refresh()

    def action_page(self, step: int) -> None:
        for _ in range(max(1, self.size.height // 4)):
            self.action_move(step)

    def action_first(self) -> None:
        choices = self._selectable()
        if choices:
            self.highlighted = choices[0]
            self.scroll_to(y=0, animate=False, immediate=True)
            self.refresh()

    def action_last(self) -> None:
        choices = self._selectable()
        if choices:
            self.highlighted = choices[-1]
            self._reveal()
            self.refresh()

    def action_choose(self) -> None:
        if self.highlighted is not None:
            key = self.entries[self.highlighted].key
            if key is not None:
                self.post_message(self.Chosen(key))

    def on_click(self, event: events.Click) -> None:
        row = event.y + int(self.scroll_offset.y)
        if not self._starts or row >= self.virtual_size.height:
            return
        index = bisect_right(self._starts, row) - 1
        if self.entries[index].selectable:
            if index == self.highlighted:
                self.action_choose()
            self.highlighted = index
            self.refresh()

    def highlighted_rows(self) -> tuple[int, int] | None:
        """The first and last line of the highlighted passage (to keep it in sight)."""
        if self.highlighted is None or not self._starts:
            return None
        first = self._starts[self.highlighted]
        return first, first + len(self._lines[self.highlighted]) - 1

    def _reveal(self) -> None:
        if (rows := self.highlighted_rows()) is None:
            return
        first, last = rows
        top, height = int(self.scroll_offset.y), max(1, self.size.height)
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif last >= top + height:
            self.scroll_to(y=min(first, last - height + 1), animate=False, immediate=True)
