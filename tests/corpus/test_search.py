"""Full-text search: case- and diacritic-insensitive, no stemming, lines and snippets."""

from __future__ import annotations

from pathlib import Path

from tests.support.projects import Runner

TEXT = (
    "Interviewer: Wie war die Zusammenarbeit?\n\n"
    "P1: Die Ärztin sagte, the LEAGUE table was brutal.\n\n"
    "Interviewer: And the ranking?\n\n"
    "P1: Ranked bottom, café talk all week.\n"
)


def project_with_text(qf: Runner, tmp_path: Path) -> None:
    (tmp_path / "de.txt").write_text(TEXT, encoding="utf-8")
    assert qf("import", str(tmp_path / "de.txt")).code == 0


def test_case_and_diacritic_insensitive(qf: Runner, tmp_path: Path) -> None:
    project_with_text(qf, tmp_path)
    hits = qf("search", "arztin", "--format", "json").json()
    assert len(hits) == 1
    hit = hits[0]
    assert set(hit) == {"document", "case", "line", "start", "end", "snippet"}
    assert (hit["document"], hit["line"]) == ("de", 3)
    assert TEXT[hit["start"] : hit["end"]] == "Ärztin"
    assert "Ärztin" in hit["snippet"]
    assert qf("search", "CAFE", "--format", "json").json()[0]["line"] == 7


def test_phrases_and_no_stemming(qf: Runner, tmp_path: Path) -> None:
    project_with_text(qf, tmp_path)
    assert len(qf("search", '"league table"', "--format", "json").json()) == 1
    assert qf("search", '"table league"', "--format", "json").json() == []
    assert [h["line"] for h in qf("search", "ranking", "--format", "json").json()] == [5]
    assert [h["line"] for h in qf("search", "ranked", "--format", "json").json()] == [7]
    assert qf("search", "rank", "--format", "json").json() == []


def test_search_the_sample(sample: Runner) -> None:
    hits = sample("search", "league table", "--format", "json").json()
    assert len(hits) > 5
    assert len({h["document"] for h in hits}) > 3
    assert sample("search", "???").code == 2
