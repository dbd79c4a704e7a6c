"""`qualframe codebook`: check, load, export and list the codebook, and change its code tree."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from qualframe.cli.common import CODER, FORMAT, IF_VERSION, project_of
from qualframe.cli.output import emit
from qualframe.project import resolve_coder
from qualframe.store.db import run_transaction

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


@click.group()
def codebook() -> None:
    """The codebook: check, load, export, list, and change codes."""


def _edit(ctx: click.Context, coder: str | None, change: Callable[[Session, str], T]) -> T:
    """One change to the code tree, in one transaction, in the coder's name: every tree
    command has this shape (it names the change; stale edits are refused by the core)."""
    actor = resolve_coder(coder)
    return run_transaction(project_of(ctx).sessions, lambda session: change(session, actor))


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
    """Load FILE (YAML, or a REFI-QDA .qdc) as a new codebook version."""
    from qualframe.codebook.store import load_codebook

    if file.suffix.lower() == ".qdc":
        from qualframe.cli.interchange import load_codebook_qdc

        return load_codebook_qdc(ctx, file, coder)
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
    """Write the codebook, emergent codes included, as YAML (or OUT.qdc) to FILE (or stdout)."""
    from qualframe.codebook.store import export_codebook
    from qualframe.codebook.yamlio import render_codebook
    from qualframe.fileio import write_atomic

    if file is not None and file.suffix.lower() == ".qdc":
        from qualframe.cli.interchange import export_codebook_qdc

        return export_codebook_qdc(ctx, file)
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

    _edit(
        ctx,
        coder,
        lambda s, actor: create_emergent_code(s, code_id, name, parent, definition, actor),
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
    from qualframe.codebook.reshape import rename_code

    _edit(ctx, coder, lambda s, actor: rename_code(s, code, name, actor, if_version=if_version))


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
    from qualframe.codebook.reshape import move_code

    _edit(ctx, coder, lambda s, actor: move_code(s, code, parent, actor, if_version=if_version))


@codebook.command("merge")
@click.argument("source")
@click.argument("target", required=False)
@IF_VERSION
@CODER
@click.pass_context
def codebook_merge(
    ctx: click.Context, source: str, target: str | None, if_version: int | None, coder: str | None
) -> None:
    """Merge code SOURCE into TARGET: codings move, SOURCE is retired. With one argument, a
    codebook FILE (YAML or .qdc): its emergent codes join this codebook as a new version."""
    from qualframe.codebook.reshape import merge_codes

    if target is None:
        from qualframe.cli.interchange import merge_codebook_file

        return merge_codebook_file(ctx, Path(source), coder)
    moved = _edit(
        ctx, coder, lambda s, actor: merge_codes(s, source, target, actor, if_version=if_version)
    )
    click.echo(f"merged {source} into {target}: {moved} coding(s) moved")


@codebook.command("diff")
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path), required=False)
@FORMAT
@click.pass_context
def codebook_diff(ctx: click.Context, a: Path, b: Path | None, fmt: str) -> None:
    """Codes added, retired, renamed, moved and redefined from A to B (YAML or .qdc files;
    without B, from A to this project's codebook)."""
    from qualframe.cli.interchange import diff_codebooks

    diff_codebooks(ctx, a, b, fmt)


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
    from qualframe.codebook.reshape import split_code

    _edit(
        ctx,
        coder,
        lambda s, actor: split_code(
            s, source, code_id, name, list(codings), actor, if_version=if_version
        ),
    )


@codebook.command("edit")
@click.argument("code")
@click.option("--definition", default=None, help="what the code covers")
@click.option("--include", default=None, help="when to apply it")
@click.option("--exclude", default=None, help="when not to apply it")
@click.option(
    "--example", "examples", multiple=True, help="an example passage (repeat; replaces them all)"
)
@IF_VERSION
@CODER
@click.pass_context
def codebook_edit(
    ctx: click.Context,
    code: str,
    definition: str | None,
    include: str | None,
    exclude: str | None,
    examples: tuple[str, ...],
    if_version: int | None,
    coder: str | None,
) -> None:
    """Write CODE's definition, inclusion and exclusion criteria or examples (the ones given)."""
    from qualframe.codebook.edit import edit_code_text

    _edit(
        ctx,
        coder,
        lambda s, actor: edit_code_text(
            s,
            code,
            actor,
            definition=definition,
            include=include,
            exclude=exclude,
            examples=list(examples) if examples else None,
            if_version=if_version,
        ),
    )


@codebook.command("colour")
@click.argument("code")
@click.argument("colour")
@IF_VERSION
@CODER
@click.pass_context
def codebook_colour(
    ctx: click.Context, code: str, colour: str, if_version: int | None, coder: str | None
) -> None:
    """Give CODE its own COLOUR (#RRGGBB; '' for its colour by codebook order)."""
    from qualframe.codebook.edit import set_colour

    _edit(ctx, coder, lambda s, actor: set_colour(s, code, colour, actor, if_version=if_version))


@codebook.command("retire")
@click.argument("code")
@IF_VERSION
@CODER
@click.pass_context
def codebook_retire(
    ctx: click.Context, code: str, if_version: int | None, coder: str | None
) -> None:
    """Retire CODE: it leaves the codebook, its codings stay (`qualframe undo` brings it back)."""
    from qualframe.codebook.edit import retire_code

    _edit(ctx, coder, lambda s, actor: retire_code(s, code, actor, if_version=if_version))


@codebook.command("theme")
@click.argument("theme_id")
@click.argument("name")
@click.option("--description", default="", help="what the theme gathers")
@CODER
@click.pass_context
def codebook_theme(
    ctx: click.Context, theme_id: str, name: str, description: str, coder: str | None
) -> None:
    """A new theme THEME_ID called NAME, at the end of the codebook."""
    from qualframe.codebook.edit import create_theme

    _edit(ctx, coder, lambda s, actor: create_theme(s, theme_id, name, description, actor))


COMMANDS = [codebook]
