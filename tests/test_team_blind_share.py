"""`doc list` under blind coding: a coder's coded share counts only their own codings (how much
a colleague coded is a hint at what they coded). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from qualframe.corpus.documents import list_documents
from qualframe.project import open_project
from tests.conftest import Runner


def shares(sample: Runner, *coder: str) -> dict[str, float]:
    rows = sample("doc", "list", "--format", "json", *coder).json()
    return {row["name"]: row["coded_share"] for row in rows}


def test_blind_coded_share_is_the_coders_own(sample: Runner) -> None:
    length = len(sample("doc", "show", "P03", "--format", "json").json()["text"])
    half, tenth = length // 2, length // 10
    assert (
        sample(
            "code", "add", "P03", "hierarchy", "--start", "0", "--end", str(half), "--coder", "ana"
        ).code
        == 0
    )
    assert (
        sample("code", "add", "P03", "competition", "--start", "0", "--end", str(tenth)).code == 0
    )
    assert (
        sample(
            "code", "add", "P04", "free_riding", "--start", "0", "--end", "100", "--coder", "ana"
        ).code
        == 0
    )
    everyone = shares(sample)
    assert everyone["P03"] == round(half / length, 4) and everyone["P04"] > 0

    assert sample("blind", "on").code == 0
    mine = shares(sample)  # QUALFRAME_CODER is tester
    assert mine["P03"] == round(tenth / length, 4)
    assert mine["P04"] == 0
    assert shares(sample, "--coder", "ana")["P03"] == round(half / length, 4)
    assert shares(sample, "--coder", "nobody")["P03"] == 0
    assert "10%" in sample("doc", "list").out  # the table shows the same share

    assert sample("blind", "off").code == 0
    assert shares(sample) == everyone


def test_core_listing_without_a_viewer_counts_everyone(sample: Runner, sample_dir: Path) -> None:
    """Tools and exports pass no viewer: the unrestricted share, blind or not."""
    assert (
        sample(
            "code", "add", "P05", "hierarchy", "--start", "0", "--end", "500", "--coder", "ana"
        ).code
        == 0
    )
    assert sample("blind", "on").code == 0
    project = open_project(sample_dir)
    with project.sessions() as session:
        rows = {row["name"]: row["coded_share"] for row in list_documents(session)}
        own = {row["name"]: row["coded_share"] for row in list_documents(session, viewer="tester")}
    project.close()
    assert rows["P05"] > 0 and own["P05"] == 0
