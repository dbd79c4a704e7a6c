"""JSON for scripts: every matrix with its columns, rows and cells (summary, version, excerpts)."""

from __future__ import annotations

import json
from typing import Any

from qualframe.framework.exports import ChartExport
from qualframe.framework.model import Cell, Matrix


def _cell(cell: Cell) -> dict[str, Any]:
    summary = cell.summary
    return {
        "summary": cell.text,
        "version": cell.version,
        "author": summary.author if summary else None,
        "codings": cell.count,
        "code_summaries": [{"code": name, "summary": text} for name, text in cell.code_summaries],
        "references": cell.references,
        "excerpts": [
            {
                "coding": e.coding_id,
                "document": e.document,
                "start": e.start,
                "end": e.end,
                "lines": e.lines,
                "text": e.text,
            }
            for e in cell.excerpts
        ],
    }


def matrix_json(matrix: Matrix) -> dict[str, Any]:
    """Stable keys: theme, name, grouping, filters, columns, rows (each with its cells)."""
    return {
        "theme": matrix.theme,
        "name": matrix.title,
        "grouping": matrix.grouping,
        "filters": {k: list(v) for k, v in matrix.filters.items()},
        "columns": [
            {
                "code": c.key,
                "name": c.name,
                "depth": c.depth,
                "parent": c.parent,
                "retired": c.retired,
            }
            for c in matrix.columns
        ],
        "rows": [
            {
                "case": row.name,
                "organisation": row.organisation,
                "group": row.group,
                "attributes": row.attributes,
                "cells": {column.key: _cell(cell) for column, cell in matrix.row_cells(row)},
            }
            for row in matrix.rows
        ],
    }


def render(export: ChartExport) -> bytes:
    data = [matrix_json(matrix) for matrix in export.matrices]
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
