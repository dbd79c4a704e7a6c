"""The labelled evaluation set for suggestions: well formed, separate from the samples, and the
bundled codebook's patterns keep finding what people actually say on its held-out passages."""

from __future__ import annotations

import yaml

from bench.bench_suggest import EVAL, codebook_patterns, evaluate
from tests.conftest import SAMPLES


def test_evaluation_passages_are_labelled_with_real_codes() -> None:
    passages = yaml.safe_load(EVAL.read_text(encoding="utf-8"))["passages"]
    _patterns, themes = codebook_patterns()
    assert {p["split"] for p in passages} == {"dev", "test"}
    assert all(set(p["codes"]) <= set(themes) for p in passages)
    assert {c for p in passages if p["split"] == "test" for c in p["codes"]} == set(themes)
    samples = " ".join(path.read_text(encoding="utf-8") for path in SAMPLES.glob("*.txt"))
    assert not any(p["text"] in samples for p in passages)


def test_held_out_precision_and_recall_stay_useful() -> None:
    results = evaluate()
    test = results["test"]["all codes"]
    assert test["precision"] >= 0.7 and test["recall"] >= 0.5, test
    assert results["dev"]["all codes"]["recall"] >= 0.9
