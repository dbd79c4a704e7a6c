"""People's names and places found with a names resource and a gazetteer, not a model.

A small English NER model knows the names of English newspapers; a UK health-service interview
holds Chiamaka, Gethin, Wiśniewski and Xiaoming, and Splott and Ebbw Vale. The lists in
`data/` (given names and surnames of 44 cultures from Faker's person providers, places of
Britain and Ireland from GeoNames, and hand-written supplements; see `build.py` and
`data/NOTICE.md`) are looked up word by word in capitalised runs.

A listed word that is also an ordinary English word (`Will`, `Grace`, `Hope`, `Reading`) is
flagged only where the run around it is all names and it does not open a sentence, or it
follows a title or another name (`Will Hart said`); clinical and service words (`Amber`,
`May`, `Sister`, `Parkinson's`) never on their own. A capitalised word in mid-sentence that is
in no dictionary (`Oyelaran`), nor clinical vocabulary, is flagged as an unknown proper noun.
Every finding says which resource or rule flagged it (`Finding.detail`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from qualframe.gate.clinical import is_service_word, word_set
from qualframe.gate.identifiers import TITLES, Finding

DATA = Path(__file__).resolve().parent / "data"

_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_CONTRACTION = re.compile(r"['’](?:m|d|ve|ll|re|t)$", re.I)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_SHORT_FORM = re.compile(r"(\w+?)(?:s|sy|sie|o|za|zza|y|ie|ers)")
"""Short forms colleagues make of a name (`Jacks`, `Jonno`, `Tomo`, `Bazza`, `Gaz`)."""
_CELTIC = re.compile(r"(?:Mc|Mac|O['’]|Ní|Nic|Ap)[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_PARTICLES = word_set("van von de der den du da di la le al el bin ben ibn ap")
_PLACE_CUES = word_set(
    "in at from to near around outside into towards toward via through round up down over "
    "between past"
)
_NAME_CUES = re.compile(r"(?:\bcalled|\bnamed|\bname is|\bname's|\bname was)\s+$", re.I)
_SENTENCE_END = tuple('.?!:;"“(—–-[]…')
_NUMBERS = word_set(
    "One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen "
    "Sixteen Seventeen Eighteen Nineteen Twenty Thirty Forty Fifty Sixty Seventy Eighty Ninety "
    "Hundred Thousand Million First Second Third Fourth Fifth Half Quarter"
)
_SPEECH = re.compile(
    r"\s+(?:said|says|told|asked|rang|phoned|emailed|texted|replied|explained|thought|thinks|"
    r"reckons|agreed|suggested|mentioned|wrote|was saying|came|went|and I|from|on our|in our|"
    r"at the)\b|,\s+who(?:se)?\b"
    r"|,\s+(?:my|our|his|her|their|the) (?:[a-z]+ ){0,2}(?:deputy|manager|lead|colleague|friend|"
    r"boss|husband|wife|partner|son|daughter|registrar|consultant|matron|nurse|analyst|"
    r"therapist|physio|director|sister|brother|mum|dad|mother|father|pharmacist|porter|"
    r"secretary|receptionist|coordinator|administrator|specialist|educator|assistant|doctor|"
    r"surgeon|physician|technician|radiographer|dietitian|cleaner|chaplain|volunteer)\b"
    r"|,\s+(?:we|everyone|everybody|they|people) calls? (?:her|him|them)\b"
)
_DOES = re.compile(
    r"\s+(?:did|does|was|is|has|had|would|will|could|can|knows|knew|took|runs|ran|built|made|"
    r"sorted|helped|loved|wants|wanted|used to|set up|always|never|still)\b"
)
"""What a lone unknown word opening a sentence does when it is someone (`Shabs did the data`)."""
STOP_NAMES = frozenset({"Will"})
"""Names that are also English stop words; a name only beside another name or mid-sentence."""
BRANDS = word_set(
    """
    Datix SystmOne EMIS Cerner Epic Lorenzo Nervecentre Careflow Medway WhatsApp Teams Zoom Excel
    PowerPoint Outlook Word Google YouTube Twitter Facebook LinkedIn Instagram NHSmail Tableau
    Qlik iPad iPhone Android Kindle Amazon Tesco Asda Sainsbury Costa Starbucks Greggs Lidl Aldi
    Microsoft Apple Windows Skype Slack Trello SharePoint OneDrive Dropbox Brainomix RapidAI
    Alteplase Tenecteplase Apixaban Rivaroxaban Edoxaban Dabigatran Clopidogrel Aspirin Clexane
    Eliquis Xarelto Lixiana Pradaxa Thrombectomy Hemianopia Covid Lockdown Brexit Omicron Delta
    Okay OK Yeah Mm Hmm Erm Um Uh Ah Oh Er
    """
)
"""Products, drugs and fillers that are capitalised in transcripts but name nobody."""


@dataclass(frozen=True)
class Resource:
    """The gate's word lists: person names, single-word places, multi-word places."""

    names: frozenset[str]
    places: frozenset[str]
    multiword_places: re.Pattern[str] | None

    def is_name(self, word: str) -> bool:
        if word in self.names or _CELTIC.fullmatch(word):
            return True
        short = _SHORT_FORM.fullmatch(word)
        if short is not None and len(short.group(1)) >= 3 and short.group(1) in self.names:
            return True
        from qualframe.nlp.pipeline import is_common_word

        parts = word.split("-")
        return (
            len(parts) > 1
            and any(part in self.names for part in parts)
            and not all(is_common_word(part.lower()) for part in parts)
        )


