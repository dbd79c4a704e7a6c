"""`qualframe code`, `memo`, `coder`, `undo` and `redo`: the researcher's work on the text."""

from __future__ import annotations

from pathlib import Path

import click

from qualframe.cli.common import CODER, FORMAT, project_of
from qualframe.cli.output import emit
from qualframe.errors import UserError
from qualframe.project import resolve_coder
from qualframe.store.db import run_transaction


@click.group()
def code() -> None:
    """Codings: apply a code to a passage, list codings."""


@code.command("add")
@click.argument("document")
@click.argument("code_ref", metavar="CODE")
@click.option("--start", type=int, required=True, help="first character (code points)")
@click.option("--end", type=int, required=True, help="end character, exclusive")
@CODER
@click.pass_context
def code_add(
    ctx: click.Context, document: str, code_ref: str, start: int, end: int, coder: str | None
) -> None:
    """Code DOCUMENT's text[start:end] with CODE."""
    from qualframe.coding.codings import add_coding

    coding = run_transaction(
        project_of(ctx).sessions,
        lambda session: add_coding(session, document, code_ref, start, end, resolve_coder(coder)),
    )
    click.echo(f"coding {coding.id} added")


@code.command("list")
@click.option("--doc", "doc_ref", default=None)
@click.option("--code", "codes", multiple=True, help="only codings with this code (repeat)")
@click.option("--by", "coders", multiple=True, help="only codings by this coder (repeat)")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@CODER
@click.pass_context
def code_list(
    ctx: click.Context,
    doc_ref: str | None,
    codes: tuple[str, ...],
    coders: tuple[str, ...],
    fmt: str,
    coder: str | None,
) -> None:
    """Codings, optionally of one document, some codes, some coders (the reader's stripe
    filter, `F`); under blind coding only yours."""
    from qualframe.coding.codings import CodingFilter, list_codings

    only = CodingFilter(frozenset(codes), frozenset(coders))
    with project_of(ctx).sessions() as session:
        rows = list_codings(session, doc_ref, only, viewer=resolve_coder(coder))
    emit(
        rows,
        fmt,
        ["id", "document", "case", "code", "start", "end", "text", "coder"],
        empty="no codings",
    )


@code.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@CODER
@click.pass_context
def code_import(ctx: click.Context, file: Path, coder: str | None) -> None:
    """Codings in bulk from FILE.csv|.json (the columns `code list` writes); all or nothing."""
    from qualframe.cli.interchange import import_codings

    import_codings(ctx, file, coder)


@code.command("export")
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def code_export(ctx: click.Context, file: Path) -> None:
    """Every coding to FILE.csv|.json, in the columns `code import` reads."""
    from qualframe.cli.interchange import export_codings

    export_codings(ctx, file)


@code.command("remove")
@click.argument("coding_id", type=int)
@CODER
@click.pass_context
def code_remove(ctx: click.Context, coding_id: int, coder: str | None) -> None:
    """Remove coding CODING_ID (undo brings it back)."""
    from qualframe.coding.codings import remove_coding

    run_transaction(
        project_of(ctx).sessions,
        lambda session: remove_coding(session, coding_id, resolve_coder(coder)),
    )


@code.command("change")
@click.argument("coding_id", type=int)
@click.option("--code", "code_ref", default=None, help="recode with this code")
@click.option("--start", type=int, default=None, help="new first character")
@click.option("--end", type=int, default=None, help="new end character, exclusive")
@CODER
@click.pass_context
def code_change(
    ctx: click.Context,
    coding_id: int,
    code_ref: str | None,
    start: int | None,
    end: int | None,
    coder: str | None,
) -> None:
    """Recode coding CODING_ID, or extend or shrink it."""
    from qualframe.coding.codings import change_coding

    run_transaction(
        project_of(ctx).sessions,
        lambda session: change_coding(
            session, coding_id, resolve_coder(coder), code_ref=code_ref, start=start, end=end
        ),
    )


