"""Counts and co-occurrence read off built matrices, so they agree with the charts cell for cell
(same rows, same attribution of focus-group turns, same filters)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from qualframe.framework.model import Excerpt, Matrix


@dataclass(frozen=True)
class CaseCodeCount:
    """A row of `counts --format json|csv`: one case × code of a theme's matrix."""

    theme: str | None
    code: str
    case: str
    group: str | None
    codings: int
    documents: int
    summary_version: int


@dataclass(frozen=True)
class CodePair:
    """A row of `cooccurrence`: two codes, how many of their codings overlap, and in how many
    cases both are coded."""

    code_a: str
    code_b: str
    overlaps: int
    cases: int


def code_case_counts(matrices: Sequence[Matrix]) -> list[CaseCodeCount]:
    """One row per case × code (zeros included): codings, documents, summary version."""
    return [
        CaseCodeCount(
            matrix.theme,
            column.key,
            row.name,
            row.group,
            cell.count,
            cell.documents,
            cell.version,
        )
        for matrix in matrices
        for row in matrix.rows
        for column, cell in matrix.row_cells(row)
    ]


def cooccurrence(matrices: Sequence[Matrix]) -> list[CodePair]:
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
    return [CodePair(keys[a], keys[b], overlaps[(a, b)], cases[(a, b)]) for a, b in pairs]


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
