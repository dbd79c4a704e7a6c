"""Commands of the framework area: `chart` (matrices and their exports), `summary` (a cell's
summary: set with a stale-version check, show, history), `counts` and `cooccurrence`.

Thin over `qualframe.framework`; the matrix builders and exporters are imported inside the
commands so that the rest of the command line starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qualframe.cli.common import CODER, FORMAT, project_of
from qualframe.cli.output import emit, emit_json
from qualframe.errors import UserError
from qualframe.project import resolve_coder
from qualframe.store.db import transaction

if TYPE_CHECKING:
    from qualframe.framework.model import Matrix

CHART_FORMATS = ("md", "csv", "xlsx", "html", "docx", "json")
LISTING = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    help="table for people; json or csv for scripts",
)
THEMES = click.option(
    "--theme",
    "themes",
    multiple=True,
    metavar="THEME",
    help="a theme id (repeat for several; default: every theme)",
)
ROWS = click.option(
    "--rows",
    "grouping",
    default="case",
    show_default=True,
    help="group rows by organisation or by a case attribute (e.g. role)",
)
WHERE = click.option(
    "--where",
    "where",
    multiple=True,
    metavar="KEY=VALUE",
    help="only cases whose attribute (or organisation) has this value; repeat "
    "a key for alternatives, several keys must all hold",
)


def _format_for(fmt: str | None, output: Path | None) -> str:
    """The chart format: `--format`, else the output file's suffix, else markdown."""
    if fmt:
        return fmt
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in CHART_FORMATS else "md"


def _check_output(output: Path | None, fmt: str) -> None:
    """Refuse an unusable destination before any work is done."""
    if output is None:
        if fmt in ("xlsx", "docx"):
            raise UserError(f"a {fmt} chart is a file: give one with -o FILE.{fmt}")
        return
    if output.is_dir():
        raise UserError("is a folder; give a file name", path=str(output))
    if not (output.parent if str(output.parent) else Path(".")).is_dir():
        raise UserError("the folder does not exist", path=str(output.parent))


@click.command("chart")
@THEMES
@ROWS
@WHERE
@click.option("--overview", is_flag=True, help="one matrix with a column per theme")
@click.option(
    "--attrs",
    default=None,
    metavar="A,B",
    help="case attributes to show, comma-separated (default: all; '' for none)",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(CHART_FORMATS),
    default=None,
    help="default: the suffix of -o, else md",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="write to this file (atomically); without it md/csv/html/json go to stdout",
)
@click.pass_context
def chart(
    ctx: click.Context,
    themes: tuple[str, ...],
    grouping: str,
    where: tuple[str, ...],
    overview: bool,
    attrs: str | None,
    fmt: str | None,
    output: Path | None,
) -> None:
    """Framework matrices: cases by codes, one per theme, as md, csv, xlsx, html, docx or json."""
    from qualframe.fileio import write_atomic
    from qualframe.framework.exports import ChartExport, render
    from qualframe.framework.matrix import build_matrices, build_overview
    from qualframe.framework.rows import parse_where

    fmt = _format_for(fmt, output)
    _check_output(output, fmt)
    filters = parse_where(where)
    project = project_of(ctx)
    with project.sessions() as session:
        matrices = (
            [build_overview(session, themes, rows=grouping, where=filters)]
            if overview
            else build_matrices(session, themes, rows=grouping, where=filters)
        )
    attributes = None if attrs is None else [a.strip() for a in attrs.split(",") if a.strip()]
    data = render(ChartExport(project.name, matrices, attributes), fmt)
    if output is None:
        click.echo(data.decode("utf-8-sig"), nl=False)
        return
    try:
        write_atomic(output, data)
    except OSError as exc:
        raise UserError(f"cannot write here: {exc.strerror or exc}", path=str(output)) from exc
    click.echo(
        f"wrote {output}: {len(matrices)} matrix(es), {len(matrices[0].rows)} case(s)", err=True
    )


@click.group("summary")
def summary() -> None:
    """A chart cell's summary (CASE on CODE): set, show, history."""


def _read_text(text: str) -> str:
    """TEXT, or standard input when TEXT is `-` (for long or multi-line summaries)."""
    return sys.stdin.read() if text == "-" else text