@code.command("report")
@click.argument("code_ref", metavar="CODE")
@click.option(
    "--where",
    multiple=True,
    metavar="KEY=VALUE",
    help="only cases whose attribute (or organisation) has this value; repeat a key for "
    "alternatives, several keys must all hold",
)
@click.option("--format", "fmt", type=click.Choice(["md", "html", "docx"]), default=None)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None)
@CODER
@click.pass_context
def code_report_command(
    ctx: click.Context,
    code_ref: str,
    where: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    coder: str | None,
) -> None:
    """Every passage coded with CODE, by case, with context, coder and memos: markdown on
    stdout, or a file (-o FILE.md|.html|.docx; the format follows the suffix)."""
    from qualframe.coding.report import code_report
    from qualframe.coding.report_export import FORMATS, RENDERERS
    from qualframe.fileio import write_atomic
    from qualframe.framework.rows import parse_where

    suffix = output.suffix.lower().lstrip(".") if output else ""
    fmt = fmt or (suffix if suffix in FORMATS else "md")
    if output is None and fmt == "docx":
        raise UserError("a docx report is a file: give one with -o FILE.docx")
    if output is not None and (output.is_dir() or not output.parent.is_dir()):
        raise UserError("cannot write a report here", path=str(output))
    filters = parse_where(where)
    with project_of(ctx).sessions() as session:
        report = code_report(session, code_ref, viewer=resolve_coder(coder), where=filters)
    data = RENDERERS[fmt](report)
    if output is None:
        click.echo(data, nl=False)
        return
    try:
        write_atomic(output, data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise UserError(f"cannot write here: {exc.strerror or exc}", path=str(output)) from exc
    click.echo(
        f"wrote {output}: {report.total} passage(s) in {len(report.groups)} case(s)", err=True
    )


@click.command("undo")
@CODER
@click.pass_context
def undo_command(ctx: click.Context, coder: str | None) -> None:
    """Undo your latest change: a coding, summary, memo, code tree edit, review or attribute
    (persisted: works across sessions)."""
    _step(ctx, coder, redo=False)


@click.command("redo")
@CODER
@click.pass_context
def redo_command(ctx: click.Context, coder: str | None) -> None:
    """Redo the change you undid last."""
    _step(ctx, coder, redo=True)


def _step(ctx: click.Context, coder: str | None, *, redo: bool) -> None:
    """One step back (undo) or forward (redo) in the coder's event log."""
    from qualframe.history.describe import step_message
    from qualframe.history.undo import redo as redo_change
    from qualframe.history.undo import undo as undo_change

    step = redo_change if redo else undo_change
    actor = resolve_coder(coder)
    message = run_transaction(
        project_of(ctx).sessions,
        lambda session: step_message(session, step(session, actor), redo=redo),
    )
    click.echo(message)


@click.group()
def memo() -> None:
    """Memos on the project, a case, document, code, coding or chart cell (CASE/CODE)."""


@memo.command("add")
@click.argument(
    "target_type", type=click.Choice(["project", "case", "document", "code", "coding", "cell"])
)
@click.argument("target", required=False)
@click.option("--text", required=True, help="markdown text")
@CODER
@click.pass_context
def memo_add(
    ctx: click.Context, target_type: str, target: str | None, text: str, coder: str | None
) -> None:
    """Write a memo on TARGET (a name or id; a cell is CASE/CODE)."""
    from qualframe.coding.memos import add_memo

    created = run_transaction(
        project_of(ctx).sessions,
        lambda session: add_memo(session, target_type, target, text, resolve_coder(coder)),
    )
    click.echo(f"memo {created.id} added")


@memo.command("list")
@click.argument(
    "target_type",
    required=False,
    type=click.Choice(["project", "case", "document", "code", "coding", "cell"]),
)
@click.argument("target", required=False)
@FORMAT
@click.pass_context
def memo_list(ctx: click.Context, target_type: str | None, target: str | None, fmt: str) -> None:
    """Memos, all or on one target."""
    from qualframe.coding.memos import list_memos

    with project_of(ctx).sessions() as session:
        rows = list_memos(session, target_type, target)
    emit(
        rows,
        fmt,
        ["id", "target_type", "target_id", "target_ref", "coder", "text"],
        empty="no memos",
    )


@click.group()
def coder() -> None:
    """Coders."""


@coder.command("add")
@click.argument("name")
@click.pass_context
def coder_add(ctx: click.Context, name: str) -> None:
    """Register coder NAME."""
    from qualframe.coding.codings import add_coder

    run_transaction(project_of(ctx).sessions, lambda session: add_coder(session, name))
    click.echo(f"coder {name!r} added")


COMMANDS = [code, undo_command, redo_command, memo, coder]
