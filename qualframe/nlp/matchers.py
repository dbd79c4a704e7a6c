"""The codebook's patterns compiled into spaCy matchers: where a sensitizing construct may apply.

Each code's `patterns` (see `qualframe.codebook.schema`) become rules of three matchers run over
one lemmatized Doc: a `PhraseMatcher` on lower case (words and phrases), a `PhraseMatcher` on
lemmas (words and lemma sequences, so `take idea` finds "took our ideas") and a `Matcher` for
token patterns. Every hit names its code and the rule that fired, in words a researcher can
read back against the YAML (`phrase: gave nothing back`, `tokens #2: take *? credit`), because
a suggestion the researcher cannot trace is a suggestion they cannot trust.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

RULE_LENGTH = 255
_SEPARATOR = "\x1f"


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern of one code; `label` is what a suggestion records as its rule."""

    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that fired on `text[start:end]` (character offsets into the Doc's text)."""

    code: str
    rule: str
    start: int
    end: int


class CodebookMatcher:
    """All codes' patterns, compiled once; call it on a Doc from `lemma_pipeline()`."""

    def __init__(self, nlp: Language, patterns: Mapping[str, Mapping[str, list[Any]]]) -> None:
        self.nlp = nlp
        self.rules: dict[int, Rule] = {}
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.tokens = Matcher(nlp.vocab)
        for code, kinds in patterns.items():
            self._add_code(code, kinds)

    def __len__(self) -> int:
        return len(self.rules)

    def _add_code(self, code: str, kinds: Mapping[str, list[Any]]) -> None:
        for word in kinds.get("words", []):
            key = self._rule(code, f"word: {word}")
            self.lower.add(key, [self.nlp.make_doc(word)])
            self.lemma.add(key, [self._lemma_doc(word)])
        for phrase in kinds.get("phrases", []):
            self.lower.add(self._rule(code, f"phrase: {phrase}"), [self.nlp.make_doc(phrase)])
        for sequence in kinds.get("lemmas", []):
            self.lemma.add(self._rule(code, f"lemmas: {sequence}"), [self._lemma_doc(sequence)])
        for number, pattern in enumerate(kinds.get("tokens", []), 1):
            label = f"tokens #{number}: {describe_token_pattern(pattern)}"
            self.tokens.add(self._rule(code, label), [pattern])

    def _lemma_doc(self, lemmas: str) -> Doc:
        """A pattern whose tokens' lemmas are the words as written (`take idea`)."""
        words = [token.text.lower() for token in self.nlp.make_doc(lemmas)]
        return Doc(self.nlp.vocab, words=words, lemmas=words)

    def _rule(self, code: str, label: str) -> str:
        key = f"{code}{_SEPARATOR}{label}"
        self.rules[self.nlp.vocab.strings.add(key)] = Rule(code, label[:RULE_LENGTH])
        return key

    def __call__(self, doc: Doc) -> list[Hit]:
        """Every hit in the Doc, in text order: a code may hit the same words by two rules,
        but a word matched both on lower case and on lemma by one rule is one hit."""
        hits = {
            Hit(rule.code, rule.label, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
            for matcher in (self.lower, self.lemma, self.tokens)
            for match_id, start, end in matcher(doc)
            for rule in (self.rules[match_id],)
        }
        return sorted(hits, key=lambda hit: (hit.start, hit.end, hit.code, hit.rule))


def describe_token_pattern(pattern: Iterable[Mapping[str, Any]]) -> str:
    """A token pattern in a few words: `[{LEMMA: take}, {OP: "?"}, {LOWER: credit}]` reads
    `take *? credit`; alternatives join with `|`, attributes other than text read `*`."""
    parts = []
    for token in pattern:
        value = next(
            (token[key] for key in ("LEMMA", "LOWER", "ORTH", "TEXT", "NORM") if key in token),
            None,
        )
        if isinstance(value, Mapping) and "IN" in value:
            choices = [str(choice) for choice in value["IN"]]
            text = "|".join(choices[:3]) + ("|…" if len(choices) > 3 else "")
        elif isinstance(value, str):
            text = value
        else:
            text = "*"
        parts.append(text + str(token.get("OP", "")))
    return " ".join(parts)
