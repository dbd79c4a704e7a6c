"""Tidy CSV: one row per case × code with attributes, summary, references and counts.

UTF-8 with a byte-order mark so Excel shows non-ASCII names correctly; every text field that a
spreadsheet would run as a formula is prefixed with an apostrophe, unless the export says
`formula_guard=False` (`--no-formula-guard`: for R or pandas, which would keep the apostrophe).
In the overview a cell's summary is what the chart shows: the theme summary, else the code
summaries under the theme with their names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from qualframe.framework.exports import ChartExport, formula_safe, organisation_column
from qualframe.framework.model import Cell


def header(export: ChartExport) -> list[str]:
    return [
        "theme",
        "theme_name",
        "code",
        "code_name",
        "case",
        *organisation_column(export),
        *export.attribute_keys(),
        "summary",
        "summary_version",
        "summary_author",
        "references",
        "codings",
        "documents",
    ]


EMPTY = ("", 0, "", "", 0, 0)


def _cell_fields(cell: Cell, safe: Callable[[str], str]) -> tuple[str, int, str, str, int, int]:
    """summary, summary_version, summary_author, references, codings, documents."""
    summary = cell.summary
    return (
        safe(cell.shown_summary),
        cell.version,
        safe(summary.author or "") if summary else "",
        "; ".join(cell.references),
        cell.count,
        cell.documents,
    )


def render_text(export: ChartExport) -> str:
    """The CSV as text, without the byte-order mark (for standard output)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header(export))
    keys = export.attribute_keys()
    safe = formula_safe if export.formula_guard else _unguarded
    with_organisation = bool(organisation_column(export))
    for matrix in export.matrices:
        columns = [
            (
                column.code_id,
                [matrix.theme or "", matrix.title, column.key, safe(column.label)],
            )
            for column in matrix.columns
        ]
        for row in matrix.rows:
            left = [safe(row.name)]
            if with_organisation:
                left.append(safe(row.organisation or ""))
            left.extend(safe(row.attributes.get(key, "")) for key in keys)
            for code_id, names in columns:
                cell = matrix.cells.get((row.case_id, code_id))
                writer.writerow([*names, *left, *(_cell_fields(cell, safe) if cell else EMPTY)])
    return buffer.getvalue()


def _unguarded(text: str) -> str:
    return text


def render(export: ChartExport) -> bytes:
    return render_text(export).encode("utf-8-sig")
