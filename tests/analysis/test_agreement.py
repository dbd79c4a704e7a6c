"""Inter-coder agreement through the CLI, on both databases: figures checked against counts made
by hand from the codings, the two scopes (with and without uncoded text), three coders, the
disagreement report, and every refusal (exit 2, one line)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.support.projects import CODEBOOK, Runner

TEXT = (
    "Interviewer: How did the collaborative start? Tell me about it.\n\n"
    "P1: It started slowly. Nobody wanted to send data. The league table made it worse. "
    "Some hospitals took the ideas and gave nothing back. We met every month.\n"
)


@pytest.fixture
def interview(qf: Runner, tmp_path: Path) -> dict[str, Any]:
    """A one-document project with the codebook and coders ana, ben and cai; the sentences."""
    (tmp_path / "t1.txt").write_text(TEXT, encoding="utf-8")
    assert qf("import", str(tmp_path / "t1.txt")).code == 0
    assert qf("codebook", "load", str(CODEBOOK)).code == 0
    for name in ("ana", "ben", "cai"):
        assert qf("coder", "add", name).code == 0
    shown = qf("doc", "show", "t1", "--format", "json").json()
    assert len(shown["sentences"]) == 7
    return shown


def code(qf: Runner, coder: str, code_id: str, span: tuple[int, int], doc: str = "t1") -> None:
    result = qf(
        "code",
        "add",
        doc,
        code_id,
        "--start",
        str(span[0]),
        "--end",
        str(span[1]),
        "--coder",
        coder,
    )
    assert result.code == 0, result.err


def span(shown: dict[str, Any], index: int) -> tuple[int, int]:
    sentence = shown["sentences"][index]
    return sentence["start"], sentence["end"]


def by_hand(a: set[int], b: set[int], units: set[int]) -> tuple[float, float]:
    """Percent agreement and Cohen's kappa of two coders' marked units, counted directly."""
    n = len(units)
    both, first, second = len(a & b & units), len((a - b) & units), len((b - a) & units)
    observed = (n - first - second) / n
    p_a, p_b = (both + first) / n, (both + second) / n
    chance = p_a * p_b + (1 - p_a) * (1 - p_b)
    return 100 * observed, (observed - chance) / (1 - chance)


def chars(*spans: tuple[int, int]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def test_two_coders_figures_match_counts_made_by_hand(
    qf: Runner, interview: dict[str, Any]
) -> None:
    s = [span(interview, i) for i in range(7)]
    code(qf, "ana", "free_riding", s[5])
    code(qf, "ana", "league_table_effect", (s[4][0], s[4][1]))
    code(qf, "ben", "free_riding", (s[5][0] + 5, s[5][1]))  # a shorter stretch of the same
    code(qf, "ben", "league_table_effect", s[3])  # a different sentence
    report = qf("agreement", "--coders", "ana", "ben", "--format", "json").json()
    assert report["coders"] == ["ana", "ben"] and report["documents"] == ["t1"]
    assert [c["code"] for c in report["codes"]] == ["free_riding", "league_table_effect"]
    length = len(interview["text"])
    everything = set(range(length))
    coded = chars(s[5], s[4], s[3])
    figures = {c["code"]: c for c in report["codes"]}
    fr = figures["free_riding"]["character"]
    assert fr["units"] == length and fr["coded_units"] == len(coded)
    percent, kappa = by_hand(chars(s[5]), chars((s[5][0] + 5, s[5][1])), everything)
    assert fr["with_uncoded"]["percent"] == pytest.approx(percent, abs=0.005)
    assert fr["with_uncoded"]["kappa"] == pytest.approx(kappa, abs=5e-5)
    percent, kappa = by_hand(chars(s[5]), chars((s[5][0] + 5, s[5][1])), coded)
    assert fr["coded_only"]["percent"] == pytest.approx(percent, abs=0.005)
    assert fr["coded_only"]["kappa"] == pytest.approx(kappa, abs=5e-5)
    lt = figures["league_table_effect"]["sentence"]
    assert (lt["units"], lt["coded_units"]) == (7, 3)
    # sentences: ana marks 4, ben marks 3: two disagreements out of 7 and out of 3 coded
    assert lt["with_uncoded"]["percent"] == pytest.approx(100 * 5 / 7, abs=0.005)
    assert lt["coded_only"]["percent"] == pytest.approx(100 * 1 / 3, abs=0.005)
    assert lt["with_uncoded"]["kappa"] == pytest.approx(
        by_hand({4}, {3}, set(range(7)))[1], abs=5e-5
    )
    fr_sentence = figures["free_riding"]["sentence"]["with_uncoded"]
    assert (fr_sentence["percent"], fr_sentence["kappa"], fr_sentence["alpha"]) == (100, 1, 1)


def test_alpha_matches_the_krippendorff_package_on_the_raw_units(
    qf: Runner, interview: dict[str, Any]
) -> None:
    import krippendorff

    s = [span(interview, i) for i in range(7)]
    code(qf, "ana", "free_riding", (s[3][0], s[5][1]))
    code(qf, "ben", "free_riding", s[5])
    code(qf, "cai", "free_riding", (s[4][0] + 3, s[6][1]))
    report = qf("agreement", "--coders", "ana", "ben", "cai", "--format", "json").json()
    length = len(interview["text"])
    marked = [chars((s[3][0], s[5][1])), chars(s[5]), chars((s[4][0] + 3, s[6][1]))]
    data = np.array([[i in m for i in range(length)] for m in marked], dtype=float)
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    character = report["codes"][0]["character"]
    assert character["with_uncoded"]["alpha"] == pytest.approx(expected, abs=5e-5)
    sentences = np.array([[1, 1, 1, 0], [0, 0, 1, 0], [0, 1, 1, 1]], dtype=float)  # s3..s6
    full = np.hstack([np.zeros((3, 3)), sentences])
    expected = krippendorff.alpha(reliability_data=full, level_of_measurement="nominal")
    assert report["codes"][0]["sentence"]["with_uncoded"]["alpha"] == pytest.approx(
        expected, abs=5e-5
    )


def test_three_coders_report_every_pair_and_their_mean(
    qf: Runner, interview: dict[str, Any]
) -> None:
    s = [span(interview, i) for i in range(7)]
    code(qf, "ana", "free_riding", s[5])
    code(qf, "ben", "free_riding", s[5])
    code(qf, "cai", "free_riding", s[4])
    level = qf("agreement", "--coders", "ana", "ben", "cai", "--format", "json").json()["overall"][
        "sentence"
    ]
    pairs = {tuple(p["coders"]): p for p in level["pairs"]}
    assert set(pairs) == set(combinations(["ana", "ben", "cai"], 2))
    assert pairs[("ana", "ben")]["with_uncoded"]["kappa"] == 1
    kappas = [p["with_uncoded"]["kappa"] for p in pairs.values()]
    assert level["with_uncoded"]["kappa"] == pytest.approx(sum(kappas) / 3, abs=1e-4)
    assert level["with_uncoded"]["percent"] == pytest.approx(
        100 * (1 + 5 / 7 + 5 / 7) / 3, abs=0.01
    )


def test_overall_pools_codes(qf: Runner, interview: dict[str, Any]) -> None:
    """Pooled kappa (De Vries et al. 2008): mean observed and mean chance agreement."""
    s = [span(interview, i) for i in range(7)]
    code(qf, "ana", "free_riding", s[5])
    code(qf, "ben", "free_riding", s[5])
    code(qf, "ana", "league_table_effect", s[4])
    code(qf, "ben", "league_table_effect", s[3])
    report = qf("agreement", "--coders", "ana", "ben", "--format", "json").json()
    overall = report["overall"]["sentence"]["with_uncoded"]
    # free_riding: observed 1, chance (1/7)^2 + (6/7)^2; league table: observed 5/7, same chance
    chance = (1 / 7) ** 2 + (6 / 7) ** 2
    observed = (1 + 5 / 7) / 2
    assert overall["percent"] == pytest.approx(100 * observed, abs=0.005)
    assert overall["kappa"] == pytest.approx((observed - chance) / (1 - chance), abs=5e-5)
    only = qf(
        "agreement", "--coders", "ana", "ben", "--code", "free_riding", "--format", "json"
    ).json()
    assert [c["code"] for c in only["codes"]] == ["free_riding"]
    assert only["overall"]["sentence"]["with_uncoded"]["kappa"] == 1


def test_table_output_shows_both_levels(qf: Runner, interview: dict[str, Any]) -> None:
    code(qf, "ana", "free_riding", span(interview, 5))
    code(qf, "ben", "free_riding", span(interview, 4))
    out = qf("agreement", "--coders", "ana", "ben").out
    assert "character level" in out and "sentence level" in out
    assert "free_riding" in out and "(overall)" in out and "kappa coded" in out


def test_disagreement_report_lists_passages_with_every_coders_codings(
    qf: Runner, interview: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: table cells stay on one line
    s = [span(interview, i) for i in range(7)]
    code(qf, "ana", "free_riding", s[5])
    code(qf, "ben", "free_riding", (s[5][0], s[5][1] - 10))
    code(qf, "ana", "league_table_effect", s[4])
    code(qf, "ben", "competition", s[4])
    code(qf, "ana", "data_burden", s[3])
    code(qf, "ben", "data_burden", s[3])
    rows = qf("agreement", "--coders", "ana", "ben", "--disagreements", "--format", "json").json()
    summary = [
        (r["code"], r["kind"], r["coded_by"], r["missing"], r["start"], r["end"]) for r in rows
    ]
    assert summary == [
        ("competition", "presence", ["ben"], ["ana"], *s[4]),
        ("league_table_effect", "presence", ["ana"], ["ben"], *s[4]),
        ("free_riding", "extent", ["ana", "ben"], [], *s[5]),
    ]
    extent = rows[2]
    assert extent["agreed_chars"] == s[5][1] - 10 - s[5][0]
    assert extent["text"] == interview["text"][s[5][0] : s[5][1]]
    assert [c["code"] for c in extent["codings"]["ben"]] == ["free_riding"]
    presence = rows[1]
    assert [c["code"] for c in presence["codings"]["ben"]] == ["competition"]
    assert [c["code"] for c in presence["codings"]["ana"]] == ["league_table_effect"]
    table = qf("agreement", "--coders", "ana", "ben", "--disagreements").out
    assert "league_table_effect" in table and "(extent differs)" in table


def test_perfect_agreement_has_no_disagreements(qf: Runner, interview: dict[str, Any]) -> None:
    for coder in ("ana", "ben"):
        code(qf, coder, "free_riding", span(interview, 2))
    assert (
        qf("agreement", "--coders", "ana", "ben", "--disagreements", "--format", "json").json()
        == []
    )
    character = qf("agreement", "--coders", "ana", "ben", "--format", "json").json()["overall"][
        "character"
    ]
    for scope in ("with_uncoded", "coded_only"):
        assert character[scope]["percent"] == 100
    assert character["with_uncoded"]["kappa"] == 1 and character["with_uncoded"]["alpha"] == 1
    # nothing but agreement on presence among coded text: no variation, kappa undefined
    assert character["coded_only"]["kappa"] is None and character["coded_only"]["alpha"] is None


def test_documents_default_to_those_every_coder_coded(
    qf: Runner, interview: dict[str, Any], tmp_path: Path
) -> None:
    (tmp_path / "t2.txt").write_text(TEXT.replace("P1", "P2"), encoding="utf-8")
    assert qf("import", str(tmp_path / "t2.txt")).code == 0
    code(qf, "ana", "free_riding", span(interview, 5))
    code(qf, "ben", "free_riding", span(interview, 5))
    code(qf, "ana", "free_riding", span(interview, 5), doc="t2")
    assert qf("agreement", "--coders", "ana", "ben", "--format", "json").json()["documents"] == [
        "t1"
    ]
    both = qf(
        "agreement", "--coders", "ana", "ben", "--doc", "t1", "--doc", "t2", "--format", "json"
    ).json()
    assert both["documents"] == ["t1", "t2"]
    assert both["overall"]["sentence"]["units"] == 14
    assert both["overall"]["sentence"]["with_uncoded"]["percent"] == pytest.approx(
        100 * 13 / 14, abs=0.005
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--coders", "ana"], "two or more coders"),
        (["--coders", "ana", "ana"], "only once"),
        (["--coders", "ana", "zoe"], "no coder named 'zoe'"),
        (["--coders", "ana", "cai"], "not coded any document in common"),
        (["--coders", "ana", "ben", "--code", "collective_action_problems"], "theme"),
        (["--coders", "ana", "ben", "--code", "nope"], "no code"),
        (["--coders", "ana", "ben", "--doc", "nope"], "no document"),
    ],
)
def test_bad_requests_are_refused(
    qf: Runner, interview: dict[str, Any], args: list[str], message: str
) -> None:
    code(qf, "ana", "free_riding", span(interview, 5))
    code(qf, "ben", "free_riding", span(interview, 5))
    result = qf("agreement", *args)
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1


def test_agreement_is_refused_while_blind(qf: Runner, interview: dict[str, Any]) -> None:
    code(qf, "ana", "free_riding", span(interview, 5))
    code(qf, "ben", "free_riding", span(interview, 5))
    assert qf("blind", "on").code == 0
    for extra in ([], ["--disagreements"]):
        result = qf("agreement", "--coders", "ana", "ben", *extra)
        assert result.code == 2 and "blind off" in result.err
    assert qf("blind", "off").code == 0
    assert qf("agreement", "--coders", "ana", "ben").code == 0


def test_agreement_on_the_sample_project(sample: Runner) -> None:
    """Two coders over a whole sample transcript: every figure present and within range."""
    shown = sample("doc", "show", "P04", "--format", "json").json()
    sentences = shown["sentences"]
    for index in range(0, len(sentences), 6):
        s = sentences[index]
        code(sample, "ana", "data_burden", (s["start"], s["end"]), doc="P04")
        other = sentences[index + (index % 12 == 0)]
        code(sample, "ben", "data_burden", (other["start"], other["end"]), doc="P04")
    report = sample("agreement", "--coders", "ana", "ben", "--format", "json").json()
    for level in ("character", "sentence"):
        for scope in ("with_uncoded", "coded_only"):
            figures = report["overall"][level][scope]
            assert 0 <= figures["percent"] <= 100
            assert -1 <= figures["kappa"] <= 1 and -1 <= figures["alpha"] <= 1
    assert report["overall"]["sentence"]["units"] == len(sentences)
