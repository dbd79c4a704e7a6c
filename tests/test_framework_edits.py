"""Summary edits as undoable steps (`framework.edits`): each step a new version written against
the version the previous one made, ordered with the coder's coding changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualframe.coding.codings import add_coding
from qualframe.framework.edits import SummaryEdit, coding_step_first, step, write_summary
from qualframe.framework.summaries import SummaryConflict, set_summary, summary_history
from qualframe.history.undo import redo, undo
from qualframe.project import open_project
from qualframe.store.db import transaction


def _history(project_dir: Path) -> list[tuple[int, str, str | None]]:
    project = open_project(project_dir)
    with project.sessions() as session:
        found = [
            (v.version, v.text, v.author) for v in summary_history(session, "P01", "free_riding")
        ]
    project.close()
    return found


def _in_transaction(project_dir: Path, work):  # type: ignore[no-untyped-def]
    project = open_project(project_dir)
    try:
        with transaction(project.sessions) as session:
            return work(session)
    finally:
        project.close()


def test_undo_and_redo_write_versions_and_keep_the_history(sample_dir: Path) -> None:
    first = _in_transaction(
        sample_dir, lambda s: write_summary(s, "P01", "free_riding", "First.", "tester", 0)
    )
    edit = _in_transaction(
        sample_dir, lambda s: write_summary(s, "P01", "free_riding", "Second.", "tester", 1)
    )
    assert isinstance(first, SummaryEdit) and isinstance(edit, SummaryEdit)
    assert (edit.version, edit.before, edit.after) == (2, "First.", "Second.")
    assert (
        _in_transaction(
            sample_dir, lambda s: write_summary(s, "P01", "free_riding", "Second.", "tester", 2)
        )
        is None
    )  # the same text: no version
    undone = _in_transaction(sample_dir, lambda s: step(s, edit, "tester"))
    assert undone is not None and undone.version == 3
    redone = _in_transaction(sample_dir, lambda s: step(s, undone, "tester", redo=True))
    assert redone is not None and redone.version == 4
    assert _history(sample_dir) == [
        (1, "First.", "tester"),
        (2, "Second.", "tester"),
        (3, "First.", "tester"),
        (4, "Second.", "tester"),
    ]


def test_a_cell_changed_since_is_not_undone(sample_dir: Path) -> None:
    edit = _in_transaction(
        sample_dir, lambda s: write_summary(s, "P01", "free_riding", "Mine.", "tester", 0)
    )
    _in_transaction(sample_dir, lambda s: set_summary(s, "P01", "free_riding", "Ana's.", "ana"))
    with pytest.raises(SummaryConflict, match="changed since you read version 1"):
        _in_transaction(sample_dir, lambda s: step(s, edit, "tester"))
    assert _history(sample_dir)[-1] == (2, "Ana's.", "ana")


def test_a_later_coding_change_is_undone_first(sample_dir: Path) -> None:
    edit = _in_transaction(
        sample_dir, lambda s: write_summary(s, "P01", "free_riding", "Mine.", "tester", 0)
    )
    assert edit is not None
    since = edit.event_id
    assert not _in_transaction(
        sample_dir, lambda s: coding_step_first(s, "tester", since, redo=False)
    )
    _in_transaction(sample_dir, lambda s: add_coding(s, "P01", "free_riding", 0, 20, "tester"))
    _in_transaction(sample_dir, lambda s: add_coding(s, "P02", "hierarchy", 0, 20, "ana"))
    assert _in_transaction(sample_dir, lambda s: step(s, edit, "tester")) is None
    assert _history(sample_dir) == [(1, "Mine.", "tester")]  # nothing written
    _in_transaction(sample_dir, lambda s: undo(s, "tester"))
    undone = _in_transaction(sample_dir, lambda s: step(s, edit, "tester"))
    assert undone is not None and _history(sample_dir)[-1] == (2, "", "tester")
    # the summary undo is newer than the coding undo: nothing comes before redoing it
    assert (
        _in_transaction(
            sample_dir, lambda s: coding_step_first(s, "tester", undone.event_id, redo=True)
        )
        is False
    )
    _in_transaction(sample_dir, lambda s: redo(s, "tester"))  # the coding, redone meanwhile
    assert _in_transaction(sample_dir, lambda s: step(s, undone, "tester", redo=True)) is not None
    assert _history(sample_dir)[-1] == (3, "Mine.", "tester")
    # now the coding (redone after the summary edit it precedes) is undone first
    assert (
        _in_transaction(
            sample_dir, lambda s: coding_step_first(s, "tester", edit.event_id, redo=False)
        )
        is True
    )
