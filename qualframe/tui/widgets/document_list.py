"""The project's documents as a table: case, how much is coded (a bar and a percentage, to see
at a glance what is left to do), words, memos, organisation and key attributes, in that order so
the narrowest terminal still shows what matters while coding."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual.actions import SkipAction
from textual.widgets import DataTable

if TYPE_CHECKING:
    from qualframe.corpus.overview import Overview, OverviewRow

BAR_WIDTH = 8


def coded_bar(share: float) -> Text:
    """`━━━───── 38%`: the text covered by at least one coding. Coded and uncoded parts differ in
    shape as well as colour (the highlighted row paints both in one colour), and a sliver of
    coding reads `<1%`, not `0%`."""
    filled = max(1, round(share * BAR_WIDTH)) if share > 0 else 0
    bar = Text("━" * filled, style="green")
    bar.append("─" * (BAR_WIDTH - filled), style="grey42")
    percent = "<1%" if 0 < share < 0.005 else f"{share * 100:3.0f}%"
    bar.append(f" {percent:>4}", style="" if share > 0 else "dim")
    return bar


class DocumentTable(DataTable[Text | str]):
    """Documents filtered by a free-text needle; row keys are document names."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.listing: Overview | None = None
        self.needle = ""

    def action_select_cursor(self) -> None:
        """`enter` on an empty table (still loading) goes on to the screen's `open`, which
        remembers it; on rows it selects as usual."""
        if not self.row_count:
            raise SkipAction()
        super().action_select_cursor()

    def show(self, listing: Overview, needle: str | None = None) -> None:
        """Fill the table, keeping the highlighted document when it is still listed."""
        keep = self.highlighted_name()
        self.listing = listing
        if needle is not None:
            self.needle = needle
        self.clear(columns=True)
        self.add_column("Document", key="name")
        self.add_column("Case", key="case")
        self.add_column("Coded", key="coded")
        self.add_column(Text("Words", justify="right"), key="words")
        self.add_column("Memos", key="memos")
        self.add_column("Organisation", key="organisation")
        for name in listing.attribute_names:
            self.add_column(name.replace("_", " ").capitalize(), key=f"attr:{name}")
        for row in self.visible_rows():
            self.add_row(*self._cells(row), key=row.name)
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), animate=False)

    def update_status(self, name: str, coded_share: float, memos: int) -> None:
        """New coded share and memo count for one document, in place."""
        if self.listing is None:
            return
        rows = [
            replace(row, coded_share=coded_share, memos=memos) if row.name == name else row
            for row in self.listing.rows
        ]
        self.listing = replace(self.listing, rows=rows)
        if name in self.rows:
            cells = self._cells(next(row for row in rows if row.name == name))
            self.update_cell(name, "coded", cells[2])
            self.update_cell(name, "memos", cells[4])

    def visible_rows(self) -> list[OverviewRow]:
        if self.listing is None:
            return []
        return [row for row in self.listing.rows if row.matches(self.needle)]

    def filter(self, needle: str) -> None:
        if self.listing is not None and needle != self.needle:
            self.show(self.listing, needle)

    def highlighted_name(self) -> str | None:
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    @staticmethod
    def _cells(row: OverviewRow) -> list[Text | str]:
        return [
            Text(row.name, style="bold"),
            row.case or "",
            coded_bar(row.coded_share),
            Text(f"{row.words:,}", justify="right"),
            Text(f"✎ {row.memos}" if row.memos else "", style="yellow"),
            row.organisation or "",
            *row.attributes,
        ]
