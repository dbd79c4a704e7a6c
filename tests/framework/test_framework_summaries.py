"""Chart-cell summaries: versions kept, stale edits refused, events written, withdrawal purges."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from qualframe.store.models import Event
from tests.support.projects import Runner, db_rows, db_snapshot, stored_bytes


def test_set_show_and_history_keep_every_version(sample: Runner) -> None:
    first = sample("summary", "set", "P01", "free_riding", "Feels others coast.")
    assert first.code == 0 and "version 1" in first.out
    second = sample(
        "summary", "set", "P01", "free_riding", "Others coast on the returns.", "--coder", "ana"
    )
    assert second.code == 0 and "version 2" in second.out
    shown = sample("summary", "show", "P01", "free_riding", "--format", "json").json()
    assert shown["summary"] == "Others coast on the returns."
    assert (shown["version"], shown["author"], shown["codings"]) == (2, "ana", 0)
    history = sample("summary", "history", "P01", "free_riding", "--format", "json").json()
    assert [(v["version"], v["author"], v["text"]) for v in history] == [
        (1, "tester", "Feels others coast."),
        (2, "ana", "Others coast on the returns."),
    ]
    human = sample("summary", "show", "P01", "free_riding")
    assert "version 2 by ana" in human.out and "Others coast on the returns." in human.out


def test_stale_version_is_refused_and_nothing_written(sample: Runner, sample_dir: Path) -> None:
    assert sample("summary", "set", "P02", "competition", "v1", "--if-version", "0").code == 0
    assert sample("summary", "set", "P02", "competition", "v2", "--if-version", "1").code == 0
    before = db_snapshot(sample_dir)
    stale = sample("summary", "set", "P02", "competition", "my edit of v1", "--if-version", "1")
    assert stale.code == 2
    assert "changed since you read version 1: it is now version 2 by tester" in stale.err
    assert len(stale.err.strip().splitlines()) == 1
    assert db_snapshot(sample_dir) == before
    unconditional = sample("summary", "set", "P02", "competition", "overwrite on purpose")
    assert unconditional.code == 0 and "version 3" in unconditional.out


def test_each_change_is_an_event_with_the_case(sample: Runner, sample_dir: Path) -> None:
    assert sample("summary", "set", "P03", "hierarchy", "Junior, sent alone.").code == 0
    assert sample("summary", "set", "P03", "hierarchy", "Junior; sent without backing.").code == 0
    assert sample("summary", "set", "P03", "hierarchy", "Junior; sent without backing.").code == 0
    events = db_rows(
        sample_dir,
        select(Event.action, Event.case_id, Event.before, Event.after)
        .where(Event.entity == "summary")
        .order_by(Event.id),
    )
    (case_id,) = db_rows(sample_dir, "SELECT id FROM cases WHERE name = 'P03'")[0]
    assert [(action, case) for action, case, _, _ in events] == [
        ("create", case_id),
        ("update", case_id),
    ]  # the unchanged third write adds nothing
    assert events[1][2] == {"version": 1, "text": "Junior, sent alone."}
    assert events[1][3]["version"] == 2
    assert db_rows(sample_dir, "SELECT count(*) FROM summaries")[0] == (2,)


def test_clearing_a_cell_is_a_version(sample: Runner) -> None:
    assert sample("summary", "set", "P04", "reciprocity", "Gives and takes.").code == 0
    cleared = sample("summary", "set", "P04", "reciprocity", "", "--if-version", "1")
    assert cleared.code == 0 and "version 2" in cleared.out
    shown = sample("summary", "show", "P04", "reciprocity", "--format", "json").json()
    assert (shown["summary"], shown["version"]) == ("", 2)


def test_summary_from_standard_input(sample: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Line one.\r\nLine two — naïve café.\n"))
    assert sample("summary", "set", "P05", "free_riding", "-").code == 0
    shown = sample("summary", "show", "P05", "free_riding", "--format", "json").json()
    assert shown["summary"] == "Line one.\nLine two — naïve café."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("P01", "free_riding", "x" * 1_000_000), "the summary has 1,000,000 characters"),
        (("P99", "free_riding", "text"), "no case named 'P99'"),
        (("P01", "no_such_code", "text"), "no code 'no_such_code'"),
        (("Hospital A", "free_riding", "text"), "'Hospital A' is an organisation"),
        (("P01", "free_riding", "text", "--if-version", "3"), "has no version 3"),
        (("P01", "free_riding", ""), "already empty"),
    ],
)
def test_bad_summaries_are_exit_2_and_write_nothing(
    sample: Runner, sample_dir: Path, args: tuple[str, ...], message: str
) -> None:
    before = db_snapshot(sample_dir)
    result = sample("summary", "set", *args)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert db_snapshot(sample_dir) == before


def test_show_and_history_of_unknown_cells_are_exit_2(sample: Runner) -> None:
    assert sample("summary", "show", "P01", "nope").code == 2
    assert sample("summary", "history", "nobody", "free_riding").code == 2
    empty = sample("summary", "history", "P01", "free_riding", "--format", "json")
    assert empty.code == 0 and empty.json() == []


def test_summaries_appear_in_the_chart(sample: Runner) -> None:
    assert sample("summary", "set", "P06", "data_burden", "Two days a month on returns.").code == 0
    (matrix,) = sample("chart", "--theme", "costs_of_collaborating", "--format", "json").json()
    p06 = next(r for r in matrix["rows"] if r["case"] == "P06")
    assert p06["cells"]["data_burden"]["summary"] == "Two days a month on returns."
    assert p06["cells"]["data_burden"]["version"] == 1
    md = sample("chart", "--theme", "costs_of_collaborating")
    assert "Two days a month on returns." in md.out


def test_purge_removes_summaries_cell_memos_and_redacts_their_events(
    sample: Runner, sample_dir: Path
) -> None:
    secret = "Mentions her sister's ward by name"
    assert sample("summary", "set", "P07", "competition", secret).code == 0
    assert sample("summary", "set", "P07", "competition", secret + ", twice").code == 0
    assert sample("memo", "add", "cell", "P07/competition", "--text", secret + " (memo)").code == 0
    assert sample("summary", "set", "P08", "competition", "Stays.").code == 0
    result = sample("case", "purge", "P07", "--yes")
    assert result.code == 0, result.err
    assert db_rows(sample_dir, "SELECT text FROM summaries") == [("Stays.",)]
    assert db_rows(sample_dir, "SELECT count(*) FROM memos WHERE target_type = 'cell'") == [(0,)]
    logged = db_rows(sample_dir, select(Event.before, Event.after).where(Event.entity == "summary"))
    assert all(secret not in str(value) for pair in logged for value in pair)
    assert any("Stays." in str(after) for _, after in logged)
    assert secret.encode() not in stored_bytes(sample_dir)
