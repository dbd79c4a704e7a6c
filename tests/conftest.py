"""Shared fixtures: projects in temporary folders, the CLI run in-process, database snapshots.

The bundled sample project (13 transcripts and the collective-action codebook) is imported once
per session into a template folder and copied for each test that changes it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from qualframe.cli import run

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL = SHARED / "transcripts-real"
SAMPLES = REPO / "transcripts_sample"
CODEBOOK = REPO / "codebooks" / "collective-action.yaml"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Runner = Callable[..., Result]


@pytest.fixture(autouse=True)
def _coder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUALFRAME_CODER", "tester")
    monkeypatch.delenv("QUALFRAME_DB", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def make_runner(capsys: pytest.CaptureFixture[str], project_dir: Path) -> Runner:
    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = run(["-p", str(project_dir), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def project_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    directory = tmp_path / "project"
    assert run(["init", str(directory)]) == 0
    capsys.readouterr()
    return directory


@pytest.fixture
def qf(project_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    """The CLI acting on a fresh empty project."""
    return make_runner(capsys, project_dir)


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("sample") / "project"
    assert run(["init", str(directory)]) == 0
    assert run(["-p", str(directory), "codebook", "load", str(CODEBOOK)]) == 0
    assert run(["-p", str(directory), "import", str(SAMPLES)]) == 0
    return directory


@pytest.fixture
def sample_dir(sample_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sample"
    shutil.copytree(sample_template, target)
    return target


@pytest.fixture
def sample(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    """The CLI acting on a private copy of the imported sample project."""
    return make_runner(capsys, sample_dir)


def db_snapshot(project_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to prove a failed command changed nothing."""
    conn = sqlite3.connect(project_dir / "qualframe.db")
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'search_fts%'"
            )
        ]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        conn.close()
