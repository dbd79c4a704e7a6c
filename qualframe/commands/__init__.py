"""Command-line commands by area; `qualframe.cli` assembles them into one `qualframe` group.

Each module imports only click and qualframe's light modules at import time; heavy libraries are
imported inside the command functions so that every command starts fast.
"""

from __future__ import annotations

from importlib import import_module

import click

#: Modules contributing commands; each defines `COMMANDS: list[click.Command]`.
MODULES: tuple[str, ...] = ("framework", "suggestions", "team")


def area_commands() -> list[click.Command]:
    """Every command of the area modules, in module order."""
    return [command for name in MODULES for command in import_module(
        f"qualframe.commands.{name}").COMMANDS]
