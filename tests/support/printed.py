"""A sample project charted densely, with summaries and memos, printed in every format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.support.charts import Charted, make_charted
from tests.support.projects import Runner

THEME_SUMMARY = "Sees the network as worth it despite those who take without giving."


MEMO = "Check against P07: free-riding, or unequal starting positions?"


STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")


@dataclass
class Printed:
    charted: Charted
    dense: list[str]  # the quotes of P01's free_riding cell


def make_printed(sample: Runner, sample_dir: Path, tmp_path: Path) -> Printed:
    charted = make_charted(sample, sample_dir, tmp_path)
    turns = sample("doc", "show", "P01", "--format", "json").json()["turns"]
    spoken = [t for t in turns if t["speaker"] == "P01" and t["utterance_start"] is not None]
    text = charted.texts["P01"]
    dense = []
    for turn in spoken[1:]:  # the first is coded already, as `p01_free`
        start, end = turn["utterance_start"], turn["end"]
        assert (
            sample(
                "code", "add", "P01", "free_riding", "--start", str(start), "--end", str(end)
            ).code
            == 0
        )
        dense.append(text[start:end])
    assert sum(map(len, dense)) > 5_000
    for args in (
        ("summary", "set", "P01", "free_riding", "=1+1 went in place of the lead nurse."),
        ("summary", "set", "P05", "collective_action_problems", THEME_SUMMARY),
        ("summary", "set", "P03", "social_loafing", "Stayed quiet in the group work."),
        ("memo", "add", "cell", "P01/free_riding", "--text", MEMO),
    ):
        assert sample(*args).code == 0, args
    return Printed(charted, dense)


def chart(printed: Printed, path: Path, *args: str) -> Path:
    result = printed.charted.qf("chart", "-o", str(path), *args)
    assert result.code == 0, result.err
    return path
