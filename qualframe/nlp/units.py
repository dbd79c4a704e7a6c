"""Sentence units that respect transcription conventions: a spaCy component and its rules.

Anonymised transcripts are full of brackets: placeholders (`[Hospital B]`, `[Person 2]`) and
transcribers' marks (`[pause]`, `[laughs]`, `[inaudible 00:12:03]`, `(…)`). spaCy's sentencizer
starts a sentence at the first word after `.`, `?` or `!`, so `Um. [pause] I think` became
`Um. [` and `pause] I think`, and quoted speech (`he said "Stop. Now." and left`) was cut in
three. The component here runs after the sentencizer (or a trained pipeline's `senter`), takes
its boundaries as proposals and places each one where a reader expects it:

- never inside a bracket, a parenthesis or a quotation that opens and closes within the text
  being segmented (one speaker turn, so a quote never reaches into the next turn);
- a mark between two sentences (`Um. [pause] We got there.`) stays with the sentence before it,
  whose speaker it describes; a placeholder or an opening quote begins the next sentence;
- after a closing quote, a lower-case word continues the sentence (`"...aren't you?" and that
  was that.`);
- `...`, `…` and `etc.` end a sentence only when a capitalised word follows; titles and
  abbreviations (`Dr.`, `Mr.`, `e.g.`, `i.e.`) never do (they are tokenizer special cases);
  a dash (`--`, `—`) never ends a sentence;
- a blank line always ends one; a sentence longer than `MAX_CHARS` (a turn without a full stop,
  a run of marks) is cut at its last clause break (`,` `;` `:` dash) or space before the limit,
  so the reader's cursor and a suggestion never span a whole 200,000-character turn.

Work per text is linear: brackets are paired with a stack over a regex scan, the sentencizer's
proposals are few (about one per sentence), and only over-long sentences are walked token by
token.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import IDX, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline.sentencizer import Sentencizer
from spacy.symbols import ORTH as ORTH_SYMBOL
from spacy.tokens import Doc

COMPONENT = "qualframe_units"

#: Characters the sentencizer ends a sentence with (Latin, Arabic, CJK, Devanagari, ...).
END = frozenset(Sentencizer.default_punct_chars)
#: These end a sentence only when a capitalised word follows.
SOFT_END = frozenset({"..", "...", "....", "…", "……", "etc.", "Etc."})
#: A sentence may be cut after these when it has to be cut.
CLAUSE = frozenset({",", ";", ":", "--", "—", "–", "-"})
#: Abbreviations spaCy's English tokenizer splits (`etc` + `.`), so the period would end a
#: sentence; as special cases they are one token. (`Dr.`, `Mr.`, `e.g.`, `i.e.` already are.)
ABBREVIATIONS = ("etc.", "Etc.", "cf.", "approx.", "Approx.", "Sr.", "Rev.", "Capt.", "Sgt.")
#: Words that open a transcriber's mark rather than stand for a name: `[Laughs]` too.
MARK_WORDS = frozenset(
    {
        "applause",
        "coughs",
        "crosstalk",
        "inaudible",
        "indistinct",
        "interruption",
        "laughing",
        "laughs",
        "laughter",
        "long",
        "music",
        "noise",
        "overlapping",
        "overtalk",
        "pause",
        "sic",
        "sighs",
        "silence",
        "unclear",
        "unintelligible",
    }
)
#: Sentence-final marks of CJK and Arabic text, split off inside a token.
UNSPACED_STOPS = r"[。！？؟]"
#: Longer brackets or quotes are not protected: an unbalanced bracket must not swallow a turn.
MAX_PROTECTED = 1000
#: Longest sentence, in characters, before it is cut at a clause break or a space.
MAX_CHARS = 1000

_SCAN = re.compile(r"[\[\]()\"“”„«»]|\n[ \t]*\n")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_CLOSE_FOR = {"]": "[", ")": "(", "»": "«"}
_FIRST_WORD = re.compile(r"\W*(\w+)")


@dataclass(frozen=True, slots=True)
class Enclosure:
    """A bracketed or quoted stretch `text[start:end]`, delimiters included.

    `mark` is true for a transcriber's mark (`[pause]`, `(laughs)`, `(…)`, `[00:12:03]`):
    between sentences it stays with the sentence before it. Placeholders (`[Person 2]`),
    asides in parentheses that start with a capital, and quotations begin the next one.
    """

    start: int
    end: int
    mark: bool


def enclosures(text: str) -> list[Enclosure]:
    """Balanced brackets, parentheses and double quotes of `text`, in order of their end.

    A closing bracket closes the nearest matching opener (inner openers left open are
    dropped); a straight `"` closes an open `"` or opens one; `“` closes an open `„` (German)
    or opens; a blank line closes nothing and forgets every opener.
    """
    found: list[Enclosure] = []
    stack: list[tuple[str, int]] = []
    for match in _SCAN.finditer(text):
        char, position = match.group(), match.start()
        if char[0] == "\n":
            stack.clear()
            continue
        opener = _opener_closed_by(char, stack)
        if opener is None:
            if char not in "])”»":
                stack.append((char, position))
            continue
        index = max(i for i, (c, _) in enumerate(stack) if c == opener)
        start = stack[index][1]
        del stack[index:]
        if position + 1 - start <= MAX_PROTECTED:
            found.append(Enclosure(start, position + 1, _is_mark(text, start, position)))
    return found


def _opener_closed_by(char: str, stack: Sequence[tuple[str, int]]) -> str | None:
    """The opening character that `char` closes, if one is open; else None."""
    open_chars = {c for c, _ in stack}
    if char in _CLOSE_FOR:
        return _CLOSE_FOR[char] if _CLOSE_FOR[char] in open_chars else None
    if char == '"':
        return '"' if '"' in open_chars else None
    if char == "“":
        return "„" if "„" in open_chars else None
    if char == "”":
        return next((c for c, _ in reversed(stack) if c in ("“", "„")), None)
    return None


def _is_mark(text: str, start: int, close: int) -> bool:
    if text[start] not in "[(":
        return False
    word = _FIRST_WORD.match(text, start + 1, close)
    if word is None:
        return True  # `(…)`, `[--]`: no word at all
    first = word.group(1)
    return not first[0].isupper() or first.casefold() in MARK_WORDS


class _Inside:
    """Is a character offset strictly inside an enclosure? Overlapping ones are merged (nested
    quotes and brackets), touching ones are not (`[a][b]`: the offset between is outside)."""

    def __init__(self, found: Iterable[Enclosure]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted((e.start, e.end) for e in found):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def __call__(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and self.starts[index] < offset < self.ends[index]


class TranscriptUnits:
    """The component: re-places the sentence starts a sentencizer or senter proposed."""

    def __init__(self, nlp: Language) -> None:
        self.soft = np.array([nlp.vocab.strings.add(s) for s in SOFT_END], dtype=np.uint64)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) < 2:
            return doc
        columns = doc.to_array([SENT_START, IDX, ORTH])
        offsets = columns[:, 1].astype(np.int64)
        found = enclosures(doc.text)
        rules = _Rules(doc, offsets, found)
        starts = {0}
        proposed = np.flatnonzero(columns[:, 0] == 1)
        for i in proposed[proposed > 0].tolist():
            k = rules.last_word_before(i)
            starts.add(rules.place(k, soft=doc[k].text in SOFT_END))
        for k in np.flatnonzero(np.isin(columns[:, 2], self.soft)).tolist():
            starts.add(rules.place(k, soft=True))
        for match in _BLANK_LINE.finditer(doc.text):
            starts.add(int(np.searchsorted(offsets, match.end())))
        starts.discard(-1)
        starts.discard(len(doc))
        ordered = rules.cut_long(sorted(starts))
        values = np.full(len(doc), -1, dtype=np.int64)
        values[ordered] = 1
        column: Any = values.astype(np.uint64).reshape(-1, 1)
        doc.from_array([SENT_START], column)
        return doc


class _Rules:
    """The placement rules for one doc (see the module docstring)."""

    def __init__(self, doc: Doc, offsets: np.ndarray, found: list[Enclosure]) -> None:
        self.doc = doc
        self.offsets = offsets
        self.inside = _Inside(found)
        self.opens = {e.start: e for e in found}
        self.closes = {e.end for e in found}

    def last_word_before(self, i: int) -> int:
        """The token that ended the sentence before a proposed start `i`: back over spaces and
        over punctuation that cannot end one (an opening bracket or quote)."""
        k = i - 1
        while k > 0:
            token = self.doc[k]
            if not (token.is_space or (token.is_punct and token.text not in END)):
                break
            k -= 1
        return k

    def place(self, k: int, *, soft: bool) -> int:
        """Where the sentence after token `k` begins; -1 when it does not end at `k`."""
        doc, n = self.doc, len(self.doc)
        j = k + 1
        closed = False
        while j < n:
            token = doc[j]
            start = token.idx
            if token.is_space or token.text in END or token.text in SOFT_END:
                j += 1
            elif start + len(token.text) in self.closes and start not in self.opens:
                closed = True
                j += 1
            elif start in self.opens and self.opens[start].mark:
                j = int(np.searchsorted(self.offsets, self.opens[start].end))
            else:
                break
        if j >= n or self.inside(int(self.offsets[j])):
            return -1
        first = doc[j].text[0]
        if (soft and not first.isupper()) or (closed and first.islower()):
            return -1
        if doc[k].text not in END and not soft and (first.islower() or doc[j].idx in self.opens):
            return -1  # a trained senter's guess with no full stop: not before `[Person 1]`
        return j

    def cut_long(self, starts: list[int]) -> list[int]:
        """`starts` with extra ones wherever a sentence runs past `MAX_CHARS`."""
        doc, offsets = self.doc, self.offsets
        out: list[int] = []
        for a, b in zip(starts, [*starts[1:], len(doc)], strict=True):
            out.append(a)
            end_char = doc[b - 1].idx + len(doc[b - 1].text)
            while end_char - offsets[a] > MAX_CHARS:
                cut = self._cut(a, b)
                if cut is None:
                    break
                out.append(cut)
                a = cut
        return out

    def _cut(self, a: int, b: int) -> int | None:
        """The last good place to start a new sentence within `MAX_CHARS` of token `a`: after
        a clause break in the window's second half, else after a space, else anywhere."""
        offsets = self.offsets
        last = int(np.searchsorted(offsets, offsets[a] + MAX_CHARS, side="right")) - 1
        last = min(last, b - 1)
        if last <= a:
            return a + 1 if a + 1 < b else None
        half = offsets[a] + MAX_CHARS // 2
        fallback = None
        for t in range(last, a, -1):
            if offsets[t] < half and fallback is not None:
                break
            if self.inside(int(offsets[t])) or self.doc[t].is_space:
                continue
            before = self.doc[t - 1]
            if before.text in CLAUSE and offsets[t] >= half:
                return t
            if fallback is None and (before.whitespace_ or before.is_space):
                fallback = t
        return fallback if fallback is not None else last


@Language.factory(COMPONENT)
def make_units(nlp: Language, name: str) -> TranscriptUnits:
    """The factory spaCy calls for `nlp.add_pipe(COMPONENT)`."""
    return TranscriptUnits(nlp)


def tune_tokenizer(nlp: Language) -> None:
    """Make each of `ABBREVIATIONS` one token (English), so its period is not a full stop; and
    split at the full stops of scripts written without spaces (`好的。我们走吧`), which the
    tokenizer otherwise keeps inside one token, where no sentence can end."""
    from spacy.util import compile_infix_regex

    tokenizer: Any = nlp.tokenizer
    if nlp.lang == "en":
        for abbreviation in ABBREVIATIONS:
            tokenizer.add_special_case(abbreviation, [{ORTH_SYMBOL: abbreviation}])
    infixes = [*(nlp.Defaults.infixes or ()), UNSPACED_STOPS]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
