"""Start-up: area commands load lazily, yet help lists them all; listings skip the ORM.

A listing must start within 0.2 s of a bare `import sqlalchemy.orm` (issue 2). These tests
guard the two things that keep it there: the area modules (framework, suggest, team, anonymise)
are imported only when one of their commands runs, and listings are Core statements, which
never configure the mappers. Both are checked in a fresh interpreter, where nothing else has
imported those modules or used the ORM yet.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import click
import pytest

from qualframe.cli import cli, run
from qualframe.cli.areas import AREA_COMMANDS

REPO = Path(__file__).resolve().parents[1]

#: Modules that no listing may import: the lazily loaded areas and the heavy libraries.
NOT_FOR_LISTINGS = (
    "qualframe.cli.framework",
    "qualframe.cli.suggestions",
    "qualframe.cli.team",
    "qualframe.cli.gate",
    "spacy",
    "alembic",
    "textual",
    "yaml",
    "rich",
)

LISTINGS = (
    ("stats", "--format", "json"),
    ("doc", "list", "--format", "json"),
    ("case", "list", "--format", "json"),
    ("codebook", "list", "--format", "json"),
    ("code", "list", "--format", "json"),
)

PROBE = """
import json, sys
from qualframe.cli import run
status = run(sys.argv[1:])
from qualframe.store.models import Base
print(json.dumps({
    "status": status,
    "modules": sorted(m for m in json.loads(%r) if m in sys.modules),
    "configured": [m.class_.__name__ for m in Base.registry.mappers if m.configured],
}))
"""


def help_text(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert run([*args, "--help"]) == 0
    return capsys.readouterr().out


def test_area_table_names_exactly_the_modules_commands() -> None:
    """The static table must match what each area module defines, or help and dispatch drift."""
    for module in set(AREA_COMMANDS.values()):
        commands = import_module(f"qualframe.cli.{module}").COMMANDS
        assert {c.name for c in commands} == {
            name for name, owner in AREA_COMMANDS.items() if owner == module
        }
    assert not set(AREA_COMMANDS) & set(cli.commands), "an area command shadows a core one"


def test_help_lists_every_command_and_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    listed = help_text(capsys)
    context = click.Context(cli)
    for name in cli.list_commands(context):
        assert f"\n  {name} " in listed, name
        command = cli.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            group_help = help_text(capsys, name)
            for sub in command.list_commands(click.Context(command)):
                assert f"\n  {sub} " in group_help, f"{name} {sub}"
    assert {"chart", "suggest", "agreement", "anonymise", "doc", "stats"} <= set(
        cli.list_commands(context)
    )


def test_an_area_command_runs_and_an_unknown_one_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "Codings per case" in help_text(capsys, "counts")
    assert run(["no-such-command"]) == 2
    assert "No such command" in capsys.readouterr().err


def probe(project: Path, *args: str) -> dict[str, object]:
    """Run one command in a fresh interpreter; its status, the unwanted modules it imported
    and the mappers it configured."""
    completed = subprocess.run(
        [sys.executable, "-c", PROBE % json.dumps(NOT_FOR_LISTINGS), "-p", str(project), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", LISTINGS, ids=lambda args: " ".join(args[:2]))
def test_listing_imports_no_area_module_and_configures_no_mapper(
    sample_dir: Path, args: tuple[str, ...]
) -> None:
    assert probe(sample_dir, *args) == {"status": 0, "modules": [], "configured": []}


def test_code_add_imports_no_area_module(sample_dir: Path) -> None:
    """`code add` writes ORM objects, so it configures the mappers; it still loads no area."""
    report = probe(sample_dir, "code", "add", "P01", "free_riding", "--start", "0", "--end", "20")
    assert report["status"] == 0 and report["modules"] == []
