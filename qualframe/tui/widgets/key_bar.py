"""The bottom line: the keys that matter on this screen, each clickable.

It shows the same bindings Textual's Footer would (those declared with `show=True` in
`bindings/`, for the focused widget and its screen) but is one widget redrawn in place: the
Footer mounts a widget per key whenever the bindings change, and that happens on every screen
switch and dialog, right when a researcher is waiting for a transcript or a coding.
"""

from __future__ import annotations

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static


class KeyBar(Static):
    """`c Code  v Select  …` on the left, the command palette key on the right."""

    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        dock: bottom;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.update(self._line(), layout=False)

    def _line(self) -> Table:
        key_style = Style(bold=True, color=self.app.current_theme.accent)
        left = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            click = Style(meta={"@click": f"app.simulate_key({binding.key.split(',')[0]!r})"})
            left.append(f" {self.app.get_key_display(binding)} ", key_style + click)
            left.append(f"{binding.description} ", click)
        right = Text(no_wrap=True)
        if self.app.ENABLE_COMMAND_PALETTE:
            click = Style(meta={"@click": "app.command_palette"})
            right.append(" ^p ", key_style + click)
            right.append("palette ", click)
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(left, right)
        return grid
