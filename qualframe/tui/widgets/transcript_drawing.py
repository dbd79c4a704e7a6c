"""How the transcript draws a row: the line number and cursor mark, the text with its codings'
tints (underlined where they overlap), the cursor, selection and hit, and the margin's bars and
code names. `TranscriptView` draws through one `RowPainter`: drawing is a concern of its own."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from qualframe.tui.colors import hue, tint
from qualframe.tui.layout import Row

if TYPE_CHECKING:
    from qualframe.tui.widgets.transcript_view import Geometry, TranscriptView

#: Lanes of coding bars in the margin (more overlapping codings share the last one).
MAX_LANES = 3
#: Before a coding's name in the margin when memos are written on it.
MEMO = "✎ "


class RowPainter:
    """`render_line` and its parts, for one view (component styles cached here)."""

    def __init__(self, view: TranscriptView) -> None:
        self.view = view
        self._styles: dict[str, Style] = {}

    def reset_styles(self) -> None:
        """The stylesheet changed: look the component styles up again."""
        self._styles = {}

    def _style(self, part: str) -> Style:
        """The widget's style ("") or a component's (`transcript--PART`), looked up once per
        stylesheet change rather than once per drawn segment."""
        style = self._styles.get(part)
        if style is None:
            view = self.view
            style = (
                view.get_component_rich_style(f"transcript--{part}") if part else view.rich_style
            )
            self._styles[part] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.view.scrollable_content_region.width
        base = self._style("")
        index = int(self.view.scroll_offset.y) + y
        if self.view.document is None or index >= len(self.view._rows):
            return Strip.blank(width, base)
        row = self.view._rows[index]
        geometry = self.view.geometry()
        segments = self._gutter(row, geometry, base)
        segments.append(Segment(" " * row.indent, base))
        segments.extend(self._text(row, index, base))
        if row.kind == "label":
            segments.extend(self._speaker_note(row, base))
        used = sum(segment.cell_length for segment in segments)
        segments.append(Segment(" " * max(1, geometry.margin_x - used), base))
        if geometry.margin_width:
            segments.extend(self._margin(index, geometry.margin_width, base))
        return Strip(segments).adjust_cell_length(width, base)

    def _gutter(self, row: Row, geometry: Geometry, base: Style) -> list[Segment]:
        number = str(row.line) if row.line is not None else ""
        marker = "▌" if self._under_cursor(row) else " "
        return [
            Segment(number.rjust(geometry.number_width) + " ", base + self._style("number")),
            Segment(marker, base + self._style("cursor-mark")),
            Segment(" ", base),
        ]

    def _speaker_note(self, row: Row, base: Style) -> list[Segment]:
        """`· Clinical lead` after a focus-group speaker's label: who is talking."""
        assert self.view.document is not None
        if row.turn is None:
            return []
        case = self.view.document.turns[row.turn].case
        label = self.view.document.text[row.start : row.end]
        note = [
            part
            for part in (
                case if case and case != label else None,
                self.view.document.speaker_notes.get(case or ""),
            )
            if part
        ]
        if not note:
            return []
        return [Segment("  " + " · ".join(note), base + self._style("number"))]

    def _under_cursor(self, row: Row) -> bool:
        span = (
            self.view.passage()
            if self.view.adjusting is None
            else (self.view.adjusting.start, self.view.adjusting.end)
        )
        if span is None or row.kind == "gap":
            return False
        return row.start < span[1] and row.end > span[0]

    def _text(self, row: Row, index: int, base: Style) -> list[Segment]:
        assert self.view.document is not None
        if row.kind == "gap" or row.end <= row.start:
            return []
        text = self.view.document.text
        start, end = row.start, row.end
        overlay = self.view._overlay
        here = [overlay.marks[i] for i in overlay.at(index)]
        cursor = self.view.cursor_span() if self.view.adjusting is None else None
        selection = self.view.selection()
        adjust = (
            (self.view.adjusting.start, self.view.adjusting.end) if self.view.adjusting else None
        )
        cuts = {start, end}
        for low, high in [(m.start, m.end) for m in here] + [
            s for s in (cursor, selection, adjust, self.view.hit) if s is not None
        ]:
            if start < low < end:
                cuts.add(low)
            if start < high < end:
                cuts.add(high)
        ordered = sorted(cuts)
        row_style = base
        if row.kind == "label":
            row_style = base + self._style("label")
        segments = []
        for low, high in pairwise(ordered):
            style = row_style
            covering = [m for m in here if m.start <= low and m.end >= high]
            if covering:
                inner = min(covering, key=lambda m: m.end - m.start)
                style += tint(inner.color)
                if len(covering) > 1:
                    style += Style(underline=True)
            if cursor is not None and cursor[0] <= low and cursor[1] >= high:
                cursor_style = self._style("cursor")
                style += Style(bold=True, color=cursor_style.color) if covering else cursor_style
            if selection is not None and selection[0] <= low and selection[1] >= high:
                style += self._style("selection")
            if adjust is not None and adjust[0] <= low and adjust[1] >= high:
                style += self._style("adjust")
            if self.view.hit is not None and self.view.hit[0] <= low and self.view.hit[1] >= high:
                style += self._style("hit")
            segments.append(Segment(text[low:high].replace("\t", " "), style))
        return segments

    def _margin(self, index: int, width: int, base: Style) -> list[Segment]:
        overlay = self.view._overlay
        here = overlay.at(index)
        lanes = min(MAX_LANES, max(1, overlay.lane_count))
        cells: list[Segment] = []
        for lane in range(lanes):
            owners = [
                i
                for i in here
                if overlay.lanes[i] == lane or (lane == lanes - 1 and overlay.lanes[i] >= lanes)
            ]
            if not owners:
                cells.append(Segment(" ", base))
            elif len(owners) > 1 or overlay.lanes[owners[0]] >= lanes:
                cells.append(Segment("┇", base + self._style("more")))
            else:
                mark = overlay.marks[owners[0]]
                bar = "╻" if overlay.first_rows[owners[0]] == index else "┃"
                cells.append(Segment(bar, base + hue(mark.color)))
        room = width - lanes - 1
        cells.append(Segment(" ", base))
        for position, mark_index in enumerate(overlay.labels.get(index, [])):
            mark = overlay.marks[mark_index]
            label = ("" if position == 0 else " ") + (MEMO if mark.memos else "") + mark.name
            if room <= 1:
                break
            if len(label) > room:
                label = label[: room - 1] + "…"
            cells.append(Segment(label, base + hue(mark.color)))
            room -= len(label)
        return cells
