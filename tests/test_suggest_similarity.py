"""Suggestions by similarity to a code's exemplars: what fires, what does not, what the rule
says, and that `suggest run` stores them beside the patterns' and re-runs when they change."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from qualframe.coding.suggestions import _Layout, _suggestions, fingerprint
from qualframe.nlp.matchers import RULE_LENGTH, CodebookMatcher
from qualframe.nlp.pipeline import lemma_pipeline
from qualframe.nlp.similarity import ExemplarIndex, rule_text
from tests.conftest import CODEBOOK, Runner

FREE_RIDING = "They just took our ideas and gave nothing back."
DATA_BURDEN = "The monthly data return eats a whole afternoon of my time."


@pytest.fixture(scope="module")
def index() -> ExemplarIndex:
    return ExemplarIndex(
        lemma_pipeline(),
        {
            "free_riding": [("example", FREE_RIDING)],
            "data_burden": [("example", DATA_BURDEN)],
        },
    )


def hits_in(index: ExemplarIndex, *sentences: str) -> list[tuple[str, str, str]]:
    """(code, matched words, rule) per hit, for sentences joined by spaces."""
    text = " ".join(sentences)
    starts, ends, cursor = [], [], 0
    for sentence in sentences:
        starts.append(cursor)
        ends.append(cursor + len(sentence))
        cursor += len(sentence) + 1
    doc = lemma_pipeline()(text)
    return [
        (hit.code, text[hit.start : hit.end], hit.rule) for hit in index.hits(doc, starts, ends)
    ]


def test_indirect_talk_close_to_an_exemplar_gets_its_code(index: ExemplarIndex) -> None:
    found = hits_in(
        index,
        "It was nice weather.",
        "Honestly, that lot took every idea we had and never gave anything back.",
    )
    assert found == [
        (
            "free_riding",
            "took every idea we had and never gave anything back",
            'similar to example: "They just took our ideas and gave nothin…" '
            "(shared: take, idea, give, back)",
        )
    ]


def test_each_sentence_is_compared_on_its_own(index: ExemplarIndex) -> None:
    apart = hits_in(
        index,
        "They took the idea.",
        "They gave back.",
        "Our monthly data return eats the afternoon.",
    )
    assert [code for code, *_ in apart] == ["data_burden"]
    assert [code for code, *_ in hits_in(index, "They took the idea and gave back.")] == [
        "free_riding"
    ]


def test_too_few_shared_words_or_only_stop_words_and_placeholders_give_nothing(
    index: ExemplarIndex,
) -> None:
    assert hits_in(index, "They took our ideas.") == []  # two shared lemmas: not enough
    assert hits_in(index, "They just took our and gave.") == []
    assert hits_in(index, "Ideas, ideas, ideas.") == []
    sent = "[Person 4] and [Hospital C] in [Location 2] sent us their discharge checklist."
    placeholders = ExemplarIndex(
        lemma_pipeline(), {"idea_sharing": [("example", sent)]}, threshold=0.1
    )
    assert len(placeholders) == 1
    assert hits_in(placeholders, "[Person 1] from [Hospital A] in [Location 3] rang.") == []
    assert hits_in(placeholders, "[Person 1 said they sent the discharge checklist.") != []


def test_a_sentence_gets_only_its_nearest_code() -> None:
    index = ExemplarIndex(
        lemma_pipeline(),
        {
            "a": [("example", "We pool data across every site to compare stroke outcomes.")],
            "b": [("example", "We pool data and the network compares stroke outcomes monthly.")],
        },
        threshold=0.1,
    )
    found = hits_in(index, "Each month the network compares stroke outcomes from pooled data.")
    assert [code for code, *_ in found] == ["b"]


def test_threshold_is_a_cosine_floor(index: ExemplarIndex) -> None:
    strict = ExemplarIndex(
        lemma_pipeline(), {"free_riding": [("example", FREE_RIDING)]}, threshold=0.99
    )
    sentence = "They took our ideas and gave nothing back, the cheeky sods."
    assert hits_in(index, sentence) and not hits_in(strict, sentence)
    assert hits_in(strict, FREE_RIDING)


def test_no_exemplars_no_hits() -> None:
    empty = ExemplarIndex(lemma_pipeline(), {"free_riding": [("example", "  ")]})
    assert len(empty) == 0 and hits_in(empty, FREE_RIDING) == []


def test_rule_fits_the_column_and_names_the_source() -> None:
    rule = rule_text("definition", "x" * 400, [f"lemma{i}" for i in range(100)])
    assert len(rule) == RULE_LENGTH and rule.startswith('similar to definition: "xxx')
    short = rule_text("example", "Short one.", ["a"])
    assert short == 'similar to example: "Short one." (shared: a)'


def test_a_pattern_rule_wins_over_similarity_in_the_same_sentence(index: ExemplarIndex) -> None:
    nlp = lemma_pipeline()
    matcher = CodebookMatcher(nlp, {"free_riding": {"phrases": ["gave nothing back"]}})
    text = "They took our ideas and gave nothing back. The monthly data return eats my afternoon."
    layout = _Layout([0, 43], [42, len(text)])
    found = _suggestions(matcher, index, nlp(text), layout, frozenset())
    assert {key: value.rules for key, value in found.items()} == {
        ("free_riding", (0, 42)): ("phrase: gave nothing back",),
        ("data_burden", (43, len(text))): (
            'similar to example: "The monthly data return eats a whole aft…" '
            "(shared: monthly, datum, return, eat, afternoon)",
        ),
    }


def test_fingerprint_changes_with_the_exemplars() -> None:
    patterns = {"free_riding": {"words": ["freeloader"]}}
    one = {"free_riding": [("example", FREE_RIDING)]}
    two = {"free_riding": [("example", FREE_RIDING), ("example", DATA_BURDEN)]}
    assert fingerprint(patterns, one) != fingerprint(patterns, two)
    assert fingerprint(patterns, one) == fingerprint(patterns, dict(one))


def test_run_stores_similarity_suggestions_with_a_transparent_rule(sample: Runner) -> None:
    assert sample("suggest", "run").code == 0
    rows = sample("suggest", "list", "--format", "json").json()
    similar = [row for row in rows if row["rule"].startswith('similar to example: "')]
    assert similar and len(similar) < len(rows)
    nlp = lemma_pipeline()
    for row in similar:
        shared = row["rule"].rsplit("(shared: ", 1)[1].rstrip(")").split(", ")
        lemmas = {token.lemma_ for token in nlp(row["text"])}
        assert len(shared) >= 3 and set(shared) <= lemmas, row
    keys = [(row["document"], row["code"], row["start"]) for row in rows]
    assert len(keys) == len(set(keys))


def test_a_changed_exemplar_set_runs_again(sample: Runner, tmp_path: Path) -> None:
    assert sample("suggest", "run", "--format", "json").json()["documents"] == 13
    data = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    data["themes"][0]["codes"][0]["examples"].append(
        "Between us we persuaded the ambulance trust, which none of us managed alone."
    )
    changed = tmp_path / "one-more-example.yaml"
    changed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert sample("codebook", "load", str(changed)).code == 0
    assert sample("suggest", "run", "--format", "json").json()["documents"] == 13
