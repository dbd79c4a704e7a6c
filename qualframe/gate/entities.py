"""People, places and organisations from a trained pipeline's named-entity recogniser.

A small English model tags many things in clinical talk that identify nobody (`ED`, `PDSA`,
`WhatsApp`, a capitalised `Guilty` opening a sentence), so its entities are filtered before
they become findings: acronyms, spans with no capital letter, stop words, and a single word
opening a sentence that the same transcript also uses in lower case. What the model misses,
the rules and identifier lists in `qualframe.gate.identifiers` are there to catch.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from qualframe.gate.identifiers import TITLES, Finding
from qualframe.nlp.pipeline import NerPipeline

LABELS = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organisation"}
_HOSPITAL = re.compile(r"\b(?:Hospitals?|Infirmary|Trust|Hospice|Health Board)\b")
_ACRONYM = re.compile(r"[A-Z0-9&]{1,6}s?")
_SENTENCE_OPENERS = tuple('.?!:;"“(—-–')
_INITIAL = re.compile(r"[A-Z]\.")
_TRAILING = re.compile(r"(?:['’]s|['’]|[.,;:!?)\]\"”-])+$")


@dataclass(frozen=True, slots=True)
class Unit:
    """A stretch of one source to run the model on (a line), already masked."""

    source: int
    offset: int
    text: str


def entity_findings(
    ner: NerPipeline,
    units: Sequence[Unit],
    lower_words: Sequence[frozenset[str]],
    *,
    n_process: int = 1,
    batch_size: int = 64,
) -> Iterator[tuple[int, Finding]]:
    """(source index, finding) for every entity that survives the filters; offsets are into
    the source. `lower_words[i]` holds the words source i uses in lower case."""
    docs = ner.nlp.pipe((unit.text for unit in units), n_process=n_process, batch_size=batch_size)
    for unit, doc in zip(units, docs, strict=True):
        for ent in doc.ents:
            category = LABELS.get(ent.label_)
            if category is None:
                continue
            span = _trim(unit.text, ent.start_char, ent.end_char)
            if span is None:
                continue
            start, end = span
            words = unit.text[start:end]
            if not _keep(unit.text, start, words, lower_words[unit.source]):
                continue
            if category in ("organisation", "place") and _HOSPITAL.search(words):
                category = "hospital"
            yield (
                unit.source,
                Finding(
                    unit.offset + start, unit.offset + end, category, "ner", f"NER {ent.label_}"
                ),
            )


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop a leading `the` and titles (`Dr Patel` -> `Patel`) and a trailing possessive."""
    while True:
        word = re.match(r"\S+", text[start:end])
        if word is None:
            return None
        if word.group() in TITLES or word.group() in ("the", "The"):
            start += word.end()
            while start < end and text[start].isspace():
                start += 1
        else:
            break
    trailing = _TRAILING.search(text, start, end)
    if trailing is not None:
        end = trailing.start()
    return (start, end) if end > start else None


def _keep(line: str, start: int, words: str, lower_words: frozenset[str]) -> bool:
    """Is this entity worth a finding? See the module docstring for what is filtered."""
    from qualframe.nlp.pipeline import is_common_word

    if not any(ch.isupper() for ch in words):
        return False
    tokens = words.split()
    if all(_ACRONYM.fullmatch(token) for token in tokens):
        return False
    before = line[:start].rstrip()
    opens_sentence = not before or before.endswith(_SENTENCE_OPENERS)
    while len(tokens) > 1 and _INITIAL.fullmatch(tokens[0]):  # `X. Study`: a sentence ended
        tokens.pop(0)
        opens_sentence = True
    if len(tokens) == 1:
        word = tokens[0].lower()
        if word in STOP_WORDS or len(word) < 2:
            return False
        if opens_sentence and (word in lower_words or is_common_word(word)):
            return False
    return not all(len(token.strip(".")) <= 1 for token in tokens)


def lower_case_words(text: str) -> frozenset[str]:
    """Words a text uses in lower case (so a capitalised one opening a sentence is ordinary)."""
    return frozenset(re.findall(r"\b[a-z][a-z'’-]+\b", text))
