"""Building Framework matrices: one per theme (codes as columns) or an overview (themes as
columns), cases as rows, each cell the latest summary and the excerpts behind it.

All matrices of one call share one pass over the codings and one query for the summaries, so
charting every theme costs about what one query returning the same columns costs. A code column
holds the codings made with that code itself (a parent code and its sub-codes are separate
columns, in codebook order); an overview column holds every coding under the theme. Retired
codes appear only while they still hold codings or summaries, marked as retired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.codebook.tree import children_of, depth_first, root_of
from qualframe.errors import UserError
from qualframe.framework.excerpts import iter_excerpts
from qualframe.framework.model import Cell, Column, Matrix
from qualframe.framework.rows import (
    CASE,
    attribute_values,
    load_cases,
    participant_ids,
    select_rows,
)
from qualframe.framework.summaries import latest_summaries
from qualframe.store.models import Code, Coding, Summary


@dataclass(frozen=True, slots=True)
class CodeNode:
    code_id: int
    key: str
    name: str
    is_theme: bool
    parent_id: int | None
    position: int
    retired: bool

    @property
    def id(self) -> int:
        return self.code_id


class CodeTree:
    """The codebook's tree as loaded once: themes in order and each theme's codes depth-first."""

    def __init__(self, session: Session):
        self.nodes = {
            row[0]: CodeNode(*row)
            for row in session.execute(
                select(
                    Code.id,
                    Code.key,
                    Code.name,
                    Code.is_theme,
                    Code.parent_id,
                    Code.position,
                    Code.retired,
                )
            )
        }
        self.children = children_of(self.nodes.values())
        self.with_data = set(
            session.scalars(
                select(Coding.code_id).distinct().union(select(Summary.code_id).distinct())
            )
        )

    def themes(self, refs: Sequence[str] | None = None) -> list[CodeNode]:
        """The themes named (by id or numeric id), or every active theme in codebook order."""
        active = [n for n in self.children.get(None, []) if n.is_theme and not n.retired]
        if not refs:
            if not active:
                raise UserError("no codebook loaded yet (qualframe codebook load FILE)")
            return active
        by_key = {n.key: n for n in self.nodes.values()}
        chosen: list[CodeNode] = []
        for ref in refs:
            node = by_key.get(ref) or (self.nodes.get(int(ref)) if ref.isdigit() else None)
            if node is None:
                names = ", ".join(n.key for n in active) or "none loaded"
                raise UserError(f"no theme {ref!r} in the codebook (themes: {names})")
            if not node.is_theme:
                raise UserError(
                    f"{node.key!r} is a code, not a theme (its theme is "
                    f"{self.theme_of(node).key!r})"
                )
            if node not in chosen:
                chosen.append(node)
        return chosen

    def theme_of(self, node: CodeNode) -> CodeNode:
        return root_of(self.nodes, node)

    def columns(self, theme: CodeNode) -> list[Column]:
        """The theme's codes depth-first in codebook order; retired ones only if they hold data."""
        return [
            Column(
                node.code_id,
                node.key,
                node.name,
                depth,
                self.nodes[node.parent_id].key if depth and node.parent_id else None,
                node.retired,
            )
            for node, depth in depth_first(
                self.children, theme.code_id, enter=lambda n: not n.is_theme
            )
            if not node.retired or node.code_id in self.with_data
        ]

    def descendants(self, theme: CodeNode) -> list[int]:
        """Every code under the theme (what its overview column and cell hold)."""
        return [node.code_id for node, _ in depth_first(self.children, theme.code_id)]


def build_matrices(
    session: Session,
    themes: Sequence[str] | None = None,
    *,
    rows: str = CASE,
    where: dict[str, tuple[str, ...]] | None = None,
) -> list[Matrix]:
    """One matrix per theme (every active theme when `themes` is empty), same rows in each."""
    tree = CodeTree(session)
    layouts = []
    for theme in tree.themes(themes):
        columns = tree.columns(theme)
        layouts.append(
            (
                Matrix(theme.key, theme.name, columns, [], rows, dict(where or {})),
                {c.code_id: c.code_id for c in columns},
            )
        )
    return _fill(session, layouts, rows, where)


