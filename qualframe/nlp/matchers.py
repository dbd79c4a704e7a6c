"""The codebook's patterns compiled into spaCy matchers: where a sensitizing construct may apply.

Each code's `patterns` (see `qualframe.codebook.schema`) become rules of three matchers run over
one lemmatized Doc: a `PhraseMatcher` on lower case (words and phrases), a `PhraseMatcher` on
lemmas (words and lemma sequences, so `take idea` finds "took ideas") and a `Matcher` for
token patterns. Every hit names its code and the rule that fired, in words a researcher can
read back against the YAML (`phrase: gave nothing back`, `tokens #2: take *? credit`), because
a suggestion the researcher cannot trace is a suggestion they cannot trust.

People rarely say a construct in one fixed order of words ("took all our ideas", "take more
than they ever give"), and token patterns are hard for a researcher to write. So a lemma
sequence may also hold a gap, `...` (up to three words, never across punctuation, so a match
stays inside one clause), and alternatives, `nick|pinch|borrow` (one word each): `take more
than ... give` and `nick|pinch ... idea|pathway` read as written. A sequence with a gap becomes
a token pattern; one without, however many alternatives it holds, stays on the phrase matcher,
because every token pattern costs time at every token of every transcript.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import product
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

RULE_LENGTH = 255
_SEPARATOR = "\x1f"
GAP = "..."
GAP_WORDS = 3
"""A gap in a lemma sequence: up to this many words, none of them punctuation."""
MAX_PHRASES = 64
"""A lemma sequence without gaps becomes one phrase per combination of its words' forms (fast,
on the `PhraseMatcher`) up to this many; beyond it, a token pattern."""
SPLIT_FIRST = 4
"""A token pattern whose first token is a set of at most this many words is added as one
pattern per word (see `_add_tokens`); a larger set stays one pattern."""
_TEXT_KEYS = ("LEMMA", "LOWER", "ORTH", "TEXT", "NORM")


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
            self.lemma.add(key, [self._lemma_doc(self._word_lemmas(word))])
        for phrase in kinds.get("phrases", []):
            self.lower.add(self._rule(code, f"phrase: {phrase}"), [self.nlp.make_doc(phrase)])
        for sequence in kinds.get("lemmas", []):
            key = self._rule(code, f"lemmas: {sequence}")
            forms = self._sequence_forms(sequence)
            if forms and None not in forms and _combinations(forms) <= MAX_PHRASES:
                choices = [sorted(form) for form in forms if form is not None]
                self.lemma.add(
                    key, [self._lemma_doc(list(combination)) for combination in product(*choices)]
                )
            elif forms:
                self._add_tokens(
                    key,
                    [
                        {"IS_PUNCT": False, "OP": f"{{0,{GAP_WORDS}}}"}
                        if form is None
                        else _lemma_spec(form)
                        for form in forms
                    ],
                )
        for number, pattern in enumerate(kinds.get("tokens", []), 1):
            label = f"tokens #{number}: {describe_token_pattern(pattern)}"
            self._add_tokens(self._rule(code, label), pattern)

    def _add_tokens(self, key: str, pattern: list[dict[str, Any]]) -> None:
        """A token pattern whose first token is a small set of words (`{LEMMA: {IN: [a, b]}}`)
        is added as one pattern per word, with the same matches: the `Matcher` tries every
        pattern at every token, and a plain first word is compared in C where a set calls back
        into Python. On the sample transcripts this took the codebook's token patterns from
        2.5 s to 1.7 s; splitting larger sets cost more than it saved."""
        first = pattern[0]
        keys = [name for name in _TEXT_KEYS if name in first]
        value = first.get(keys[0]) if len(keys) == 1 else None
        if (
            isinstance(value, Mapping)
            and set(value) == {"IN"}
            and set(first) == {keys[0]}
            and len(value["IN"]) <= SPLIT_FIRST
        ):
            self.tokens.add(key, [[{keys[0]: choice}, *pattern[1:]] for choice in value["IN"]])
        else:
            self.tokens.add(key, [pattern])

    def _word_lemmas(self, word: str) -> list[str]:
        """A word's pattern is its own lemma as written: `freeloader` finds "freeloaders",
        while `backing` stays `backing` instead of becoming every "back"."""
        return [token.lower_ for token in self.nlp.make_doc(word)]

    def _lemma_doc(self, lemmas: list[str]) -> Doc:
        """A phrase for the lemma `PhraseMatcher`, which compares only the lemmas."""
        return Doc(self.nlp.vocab, words=lemmas, lemmas=lemmas)

    def _sequence_forms(self, sequence: str) -> list[set[str] | None]:
        """Per position of a lemma sequence, the lemmas it matches (None for a gap): each word
        as written and as the lookup table lemmatizes it, so a sequence matches whatever form
        it is written in (`took ideas` as well as `take idea`) and the table's quirks cannot
        leave a rule that never fires (`more` is `much`, `as` is `a`, yet `meetings` is
        `meeting` while `meeting` itself is `meet`). Alternatives (`nick|pinch`) stand for
        one token; one the tokenizer splits ("we've") is kept as written and, like a misspelt
        word, matches nothing. A word the tokenizer splits outside alternatives is its tokens
        in a row. Gaps at either end would only widen the matched words, so they are dropped."""
        forms: list[set[str] | None] = []
        for part in sequence.split():
            if part == GAP:
                forms.append(None)
            elif "|" in part:
                forms.append(
                    {form for choice in part.split("|") if choice for form in self._forms(choice)}
                )
            else:
                forms.extend({token.lower_, token.lemma_} for token in self.nlp(part))
        while forms and forms[-1] is None:
            forms.pop()
        while forms and forms[0] is None:
            forms.pop(0)
        return forms

    def _forms(self, word: str) -> set[str]:
        """One alternative's lemmas (see `_sequence_forms`)."""
        doc = self.nlp(word)
        return {doc[0].lower_, doc[0].lemma_} if len(doc) == 1 else {word.lower()}

    def _rule(self, code: str, label: str) -> str:
        key = f"{code}{_SEPARATOR}{label}"
        self.rules[self.nlp.vocab.strings.add(key)] = Rule(code, label[:RULE_LENGTH])
        return key

    def __call__(self, doc: Doc) -> list[Hit]:
        """Every hit in the Doc, in text order: a code may hit the same words by two rules,
        but a word matched both on lower case and on lemma by one rule is one hit."""
        # a matcher without patterns is skipped: spaCy warns each time one is called
        hits = {
            Hit(rule.code, rule.label, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
            for matcher in (self.lower, self.lemma, self.tokens)
            if len(matcher)
            for match_id, start, end in matcher(doc)
            for rule in (self.rules[match_id],)
        }
        return sorted(hits, key=lambda hit: (hit.start, hit.end, hit.code, hit.rule))


def _combinations(forms: list[set[str] | None]) -> int:
    count = 1
    for form in forms:
        count *= len(form or ())
    return count


def _lemma_spec(forms: set[str]) -> dict[str, Any]:
    """One position of a lemma sequence as a token: a plain lemma when it has one form."""
    return {"LEMMA": next(iter(forms))} if len(forms) == 1 else {"LEMMA": {"IN": sorted(forms)}}


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
