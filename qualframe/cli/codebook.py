"""`qualframe codebook`: check, load, export and list the codebook, and change its code tree."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from qualframe.cli.common import CODER, FORMAT, IF_VERSION, project_of
from qualframe.cli.output import emit
from qualframe.project import resolve_coder
from qualframe.store.db import run_transaction


@click.group()
def codebook() -> None:
    """The codebook: check, load, export, list, and change codes."""


def _parse_codebook(file: Path) -> Any:
    from qualframe.codebook.schema import parse_codebook

    return parse_codebook(file)


@codebook.command("check")
@click.argument("file", type=click.Path(path_type=Path))
def codebook_check(file: Path) -> None:
    """Validate FILE; print every problem as file:line: message."""
    from qualframe.codebook.schema import check_codebook

    problems = check_codebook(file)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(2)
    click.echo(f"{file}: ok")


@codebook.command("load")
@click.argument("file", type=click.Path(path_type=Path))
@CODER
@click.pass_context
def codebook_load(ctx: click.Context, file: Path, coder: str | None) -> None:
    """Load FILE as a new codebook version."""
    from qualframe.codebook.store import load_codebook

    spec = _parse_codebook(file)
    project = project_of(ctx)
    snapshot = file.read_text(encoding="utf-8-sig")
    version = run_transaction(
        project.sessions,
        lambda session: load_codebook(session, spec, snapshot, file.name, resolve_coder(coder)),
    )
    click.echo(f"loaded codebook {spec.name!r} version {version.label}")


@codebook.command("export")
@click.argument("file", type=click.Path(path_type=Path), required=False)
@click.pass_context
def codebook_export(ctx: click.Context, file: Path | None) -> None:
    """Write the codebook, emergent codes included, as YAML to FILE (or stdout)."""
    from qualframe.codebook.store import export_codebook
    from qualframe.codebook.yamlio import render_codebook
    from qualframe.fileio import write_atomic

    with project_of(ctx).sessions() as session:
        rendered = render_codebook(export_codebook(session))
    if file is None:
        click.echo(rendered, nl=False)
    else:
        write_atomic(file, rendered.encode("utf-8"))


@codebook.command("list")
@FORMAT
@click.pass_context
def codebook_list(ctx: click.Context, fmt: str) -> None:
    """Codes with theme, origin and counts."""
    from qualframe.codebook.store import list_codes

    with project_of(ctx).sessions() as session:
        rows = list_codes(session)
    emit(
        rows,
        fmt,
        [
            "id",
            "name",
            "theme",
            "origin",
            "codings",
            "suggestions_accepted",
            "suggestions_rejected",
        ],
        empty="no codebook loaded (qualframe codebook load FILE)",
    )


@codebook.command("new")
@click.argument("code_id")
@click.argument("name")
@click.option("--theme", "parent", required=True, help="theme or parent code id")
@click.option("--definition", required=True)
@CODER
@click.pass_context
def codebook_new(
    ctx: click.Context, code_id: str, name: str, parent: str, definition: str, coder: str | None
) -> None:
    """Create an emergent code CODE_ID named NAME."""
    from qualframe.codebook.store import create_emergent_code

    run_transaction(
        project_of(ctx).sessions,
        lambda session: create_emergent_code(
            session, code_id, name, parent, definition, resolve_coder(coder)
        ),
    )


@codebook.command("rename")
@click.argument("code")
@click.argument("name")
@IF_VERSION
@CODER
@click.pass_context
def codebook_rename(
    ctx: click.Context, code: str, name: str, if_version: int | None, coder: str | None
) -> None:
    """Give CODE a new display NAME (its id stays)."""
    from qualframe.codebook.store import rename_code

    run_transaction(
        project_of(ctx).sessions,
        lambda session: rename_code(
            session, code, name, resolve_coder(coder), if_version=if_version
        ),
    )


@codebook.command("move")
@click.argument("code")
@click.argument("parent")
@IF_VERSION
@CODER
@click.pass_context
def codebook_move(
    ctx: click.Context, code: str, parent: str, if_version: int | None, coder: str | None
) -> None:
    """Move CODE under PARENT (a theme or code)."""
    from qualframe.codebook.store import move_code

    run_transaction(
        project_of(ctx).sessions,
        lambda session: move_code(
            session, code, parent, resolve_coder(coder), if_version=if_version
        ),
    )


@codebook.command("merge")
@click.argument("source")
@click.argument("target")
@IF_VERSION
@CODER
@click.pass_context
def codebook_merge(
    ctx: click.Context, source: str, target: str, if_version: int | None, coder: str | None
) -> None:
    """Merge SOURCE into TARGET: codings move, SOURCE is retired."""
    from qualframe.codebook.store import merge_codes

    moved = run_transaction(
        project_of(ctx).sessions,
        lambda session: merge_codes(
            session, source, target, resolve_coder(coder), if_version=if_version
        ),
    )
    click.echo(f"merged {source} into {target}: {moved} coding(s) moved")


@codebook.command("split")
@click.argument("source")
@click.argument("code_id")
@click.argument("name")
@click.option("--coding", "codings", type=int, multiple=True, help="coding id to move")
@IF_VERSION
@CODER
@click.pass_context
def codebook_split(
    ctx: click.Context,
    source: str,
    code_id: str,
    name: str,
    codings: tuple[int, ...],
    if_version: int | None,
    coder: str | None,
) -> None:
    """Split SOURCE: a new sibling CODE_ID takes the given codings."""
    from qualframe.codebook.store import split_code

    run_transaction(
        project_of(ctx).sessions,
        lambda session: split_code(
            session,
            source,
            code_id,
            name,
            list(codings),
            resolve_coder(coder),
            if_version=if_version,
        ),
    )


COMMANDS = [codebook]
