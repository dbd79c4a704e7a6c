"""`qualframe import`, `doc`, `case`, `search` and `stats`: the documents and cases of a project."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from qualframe.cli.common import CODER, FORMAT, confirm, project_of
from qualframe.cli.output import emit, emit_json
from qualframe.project import resolve_coder
from qualframe.store.db import run_transaction


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--name", default=None, help="document name for a single file (default: stem)")
@click.option(
    "--replace",
    is_flag=True,
    help="a file whose name is taken becomes a new text revision of that document",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@CODER
@click.pass_context
def import_(
    ctx: click.Context,
    paths: tuple[Path, ...],
    name: str | None,
    replace: bool,
    fmt: str,
    coder: str | None,
) -> None:
    """Import transcripts (.txt .md .docx .vtt .srt) or folders of them."""
    from dataclasses import asdict

    from qualframe.corpus.importing import collect_files, import_paths

    project = project_of(ctx)
    files = collect_files(paths)
    with _progress(len(files)) as advance:
        outcomes = import_paths(
            project, files, name=name, replace=replace, actor=resolve_coder(coder), progress=advance
        )
    rows = [asdict(o) for o in outcomes]
    for outcome in outcomes:
        for warning in outcome.warnings:
            click.echo(f"warning: {outcome.path}: {warning}", err=True)
    if fmt == "json":
        emit_json(rows)
        return
    emit(rows, fmt, ["name", "case", "status", "words", "turns", "sentences"], title="Import")
    done = sum(o.status != "unchanged" for o in outcomes)
    words = sum(o.words for o in outcomes)
    click.echo(f"{done} imported, {len(outcomes) - done} unchanged, {words:,} words")


class _progress:
    """A Rich progress bar on stderr when a person is watching many files; else nothing."""

    def __init__(self, total: int):
        self.total = total
        self.bar: Any = None

    def __enter__(self) -> Callable[[Path], None]:
        if self.total > 1 and sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            task = self.bar.add_task("importing", total=self.total)
            return lambda _path: self.bar.advance(task)
        return lambda _path: None

    def __exit__(self, *_exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@click.group()
def doc() -> None:
    """Documents (transcripts)."""


@doc.command("list")
@FORMAT
@CODER
@click.pass_context
def doc_list(ctx: click.Context, fmt: str, coder: str | None) -> None:
    """Documents with case, kind, words, turns and share coded (under blind coding: by you)."""
    from qualframe.corpus.documents import list_documents

    with project_of(ctx).sessions() as session:
        rows = list_documents(session, viewer=resolve_coder(coder))
    emit(
        rows,
        fmt,
        ["id", "name", "case", "kind", "words", "turns", "coded_share"],
        empty="no documents yet (qualframe import PATH)",
    )


@doc.command("show")
@click.argument("document")
@FORMAT
@click.pass_context
def doc_show(ctx: click.Context, document: str, fmt: str) -> None:
    """The stored text of DOCUMENT (json: name, case, text, turns, sentences)."""
    from qualframe.corpus.documents import show_document

    with project_of(ctx).sessions() as session:
        data = show_document(session, document)
    if fmt == "json":
        emit_json(data)
    else:
        click.echo(data["text"])


@click.group()
def case() -> None:
    """Cases: participants, organisations, focus groups."""


@case.command("list")
@FORMAT
@click.pass_context
def case_list(ctx: click.Context, fmt: str) -> None:
    """Cases with their parent and attributes."""
    from qualframe.corpus.cases import list_cases

    with project_of(ctx).sessions() as session:
        rows = list_cases(session)
    emit(rows, fmt, ["id", "name", "parent", "attributes"], empty="no cases yet")


@case.command("set")
@click.argument("case_ref", metavar="CASE")
@click.argument("attribute")
@click.argument("value")
@CODER
@click.pass_context
def case_set(
    ctx: click.Context, case_ref: str, attribute: str, value: str, coder: str | None
) -> None:
    """Set ATTRIBUTE of CASE to VALUE."""
    from qualframe.corpus.cases import find_case, set_attribute

    run_transaction(
        project_of(ctx).sessions,
        lambda session: set_attribute(
            session, find_case(session, case_ref), attribute, value, resolve_coder(coder)
        ),
    )


@case.command("purge")
@click.argument("case_ref", metavar="CASE")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@CODER
@click.pass_context
def case_purge(ctx: click.Context, case_ref: str, yes: bool, coder: str | None) -> None:
    """Remove every trace of CASE (withdrawal of consent). Cannot be undone."""
    from qualframe.corpus.purge import purge_case, scrub_file

    confirm(yes, f"Remove {case_ref} and all their data for good?")
    project = project_of(ctx)
    report = run_transaction(
        project.sessions, lambda session: purge_case(session, case_ref, resolve_coder(coder))
    )
    scrub_file(project.engine)
    click.echo(
        f"purged {report.cases} case(s), {report.documents} document(s), "
        f"{report.codings} coding(s); {report.redacted_turns} focus-group turn(s) withdrawn"
    )


@click.command()
@click.argument("query")
@FORMAT
@click.option("--limit", default=200, show_default=True)
@click.pass_context
def search(ctx: click.Context, query: str, fmt: str, limit: int) -> None:
    """Full-text search (case- and accent-insensitive; "quoted phrases")."""
    from qualframe.corpus.search import search as run_search

    with project_of(ctx).sessions() as session:
        rows = run_search(session, query, limit)
    emit(rows, fmt, ["document", "case", "line", "snippet"], empty="no matches")


@click.command()
@FORMAT
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Counts: documents, cases, codes, codings, words."""
    from qualframe.corpus.stats import project_stats

    project = project_of(ctx)
    with project.sessions() as session:
        data = project_stats(session)
    if fmt == "json":
        emit_json(data)
    else:
        click.echo(f"{project.name}")
        for key, value in data.items():
            click.echo(f"  {key:<18} {value if value is not None else '-'}")


COMMANDS = [import_, doc, case, search, stats]
