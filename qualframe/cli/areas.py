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
    "serve": "serve",
}


def area_command(name: str) -> click.Command | None:
    """The area command called `name`, importing its module now; None for an unknown name."""
    module = AREA_COMMANDS.get(name)
    if module is None:
        return None
    commands = import_module(f"qualframe.cli.{module}").COMMANDS
    return next(command for command in commands if command.name == name)
