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
from pathlib import Path

import click

from qualframe.cli.areas import AREA_COMMANDS, area_command
from qualframe.cli.common import CODER
from qualframe.errors import UserError
from qualframe.project import CONFIG_NAME, resolve_coder


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
