"""Transcripts that stress the sentence rules import with sensible units: unbalanced brackets,
a thousand `[pause]` marks in a row, a 200,000-character turn without a full stop, mixed
scripts. (Their import times are in `bench/bench_import.py`.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualframe.nlp.units import MAX_CHARS
from tests.support.projects import Runner


def imported(qf: Runner, tmp_path: Path, name: str, text: str) -> dict[str, Any]:
    (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    result = qf("import", str(tmp_path / f"{name}.txt"))
    assert result.code == 0, result.err
    return qf("doc", "show", name, "--format", "json").json()


def units(shown: dict[str, Any]) -> list[str]:
    return [shown["text"][s["start"] : s["end"]] for s in shown["sentences"]]


def within_turns(shown: dict[str, Any]) -> bool:
    turns = [(t["start"], t["end"]) for t in shown["turns"]]
    return all(any(a <= s["start"] and s["end"] <= b for a, b in turns) for s in shown["sentences"])


def test_unbalanced_brackets(qf: Runner, tmp_path: Path) -> None:
    text = (
        "P1: We went to [Hospital B and then. It was fine. (Really. Yes.\n\n"
        "P2: Next ] turn. Done [laughs].\n"
    )
    shown = imported(qf, tmp_path, "open", text)
    assert units(shown) == [
        "We went to [Hospital B and then.",
        "It was fine.",
        "(Really.",
        "Yes.",
        "Next ] turn.",
        "Done [laughs].",
    ]
    assert within_turns(shown)


def test_a_thousand_pauses_in_a_row(qf: Runner, tmp_path: Path) -> None:
    text = "P1: Um. " + "[pause] " * 1000 + "Then yes.\n"
    shown = imported(qf, tmp_path, "pauses", text)
    got = units(shown)
    assert got[-1].endswith("Then yes.") and got[0].startswith("Um. [pause]")
    assert all(len(s) <= MAX_CHARS for s in got)
    assert all(s.count("[") == s.count("]") for s in got)
    assert sum(s.count("[pause]") for s in got) == 1000
    assert len(got) <= 2 + 8000 // (MAX_CHARS // 2)


def test_a_200000_character_turn_without_a_full_stop(qf: Runner, tmp_path: Path) -> None:
    clause = "and then we went back to the ward, "
    body = (clause * (200_000 // len(clause) + 1))[:200_000].rstrip(" ,")
    shown = imported(qf, tmp_path, "long", f"P1: {body}\n")
    got = units(shown)
    assert all(len(s) <= MAX_CHARS for s in got)
    assert len(got) <= 2 * 200_000 // MAX_CHARS
    assert all(s.endswith(",") for s in got[:-1]), "cut at clause breaks"
    assert "".join(got).replace(" ", "") == body.replace(" ", "")


def test_mixed_scripts(qf: Runner, tmp_path: Path) -> None:
    text = (
        "P1: مرحبا بكم. هل أنت بخير؟ نعم.\n\n"
        "P2: 好的。我们走吧！ 👍🏻 Great, thanks 😀. Ärztin [Person 1] kam.\n"
    )
    shown = imported(qf, tmp_path, "mixed", text)
    assert units(shown) == [
        "مرحبا بكم.",
        "هل أنت بخير؟",
        "نعم.",
        "好的。",
        "我们走吧！",
        "👍🏻 Great, thanks 😀.",
        "Ärztin [Person 1] kam.",
    ]
    stats = qf("doc", "list", "--format", "json").json()
    assert stats[0]["words"] > 10
