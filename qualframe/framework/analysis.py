"""Counts and co-occurrence read off built matrices, so they agree with the charts cell for cell
(same rows, same attribution of focus-group turns, same filters)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from typing import Any

from qualframe.framework.model import Excerpt, Matrix


def code_case_counts(matrices: Sequence[Matrix]) -> list[dict[str, Any]]:
    """One row per case × code (zeros included): codings, documents, summary version."""
    return [
        {
            "theme": matrix.theme,
            "code": column.key,
            "case": row.name,
            "group": row.group,
            "codings": cell.count,
            "documents": cell.documents,
            "summary_version": cell.version,
        }
        for matrix in matrices
        for row in matrix.rows
        for column, cell in matrix.row_cells(row)
    ]


def cooccurrence(matrices: Sequence[Matrix]) -> list[dict[str, Any]]:
    """Pairs of codes that meet: `overlaps` counts pairs of their codings sharing text in one
    document; `cases` counts cases that have codings with both. Pairs that never meet are left
    out; the most frequent come first."""
    order = {c.code_id: i for i, c in enumerate(c for m in matrices for c in m.columns)}
    keys = {c.code_id: c.key for m in matrices for c in m.columns}
    excerpts = [excerpt for matrix in matrices for _, _, excerpt in matrix.excerpts()]
    overlaps = _overlapping_pairs(excerpts, order)
    codes_by_case: dict[int, set[int]] = {}
    for excerpt in excerpts:
        codes_by_case.setdefault(excerpt.case_id, set()).add(excerpt.code_id)
    cases: Counter[tuple[int, int]] = Counter()
    for codes in codes_by_case.values():
        cases.update(combinations(sorted(codes, key=order.__getitem__), 2))
    pairs = sorted(
        set(overlaps) | set(cases),
        key=lambda p: (-overlaps[p], -cases[p], order[p[0]], order[p[1]]),
    )
    return [
        {"code_a": keys[a], "code_b": keys[b], "overlaps": overlaps[(a, b)], "cases": cases[(a, b)]}
        for a, b in pairs
    ]


def _overlapping_pairs(excerpts: list[Excerpt], order: dict[int, int]) -> Counter[tuple[int, int]]:
    """Sweep each document's codings by start, pairing each with those still open."""
    counts: Counter[tuple[int, int]] = Counter()
    by_document: dict[int, list[Excerpt]] = {}
    for excerpt in excerpts:
        by_document.setdefault(excerpt.document_id, []).append(excerpt)
    for items in by_document.values():
        items.sort(key=lambda e: (e.start, e.end))
        open_spans: list[Excerpt] = []
        for excerpt in items:
            open_spans = [o for o in open_spans if o.end > excerpt.start]
            for other in open_spans:
                if other.code_id != excerpt.code_id:
                    a, b = sorted((other.code_id, excerpt.code_id), key=order.__getitem__)
                    counts[(a, b)] += 1
            open_spans.append(excerpt)
    return counts
