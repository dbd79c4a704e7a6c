"""`qualframe doc resegment`: recompute the sentence units of stored documents (a thin layer
over `qualframe.corpus.resegment`; loaded into the `doc` group through `qualframe.cli.areas`)."""

from __future__ import annotations

import click

from qualframe.cli.common import CODER, project_of
from qualframe.cli.output import emit, emit_json
from qualframe.project import resolve_coder


@click.command("resegment")
@click.argument("documents", nargs=-1, metavar="[DOC]...")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@CODER
@click.pass_context
def resegment_command(
    ctx: click.Context, documents: tuple[str, ...], fmt: str, coder: str | None
) -> None:
    """Recompute the sentences of DOC... (default: every document) with the current rules;
    codings keep their offsets, `qualframe undo` puts the old sentences back."""
    from dataclasses import asdict

    from qualframe.corpus.resegment import resegment

    outcomes = resegment(project_of(ctx), documents, resolve_coder(coder))
    rows = [asdict(outcome) for outcome in outcomes]
    if fmt == "json":
        emit_json(rows)
        return
    emit(rows, "table", ["name", "status", "before", "after"], title="Sentences")
    changed = sum(outcome.status == "changed" for outcome in outcomes)
    click.echo(f"{changed} document(s) resegmented, {len(outcomes) - changed} unchanged")


SUBCOMMANDS = {"doc": [resegment_command]}
