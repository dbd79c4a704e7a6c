"""Promises about the code's shape: the core never imports Textual; fast commands import no
spaCy, Alembic or Textual; the README documents every command and its two commands exist."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from qualframe.cli import cli
from tests.support.modules import loaded_modules
from tests.support.projects import REPO

#: The rooms of the core: none may import Textual (only `tui` does). `cli` is checked too: its
#: `tui` command imports the workbench inside the command, when it is run.
CORE_ROOMS = (
    "store",
    "ingest",
    "nlp",
    "codebook",
    "framework",
    "analysis",
    "corpus",
    "coding",
    "history",
    "gate",
    "team",
    "interchange",
    "cli",
)


def room_modules(room: str) -> list[str]:
    return [
        "qualframe." + ".".join(p.relative_to(REPO / "qualframe").with_suffix("").parts)
        for p in (REPO / "qualframe" / room).rglob("*.py")
        if "migrations" not in p.parts
    ]


def test_every_room_is_classified() -> None:
    """A new room is either core (and checked below) or the workbench."""
    rooms = {p.parent.name for p in (REPO / "qualframe").glob("*/__init__.py")}
    assert rooms == {*CORE_ROOMS, "tui"}


@pytest.mark.parametrize("room", CORE_ROOMS)
def test_core_room_never_imports_textual(room: str) -> None:
    modules = loaded_modules("\n".join(f"import {m}" for m in room_modules(room)))
    assert not any(m == "textual" or m.startswith("textual.") for m in modules), room


def test_the_core_modules_at_the_root_never_import_textual() -> None:
    files = (REPO / "qualframe").glob("*.py")
    root = [f"qualframe.{p.stem}" for p in files if p.stem != "__main__"]
    modules = loaded_modules("\n".join(f"import {m}" for m in root))
    assert not any(m == "textual" or m.startswith("textual.") for m in modules)


def test_listing_commands_import_nothing_heavy(sample_dir: Path) -> None:
    modules = loaded_modules(
        "from qualframe.cli import run\n"
        f"assert run(['-p', {str(sample_dir)!r}, 'stats', '--format', 'json']) == 0\n"
        f"assert run(['-p', {str(sample_dir)!r}, 'doc', 'list', '--format', 'json']) == 0"
    )
    for heavy in ("spacy", "alembic", "textual", "rich"):
        assert heavy not in modules, heavy


def commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    context = click.Context(group)  # list_commands, not .commands: area commands load lazily
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if isinstance(command, click.Group):
            names.extend(commands(command, f"{prefix}{name} "))
        else:
            names.append(f"{prefix}{name}")
    return names


def test_readme_documents_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in commands(cli):
        group, _, sub = name.partition(" ")
        assert f"qualframe {name}" in readme or (sub and f"{group} " in readme and sub in readme), (
            name
        )


def test_readme_two_commands_exist_and_ci_calls_the_second() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "./scripts/demo.sh" in readme and "./scripts/test.sh" in readme
    assert (REPO / "scripts/demo.sh").stat().st_mode & 0o111
    assert "scripts/test.sh" in (REPO / ".ci/run").read_text(encoding="utf-8")
