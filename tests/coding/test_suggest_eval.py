"""The labelled evaluation set for suggestions: well formed, separate from the samples, with a
held-out part large enough to measure, and the bundled codebook's patterns keep at least the
precision and recall measured on it (BENCHMARKS.md has the figures per theme)."""

from __future__ import annotations

import yaml

from bench.bench_suggest import EVAL, codebook_patterns, evaluate
from tests.support.projects import SAMPLES


def test_evaluation_passages_are_labelled_with_real_codes() -> None:
    passages = yaml.safe_load(EVAL.read_text(encoding="utf-8"))["passages"]
    _patterns, themes = codebook_patterns()
    assert {p["split"] for p in passages} == {"dev", "test"}
    assert {p.get("batch", 1) for p in passages} == {1, 2}
    assert all(set(p["codes"]) <= set(themes) for p in passages)
    for batch in (1, 2):
        held_out = [p for p in passages if p["split"] == "test" and p.get("batch", 1) == batch]
        assert {c for p in held_out for c in p["codes"]} == set(themes), batch
    assert sum(p["split"] == "test" and p.get("batch") == 2 for p in passages) >= 40
    texts = [p["text"] for p in passages]
    assert len(set(texts)) == len(texts)
    samples = " ".join(path.read_text(encoding="utf-8") for path in SAMPLES.glob("*.txt"))
    assert not any(text in samples for text in texts)


def test_held_out_precision_and_recall_stay_useful() -> None:
    """Floors just under the measured figures of patterns and exemplar similarity together
    (test 0.77 / 0.33, batch 2 alone 0.62 / 0.13, dev 0.94 / 1.00): a change to the patterns,
    the exemplars or the similarity settings that loses held-out hits or adds false ones fails
    here. The issue's target, recall 0.6 per theme on test, is not reached."""
    results = evaluate()
    test = results["test"]["all codes"]
    assert test["precision"] >= 0.75 and test["recall"] >= 0.31, test
    fresh = results["test batch 2"]["all codes"]
    assert fresh["passages"] >= 40
    assert fresh["precision"] >= 0.55 and fresh["recall"] >= 0.11, fresh
    assert results["dev"]["all codes"]["recall"] >= 0.95
