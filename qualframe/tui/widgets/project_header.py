"""The line at the top of every screen: where you are, who is coding, which codebook."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from qualframe.tui.data import ProjectInfo


class ProjectHeader(Static):
    """`qualframe · PROJECT › CONTEXT` on the left; coder and codebook version on the right."""

    def __init__(self, context: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.context = context
        self.info: ProjectInfo | None = None

    def on_resize(self) -> None:
        self.update(self._header_line(), layout=False)

    def show(self, info: ProjectInfo | None, context: str | None = None) -> None:
        self.info = info
        if context is not None:
            self.context = context
        self.update(self._header_line(), layout=False)

    def _header_line(self) -> Table:
        left = Text()
        left.append(" qualframe", style="bold")
        if self.info is not None:
            left.append(f" · {self.info.name}")
        if self.context:
            left.append(f" › {self.context}", style="bold")
        right = Text(justify="right", no_wrap=True, overflow="ellipsis")
        if self.info is not None:
            wide = self.size.width >= 100
            right.append("coder " if wide else "", style="dim")
            # The gap before "codebook" goes with the coder's name: a styled run that starts
            # with spaces loses them in some SVG renderers (the README's screenshots).
            right.append(self.info.coder + ("  " if wide else ""))
            right.append("codebook " if wide else " · ", style="dim")
            right.append(f"v{self.info.codebook_version}" if self.info.codebook_version else "none")
            right.append(" ")
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(left, right)
        return grid
