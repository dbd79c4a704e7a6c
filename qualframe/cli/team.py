"""Commands of team projects: agreement between coders, blind coding, the audit log, backup.

Thin over `qualframe.analysis` and `qualframe.team`; numpy and the `krippendorff` package are
imported only when `agreement` runs.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from qualframe.cli.common import CODER, FORMAT, confirm, project_of
from qualframe.cli.output import emit, emit_json
from qualframe.project import resolve_coder
from qualframe.store.db import run_transaction


@click.command()
@click.option(
    "--coders",
    "coders_flag",
    is_flag=True,
    expose_value=False,
    help="the coders to compare follow (two or more names; the flag only reads well)",
)
@click.argument("coders", nargs=-1, metavar="A B [C ...]")
@click.option("--code", "codes", multiple=True, help="only this code (repeatable)")
@click.option(
    "--doc",
    "documents",
    multiple=True,
    help="only this document (repeatable; default: those every coder has coded)",
)
@click.option(
    "--disagreements",
    is_flag=True,
    help="list the passages where the coders differ instead of the figures",
)
@FORMAT
@click.pass_context
def agreement(
    ctx: click.Context,
    coders: tuple[str, ...],
    codes: tuple[str, ...],
    documents: tuple[str, ...],
    disagreements: bool,
    fmt: str,
) -> None:
    """Inter-coder agreement: qualframe agreement --coders A B [C ...].

    Percent agreement and Cohen's kappa per pair, Krippendorff's alpha over all coders, per code
    and overall, at character and sentence level; with uncoded text counted as agreement on
    absence, and without it ("coded" columns)."""
    with project_of(ctx).sessions() as session:
        if disagreements:
            from qualframe.analysis.disagreements import list_disagreements

            found = list_disagreements(session, coders, codes, documents)
            _print_disagreements([d.to_json() for d in found], fmt)
            return
        from qualframe.analysis.agreement import measure_agreement
        from qualframe.analysis.comparison import load_comparison

        report = measure_agreement(load_comparison(session, coders, codes, documents)).to_json()
    if fmt == "json":
        emit_json(report)
        return
    click.echo(f"coders: {', '.join(report['coders'])} · {len(report['documents'])} document(s)")
    for level in ("character", "sentence"):
        rows = [_figure_row("(overall)", report["overall"][level])]
        rows += [_figure_row(entry["code"], entry[level]) for entry in report["codes"]]
        emit(
            rows,
            "table",
            ["code", "%", "kappa", "alpha", "% coded", "kappa coded", "alpha coded"],
            title=f'{level} level ("coded": text nobody coded left out)',
        )


def _figure_row(code: str, level: dict[str, Any]) -> dict[str, str]:
    def number(value: float | None, percent: bool = False) -> str:
        if value is None:
            return "-"
        value = round(value, 1 if percent else 3) + 0.0  # no "-0.000"
        return f"{value:.1f}" if percent else f"{value:.3f}"

    row = {"code": code}
    for scope, suffix in (("with_uncoded", ""), ("coded_only", " coded")):
        figures = level[scope]
        row["%" + suffix] = number(figures["percent"], percent=True)
        row["kappa" + suffix] = number(figures["kappa"])
        row["alpha" + suffix] = number(figures["alpha"])
    return row


def _print_disagreements(rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        emit_json(rows)
        return
    table = [
        {
            "document": row["document"],
            "code": row["code"],
            "span": f"{row['start']}–{row['end']}",
            "coded by": ", ".join(row["coded_by"]),
            "not by": ", ".join(row["missing"]) or "(extent differs)",
            "text": _clip(row["text"]),
        }
        for row in rows
    ]
    emit(
        table,
        "table",
        ["document", "code", "span", "coded by", "not by", "text"],
        empty="no disagreements",
    )


def _clip(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@click.command()
@click.argument("state", required=False, type=click.Choice(["on", "off"]))
@CODER
@click.pass_context
def blind(ctx: click.Context, state: str | None, coder: str | None) -> None:
    """Blind coding on|off: while on, each coder sees only their own codings."""
    from qualframe.team.blind import is_blind, set_blind

    project = project_of(ctx)
    if state is None:
        with project.sessions() as session:
            click.echo(f"blind coding is {'on' if is_blind(session) else 'off'}")
        return
    changed = run_transaction(
        project.sessions, lambda session: set_blind(session, state == "on", resolve_coder(coder))
    )
    click.echo(f"blind coding is {state}" + ("" if changed else " (unchanged)"))


@click.command("log")
@click.option(
    "--entity",
    default=None,
    help="only events about this kind of thing (code, coding, memo, summary, ...)",
)
@click.option("--actor", default=None, help="only changes made by this coder")
@click.option("--target", default=None, help="only changes of this thing (name, code id or id)")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="the newest N only")
@FORMAT
@CODER
@click.pass_context
def log_command(
    ctx: click.Context,
    entity: str | None,
    actor: str | None,
    target: str | None,
    limit: int | None,
    fmt: str,
    coder: str | None,
) -> None:
    """The audit trail, newest first: who changed what, when, before and after."""
    from qualframe.team.audit import list_events

    with project_of(ctx).sessions() as session:
        rows = list_events(
            session,
            entity=entity,
            actor=actor,
            target=target,
            limit=limit,
            viewer=resolve_coder(coder),
        )
    if fmt == "json":
        emit_json(rows)
        return
    table = [replace(row, at=row.at[:16].replace("T", " ")) for row in rows]
    emit(
        table,
        "table",
        ["id", "at", "actor", "action", "entity", "target", "change"],
        empty="no events",
    )


@click.command()
@click.argument("out", type=click.Path(path_type=Path))
@CODER
@click.pass_context
def backup(ctx: click.Context, out: Path, coder: str | None) -> None:
    """Copy the whole project database to OUT (safe while others keep coding)."""
    from qualframe.team.backup import backup_project

    report = backup_project(project_of(ctx), out, resolve_coder(coder))
    click.echo(f"backed up the {report.backend} database to {report.path} ({report.bytes:,} bytes)")


@click.command()
@click.argument("source", metavar="IN", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@CODER
@click.pass_context
def restore(ctx: click.Context, source: Path, yes: bool, coder: str | None) -> None:
    """Replace the project's database by the backup IN (everything since is lost)."""
    from qualframe.team.backup import restore_project

    confirm(yes, f"Replace the whole project database by {source}?")
    restore_project(project_of(ctx), source, resolve_coder(coder))
    click.echo(f"restored the project database from {source}")


COMMANDS: list[click.Command] = [agreement, blind, log_command, backup, restore]
