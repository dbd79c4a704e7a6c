"""The Framework matrix as plain data: rows (cases), columns (codes), cells (summary + excerpts).

Nothing here touches the database or any UI; the builders in `matrix.py` fill these, and the
exporters, the CLI and the TUI only read them. Every excerpt keeps its document and offsets, so a
reference in a chart always leads back to its quote in the transcript.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime


def line_span(first: int, last: int) -> str:
    """`l.45` or `l.45–52`: 1-based lines of the stored text."""
    return f"l.{first}" if first == last else f"l.{first}–{last}"


def reference(case: str, document: str, first: int, last: int) -> str:
    """`(F2, FG01 l.45–52)`: the case, then the document and lines (design notes); the document
    is left out when it is named like the case, as interviews are: `(P13, l.45)`."""
    if document == case:
        return f"({case}, {line_span(first, last)})"
    return f"({case}, {document} {line_span(first, last)})"


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One coding seen from a chart: where it is, which lines, the quoted text, and the
    reference a chart prints for it (made once: every export prints it)."""

    coding_id: int
    case_id: int
    case: str
    code_id: int
    document_id: int
    document: str
    start: int
    end: int
    line_start: int
    line_end: int
    text: str
    reference: str

    @property
    def lines(self) -> str:
        return line_span(self.line_start, self.line_end)


@dataclass(frozen=True, slots=True)
class SummaryVersion:
    """One stored version of a cell's summary; an empty text means the cell was cleared."""

    case_id: int
    code_id: int
    version: int
    text: str
    author: str | None
    created: datetime


@dataclass(slots=True)
class Cell:
    """What a chart shows for one case on one code."""

    summary: SummaryVersion | None = None
    excerpts: list[Excerpt] = field(default_factory=list)
    #: In the overview: (code name, summary) of the case's codes under the cell's theme.
    code_summaries: list[tuple[str, str]] = field(default_factory=list)

    @property
    def version(self) -> int:
        """The version an editor read; pass it back as `if_version` (0: never written)."""
        return self.summary.version if self.summary else 0

    @property
    def text(self) -> str:
        return self.summary.text if self.summary else ""

    @property
    def shown_summary(self) -> str:
        """What a chart prints above the references: the summary, else (in the overview) the
        code summaries under the theme, each after its code's name."""
        if self.text or not self.code_summaries:
            return self.text
        return "\n".join(f"{name}: {text}" for name, text in self.code_summaries)

    @property
    def count(self) -> int:
        return len(self.excerpts)

    @property
    def documents(self) -> int:
        return len({excerpt.document_id for excerpt in self.excerpts})

    @property
    def references(self) -> list[str]:
        """Each distinct reference once, in text order (two codings on one line read as one)."""
        if len(self.excerpts) == 1:
            return [self.excerpts[0].reference]
        return list(dict.fromkeys(excerpt.reference for excerpt in self.excerpts))


@dataclass(frozen=True, slots=True)
class Column:
    """A code of the theme (or, in the overview, a theme); `depth` 0 is a direct child."""

    code_id: int
    key: str
    name: str
    depth: int = 0
    parent: str | None = None
    retired: bool = False
    is_theme: bool = False

    @property
    def label(self) -> str:
        return f"{self.name} (retired)" if self.retired else self.name


@dataclass(frozen=True, slots=True)
class Row:
    """A case (participant) with its organisation, attributes and the group it is charted in."""

    case_id: int
    name: str
    organisation: str | None
    attributes: dict[str, str]
    group: str | None = None


@dataclass
class Matrix:
    """One chart: a theme's codes as columns (or every theme, in the overview), cases as rows."""

    theme: str | None
    title: str
    columns: list[Column]
    rows: list[Row]
    grouping: str = "case"
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)

    def cell(self, case_id: int, code_id: int) -> Cell:
        """The cell of a case on a code (a new empty one when nothing is there)."""
        return self.cells.get((case_id, code_id)) or Cell()

    def row_cells(self, row: Row) -> Iterator[tuple[Column, Cell]]:
        for column in self.columns:
            yield column, self.cell(row.case_id, column.code_id)

    def groups(self) -> list[tuple[str | None, list[Row]]]:
        """Rows in runs of the same group, in order (one run of group None when ungrouped)."""
        runs: list[tuple[str | None, list[Row]]] = []
        for row in self.rows:
            if runs and runs[-1][0] == row.group:
                runs[-1][1].append(row)
            else:
                runs.append((row.group, [row]))
        return runs

    def excerpts(self) -> Iterator[tuple[Row, Column, Excerpt]]:
        """Every excerpt in row, column, text order (the quotes sheet of an export)."""
        for row in self.rows:
            for column, cell in self.row_cells(row):
                for excerpt in cell.excerpts:
                    yield row, column, excerpt

    def charted_cells(self) -> Iterator[Cell]:
        """The cells that hold something, on this matrix's rows and columns (read from the
        cells held rather than from every row by every column: most cells are empty)."""
        rows = {row.case_id for row in self.rows}
        columns = {column.code_id for column in self.columns}
        return (
            cell
            for (case_id, code_id), cell in self.cells.items()
            if case_id in rows and code_id in columns
        )

    @property
    def summaries_written(self) -> int:
        return sum(1 for cell in self.charted_cells() if cell.text)

    @property
    def codings(self) -> int:
        return sum(cell.count for cell in self.charted_cells())
