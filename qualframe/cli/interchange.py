"""Interchange commands: `export` (REFI-QDA), and the REFI/bulk halves of `import`,
`codebook load|export|diff|merge` and `code import|export`, which `qualframe.cli` hands over
by file suffix so its own commands stay small."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from qualframe.cli.common import project_of
from qualframe.cli.output import emit_json, plain
from qualframe.project import resolve_coder
from qualframe.store.db import run_transaction


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
    try:
        report = run_transaction(
            project.sessions, lambda session: import_project(session, plan, actor)
        )
    finally:
        plan.file.close()
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


def diff_codebooks(ctx: click.Context, a: Path, b: Path | None, fmt: str) -> None:
    """`qualframe codebook diff A [B]`."""
    from dataclasses import asdict

    from qualframe.codebook.store import export_codebook
    from qualframe.interchange.codebook_diff import diff, read_spec
    from qualframe.project import CONFIG_NAME

    in_project = (ctx.find_root().obj["project_dir"] / CONFIG_NAME).is_file()
    project = project_of(ctx) if b is None or in_project else None  # .qdc ids: this project's
    with project.sessions() if project else _nothing() as session:
        old = read_spec(a, session)
        if b is None:
            assert session is not None  # without B the project is the other side
            new = export_codebook(session)
        else:
            new = read_spec(b, session)
    result = diff(old, new)
    if fmt == "json":
        emit_json(asdict(result))
    else:
        click.echo("\n".join(result.lines()))


class _nothing:
    """A stand-in for a session when two files are compared outside any project."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *_exc: object) -> None:
        return None


def merge_codebook_file(ctx: click.Context, file: Path, coder: str | None) -> None:
    """`qualframe codebook merge FILE`: another study's emergent codes, as a new version."""
    from qualframe.codebook.store import export_codebook, load_codebook
    from qualframe.codebook.yamlio import render_codebook
    from qualframe.interchange.codebook_diff import merge, read_spec

    project = project_of(ctx)

    def work(session: Any) -> Any:
        ours = export_codebook(session)
        result = merge(ours, read_spec(file, session), f"{ours.version}+{file.stem}")
        if result.merged:
            spec = result.spec
            load_codebook(session, spec, render_codebook(spec), file.name, resolve_coder(coder))
        return result

    result = run_transaction(project.sessions, work)
    for reason in result.not_merged:
        click.echo(f"not merged: {reason}", err=True)
    click.echo(
        f"merged {len(result.merged)} emergent code(s) from {file.name}"
        + (f" as version {result.spec.version}" if result.merged else "")
        + (f"; {len(result.not_merged)} not merged" if result.not_merged else "")
    )


def import_codings(ctx: click.Context, file: Path, coder: str | None) -> None:
    """`qualframe code import FILE.csv|.json`: one transaction, all or nothing."""
    from qualframe.interchange.bulk import import_file

    project = project_of(ctx)
    actor = resolve_coder(coder)
    added, present = run_transaction(
        project.sessions, lambda session: import_file(session, file, actor)
    )
    click.echo(f"{added} coding(s) imported, {present} already present")


def export_codings(ctx: click.Context, file: Path) -> None:
    """`qualframe code export FILE.csv|.json`."""
    from qualframe.coding.codings import list_codings
    from qualframe.interchange.bulk import export_rows

    with project_of(ctx).sessions() as session:
        count = export_rows(plain(list_codings(session)), file)
    click.echo(f"exported {count} coding(s) to {file}")


COMMANDS = [export]
