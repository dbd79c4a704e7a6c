"""The listings' `--format json` is a contract (scripts read it): keys, values and layout stay
byte for byte what they were when the core began returning typed rows instead of dicts.

The expected outputs in `tests/fixtures/listings/` were written from the sample project before
that change; UUIDs and times (new on every run) are masked. `QUALFRAME_WRITE_LISTINGS=1`
writes them again (only for a deliberate change of the contract).
"""

from __future__ import annotations

import os
import re

import pytest

from tests.support.projects import REPO, Runner

EXPECTED = REPO / "tests" / "fixtures" / "listings"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00)?")

LISTINGS = {
    "doc_list": ("doc", "list"),
    "doc_show": ("doc", "show", "P02"),
    "case_list": ("case", "list"),
    "codebook_list": ("codebook", "list"),
    "code_list": ("code", "list"),
    "memo_list": ("memo", "list"),
    "memo_list_document": ("memo", "list", "document", "P02"),
    "search": ("search", "audit data"),
    "stats": ("stats",),
}


@pytest.fixture
def worked(sample: Runner) -> Runner:
    """The sample with codings, memos and a summary, so every listing has rows to show."""
    for code, start, end in (("competition", 10, 40), ("hierarchy", 100, 160)):
        added = sample("code", "add", "P02", code, "--start", str(start), "--end", str(end))
        assert added.code == 0
    assert sample("memo", "add", "document", "P02", "--text", "Rank matters here.").code == 0
    assert sample("memo", "add", "coding", "1", "--text", "Competition, said plainly.").code == 0
    assert sample("memo", "add", "project", "--text", "Start with Hospital C.").code == 0
    return sample


def masked(text: str) -> str:
    return TIME.sub("<time>", UUID.sub("<uuid>", text))


@pytest.mark.parametrize("name", list(LISTINGS))
def test_json_listing_is_unchanged(worked: Runner, name: str) -> None:
    result = worked(*LISTINGS[name], "--format", "json")
    assert result.code == 0, result.err
    path = EXPECTED / f"{name}.json"
    if os.environ.get("QUALFRAME_WRITE_LISTINGS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(masked(result.out), encoding="utf-8")
    assert masked(result.out) == path.read_text(encoding="utf-8")
