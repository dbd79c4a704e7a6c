"""A sample project with codings and summaries in place, for the chart and export tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualframe.framework.lines import LineIndex
from tests.support.projects import Runner

NON_ASCII = """---
case: Zoë
organisation: Hôpital Ésperance
role: Infirmière
---
Interviewer: Pouvez-vous décrire votre rôle ?

Zoë: Je suis infirmière, et franchement les autres hôpitaux profitent de notre travail.
"""


@dataclass
class Charted:
    """The sample project with known codings: label → (document, code, start, end)."""

    qf: Runner
    directory: Path
    texts: dict[str, str]
    spans: dict[str, tuple[str, str, int, int]]

    def lines(self, label: str) -> tuple[int, int]:
        document, _, start, end = self.spans[label]
        return LineIndex(self.texts[document]).span(start, end)  # printed lines (doc export)

    def quote(self, label: str) -> str:
        document, _, start, end = self.spans[label]
        return self.texts[document][start:end]


def _code(qf: Runner, document: str, code: str, start: int, end: int) -> None:
    result = qf("code", "add", document, code, "--start", str(start), "--end", str(end))
    assert result.code == 0, result.err


def make_charted(sample: Runner, sample_dir: Path, tmp_path: Path) -> Charted:
    """Code the known passages (the exports tests build on the same project)."""
    source = tmp_path / "Zoë.txt"
    source.write_text(NON_ASCII, encoding="utf-8")
    assert sample("import", str(source)).code == 0
    shown = {
        name: sample("doc", "show", name, "--format", "json").json()
        for name in ("P01", "P05", "P09", "FG01_faculty", "Zoë")
    }
    p01 = shown["P01"]["sentences"]
    p05_turns = shown["P05"]["turns"]
    fg_turns = shown["FG01_faculty"]["turns"]
    f2 = next(t for t in fg_turns if t["case"] == "F2")
    facilitator = next(t for t in fg_turns[1:] if t["case"] is None)
    zoe_turn = shown["Zoë"]["turns"][-1]
    spans = {
        "p01_free": ("P01", "free_riding", p01[5]["start"], p01[5]["end"]),
        "p01_loaf": ("P01", "social_loafing", p01[5]["start"], p01[6]["end"]),
        "p05_multi": (
            "P05",
            "collaborative_inertia",
            p05_turns[3]["utterance_start"],
            p05_turns[4]["end"],
        ),
        "fg_f2": ("FG01_faculty", "league_table_effect", f2["utterance_start"], f2["end"]),
        "fg_facilitator": (
            "FG01_faculty",
            "competition",
            facilitator["utterance_start"],
            facilitator["end"],
        ),
        "p09_comp": (
            "P09",
            "competition",
            shown["P09"]["sentences"][8]["start"],
            shown["P09"]["sentences"][8]["end"],
        ),
        "zoe_free": ("Zoë", "free_riding", zoe_turn["utterance_start"], zoe_turn["end"]),
    }
    for document, code, start, end in spans.values():
        _code(sample, document, code, start, end)
    texts = {name: data["text"] for name, data in shown.items()}
    return Charted(sample, sample_dir, texts, spans)
