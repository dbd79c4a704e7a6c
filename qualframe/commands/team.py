"""Commands of the team area (see the module's issue)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
