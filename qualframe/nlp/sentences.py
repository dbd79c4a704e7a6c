"""Sentence boundaries from spaCy, as character offsets into the stored text.

The default pipeline is a blank English one with the rule-based sentencizer: nothing to
download, the same result on every machine. A trained pipeline is used only when the project
names it (`[nlp] pipeline = "en_core_web_sm"`) and it is installed; its `senter` proposes the
boundaries then (the parser is not loaded: it costs ten times as much and fixes boundaries that
the transcription rules must be free to move). Either way `qualframe.nlp.units` places the
boundaries around brackets, quotes, marks and abbreviations. Sentences never cross a speaker
turn: each turn's utterance (and each untagged paragraph) is segmented on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from qualframe.errors import UserError
from qualframe.ingest.model import Turn

if TYPE_CHECKING:
    from spacy.language import Language

Span = tuple[int, int]
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
WORD = re.compile(r"\w+(?:['’]\w+)*")
#: Components of a trained pipeline that sentence boundaries do not need (`tok2vec` and
#: `transformer` stay: a `senter` may listen to them).
NOT_FOR_SENTENCES = (
    "parser",
    "ner",
    "tagger",
    "morphologizer",
    "attribute_ruler",
    "lemmatizer",
    "trainable_lemmatizer",
    "entity_ruler",
    "span_ruler",
    "textcat",
    "textcat_multilabel",
    "spancat",
)


@lru_cache(maxsize=4)
def load_pipeline(name: str = "blank:en") -> Language:
    """The sentence pipeline named by the project setting, loaded once per process."""
    import spacy

    from qualframe.nlp.units import COMPONENT, tune_tokenizer

    if name.startswith("blank:"):
        nlp = spacy.blank(name.removeprefix("blank:"))
        nlp.add_pipe("sentencizer")
    else:
        nlp = _trained(name)
    tune_tokenizer(nlp)
    nlp.add_pipe(COMPONENT)
    return nlp


def _trained(name: str) -> Language:
    """A trained pipeline with only its `senter` (or, lacking one, the sentencizer)."""
    import spacy

    try:
        nlp = spacy.load(name, exclude=list(NOT_FOR_SENTENCES))
    except OSError as exc:
        raise UserError(
            f'spaCy pipeline {name!r} is not installed; set [nlp] pipeline = "blank:en" '
            "or install it"
        ) from exc
    if "senter" in nlp.component_names:
        nlp.enable_pipe("senter")
    else:
        nlp.add_pipe("sentencizer")
    for name_ in ("tok2vec", "transformer"):
        if nlp.has_pipe(name_) and not getattr(nlp.get_pipe(name_), "listening_components", []):
            nlp.remove_pipe(name_)  # nothing left listens to it
    return nlp


def pieces(text: str, turns: Sequence[Turn]) -> list[Span]:
    """The spans to segment: each turn's utterance, and the untagged paragraphs between turns."""
    spans: list[Span] = []
    cursor = 0
    for turn in turns:
        spans.extend(_paragraphs(text, cursor, turn.start))
        spans.append((turn.utterance_start, turn.end))
        cursor = turn.end
    spans.extend(_paragraphs(text, cursor, len(text)))
    return [(start, end) for start, end in spans if text[start:end].strip()]


def _paragraphs(text: str, start: int, end: int) -> Iterator[Span]:
    cursor = start
    for match in PARAGRAPH_BREAK.finditer(text, start, end):
        yield cursor, match.start()
        cursor = match.end()
    yield cursor, end


def count_words(text: str, spans: Iterable[Span]) -> int:
    """Words spoken (speaker labels excluded)."""
    return sum(len(WORD.findall(text, start, end)) for start, end in spans)


def sentence_spans(nlp: Language, text: str, spans: Sequence[Span]) -> list[Span]:
    """Sentence offsets into `text`, whitespace trimmed, in order."""
    out: list[Span] = []
    docs = nlp.pipe((text[start:end] for start, end in spans), batch_size=256)
    for (offset, _end), doc in zip(spans, docs, strict=True):
        for sent in doc.sents:
            start = offset + sent.start_char
            end = offset + sent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append((start, end))
    return out
