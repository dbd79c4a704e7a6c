"""The Framework matrix screens' database work: charts, one cell, summary edits.

No Textual here: every function returns a `Job` that a screen runs in a worker (`DataClient`).
Each calls the core function of its command-line twin: `build_matrix` for `qualframe chart`,
`read_cell` for `summary show`, `set_summary` with `if_version` for `summary set --if-version`.
Undoing a summary edit is the workbench's one undo (`history.undo`), as for every change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from qualframe.framework.cells import CellView, read_cell
from qualframe.framework.matrix import ChartOptions, build_matrix, chart_options
from qualframe.framework.model import Matrix, SummaryVersion
from qualframe.framework.rows import CASE
from qualframe.framework.summaries import set_summary, summary_history
from qualframe.tui.data import Job

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class ChartRequest:
    """What the matrix screen asks for: a theme (None: every theme, a column each; "": the
    first), how rows are grouped, and attribute filters (`--theme`, `--rows` and `--where` of
    `qualframe chart`)."""

    theme: str | None = ""
    grouping: str = CASE
    where: tuple[tuple[str, str], ...] = ()

    def filters(self) -> dict[str, tuple[str, ...]]:
        """`where` as the core takes it: several values of one key are alternatives."""
        found: dict[str, tuple[str, ...]] = {}
        for key, value in self.where:
            found[key] = (*found.get(key, ()), value)
        return found

    def toggled(self, key: str, value: str) -> ChartRequest:
        """The same request with the filter `key=value` added, or dropped if it was on."""
        pair = (key, value)
        where = (
            tuple(p for p in self.where if p != pair) if pair in self.where else (*self.where, pair)
        )
        return replace(self, where=where)

    def fitted(self, options: ChartOptions) -> ChartRequest:
        """The request without what the project no longer has (a theme retired since: the
        first theme; a grouping or filter value no case has any more: dropped)."""
        themes = {key for key, _ in options.themes}
        theme = self.theme if self.theme is None or self.theme in themes else options.themes[0][0]
        grouping = self.grouping if self.grouping in options.groupings else CASE
        where = tuple((k, v) for k, v in self.where if v in options.values.get(k, ()))
        return ChartRequest(theme, grouping, where)


@dataclass(frozen=True)
class Chart:
    """A built matrix with the choices the screen's pickers offer, read in one transaction.
    `request` is what was charted; `problem` says why there is no matrix (no codebook yet)."""

    request: ChartRequest
    options: ChartOptions
    matrix: Matrix | None
    problem: str = ""


def chart(request: ChartRequest) -> Job[Chart]:
    """The twin of `qualframe chart --theme T --rows R --where K=V`."""

    def job(session: Session) -> Chart:
        options = chart_options(session)
        if not options.themes:
            return Chart(
                request,
                options,
                None,
                "No codebook loaded yet: load one with qualframe codebook load FILE.",
            )
        fitted = request.fitted(options)
        matrix = build_matrix(session, fitted.theme, rows=fitted.grouping, where=fitted.filters())
        return Chart(fitted, options, matrix)

    return job


def cell(case: str, code: str) -> Job[CellView]:
    """One cell read fresh (the twin of `summary show CASE CODE`)."""

    def job(session: Session) -> CellView:
        return read_cell(session, case, code)

    return job


def history(case: str, code: str) -> Job[list[SummaryVersion]]:
    """Every version of a cell's summary, newest first (`summary history`, reversed)."""

    def job(session: Session) -> list[SummaryVersion]:
        return list(reversed(summary_history(session, case, code)))

    return job


def save_summary(case: str, code: str, text: str, coder: str, if_version: int) -> Job[str]:
    """`summary set CASE CODE TEXT --if-version N`: refused (SummaryConflict) if the cell moved
    on since version N was read; the line for the notification."""

    def job(session: Session) -> str:
        written = set_summary(session, case, code, text, coder, if_version=if_version)
        if written.version == if_version:  # the cell already held this text
            return "The summary is unchanged."
        what = "cleared" if not written.text else f"saved as version {written.version}"
        return f"Summary of {case} on {code} {what} (u undoes it)."

    return job
