"""Suggestions by similarity to a code's exemplars: indirect talk the patterns cannot reach.

Patterns find what people say in the words a codebook expects; a pattern written from one
sentence matches that sentence and little else. People say "they took our ideas and gave
nothing back" far more often than "free-riding", each in their own words, so a second source
compares every sentence with the code's exemplars (its codebook `examples`, and whatever the
caller adds, such as passages the team accepted) and suggests the code when a sentence is
close enough to one of them.

The representation stays readable so the suggestion can say why it was made: the content
lemmas of the lookup lemmatizer the matchers use (no trained model, nothing downloaded),
weighted by inverse document frequency over the exemplars, compared by cosine. A sentence
gets code C when its nearest exemplar of C passes `threshold` and shares at least `min_shared`
content lemmas with it, and no other code's exemplar is nearer (one code per sentence: on the
dev passages, letting close runners-up through added more false suggestions than found ones).
The rule names the exemplar and the shared lemmas, so a reviewer sees why:
`similar to example: "they took our ideas and gave…" (shared: take, idea, back)`.

Scoring is matrix arithmetic over a document's sentences: per document, one sentence-by-
lemma matrix restricted to the lemmas the exemplars use, multiplied with the exemplar matrix.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, LEMMA, LENGTH, ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from qualframe.nlp.matchers import RULE_LENGTH, Hit

THRESHOLD = 0.30
"""Cosine to the nearest exemplar a sentence needs. Tuned on the dev passages of
eval/suggestions.yaml by 5-fold cross-validation (the codebook's first examples and the other
folds' passages as exemplars, so a passage is never compared with itself). Adding the codes'
definitions and criteria as exemplars looked better there and lost precision on the held-out
passages (BENCHMARKS.md), so they are not used."""
MIN_SHARED = 3
"""Content lemmas a sentence must share with that exemplar: one or two shared words are often
chance ("data", "meeting"); in that cross-validation, three instead of two raised the
similarity source's precision from 0.46 to 0.72 at recall 0.11 instead of 0.20."""
PLACEHOLDER = 3
"""Words an anonymisation placeholder holds at most (`[Person 12]`, `[Hospital A]`)."""
BLOCK = 2048
"""Sentences scored in one matrix product: bounds memory on a very long transcript."""
QUOTE = 40
"""Characters of the exemplar quoted in the rule."""

KEEP = frozenset(
    {
        "back",
        "give",
        "take",
        "get",
        "make",
        "made",
        "keep",
        "put",
        "together",
        "own",
        "alone",
        "nothing",
        "nobody",
        "everyone",
        "everything",
        "never",
        "whole",
        "behind",
        "against",
        "front",
        "top",
        "bottom",
        "full",
        "empty",
        "show",
        "call",
        "move",
        "part",
        "first",
        "last",
        "used",
        "using",
        "serious",
    }
)
"""Words on spaCy's stop list that carry this kind of talk ("gave nothing back", "on our own",
"pull together") and so count as content."""
FILLERS = frozenset(
    {
        "bit",
        "bite",
        "sort",
        "kind",
        "thing",
        "stuff",
        "lot",
        "yeah",
        "er",
        "erm",
        "um",
        "like",
        "mean",
        "know",
        "think",
        "guess",
        "suppose",
        "actually",
        "1",
    }
)
"""Words of speech that say nothing about a construct ("a bit", "sort of", "you know"), with
the lookup table's lemmas for some of them ("bit" is `bite`, "first" is `1`)."""
STOP = (frozenset(STOP_WORDS) - KEEP) | FILLERS


@dataclass(frozen=True)
class Exemplar:
    """One passage that stands for a code; `kind` says where it came from for the rule (a
    codebook `example`), `lemmas` are its content lemmas in order of use."""

    code: str
    kind: str
    text: str
    lemmas: tuple[str, ...]


class ExemplarIndex:
    """Every code's exemplars, `(kind, text)` pairs by code, as IDF-weighted lemma vectors;
    call `hits` on a Doc from `lemma_pipeline()` with its sentence offsets."""

    def __init__(
        self,
        nlp: Language,
        exemplars: Mapping[str, Sequence[tuple[str, str]]],
        *,
        threshold: float = THRESHOLD,
        min_shared: int = MIN_SHARED,
    ) -> None:
        self.threshold, self.min_shared = threshold, min_shared
        self.strings = nlp.vocab.strings
        self.stop = np.array(sorted(self.strings.add(word) for word in STOP), dtype=np.uint64)
        self.open, self.close = self.strings.add("["), self.strings.add("]")
        self.exemplars: list[Exemplar] = []
        for code in sorted(exemplars):
            for kind, text in dict.fromkeys(e for e in exemplars[code] if e[1].strip()):
                lemmas = self._lemmas(nlp(text))
                if len(lemmas) >= min_shared:
                    self.exemplars.append(Exemplar(code, kind, text, lemmas))
        self._build()

    def __len__(self) -> int:
        return len(self.exemplars)

    def _lemmas(self, doc: Doc) -> tuple[str, ...]:
        """Content lemmas of a Doc, each once, in order."""
        array = doc.to_array([LEMMA, IS_ALPHA, LENGTH, ORTH]).reshape(-1, 4)
        keep = self._content(array)
        return tuple(dict.fromkeys(self.strings[int(h)] for h in array[keep, 0]))

    def _content(self, array: np.ndarray) -> np.ndarray:
        """Which tokens count (rows of LEMMA, IS_ALPHA, LENGTH, ORTH): words of two letters or
        more, not stop words, not inside an anonymisation placeholder (`[Hospital C]` says
        nothing about a construct, yet every transcript is full of them): up to PLACEHOLDER
        words after a `[` not yet closed, so a stray bracket cannot hide the rest."""
        orth, position = array[:, 3], np.arange(len(array))
        opened = np.maximum.accumulate(np.where(orth == self.open, position, -1))
        closed = np.maximum.accumulate(np.where(orth == self.close, position, -1))
        placeholder = (opened > closed) & (position - opened <= PLACEHOLDER)
        return (
            (array[:, 1] != 0) & (array[:, 2] > 1) & ~placeholder & ~np.isin(array[:, 0], self.stop)
        )

    def _build(self) -> None:
        """The vocabulary (sorted lemma hashes), IDF over the exemplars, and the exemplar
        matrices: IDF-weighted and unit length (`weights`), and presence (`present`)."""
        hashes = sorted({self.strings.add(lemma) for e in self.exemplars for lemma in e.lemmas})
        self.vocab = np.array(hashes, dtype=np.uint64)
        column = {h: i for i, h in enumerate(hashes)}
        n = len(self.exemplars)
        self.present = np.zeros((n, len(hashes)), dtype=np.float32)
        for row, exemplar in enumerate(self.exemplars):
            self.present[row, [column[self.strings[lemma]] for lemma in exemplar.lemmas]] = 1.0
        df = self.present.sum(axis=0)
        self.idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
        self.unseen_idf = float(math.log(1 + n) + 1)
        weights = self.present * self.idf
        norms = np.linalg.norm(weights, axis=1, keepdims=True)
        self.weights = weights / np.maximum(norms, 1e-9)

    def hits(self, doc: Doc, starts: Sequence[int], ends: Sequence[int]) -> list[Hit]:
        """One hit per sentence and code suggested, spanning the shared words; sentences are
        character offsets into the Doc's text (sorted, not overlapping)."""
        if not self.exemplars or not len(starts) or not len(doc):
            return []
        array = doc.to_array([LEMMA, IS_ALPHA, LENGTH, ORTH, IDX]).reshape(-1, 5)
        lemmas, rows = array[:, 0], array[:, [4, 2]].astype(np.int64)
        keep = self._content(array)
        begin = np.asarray(starts, dtype=np.int64)
        sentence = np.searchsorted(begin, rows[:, 0], side="right") - 1
        keep &= sentence >= 0
        keep &= rows[:, 0] < np.asarray(ends, dtype=np.int64)[np.maximum(sentence, 0)]
        found: list[Hit] = []
        for first in range(0, len(begin), BLOCK):
            tokens = np.flatnonzero(keep & (sentence >= first) & (sentence < first + BLOCK))
            if len(tokens):
                count = min(BLOCK, len(begin) - first)
                scores, shared = self._scores(sentence[tokens] - first, lemmas[tokens], count)
                found.extend(
                    self._hit(lemmas, rows, tokens, sentence, first + s, column)
                    for s, column in self._chosen(scores, shared)
                )
        return found

    def _scores(
        self, sentence: np.ndarray, lemmas: np.ndarray, count: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Cosine and shared-lemma counts, sentence by exemplar, from the content tokens'
        sentence numbers and lemma hashes; only the vocabulary columns the document uses
        enter the product."""
        pairs = np.unique(np.stack([sentence.astype(np.uint64), lemmas]), axis=1)
        where = np.searchsorted(self.vocab, pairs[1]).clip(max=len(self.vocab) - 1)
        known = self.vocab[where] == pairs[1]
        unseen = np.bincount(pairs[0, ~known].astype(np.intp), minlength=count)
        columns, local = np.unique(where[known], return_inverse=True)
        present = np.zeros((count, len(columns)), dtype=np.float32)
        present[pairs[0, known].astype(np.intp), local] = 1.0
        idf = self.idf[columns]
        norms = np.sqrt(present @ (idf * idf) + unseen * self.unseen_idf**2)
        cosine = (present * idf) @ self.weights[:, columns].T / np.maximum(norms, 1e-9)[:, None]
        shared = present @ self.present[:, columns].T
        return cosine, shared

    def _chosen(self, cosine: np.ndarray, shared: np.ndarray) -> list[tuple[int, int]]:
        """(sentence, exemplar) for each sentence with a suggestion: its nearest exemplar among
        those that pass both tests."""
        eligible = np.where((cosine >= self.threshold) & (shared >= self.min_shared), cosine, 0)
        nearest = eligible.argmax(axis=1)
        sentences = np.flatnonzero(eligible[np.arange(len(eligible)), nearest] > 0)
        return [(int(s), int(nearest[s])) for s in sentences]

    def _hit(
        self,
        lemmas: np.ndarray,
        rows: np.ndarray,
        tokens: np.ndarray,
        sentence: np.ndarray,
        number: int,
        column: int,
    ) -> Hit:
        """The hit's words run from the first to the last token of the sentence whose lemma
        the exemplar shares; the rule quotes the exemplar and names those lemmas."""
        exemplar = self.exemplars[column]
        wanted = set(exemplar.lemmas)
        mine = [
            t for t in tokens[sentence[tokens] == number] if self.strings[int(lemmas[t])] in wanted
        ]
        shared = dict.fromkeys(self.strings[int(lemmas[t])] for t in mine)
        start, end = int(rows[mine[0], 0]), int(rows[mine[-1]].sum())
        rule = rule_text(exemplar.kind, exemplar.text, list(shared))
        return Hit(exemplar.code, rule, start, end)


def rule_text(kind: str, exemplar: str, shared: Sequence[str]) -> str:
    """`similar to example: "…" (shared: a, b)`, within the rule column's 255 characters."""
    quote = exemplar if len(exemplar) <= QUOTE else exemplar[:QUOTE].rstrip() + "…"
    tail = f" (shared: {', '.join(shared)})"
    text = f'similar to {kind}: "{quote}"{tail}'
    return text if len(text) <= RULE_LENGTH else text[: RULE_LENGTH - 1] + "…"
