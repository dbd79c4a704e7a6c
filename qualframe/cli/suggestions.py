"""`qualframe suggest`: codebook suggestions to review, a thin layer over
`qualframe.coding.suggestions`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from qualframe.cli.common import CODER, project_of
from qualframe.cli.output import emit, emit_json
from qualframe.project import Project, resolve_coder
from qualframe.store.db import run_transaction


@click.group(invoke_without_command=True)
@click.pass_context
def suggest(ctx: click.Context) -> None:
    """Codebook suggestions: run the patterns, then accept or reject each one."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(suggest_list)


@suggest.command("run")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@CODER
@click.pass_context
def suggest_run(ctx: click.Context, fmt: str, coder: str | None) -> None:
    """Match the codebook's patterns over new or changed documents."""
    from dataclasses import asdict

    from qualframe.coding.suggestions import run_suggestions

    project = project_of(ctx)
    with _WordProgress(project) as advance:
        report = run_suggestions(project, resolve_coder(coder), progress=advance)
    if fmt == "json":
        emit_json(asdict(report))
        return
    click.echo(
        f"{report.documents} document(s) matched ({report.words:,} words, "
        f"{report.rules} rules), {report.unchanged} already up to date; "
        f"{report.added} suggestion(s) added, {report.removed} removed, "
        f"{report.kept} kept"
    )


class _WordProgress:
    """A Rich progress bar in words on stderr when a person is watching; else nothing."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.bar: Any = None

    def __enter__(self) -> Callable[[int], None]:
        if not sys.stderr.isatty():
            return lambda _words: None
        from rich.progress import Progress

        from qualframe.corpus.stats import project_stats

        with self.project.sessions() as session:
            total = project_stats(session).get("words") or None
        self.bar = Progress(transient=True)
        self.bar.start()
        task = self.bar.add_task("suggesting", total=total)
        return lambda words: self.bar.advance(task, words)

    def __exit__(self, *_exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@suggest.command("list")
@click.option(
    "--status",
    type=click.Choice(["pending", "accepted", "rejected", "all"]),
    default="pending",
    show_default=True,
)
@click.option("--code", "code_ref", default=None, help="a code (or a theme: all its codes)")
@click.option("--doc", "doc_ref", default=None, help="a document name or id")
@click.option("--limit", type=click.IntRange(min=1), default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@CODER
@click.pass_context
def suggest_list(
    ctx: click.Context,
    status: str = "pending",
    code_ref: str | None = None,
    doc_ref: str | None = None,
    limit: int | None = None,
    fmt: str = "table",
    coder: str | None = None,
) -> None:
    """Suggestions: id, document, code, start, end, text, rule, status (under blind coding:
    your own decisions only)."""
    from qualframe.coding.suggestions import list_suggestions

    with project_of(ctx).sessions() as session:
        items = list_suggestions(
            session,
            status=status,
            code=code_ref,
            document=doc_ref,
            limit=limit,
            viewer=resolve_coder(coder),
        )
    emit(
        [item.row() for item in items],
        fmt,
        ["id", "document", "code", "start", "end", "text", "rule", "status"],
        empty="no suggestions (qualframe suggest run)",
    )


@suggest.command("accept")
@click.argument("suggestion_id", type=int)
@click.option("--start", type=int, default=None, help="adjusted first character")
@click.option("--end", type=int, default=None, help="adjusted end character, exclusive")
@CODER
@click.pass_context
def suggest_accept(
    ctx: click.Context, suggestion_id: int, start: int | None, end: int | None, coder: str | None
) -> None:
    """Accept suggestion ID: code its passage (or START..END) in your name."""
    from qualframe.coding.suggestions import accept_suggestion

    actor = resolve_coder(coder)
    coding = run_transaction(
        project_of(ctx).sessions,
        lambda session: accept_suggestion(session, suggestion_id, actor, start=start, end=end),
    )
    click.echo(f"suggestion {suggestion_id} accepted: coding {coding.id} added")


@suggest.command("reject")
@click.argument("suggestion_id", type=int)
@CODER
@click.pass_context
def suggest_reject(ctx: click.Context, suggestion_id: int, coder: str | None) -> None:
    """Reject suggestion ID (it will not be suggested again)."""
    from qualframe.coding.suggestions import reject_suggestion

    actor = resolve_coder(coder)
    run_transaction(
        project_of(ctx).sessions, lambda session: reject_suggestion(session, suggestion_id, actor)
    )
    click.echo(f"suggestion {suggestion_id} rejected")


COMMANDS = [suggest]
