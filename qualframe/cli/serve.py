"""`qualframe serve`: the workbench in a browser (textual-serve), on this machine only by default.

Each browser tab that opens the page starts its own `qualframe tui` process on the server, as
the coder who started the server. The page and its script, style sheet and font all come from
this server (textual-serve's page, with its Google Fonts link replaced by the font it ships), so
it works without the internet. There is no login: anyone who can reach the port can code as
that coder, hence localhost by default and, beyond it, only behind a proxy that authenticates.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from qualframe.cli.common import CODER
from qualframe.errors import UserError
from qualframe.project import CONFIG_NAME, resolve_coder

#: The page textual-serve renders, kept in the package (see the module docstring).
TEMPLATES = Path(__file__).resolve().parents[1] / "tui" / "web"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def tui_command(project_dir: Path, coder: str) -> str:
    """The shell command textual-serve runs for each browser session."""
    return shlex.join(
        [sys.executable, "-m", "qualframe", "-p", str(project_dir), "tui", "--coder", coder]
    )


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@CODER
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, coder: str | None) -> None:
    """The workbench in a browser at http://HOST:PORT (stop with ctrl+c). No login: keep it
    on localhost, or put a proxy that authenticates in front of it."""
    from textual_serve.server import Server

    project_dir = Path(ctx.find_root().obj["project_dir"]).resolve()
    if not (project_dir / CONFIG_NAME).is_file():
        raise UserError(f"no {CONFIG_NAME} here: not a qualframe project", path=str(project_dir))
    if host not in LOCAL_HOSTS:
        click.echo(
            f"warning: serving on {host}: anyone who reaches port {port} codes as "
            f"{resolve_coder(coder)}; use a proxy that authenticates",
            err=True,
        )
    server = Server(
        tui_command(project_dir, resolve_coder(coder)),
        host=host,
        port=port,
        title=f"qualframe · {project_dir.name}",
        templates_path=TEMPLATES,
    )
    server.serve()


COMMANDS = [serve]
