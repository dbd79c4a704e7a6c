"""The command line: a thin layer over the core, with the surface fixed in the design notes.

Every command opens the project, calls one service function inside one transaction, and prints.
Writes go through `run_transaction`, which runs the transaction again when another coder's write
got in the way (so "database is locked" never reaches the user).
Bad input raises `UserError`: one line on stderr, exit status 2, nothing written. Heavy imports
(spaCy, Alembic, Rich, Textual) happen inside the commands that need them, and the area commands
(framework, suggest, team, anonymise) are imported only when called, so listings start fast.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from qualframe.commands import AREA_COMMANDS, area_command
from qualframe.commands.common import CODER, FORMAT, IF_VERSION, confirm, project_of
from qualframe.errors import UserError
from qualframe.output import emit, emit_json
from qualframe.project import CONFIG_NAME, resolve_coder
from qualframe.store.db import run_transaction


class QualframeGroup(click.Group):
    """The top-level group: core commands are defined below, area commands (framework, suggest,
    team, anonymise) are imported the first time they are called or help lists them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *AREA_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or area_command(cmd_name)


@click.group(cls=QualframeGroup, invoke_without_command=True)
@click.option(
    "-p",
    "--project",
    "project_dir",
    type=click.Path(path_type=Path),
    default=".",
    help="the project folder (default: the current directory)",
)
@click.version_option(package_name="qualframe")
@click.pass_context
def cli(ctx: click.Context, project_dir: Path) -> None:
    """qualframe: Framework Analysis of interview transcripts, in the terminal."""
    ctx.obj = {"project_dir": project_dir}
    if ctx.invoked_subcommand is None:
        if (project_dir / CONFIG_NAME).is_file():
            ctx.invoke(tui)
        else:  # outside a project, a bare `qualframe` is a request for help
            click.echo(ctx.get_help())


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--db",
    "db_url",
    default=None,
    help="SQLAlchemy URL (default: sqlite in DIR/qualframe.db); no passwords here",
)
def init(directory: Path, db_url: str | None) -> None:
    """Create a new project in DIRECTORY."""
    from qualframe.project import init_project

    project = init_project(directory, db_url)
    click.echo(f"created project {project.name!r} in {project.root}")


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--name", default=None, help="document name for a single file (default: stem)")
@click.option(
    "--replace",
    is_flag=True,
    help="a file whose name is taken becomes a new text revision of that document",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option(
    "--skip-missing-sources",
    is_flag=True,
    help="REFI-QDA: import the rest when a source's text is not in the file",
)
@CODER
@click.pass_context
def import_(
    ctx: click.Context,
    paths: tuple[Path, ...],
    name: str | None,
    replace: bool,
    fmt: str,
    skip_missing_sources: bool,
    coder: str | None,
) -> None:
    """Import transcripts (.txt .md .docx .vtt .srt) or folders of them, or merge a REFI-QDA
    project (.qdpx .qde) from another tool."""
    from dataclasses import asdict

    from qualframe.importing import collect_files, import_paths

    if any(p.suffix.lower() in (".qdpx", ".qde") for p in paths):
        from qualframe.commands.interchange import import_refi

        if len(paths) != 1:
            raise UserError("import one REFI-QDA project (.qdpx/.qde) at a time")
        return import_refi(ctx, paths[0], coder, fmt, skip_missing_sources)
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


@cli.group()
def doc() -> None:
    """Documents (transcripts)."""


@doc.command("list")
@FORMAT
@CODER
@click.pass_context
def doc_list(ctx: click.Context, fmt: str, coder: str | None) -> None:
    """Documents with case, kind, words, turns and share coded (under blind coding: by you)."""
    from qualframe.documents import list_documents

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
    from qualframe.documents import show_document

    with project_of(ctx).sessions() as session:
        data = show_document(session, document)
    if fmt == "json":
        emit_json(data)
    else:
        click.echo(data["text"])


@cli.group()
def case() -> None:
    """Cases: participants, organisations, focus groups."""


@case.command("list")
@FORMAT
@click.pass_context
def case_list(ctx: click.Context, fmt: str) -> None:
    """Cases with their parent and attributes."""
    from qualframe.cases import list_cases

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
    from qualframe.cases import find_case, set_attribute

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
    from qualframe.purge import purge_case, scrub_file

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


@cli.group()
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
    """Load FILE (YAML, or a REFI-QDA .qdc) as a new codebook version."""
    from qualframe.codebook.store import load_codebook

    if file.suffix.lower() == ".qdc":
        from qualframe.commands.interchange import load_codebook_qdc

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
        from qualframe.commands.interchange import export_codebook_qdc

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
@click.argument("target", required=False)
@IF_VERSION
@CODER
@click.pass_context
def codebook_merge(
    ctx: click.Context, source: str, target: str | None, if_version: int | None, coder: str | None
) -> None:
    """Merge code SOURCE into TARGET: codings move, SOURCE is retired. With one argument, a
    codebook FILE (YAML or .qdc): its emergent codes join this codebook as a new version."""
    from qualframe.codebook.store import merge_codes

    if target is None:
        from qualframe.commands.interchange import merge_codebook_file

        return merge_codebook_file(ctx, Path(source), coder)
    moved = run_transaction(
        project_of(ctx).sessions,
        lambda session: merge_codes(
            session, source, target, resolve_coder(coder), if_version=if_version
        ),
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
    from qualframe.commands.interchange import diff_codebooks

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


@cli.command()
@click.argument("query")
@FORMAT
@click.option("--limit", default=200, show_default=True)
@click.pass_context
def search(ctx: click.Context, query: str, fmt: str, limit: int) -> None:
    """Full-text search (case- and accent-insensitive; "quoted phrases")."""
    from qualframe.search import search as run_search

    with project_of(ctx).sessions() as session:
        rows = run_search(session, query, limit)
    emit(rows, fmt, ["document", "case", "line", "snippet"], empty="no matches")


@cli.group()
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
    from qualframe.codings import add_coding

    coding = run_transaction(
        project_of(ctx).sessions,
        lambda session: add_coding(session, document, code_ref, start, end, resolve_coder(coder)),
    )
    click.echo(f"coding {coding.id} added")


@code.command("list")
@click.option("--doc", "doc_ref", default=None)
@click.option("--code", "code_ref", default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@CODER
@click.pass_context
def code_list(
    ctx: click.Context, doc_ref: str | None, code_ref: str | None, fmt: str, coder: str | None
) -> None:
    """Codings, optionally of one document or one code (blind coding: only yours)."""
    from qualframe.codings import list_codings

    with project_of(ctx).sessions() as session:
        rows = list_codings(session, doc_ref, code_ref, viewer=resolve_coder(coder))
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
    from qualframe.commands.interchange import import_codings

    import_codings(ctx, file, coder)


@code.command("export")
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def code_export(ctx: click.Context, file: Path) -> None:
    """Every coding to FILE.csv|.json, in the columns `code import` reads."""
    from qualframe.commands.interchange import export_codings

    export_codings(ctx, file)


@code.command("remove")
@click.argument("coding_id", type=int)
@CODER
@click.pass_context
def code_remove(ctx: click.Context, coding_id: int, coder: str | None) -> None:
    """Remove coding CODING_ID (undo brings it back)."""
    from qualframe.codings import remove_coding

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
    from qualframe.codings import change_coding

    run_transaction(
        project_of(ctx).sessions,
        lambda session: change_coding(
            session, coding_id, resolve_coder(coder), code_ref=code_ref, start=start, end=end
        ),
    )


@cli.command("undo")
@CODER
@click.pass_context
def undo_command(ctx: click.Context, coder: str | None) -> None:
    """Undo your latest coding change (persisted: works across sessions)."""
    _step(ctx, coder, redo=False)


@cli.command("redo")
@CODER
@click.pass_context
def redo_command(ctx: click.Context, coder: str | None) -> None:
    """Redo the change you undid last."""
    _step(ctx, coder, redo=True)


def _step(ctx: click.Context, coder: str | None, *, redo: bool) -> None:
    """One step back (undo) or forward (redo) in the coder's event log."""
    from qualframe import undo

    step, verb = (undo.redo, "redo") if redo else (undo.undo, "undo")
    actor = resolve_coder(coder)
    event = run_transaction(project_of(ctx).sessions, lambda session: step(session, actor))
    click.echo(
        f"{verb}ne: {event.action} {event.entity} {event.entity_id}"
        if event
        else f"nothing to {verb}"
    )


@cli.group()
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
    from qualframe.memos import add_memo

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
    from qualframe.memos import list_memos

    with project_of(ctx).sessions() as session:
        rows = list_memos(session, target_type, target)
    emit(
        rows,
        fmt,
        ["id", "target_type", "target_id", "target_ref", "coder", "text"],
        empty="no memos",
    )


@cli.group()
def coder() -> None:
    """Coders."""


@coder.command("add")
@click.argument("name")
@click.pass_context
def coder_add(ctx: click.Context, name: str) -> None:
    """Register coder NAME."""
    from qualframe.codings import add_coder

    run_transaction(project_of(ctx).sessions, lambda session: add_coder(session, name))
    click.echo(f"coder {name!r} added")


@cli.command()
@FORMAT
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Counts: documents, cases, codes, codings, words."""
    from qualframe.stats import project_stats

    project = project_of(ctx)
    with project.sessions() as session:
        data = project_stats(session)
    if fmt == "json":
        emit_json(data)
    else:
        click.echo(f"{project.name}")
        for key, value in data.items():
            click.echo(f"  {key:<18} {value if value is not None else '-'}")


@cli.command()
@CODER
@click.pass_context
def tui(ctx: click.Context, coder: str | None) -> None:
    """Open the workbench: read, code and memo transcripts."""
    from qualframe.tui.app import QualframeApp

    QualframeApp(ctx.find_root().obj["project_dir"], resolve_coder(coder)).run()


def run(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status. User errors are one line and status 2;
    anything unexpected one line and status 1 (QUALFRAME_DEBUG=1 shows the traceback)."""
    try:
        cli.main(args=argv, standalone_mode=False, prog_name="qualframe")
    except UserError as exc:
        click.echo(f"qualframe: error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return 2 if isinstance(exc, click.UsageError) else exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("QUALFRAME_DEBUG"):
            raise
        click.echo(
            f"qualframe: unexpected error: {type(exc).__name__}: {exc} "
            "(set QUALFRAME_DEBUG=1 for details)",
            err=True,
        )
        return 1
    return 0


def main() -> None:
    """The console script. What start-up imported (SQLAlchemy, click, the commands) lives as
    long as the process: freezing it keeps every later garbage collection, and the full one at
    exit, from walking it again, which on a listing takes longer than its queries. (Not in
    `run`: tests call that thousands of times in one process.)"""
    gc.freeze()
    sys.exit(run())
