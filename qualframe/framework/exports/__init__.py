"""Chart exports for supervisors: xlsx, docx, html, csv, md (and json for scripts).

Each format lives in its own module and turns a `ChartExport` (the built matrices plus what to
show) into bytes; `render` picks the module lazily so a markdown chart never imports XlsxWriter or
python-docx. Writing goes through `fileio.write_atomic`: a failed export leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING

from qualframe.errors import UserError
from qualframe.framework.model import Cell, Matrix, Row
from qualframe.framework.rows import CASE, ORGANISATION

if TYPE_CHECKING:
    from qualframe.framework.appendix import Appendix

FORMATS = ("md", "csv", "xlsx", "html", "docx", "json")
#: Formats that are not text and so need `-o FILE`.
BINARY = ("xlsx", "docx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What the references' line numbers count, said at the top of every export.
LINES = (
    "Line numbers are those of the transcripts as `qualframe doc export` prints them "
    "(lines wrapped at a fixed width, so a line is a line on paper)."
)


def now() -> str:
    """The export time as a reader wants it on paper: `2026-12-06 14:05 UTC`."""
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()


@dataclass
class ChartExport:
    """What an export shows: the project's name, the matrices, which case attributes, the
    appendix (codebook, cell memos, transcripts), and whether csv guards against formulas."""

    project: str
    matrices: list[Matrix]
    attributes: list[str] | None = None
    generated: str = field(default_factory=now)
    appendix: Appendix | None = None
    formula_guard: bool = True

    @property
    def grouping(self) -> str:
        return self.matrices[0].grouping if self.matrices else CASE

    @property
    def rows(self) -> list[Row]:
        return self.matrices[0].rows if self.matrices else []

    def attribute_keys(self) -> list[str]:
        """The attributes shown: those asked for, else every one a row has (the grouping key
        first when rows are grouped by an attribute)."""
        present = sorted({key for row in self.rows for key in row.attributes})
        keys = present if self.attributes is None else [k for k in self.attributes if k]
        if self.grouping in keys:
            keys = [self.grouping, *(k for k in keys if k != self.grouping)]
        return keys

    def row_keys(self) -> list[str]:
        """Attributes printed under each case's name in the matrices of docx, html and md: only
        those asked for with `--attrs`; by default they stand once, in the table of cases."""
        return [] if self.attributes is None else self.attribute_keys()

    def has_organisations(self) -> bool:
        return any(row.organisation for row in self.rows)

    def description(self) -> str:
        """One line saying what the rows are, for the top of every export."""
        parts = [
            "Rows: cases" if self.grouping == CASE else f"Rows: cases grouped by {self.grouping}"
        ]
        filters = self.matrices[0].filters if self.matrices else {}
        if filters:
            parts.append("only " + ", ".join(f"{k} = {' or '.join(v)}" for k, v in filters.items()))
        parts.append(f"generated {self.generated}")
        return " · ".join(parts)


def formula_safe(text: str) -> str:
    """A value a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading
    apostrophe, the spreadsheet's own mark for literal text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def heading(key: str) -> str:
    """`years_in_post` → `Years in post`: attribute keys as column headings."""
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def cell_text(cell: Cell) -> str:
    """The summary (in the overview, else the code summaries with their names), then the
    references on a new line: what a spreadsheet cell holds."""
    references = "; ".join(cell.references)
    summary = cell.shown_summary
    return f"{summary}\n{references}" if summary and references else summary or references


def organisation_column(export: ChartExport) -> list[str]:
    """`["organisation"]` when rows have organisations (unless that is already the grouping)."""
    return [ORGANISATION] if export.has_organisations() else []


def case_table(export: ChartExport) -> tuple[list[str], list[list[str]]]:
    """(headings, rows) of the table of cases that opens docx, html and md charts: each case
    once with its organisation and attributes, so the matrices need only the names."""
    keys = [*organisation_column(export), *export.attribute_keys()]
    rows = [
        [
            row.name,
            *(
                (row.organisation or "") if key == ORGANISATION else row.attributes.get(key, "")
                for key in keys
            ),
        ]
        for row in export.rows
    ]
    return ["Case", *(heading(key) for key in keys)], rows


def render(export: ChartExport, fmt: str) -> bytes:
    """The chart in `fmt`, as the bytes of a file."""
    if fmt not in FORMATS:
        raise UserError(f"unknown chart format {fmt!r} (one of: {', '.join(FORMATS)})")
    if not export.matrices or not export.rows:
        raise UserError("nothing to chart: no cases yet (qualframe import PATH)")
    module = import_module(f"qualframe.framework.exports.{fmt}")
    return module.render(export)
