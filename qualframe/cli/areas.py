"""Command-line commands by area; `qualframe.cli` assembles them into one `qualframe` group.

The area modules are imported only when one of their commands runs (or help lists them): each
pulls in its own click definitions and helpers, a cost every listing would otherwise pay at
start-up. Their command names are therefore listed here, statically; a test keeps this table
equal to the modules' `COMMANDS`.
"""

from __future__ import annotations

from importlib import import_module

import click

#: Command name → the `qualframe.cli` module that defines it in its `COMMANDS` list.
AREA_COMMANDS: dict[str, str] = {
    "import": "corpus",
    "doc": "corpus",
    "case": "corpus",
    "search": "corpus",
    "stats": "corpus",
    "codebook": "codebook",
    "code": "coding",
    "memo": "coding",
    "coder": "coding",
    "undo": "coding",
    "redo": "coding",
    "chart": "framework",
    "summary": "framework",
    "counts": "framework",
    "cooccurrence": "framework",
    "suggest": "suggestions",
    "anonymise": "gate",
    "agreement": "team",
    "blind": "team",
    "log": "team",
    "backup": "team",
    "restore": "team",
    "export": "interchange",
    "serve": "serve",
}


#: Group name → {subcommand name → area module}: subcommands of a core group (`doc export`)
#: defined in an area module's `SUBCOMMANDS`, loaded like the area commands.
AREA_SUBCOMMANDS: dict[str, dict[str, str]] = {
    "doc": {"export": "transcripts", "resegment": "units"}
}


class AreaSubgroup(click.Group):
    """A core group (`doc`) whose area subcommands are imported only when called or listed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *AREA_SUBCOMMANDS.get(self.name or "", {})})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        module = AREA_SUBCOMMANDS.get(self.name or "", {}).get(cmd_name)
        if found is not None or module is None:
            return found
        commands = import_module(f"qualframe.cli.{module}").SUBCOMMANDS[self.name or ""]
        return next(command for command in commands if command.name == cmd_name)


def area_command(name: str) -> click.Command | None:
    """The area command called `name`, importing its module now; None for an unknown name."""
    module = AREA_COMMANDS.get(name)
    if module is None:
        return None
    commands = import_module(f"qualframe.cli.{module}").COMMANDS
    return next(command for command in commands if command.name == name)