def _read(name: str) -> set[str]:
    entries: set[str] = set()
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        entries.update(line.split() if name == "extra_names.txt" else [line.strip()])
    entries.discard("")
    return entries


@lru_cache(maxsize=1)
def resource() -> Resource:
    """The lists, read once per process (a few milliseconds)."""
    names = {
        word
        for word in _read("names.txt") | _read("extra_names.txt")
        if len(word) > 1 and word.lower() not in STOP_WORDS and not is_service_word(word)
    }
    places = _read("places.txt") | _read("extra_places.txt")
    single = {p for p in places if " " not in p and p.lower() not in STOP_WORDS}
    multi = sorted((p for p in places if " " in p), key=len, reverse=True)
    pattern = (
        re.compile(
            r"(?<![\w])(?:"
            + "|".join(r"[ -]".join(map(re.escape, place.split())) for place in multi)
            + r")(?![\w])"
        )
        if multi
        else None
    )
    return Resource(
        frozenset(names), frozenset(p for p in single if not is_service_word(p)), pattern
    )


@dataclass
class _Word:
    start: int
    end: int
    text: str
    kind: str  # name, place, title, particle, other
    common: bool
    after_opener: bool = False  # follows a capitalised connector opening a sentence (`And`)


def resource_findings(text: str) -> list[Finding]:
    """People and places the lists find in `text` (overlaps are resolved by the caller)."""
    from qualframe.nlp.pipeline import is_common_word

    res = resource()
    found: list[Finding] = []
    covered: list[tuple[int, int]] = []
    if res.multiword_places is not None:
        for match in res.multiword_places.finditer(text):
            found.append(Finding(*match.span(), "place", "names", "gazetteer (places)"))
            covered.append(match.span())
    lower = frozenset(re.findall(r"\b[a-z][a-z'’-]+\b", text))
    for run in _runs(text):
        words = [_classify(text, m, res, is_common_word) for m in run]
        while len(words) > 1 and words[0].kind == "other" and words[0].text.lower() in STOP_WORDS:
            words.pop(0)  # `And Gaz`: only the connector is capitalised for the sentence
            words[0].after_opener = True
        found.extend(_run_findings(text, words, lower))
    return found