@summary.command("set")
@click.argument("case_ref", metavar="CASE")
@click.argument("code_ref", metavar="CODE")
@click.argument("text")
@click.option(
    "--if-version",
    "if_version",
    type=click.IntRange(min=0),
    default=None,
    help="the version you read (0: empty cell); refused if the cell changed since",
)
@CODER
@click.pass_context
def summary_set(
    ctx: click.Context,
    case_ref: str,
    code_ref: str,
    text: str,
    if_version: int | None,
    coder: str | None,
) -> None:
    """Write CASE's summary on CODE (TEXT `-` reads standard input; '' clears the cell)."""
    from qualframe.framework.summaries import set_summary

    with transaction(project_of(ctx).sessions) as session:
        written = set_summary(
            session, case_ref, code_ref, _read_text(text), resolve_coder(coder), if_version
        )
    click.echo(f"summary of {case_ref}/{code_ref} is version {written.version}")


@summary.command("show")
@click.argument("case_ref", metavar="CASE")
@click.argument("code_ref", metavar="CODE")
@FORMAT
@click.pass_context
def summary_show(ctx: click.Context, case_ref: str, code_ref: str, fmt: str) -> None:
    """CASE's summary on CODE with its version, the excerpts behind it and cell memos."""
    from qualframe.framework.cells import read_cell

    with project_of(ctx).sessions() as session:
        view = read_cell(session, case_ref, code_ref)
    data = view.as_json()
    if fmt == "json":
        emit_json(data)
        return
    by = f" by {data['author']}, {data['created'][:16].replace('T', ' ')}" if data["author"] else ""
    click.echo(f"{view.case} · {view.code_name} ({view.code}) · version {data['version']}{by}")
    click.echo(data["summary"] or "(no summary yet)")
    click.echo(f"\n{len(data['excerpts'])} excerpt(s)")
    for excerpt in data["excerpts"]:
        click.echo(f"  {excerpt['reference']}  {excerpt['text']}")
    for memo in data["memos"]:
        click.echo(f"\nmemo ({memo['coder']}): {memo['text']}")


@summary.command("history")
@click.argument("case_ref", metavar="CASE")
@click.argument("code_ref", metavar="CODE")
@FORMAT
@click.pass_context
def summary_history_command(ctx: click.Context, case_ref: str, code_ref: str, fmt: str) -> None:
    """Every version of CASE's summary on CODE, oldest first."""
    from qualframe.framework.summaries import summary_history

    with project_of(ctx).sessions() as session:
        versions = summary_history(session, case_ref, code_ref)
    rows = [
        {"version": v.version, "author": v.author, "created": v.created.isoformat(), "text": v.text}
        for v in versions
    ]
    emit(rows, fmt, ["version", "author", "created", "text"], empty="no summary written yet")


def _matrices(
    ctx: click.Context, themes: tuple[str, ...], grouping: str, where: tuple[str, ...]
) -> list[Matrix]:
    from qualframe.framework.matrix import build_matrices
    from qualframe.framework.rows import parse_where

    filters = parse_where(where)
    with project_of(ctx).sessions() as session:
        return build_matrices(session, themes, rows=grouping, where=filters)


@click.command("counts")
@THEMES
@ROWS
@WHERE
@LISTING
@click.pass_context
def counts(
    ctx: click.Context, themes: tuple[str, ...], grouping: str, where: tuple[str, ...], fmt: str
) -> None:
    """Codings per case × code (json/csv: one row per pair, zeros included)."""
    from qualframe.framework.analysis import code_case_counts

    matrices = _matrices(ctx, themes, grouping, where)
    if fmt != "table":
        emit(code_case_counts(matrices), fmt, [])
        return
    for matrix in matrices:
        keys = [c.key for c in matrix.columns]
        rows = [
            {
                "case": row.name,
                "group": row.group,
                **{column.key: cell.count for column, cell in matrix.row_cells(row)},
            }
            for row in matrix.rows
        ]
        columns = ["case", *(["group"] if grouping != "case" else []), *keys]
        emit(rows, fmt, columns, title=matrix.title, empty="no cases to count")


@click.command("cooccurrence")
@THEMES
@WHERE
@LISTING
@click.pass_context
def cooccurrence_command(
    ctx: click.Context, themes: tuple[str, ...], where: tuple[str, ...], fmt: str
) -> None:
    """Pairs of codes that meet: overlapping codings, and cases coded with both."""
    from qualframe.framework.analysis import cooccurrence

    rows = cooccurrence(_matrices(ctx, themes, "case", where))
    emit(rows, fmt, ["code_a", "code_b", "overlaps", "cases"], empty="no codes co-occur")


COMMANDS: list[click.Command] = [chart, summary, counts, cooccurrence_command]
