"""Codebook patterns compiled into spaCy matchers, on the lookup lemmatizer (no trained model)."""

from __future__ import annotations

from qualframe.nlp.matchers import CodebookMatcher, describe_token_pattern
from qualframe.nlp.pipeline import lemma_pipeline

PATTERNS = {
    "free_riding": {
        "words": ["freeloader"],
        "phrases": ["gave nothing back"],
        "lemmas": ["take idea"],
        "tokens": [[{"LEMMA": "take"}, {"OP": "?"}, {"LOWER": "credit"}]],
    },
    "social_loafing": {"lemmas": ["pull weight"], "phrases": ["pull their weight"]},
}


def hits(text: str) -> list[tuple[str, str, str]]:
    nlp = lemma_pipeline()
    matcher = CodebookMatcher(nlp, PATTERNS)
    return [(h.code, h.rule, text[h.start : h.end]) for h in matcher(nlp(text))]


def test_lemmas_come_from_lookup_tables_and_ignore_capitals() -> None:
    doc = lemma_pipeline()("Took the ideas; they WERE taking credit")
    assert [t.lemma_ for t in doc] == ["take", "the", "idea", ";", "they", "be", "take",
                                       "credit"]


def test_each_kind_of_pattern_fires_with_its_rule() -> None:
    found = hits("Freeloaders? They took ideas, gave nothing back and took all the credit.")
    assert ("free_riding", "lemmas: take idea", "took ideas") in found
    assert ("free_riding", "phrase: gave nothing back", "gave nothing back") in found
    assert not any(rule.startswith("tokens") for _code, rule, _text in found)  # 2 words between
    found = hits("He took the credit.")
    assert found == [("free_riding", "tokens #1: take *? credit", "took the credit")]


def test_words_match_on_lower_case_or_lemma() -> None:
    assert hits("A FREELOADER, two freeloaders.") == [
        ("free_riding", "word: freeloader", "FREELOADER"),
        ("free_riding", "word: freeloader", "freeloaders"),
    ]


def test_codes_are_kept_apart() -> None:
    found = hits("Nobody pulled their weight, nobody pull weight.")
    assert found == [("social_loafing", "lemmas: pull weight", "pull weight")]
    assert not hits("We shared everything and it was great.")


def test_token_patterns_read_back_in_words() -> None:
    assert describe_token_pattern(
        [{"LEMMA": {"IN": ["take", "steal", "nick", "pinch"]}}, {"IS_ALPHA": True, "OP": "*"},
         {"LOWER": "idea"}]) == "take|steal|nick|… ** idea"
