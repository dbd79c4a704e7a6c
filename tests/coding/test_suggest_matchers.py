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
    assert [t.lemma_ for t in doc] == ["take", "the", "idea", ";", "they", "be", "take", "credit"]


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
    assert (
        describe_token_pattern(
            [
                {"LEMMA": {"IN": ["take", "steal", "nick", "pinch"]}},
                {"IS_ALPHA": True, "OP": "*"},
                {"LOWER": "idea"},
            ]
        )
        == "take|steal|nick|… ** idea"
    )


def matches(patterns: dict[str, list], text: str) -> list[str]:
    nlp = lemma_pipeline()
    return [text[h.start : h.end] for h in CodebookMatcher(nlp, {"x": patterns})(nlp(text))]


def test_lemma_sequences_match_whatever_form_they_are_written_in() -> None:
    # the lookup table keeps object pronouns ("us" is not "we") and has quirks ("more" is
    # "much", "meeting" is "meet" but "meetings" is "meeting"); a sequence written in plain
    # words still matches
    assert matches({"lemmas": ["learn from us"]}, "They learnt from us.") == ["learnt from us"]
    assert matches({"lemmas": ["take more than"]}, "They take more than most.") == [
        "take more than"
    ]
    assert matches({"lemmas": ["lot of meeting"]}, "Lots of meetings!") == ["Lots of meetings"]
    assert matches({"lemmas": ["took ideas"]}, "We take ideas") == ["take ideas"]


def test_gaps_span_a_few_words_inside_one_clause() -> None:
    found = matches({"lemmas": ["take ... idea"]}, "They took all our ideas.")
    assert found == ["took all our ideas"]
    assert not matches({"lemmas": ["take ... idea"]}, "They took all of their best ideas.")
    assert not matches({"lemmas": ["take ... idea"]}, "They took it, ideas and all.")
    assert not matches({"lemmas": ["take ... idea"]}, "They took it. Ideas came later.")


def test_alternatives_stand_for_one_word_each() -> None:
    patterns = {"lemmas": ["nick|pinch ... idea|pathway", "come top|bottom"]}
    assert matches(patterns, "We pinched their pathway and came bottom.") == [
        "pinched their pathway",
        "came bottom",
    ]
    assert not matches({"lemmas": ["we've|they ... idea"]}, "we've got ideas")


def test_sequences_without_gaps_stay_off_the_token_matcher() -> None:
    """Every token pattern costs time at every token; phrases cost next to nothing."""
    nlp = lemma_pipeline()
    matcher = CodebookMatcher(nlp, {"x": {"lemmas": ["come top|bottom|last", "pool datum"]}})
    assert len(matcher.tokens) == 0 and len(matcher.lemma) == 2
    gapped = CodebookMatcher(nlp, {"x": {"lemmas": ["take ... idea"]}})
    assert len(gapped.tokens) == 1


def test_a_split_first_token_set_matches_as_the_set_did() -> None:
    patterns = {"tokens": [[{"LEMMA": {"IN": ["take", "steal"]}}, {"LOWER": "credit"}]]}
    nlp = lemma_pipeline()
    text = "They stole credit and took credit."
    assert [
        (h.rule, text[h.start : h.end]) for h in CodebookMatcher(nlp, {"x": patterns})(nlp(text))
    ] == [
        ("tokens #1: take|steal credit", "stole credit"),
        ("tokens #1: take|steal credit", "took credit"),
    ]
