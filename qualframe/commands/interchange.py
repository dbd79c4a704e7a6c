"""Interchange commands: `export` (REFI-QDA), and the REFI/bulk halves of `import`,
`codebook load|export|diff|merge` and `code import|export`, which `qualframe.cli` hands over
by file suffix so its own commands stay small."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from qualframe.commands.common import CODER, project_of
from qualframe.output import emit_json
from qualframe.project import resolve_coder
from qualframe.store.db import run_transaction

REFI_SUFFIXES = (".qdpx", ".qde")
BULK_SUFFIXES = (".csv", ".json")


@click.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@click.pass_context
def export(ctx: click.Context, out: Path) -> None:
    """Write the whole project as REFI-QDA: OUT.qdpx (zip with sources) or OUT.qde (XML)."""
    from qualframe.interchange.refi_export import export_project

    with project_of(ctx).sessions() as session:
        report = export_project(session, out)
    click.echo(
        f"exported {report.documents} document(s), {report.codes} code(s), "
        f"{report.codings} coding(s), {report.cases} case(s), {report.notes} note(s) to {out}"
    )


def import_refi(
    ctx: click.Context, path: Path, coder: str | None, fmt: str, skip_missing: bool
) -> None:
    """`qualframe import FILE.qdpx|.qde`: a merge of another tool's project into this one."""
    from dataclasses import asdict

    from qualframe.interchange.refi_import import import_project
    from qualframe.interchange.refi_plan import plan_project

    project = project_of(ctx)
    actor = resolve_coder(coder)
    with project.sessions() as session:
        plan = plan_project(project, session, path, skip_missing=skip_missing)
    report = run_transaction(project.sessions, lambda session: import_project(session, plan, actor))
    for warning in report.warnings:
        click.echo(f"warning: {path}: {warning}", err=True)
    if fmt == "json":
        emit_json(asdict(report))
        return
    click.echo(report.summary())


def export_codebook_qdc(ctx: click.Context, file: Path) -> None:
    """`qualframe codebook export OUT.qdc`."""
    from qualframe.interchange.qdc import export_qdc

    with project_of(ctx).sessions() as session:
        count = export_qdc(session, file)
    click.echo(f"exported {count} code(s) to {file}")


def load_codebook_qdc(ctx: click.Context, file: Path, coder: str | None) -> None:
    """`qualframe codebook load FILE.qdc`: a new codebook version from a REFI codebook."""
    from qualframe.interchange.qdc import load_qdc

    project = project_of(ctx)
    version = run_transaction(
        project.sessions, lambda session: load_qdc(session, file, resolve_coder(coder))
    )
    click.echo(f"loaded codebook {version.name!r} version {version.label}")


def show(rows: Any, fmt: str) -> None:
    if fmt == "json":
        emit_json(rows)


COMMANDS = [export]
__all__ = ["CODER", "COMMANDS"]
