"""`qualframe anonymise`: the identifier check and consistent pseudonyms, a thin layer over
`qualframe.gate.files`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qualframe.cli.output import emit_json
from qualframe.project import CONFIG_NAME, Project, open_project


@click.group()
def anonymise() -> None:
    """Residual identifiers: check transcripts, write anonymised copies."""


def _optional_project(ctx: click.Context) -> Project | None:
    """The project of `-p` when there is one: checking files needs no project, but uses its
    identifier list and settings when it has them."""
    folder = Path(ctx.find_root().obj["project_dir"])
    return open_project(folder) if (folder / CONFIG_NAME).is_file() else None


_PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
_IDENTIFIERS = click.option(
    "--identifiers",
    "identifier_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="a list of known identifiers (one per line, `category: text` or a name); repeatable",
)


@anonymise.command("check")
@_PATHS
@_IDENTIFIERS
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=None,
    help="processes for NER (default: 2 when there is enough text, else 1)",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def anonymise_check(
    ctx: click.Context,
    paths: tuple[Path, ...],
    identifier_files: tuple[Path, ...],
    processes: int | None,
    fmt: str,
) -> None:
    """Report residual identifiers as file:line:column; exit status 3 if any are found."""
    from qualframe.gate.files import check_paths, settings_for

    settings = settings_for(_optional_project(ctx), identifier_files)
    report = check_paths(list(paths), settings, processes=processes)
    if fmt == "json":
        emit_json(report.as_json())
    else:
        click.echo("detectors: " + "; ".join(report.detectors))
        for finding in report.findings:
            click.echo(
                f"{finding.path}:{finding.line}:{finding.column}: {finding.category} "
                f"({finding.source}) {finding.text!r} [{finding.why}]"
            )
        click.echo(report.summary())
    if report.findings:
        sys.exit(3)


@anonymise.command("apply")
@_PATHS
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="folder for the anonymised copies (not inside an input folder)",
)
@click.option(
    "--key",
    "key_file",
    required=True,
    type=click.Path(path_type=Path),
    help="the key (original -> placeholder), created with mode 0600; reused if it exists",
)
@_IDENTIFIERS
@click.option("--processes", type=click.IntRange(min=1), default=None)
@click.pass_context
def anonymise_apply(
    ctx: click.Context,
    paths: tuple[Path, ...],
    out_dir: Path,
    key_file: Path,
    identifier_files: tuple[Path, ...],
    processes: int | None,
) -> None:
    """Write anonymised copies with the same placeholder for the same identifier everywhere."""
    from qualframe.gate.files import apply_paths, settings_for

    settings = settings_for(_optional_project(ctx), identifier_files)
    report = apply_paths(list(paths), out_dir, key_file, settings, processes=processes)
    click.echo(report.summary())


COMMANDS = [anonymise]
