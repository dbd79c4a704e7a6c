"""Commands of the transcripts area: `doc export`, a transcript with the line numbers charts
cite (attached to the `doc` group of `qualframe.cli` through `AREA_SUBCOMMANDS`)."""

from __future__ import annotations

from pathlib import Path

import click

from qualframe.cli.common import project_of
from qualframe.errors import UserError


@click.command("export")
@click.argument("document")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="FILE.txt, FILE.docx or FILE.pdf (the format follows the suffix)",
)
@click.pass_context
def doc_export(ctx: click.Context, document: str, output: Path) -> None:
    """DOCUMENT as numbered lines, wrapped at a fixed width: the lines Framework charts cite."""
    from qualframe.fileio import write_atomic
    from qualframe.framework.exports import now
    from qualframe.framework.transcripts import FORMATS, load_transcript, render

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UserError(
            f"give a file ending .{', .'.join(FORMATS)} (the format follows the suffix)",
            path=str(output),
        )
    if output.is_dir():
        raise UserError("is a folder; give a file name", path=str(output))
    project = project_of(ctx)
    with project.sessions() as session:
        transcript = load_transcript(session, document)
    data = render(transcript, fmt, project.name, now())
    try:
        write_atomic(output, data)
    except OSError as exc:
        raise UserError(f"cannot write here: {exc.strerror or exc}", path=str(output)) from exc
    click.echo(f"wrote {output}: {len(transcript.lines)} line(s)", err=True)


COMMANDS: list[click.Command] = []
SUBCOMMANDS: dict[str, list[click.Command]] = {"doc": [doc_export]}