def _runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of capitalised words separated by single spaces (particles allowed inside)."""
    run: list[re.Match[str]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        joined = bool(run) and text[run[-1].end() : match.start()] == " "
        if word[0].isupper() or (joined and word in _PARTICLES):
            if run and not joined:
                yield run
                run = []
            run.append(match)
        elif run:
            yield run
            run = []
    if run:
        yield run


def _classify(
    text: str, match: re.Match[str], res: Resource, common: Callable[[str], bool]
) -> _Word:
    word = _POSSESSIVE.sub("", match.group())
    end = match.start() + len(word)
    if _CONTRACTION.search(word):
        kind = "other"
    elif word in TITLES or f"{word}." in TITLES:
        kind = "title"
    elif word in _PARTICLES:
        kind = "particle"
    elif word in STOP_NAMES:
        kind = "name"
    elif _never_a_name(word):
        kind = "other"
    elif res.is_name(word):
        kind = "name"
    elif word in res.places:
        kind = "place"
    else:
        kind = "unknown"
    is_common = common(word.lower())
    return _Word(match.start(), end, word, kind, is_common)


def _never_a_name(word: str) -> bool:
    """Service words, brands, stop words, numbers and acronyms (`HCAs`)."""
    acronym = len(word) > 1 and (word.isupper() or word[:-1].isupper())
    return (
        is_service_word(word)
        or word in BRANDS
        or word.lower() in STOP_WORDS
        or word in _NUMBERS
        or acronym
    )


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before.endswith("\n") or before.endswith(_SENTENCE_END)


def _run_findings(text: str, words: list[_Word], lower: frozenset[str]) -> Iterator[Finding]:
    """Decide word by word, then join neighbours of one category into one finding."""
    hits = {"name", "place", "title", "particle"}
    all_names = all(w.kind in hits for w in words)
    flagged: list[tuple[_Word, str, str]] = []
    for index, word in enumerate(words):
        previous = words[index - 1] if index else None
        opens = index == 0 and _opens_sentence(text, word.start)
        initial = opens or word.after_opener
        after_title = previous is not None and previous.kind == "title"
        cue = _NAME_CUES.search(text, max(0, word.start - 12), word.start) is not None
        neighbours = [
            w for w in words[max(0, index - 1) : index + 2] if w is not word and w.kind in hits
        ]
        if word.kind in ("name", "place"):
            speech = _SPEECH.match(text, _match_end(text, word)) is not None
            strong = (not word.common and word.text not in STOP_NAMES) or after_title or cue
            strong = strong or (speech and len(words) == 1)
            paired = all_names and any(w.kind in ("name", "place") for w in neighbours)
            if strong or paired or (all_names and not initial):
                flagged.append((word, _category(text, word, words), _why(word)))
        elif word.kind == "unknown" and (
            after_title or cue or (_speaks(text, word, words, lower) and not word.common)
        ):
            flagged.append((word, "person", "rule: name after a title or 'called'"))
        elif word.kind == "unknown" and not word.common and _beside_a_name(words, index):
            flagged.append((word, "person", "rule: surname beside a listed name"))
        elif (
            word.kind == "unknown"
            and not opens
            and not word.common
            and len(word.text) > 2
            and word.text.lower() not in lower
            and "-" not in word.text
        ):
            flagged.append((word, _category(text, word, words), "rule: unknown proper noun"))
    yield from _join(text, flagged)


def _beside_a_name(words: list[_Word], index: int) -> bool:
    """An unlisted word in a run of two or three with a listed name (`Temitope Adebanjo-Lewis`,
    `Folake Odunsi`): the rest of a person's name."""
    if not 2 <= len(words) <= 3:
        return False
    others = [w for i, w in enumerate(words) if i != index]
    return any(w.kind == "name" for w in others) and all(
        w.kind in ("name", "unknown", "particle") for w in others
    )


def _speaks(text: str, word: _Word, words: list[_Word], lower: frozenset[str]) -> bool:
    """A lone capitalised word that says or does something (`Chuks and I`, `Aga, my deputy`,
    and, when the text never uses it in lower case, `Shabs did the data`)."""
    if len(words) != 1:
        return False
    end = _match_end(text, word)
    if _SPEECH.match(text, end) is not None:
        return True
    return word.text.lower() not in lower and _DOES.match(text, end) is not None


def _match_end(text: str, word: _Word) -> int:
    """Where the word ends in the text, past a possessive."""
    tail = re.compile(r"['’]s?").match(text, word.end)
    return tail.end() if tail else word.end


def _category(text: str, word: _Word, words: list[_Word]) -> str:
    """Place when the word is only a place, or a place name after `in`/`from`/...; else person."""
    before = re.findall(r"[A-Za-z]+", text[max(0, words[0].start - 15) : words[0].start])
    cued = bool(before) and before[-1].lower() in _PLACE_CUES
    if word.kind == "place":
        return "place"
    if word.kind == "name" and word.text not in resource().places:
        return "person"
    return "place" if cued else "person"


def _why(word: _Word) -> str:
    return "names resource" if word.kind == "name" else "gazetteer (places)"


def _join(text: str, flagged: list[tuple[_Word, str, str]]) -> Iterator[Finding]:
    """Adjacent flagged words of one category become one finding (`Chiamaka Obi`)."""
    group: list[tuple[_Word, str, str]] = []
    for item in flagged:
        if group:
            gap = text[group[-1][0].end : item[0].start].strip()
            if item[1] != group[-1][1] or (gap and gap not in _PARTICLES):
                yield _finding(group)
                group = []
        group.append(item)
    if group:
        yield _finding(group)


def _finding(group: list[tuple[_Word, str, str]]) -> Finding:
    reasons = sorted({why for _w, _c, why in group})
    return Finding(group[0][0].start, group[-1][0].end, group[0][1], "names", "; ".join(reasons))
