"""The line under the transcript: where the cursor is, which codes hold that text and who
coded it, and what the keys do in the current mode (selecting, adjusting a coding)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from qualframe.tui.colors import hue
from qualframe.tui.layout import Mark


class PassageStatus(Static):
    def show(
        self,
        line: int,
        marks: tuple[Mark, ...],
        *,
        selecting: bool,
        adjusting: Mark | None,
        span: tuple[int, int] | None,
        end_line: int,
    ) -> None:
        text = Text(" ")
        where = f"l.{line}" if end_line == line else f"l.{line}–{end_line}"
        text.append(where, style="bold")
        if adjusting is not None:
            text.append(" adjusting ", style="reverse")
            text.append(f" {adjusting.name}", style=hue(adjusting.color))
            text.append(
                "  ↑↓ ←→ move the end · shift: the start · enter saves · esc cancels", style="dim"
            )
        elif selecting:
            text.append(" selection ", style="reverse")
            text.append(" c codes it · esc clears", style="dim")
        if adjusting is None:
            if marks:
                text.append("  ")
                text.append("coded: ", style="dim")
                for index, mark in enumerate(marks):
                    if index:
                        text.append(" · ", style="dim")
                    text.append(mark.name, style=hue(mark.color))
                    text.append(f" ({mark.coder or 'unknown'})", style="dim")
                    if mark.memos:
                        text.append(f" ✎ {mark.memos}", style="dim")
            elif not selecting and span is not None:
                text.append("  ")
                text.append("not coded", style="dim")
        self.update(text, layout=False)
