"""What every command module shares: the project of `-p`, the coder, the output options."""

from __future__ import annotations

import click

from qualframe.project import Project, open_project

FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    help="table for people, json for scripts (stable keys)",
)
CODER = click.option(
    "--coder",
    default=None,
    help="who is coding (default: QUALFRAME_CODER, user config, login name)",
)
IF_VERSION = click.option(
    "--if-version",
    "if_version",
    type=int,
    default=None,
    help="refuse the change if what it edits is no longer at version "
    "N (a stale edit: someone changed it meanwhile)",
)


def project_of(ctx: click.Context) -> Project:
    """The project named by `-p`, closed (its connections released) when the command ends."""
    project = open_project(ctx.find_root().obj["project_dir"])
    ctx.call_on_close(project.close)
    return project


def confirm(yes: bool, question: str) -> None:
    """Ask before something that cannot be undone, unless `--yes` or nobody is at a terminal
    (scripts pass `--yes`; a pipeline without a person must not hang on a prompt)."""
    import sys

    if not yes and sys.stdin.isatty():
        click.confirm(question, abort=True)