def build_overview(
    session: Session,
    themes: Sequence[str] | None = None,
    *,
    rows: str = CASE,
    where: dict[str, tuple[str, ...]] | None = None,
) -> Matrix:
    """One matrix with a column per theme: theme-level summaries and every coding under it."""
    tree = CodeTree(session)
    chosen = tree.themes(themes)
    columns = [Column(t.code_id, t.key, t.name, retired=t.retired, is_theme=True) for t in chosen]
    target = {t.code_id: t.code_id for t in chosen}
    for theme in chosen:
        target.update(dict.fromkeys(tree.descendants(theme), theme.code_id))
    matrix = Matrix(None, "All themes", columns, [], rows, dict(where or {}))
    _fill(session, [(matrix, target)], rows, where)
    _add_code_summaries(session, tree, matrix, chosen)
    return matrix


def _add_code_summaries(
    session: Session, tree: CodeTree, matrix: Matrix, themes: list[CodeNode]
) -> None:
    """Each overview cell also carries the case's summaries on the codes under its theme, in
    codebook order with their names: what the cell shows when no theme summary was written."""
    order = {
        column.code_id: (theme.code_id, column.label)
        for theme in themes
        for column in tree.columns(theme)
    }
    rows = {row.case_id for row in matrix.rows}
    found = latest_summaries(session, list(order))
    position = {code_id: n for n, code_id in enumerate(order)}
    for (case_id, code_id), summary in sorted(found.items(), key=lambda i: position[i[0][1]]):
        if case_id in rows and summary.text:
            theme_id, label = order[code_id]
            cell = matrix.cells.setdefault((case_id, theme_id), Cell())
            cell.code_summaries.append((label, summary.text))


def build_matrix(
    session: Session,
    theme: str | None,
    *,
    rows: str = CASE,
    where: dict[str, tuple[str, ...]] | None = None,
) -> Matrix:
    """The matrix of one theme, or the overview when `theme` is None (the TUI's switcher)."""
    if theme is None:
        return build_overview(session, rows=rows, where=where)
    return build_matrices(session, [theme], rows=rows, where=where)[0]


def _fill(
    session: Session,
    layouts: list[tuple[Matrix, dict[int, int]]],
    grouping: str,
    where: dict[str, tuple[str, ...]] | None,
) -> list[Matrix]:
    """Route every excerpt and latest summary to its cells; all layouts share the rows."""
    cases = load_cases(session)
    names = {case_id: case.name for case_id, case in cases.items()}
    routes: dict[int, list[tuple[dict[tuple[int, int], Cell], int]]] = {}
    for matrix, target in layouts:
        for code_id, column_id in target.items():
            routes.setdefault(code_id, []).append((matrix.cells, column_id))
    excerpts = list(iter_excerpts(session, list(routes), names))
    candidates = participant_ids(session) | {excerpt.case_id for excerpt in excerpts}
    rows = select_rows(cases, candidates, grouping, where)
    keep = {row.case_id for row in rows}
    for excerpt in excerpts:
        if excerpt.case_id in keep:
            for cells, column_id in routes[excerpt.code_id]:
                key = (excerpt.case_id, column_id)
                cell = cells.get(key)
                if cell is None:
                    cell = cells[key] = Cell()
                cell.excerpts.append(excerpt)
    column_ids = {c.code_id for matrix, _ in layouts for c in matrix.columns}
    summaries = latest_summaries(session, column_ids)
    for matrix, _ in layouts:
        matrix.rows = rows
        own = {c.code_id for c in matrix.columns}
        for (case_id, code_id), summary in summaries.items():
            if case_id in keep and code_id in own:
                matrix.cells.setdefault((case_id, code_id), Cell()).summary = summary
    return [matrix for matrix, _ in layouts]


@dataclass(frozen=True)
class ChartOptions:
    """What a chart can be switched to: themes, row groupings and the values of each key."""

    themes: list[tuple[str, str]]
    groupings: list[str]
    values: dict[str, list[str]]


def chart_options(session: Session) -> ChartOptions:
    """The choices for a theme switcher, a grouping picker and attribute filters."""
    tree = CodeTree(session)
    themes = [(n.key, n.name) for n in tree.children.get(None, []) if n.is_theme and not n.retired]
    values = attribute_values(load_cases(session), sorted(participant_ids(session)))
    return ChartOptions(themes, [CASE, *values], values)
