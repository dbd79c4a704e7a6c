"""Markdown: one pipe table per theme, cases as rows, each cell the summary and its references."""

from __future__ import annotations

from qualframe.framework.exports import ChartExport, case_table
from qualframe.framework.model import Cell, Matrix, Row


def escape(text: str) -> str:
    """Safe inside a pipe-table cell: pipes escaped, line breaks as <br>, no raw HTML."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\n", "<br>")


def _case_cell(row: Row, keys: list[str]) -> str:
    details = [f"{key}: {row.attributes[key]}" for key in keys if row.attributes.get(key)]
    return "<br>".join([f"**{escape(row.name)}**", *(escape(d) for d in details)])


def _cell(cell: Cell) -> str:
    shown = cell.shown_summary  # in the overview, else the code summaries with their names
    parts = [escape(shown)] if shown else []
    if cell.references:
        parts.append(escape("; ".join(cell.references)))
    return "<br>".join(parts)


def _table(matrix: Matrix, keys: list[str]) -> list[str]:
    columns = [escape(c.label) for c in matrix.columns]
    lines = ["| Case | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    for group, rows in matrix.groups():
        if group is not None:
            lines.append(f"| **{escape(group)}** |" + " |" * len(columns))
        for row in rows:
            cells = [_cell(cell) for _, cell in matrix.row_cells(row)]
            lines.append(f"| {_case_cell(row, keys)} | " + " | ".join(cells) + " |")
    return lines


def _cases(export: ChartExport) -> list[str]:
    headings, rows = case_table(export)
    lines = [
        "## Cases",
        "",
        "| " + " | ".join(escape(h) for h in headings) + " |",
        "|---|" + "---|" * (len(headings) - 1),
    ]
    lines += ["| " + " | ".join(escape(value) for value in row) + " |" for row in rows]
    return [*lines, ""]


def render_text(export: ChartExport) -> str:
    keys = export.row_keys()
    lines = [f"# Framework matrices: {escape(export.project)}", "", export.description(), ""]
    lines += _cases(export)
    for matrix in export.matrices:
        lines += [f"## {escape(matrix.title)}", ""]
        lines += _table(matrix, keys) if matrix.columns else ["_This theme has no codes._"]
        lines.append("")
    return "\n".join(lines)


def render(export: ChartExport) -> bytes:
    return render_text(export).encode("utf-8")
