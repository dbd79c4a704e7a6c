"""One chart cell read fresh from the database: what `summary show` prints and what the TUI's
cell view shows beside the excerpts (summary, version to edit against, excerpts, cell memos)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from qualframe.coding.memos import list_memos
from qualframe.framework.excerpts import iter_excerpts
from qualframe.framework.matrix import CodeTree
from qualframe.framework.model import Cell
from qualframe.framework.summaries import current_summary, find_cell


@dataclass
class CellView:
    """A cell with its identity: which case, which code, and the memos written on it."""

    case_id: int
    case: str
    code_id: int
    code: str
    code_name: str
    cell: Cell
    memos: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        """Stable keys for `summary show --format json`."""
        summary = self.cell.summary
        return {
            "case": self.case,
            "code": self.code,
            "code_name": self.code_name,
            "version": self.cell.version,
            "summary": self.cell.text,
            "author": summary.author if summary else None,
            "created": summary.created.isoformat() if summary else None,
            "codings": self.cell.count,
            "excerpts": [
                {
                    "coding": e.coding_id,
                    "document": e.document,
                    "start": e.start,
                    "end": e.end,
                    "lines": e.lines,
                    "reference": e.reference,
                    "text": e.text,
                }
                for e in self.cell.excerpts
            ],
            "memos": [{"id": m["id"], "coder": m["coder"], "text": m["text"]} for m in self.memos],
        }


def read_cell(session: Session, case_ref: str, code_ref: str) -> CellView:
    """The cell of CASE on CODE; for a theme, every excerpt under it (as in the overview)."""
    case, code = find_cell(session, case_ref, code_ref)
    code_ids = [code.id]
    if code.is_theme:
        tree = CodeTree(session)
        code_ids += tree.descendants(tree.nodes[code.id])
    excerpts = list(iter_excerpts(session, code_ids, {case.id: case.name}, [case.id]))
    cell = Cell(current_summary(session, case.id, code.id), excerpts)
    memos = list_memos(session, "cell", f"{case.id}/{code.key}")
    return CellView(case.id, case.name, code.id, code.key, code.name, cell, memos)
