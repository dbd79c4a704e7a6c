"""Residual identifiers in transcript text, found by rules that need no model.

Rules find what has a shape (email addresses, phone numbers, NHS numbers with a valid check
digit, postcodes, dates near "born" or "date of birth", names ending in Hospital or Trust);
lexicons find what the project already knows (a participant register, the originals of an
anonymisation key, real names used as speaker labels); `qualframe.gate.entities` adds a trained
model's people, places and organisations when one is installed. Placeholders a transcriber
already put in (`[Person 1]`, `Hospital A`, `P13`) are never findings. Every detector returns
`Finding`s as character offsets, so the caller decides whether to print a position or replace
the span; none of them keeps the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

CATEGORIES: dict[str, str] = {
    "person": "Person",
    "hospital": "Hospital",
    "place": "Location",
    "organisation": "Organisation",
    "email": "Email",
    "phone": "Phone",
    "nhs_number": "NHS number",
    "postcode": "Postcode",
    "date_of_birth": "Date of birth",
}
"""Finding categories and the word their placeholders use (`[Hospital A]`)."""

SOURCES = ("speaker", "list", "rule", "ner", "names")
"""Where a finding came from, strongest first: when two overlap, the earlier source decides."""


@dataclass(frozen=True, slots=True)
class Finding:
    """An identifier at `text[start:end]`; `source` is one of SOURCES and `detail` says more
    about why (the NER label, the list or rule that fired)."""

    start: int
    end: int
    category: str
    source: str
    detail: str = ""


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --- placeholders ------------------------------------------------------------------------------

_PLACEHOLDER_WORDS = (
    "Person|Participant|Interviewee|Interviewer|Respondent|Speaker|Staff|Patient|Hospital|"
    "Trust|Site|Location|Place|Town|City|Region|Organisation|Organization|Unit|Ward|Team|Clinic|"
    "School|Company|Practice|Name|Email|Phone|Postcode|NHS number|Date of birth"
)
PLACEHOLDER = re.compile(
    rf"\[[^\[\]\n]{{1,40}}\]"
    rf"|\b(?:{_PLACEHOLDER_WORDS})[ ]?(?:\d{{1,3}}|(?!I\b)[A-Z]{{1,2}})\b(?![’'&-])"
    rf"|\b[A-Z]{{1,3}}\d{{1,3}}\b"
)
"""What anonymisation already left: `[Person 1]`, `[redacted]`, `Hospital A`, `P13`, `FG2`."""


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in PLACEHOLDER.finditer(text)]


# --- rules -------------------------------------------------------------------------------------

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(0\)[ .-]?)?|\(0|0)\d[\d ().-]{7,15}\d(?![\w])"
)
NHS_NUMBER = re.compile(r"(?<![\w.])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w]|[.,]\d)")
NHS_CONTEXT = re.compile(r"\bNHS\s*(?:no\.?|number|#)?[\s:]*$", re.I)
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?) ?\d[ABD-HJLNP-UW-Z]{2})\b"
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})\b"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {_MONTH}(?:,? (?:19|20)\d{{2}})?\b"
    rf"|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:,? (?:19|20)\d{{2}})?\b"
    rf"|(?:19|20)\d{{2}}\b"
)
DATE_OF_BIRTH = re.compile(
    rf"(?:\bborn\b|\bd\.?o\.?b\b\.?|\bdate of birth\b|\bbirth ?date\b|\bbirthday\b)"
    rf"[^.?!\n\d]{{0,30}}?"
    rf"(?P<date>{_DATE})",
    re.I,
)
_ORG_SUFFIX = (
    r"Hospitals?|Infirmary|(?:Medical|Health) Centre|Health ?care|Hospice|Surgery|"
    r"(?:NHS )?(?:Foundation )?Trust|Health Board|Clinical Commissioning Group|CCG|ICB|"
    r"Integrated Care Board|Ambulance Service|Council|University|College|School|"
    r"Primary Care Network"
)
_HOSPITAL_SUFFIX = re.compile(
    r"(?:Hospitals?|Infirmary|(?:Medical|Health) Centre|Hospice|Surgery|Trust|Health Board|"
    r"Health ?care)$"
)
NAMED_ORGANISATION = re.compile(
    rf"(?:(?:St\.?|Saint) )?(?:[A-Z][\w’'&-]*(?: (?:and|of|on|upon|the|&))* ){{1,6}}?"
    rf"(?:{_ORG_SUFFIX})\b"
)
ORGANISATION_OF = re.compile(
    r"\b(?:(?:Royal )?(?:University|Universities|Hospitals?|Infirmary|Trust)|University Hospitals?)"
    r" of (?:the )?(?:[A-Z][\w’'-]+)(?: (?:and )?[A-Z][\w’'-]+){0,2}"
)
"""The other word order: `University Hospitals of Leicester`, `Royal Infirmary of Edinburgh`."""
_LEADING = _word_set(
    "The A An At In On To From For With By Of And But So Then When While If Because As Our "
    "Their My Your His Her Its This That These Those We I They He She It You Yes No Well Oh Um "
    "Er Like Even Also Just Only Every Each Some Any All Both Once Now Yeah Okay OK Sure Actually "
    "Basically Honestly Obviously Apparently Meanwhile Mostly Most Local Another Other"
)
_GENERIC = _word_set(
    "District General Teaching Acute Community University Universities Foundation Royal NHS "
    "Regional Local National County City Central Specialist Children's Women's Mental Health "
    "Care Primary Private Independent Stroke Cancer Eye Dental Medical Trust Trusts Hospital "
    "Hospitals Big Small Smaller Larger Large New Old Main Partner Member Host Lead Neighbouring "
    "Other Same Different Model Virtual"
)


def nhs_check_digit_ok(digits: str) -> bool:
    """Modulus 11 check of a 10-digit NHS number: weights 10..2 over the first nine digits;
    11 - (sum mod 11) is the check digit (11 becomes 0; 10 means no valid number)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def rule_findings(text: str) -> list[Finding]:
    """Every identifier the rules find in `text` (overlaps are resolved later)."""
    found: list[Finding] = []
    found.extend(Finding(*m.span(), "email", "rule") for m in EMAIL.finditer(text))
    nhs_spans = set()
    for match in NHS_NUMBER.finditer(text):
        digits = match.group(1) + match.group(3) + match.group(4)
        context = NHS_CONTEXT.search(text, max(0, match.start() - 20), match.start())
        if nhs_check_digit_ok(digits) or context is not None:
            found.append(Finding(*match.span(), "nhs_number", "rule"))
            nhs_spans.add(match.span())
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group().replace("(0)", ""))
        plus = match.group().startswith("+")
        if match.span() not in nhs_spans and (
            10 <= len(digits) <= 13 if plus else 10 <= len(digits) <= 11
        ):
            found.append(Finding(*match.span(), "phone", "rule"))
    found.extend(Finding(*m.span(), "postcode", "rule") for m in POSTCODE.finditer(text))
    found.extend(
        Finding(*m.span("date"), "date_of_birth", "rule") for m in DATE_OF_BIRTH.finditer(text)
    )
    found.extend(_named_organisations(text))
    return found


def _named_organisations(text: str) -> Iterator[Finding]:
    """`Royal Derby Hospital`, `Leeds Teaching Hospitals NHS Trust`, `Barnsley Council`: a
    name ending in an organisation word, unless every word before that is generic."""
    for match in NAMED_ORGANISATION.finditer(text):
        start, words = match.start(), match.group().split(" ")
        while words and words[0] in _LEADING:
            start += len(words.pop(0)) + 1
        suffix = re.search(rf"(?:{_ORG_SUFFIX})$", match.group())
        assert suffix is not None
        head = text[start : match.start() + suffix.start()].split()
        if not head or all(word in _GENERIC or not word[:1].isupper() for word in head):
            continue
        category = "hospital" if _HOSPITAL_SUFFIX.search(match.group()) else "organisation"
        yield Finding(start, match.end(), category, "rule")
    for match in ORGANISATION_OF.finditer(text):
        category = (
            "organisation"
            if match.group().startswith("Univ") and "Hospital" not in match.group()
            else "hospital"
        )
        yield Finding(*match.span(), category, "rule")


# --- speaker labels ----------------------------------------------------------------------------

_TIME = r"(?:\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[ \t]+)"
LINE_LABEL = re.compile(
    rf"^[ \t]*{_TIME}?(?P<label>[^\W\d_][\w’'. -]{{0,48}}?)[ \t]*:(?=[ \t]|$)", re.M
)
VOICE_TAG = re.compile(r"<v(?:\.[\w.-]+)*[ \t]+(?P<label>[^>\n]+?)[ \t]*>")
TITLES = _word_set(
    "Dr Dr. Mr Mr. Mrs Mrs. Ms Ms. Miss Prof Prof. Professor Sister Nurse Matron Sir Dame "
    "Lady Lord Rev Rev."
)
_PARTICLES = _word_set("van von de der den du da di la le al el bin ben ibn")
_NOT_NAMES = _word_set(
    "interviewer interviewee facilitator moderator researcher respondent participant speaker "
    "person chair host co-host observer notetaker note notes name age role date time location "
    "site question answer q a i r int unknown everyone all group transcript summary comment "
    "title subject re action update agenda minutes present apologies attendees key total "
    "example theme code case kind organisation organization speakers translator interpreter "
    "audience panel member members staff nurse doctor manager consultant clinician patient "
    "carer family admin team lead coordinator"
)
_NAME_WORD = re.compile(r"[A-Z][\w’'.-]*")


def is_name_label(label: str) -> bool:
    """Does a speaker label look like a person's name rather than a role or a placeholder?

    Capitalised words (titles and particles such as `van` allowed), at most four, none of them
    a role word (`Interviewer 2`, `Note`, `Speaker 1` are roles) and no digits (`P13`)."""
    words = label.split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in label):
        return False
    if PLACEHOLDER.fullmatch(label):
        return False
    names = [word for word in words if word not in TITLES]
    if not names or any(word.lower().strip(".") in _NOT_NAMES for word in names):
        return False
    return all(_NAME_WORD.fullmatch(word) or word in _PARTICLES for word in names) and any(
        _NAME_WORD.fullmatch(word) and len(word.strip(".")) > 1 for word in names
    )


def _strip_title(text: str, start: int, end: int) -> int:
    """Move `start` past leading titles (`Dr. Melissa Ko` keeps `Dr.` and loses the name)."""
    while True:
        word = re.match(r"\S+", text[start:end])
        if word is None or word.group() not in TITLES or word.end() >= end - start:
            return start
        start += word.end()
        while start < end and text[start] == " ":
            start += 1


def speaker_findings(text: str) -> list[Finding]:
    """Real names used as speaker labels: VTT voice tags (`<v Sarah Jones>`) and line prefixes
    (`Sarah Jones:`, Zoom's `00:05:16<TAB>Sarah Jones:`). A one-word prefix must recur as a
    label in the text to count (`Sarah:` twice, not `Note:` once)."""
    found: list[Finding] = []
    for match in VOICE_TAG.finditer(text):
        label = match.group("label")
        if is_name_label(label):
            start, end = match.span("label")
            found.append(Finding(_strip_title(text, start, end), end, "person", "speaker"))
    prefixes = [m for m in LINE_LABEL.finditer(text) if is_name_label(m.group("label"))]
    counts = Counter(m.group("label") for m in prefixes)
    for match in prefixes:
        label = match.group("label")
        if len(label.split()) > 1 or counts[label] > 1:
            start, end = match.span("label")
            found.append(Finding(_strip_title(text, start, end), end, "person", "speaker"))
    return found


def speaker_names(text: str) -> set[str]:
    """The names that speaker labels reveal, to be searched for in the rest of the corpus."""
    return {text[f.start : f.end] for f in speaker_findings(text)}


# --- lexicons ----------------------------------------------------------------------------------


class Lexicon:
    """Known identifiers (a participant register, a key's originals, speaker names).

    A whole entry matches in any case; each part of a person's name of three letters or more
    also matches on its own, capitalised as written (`Jones` from `Sarah Jones`, but not the
    verb `will` from `Will Hart`)."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self.categories: dict[str, str] = {}
        parts: dict[str, str] = {}
        for text, category in entries:
            key = " ".join(text.split())
            if len(key) < 2:
                continue
            self.categories.setdefault(key.casefold(), category)
            if category == "person":
                for part in key.split():
                    if len(part) >= 3 and part not in TITLES and part[:1].isupper():
                        parts.setdefault(part, category)
        self.parts = parts
        self._whole = _alternation(self.categories, re.I)
        self._parts = _alternation(parts, 0)

    def __len__(self) -> int:
        return len(self.categories)

    def findings(self, text: str) -> list[Finding]:
        found = []
        if self._whole is not None:
            for match in self._whole.finditer(text):
                category = self.categories[" ".join(match.group().split()).casefold()]
                found.append(Finding(*match.span(), category, "list"))
        if self._parts is not None:
            found.extend(
                Finding(*m.span(), self.parts[m.group()], "list")
                for m in self._parts.finditer(text)
            )
        return found


def _alternation(words: Iterable[str], flags: int) -> re.Pattern[str] | None:
    """One regex for many words, longest first, whole words only, any whitespace inside."""
    ordered = sorted(set(words), key=len, reverse=True)
    if not ordered:
        return None
    body = "|".join(r"\s+".join(map(re.escape, word.split())) for word in ordered)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", flags)


def parse_identifier_list(text: str, path: str) -> list[tuple[str, str]]:
    """An identifier list: one per line, `category: text` or just a name (a person);
    blank lines and `#` comments ignored. Returns (text, category) pairs."""
    from qualframe.errors import UserError

    entries = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        category, sep, value = line.partition(":")
        if sep and category.strip().lower().replace(" ", "_") in CATEGORIES:
            category, line = category.strip().lower().replace(" ", "_"), value.strip()
        elif sep and " " not in category.strip():
            raise UserError(
                f"unknown category {category.strip()!r} (use one of {', '.join(CATEGORIES)})",
                path=path,
                line=number,
            )
        else:
            category = "person"
        if line:
            entries.append((line, category))
    return entries


# --- overlaps ----------------------------------------------------------------------------------


NAMES = frozenset({"person", "place", "organisation", "hospital"})
"""Categories a placeholder can stand in for; an email or postcode is never a placeholder."""

ALWAYS_ALLOWED = frozenset(
    term.casefold()
    for term in (
        "NHS",
        "NHS England",
        "NHS Improvement",
        "NHS Digital",
        "NHS Wales",
        "NHS Scotland",
        "CQC",
        "NICE",
        "GIRFT",
        "SSNAP",
        "Care Quality Commission",
        "Health Foundation",
        "Department of Health",
        "Public Health England",
        "Royal College of Physicians",
        "Royal College of Nursing",
        "WhatsApp",
        "Zoom",
        "Teams",
        "Microsoft Teams",
        "Excel",
        "Google",
        "Twitter",
        "Facebook",
        "Covid",
        "COVID-19",
        "Brexit",
        "England",
        "Britain",
        "UK",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "Institute for Healthcare Improvement",
        "IHI",
        "Nuffield Trust",
        "Wellcome Trust",
        "King's Fund",
        "The King's Fund",
        "Model Hospital",
    )
)
"""National bodies, tools and countries: named in talk, but they identify nobody."""


def resolve(
    findings: Iterable[Finding], text: str, allowed: frozenset[str] = frozenset()
) -> list[Finding]:
    """Non-overlapping findings in order: names inside placeholders and allowed terms dropped,
    then the longest span wins, and between equal spans the stronger source (SOURCES order)."""
    masks = placeholder_spans(text)
    mask_ends = [end for _start, end in masks]
    rank = {source: index for index, source in enumerate(SOURCES)}
    allowed = allowed | ALWAYS_ALLOWED
    pattern = _allowed_pattern(allowed)
    terms = [m.span() for m in pattern.finditer(text)] if pattern is not None else []
    candidates = sorted(
        (
            f
            for f in findings
            if f.end > f.start
            and text[f.start : f.end].strip().casefold() not in allowed
            and not (f.category in NAMES and _masked(f, masks, mask_ends))
            and not (f.category in NAMES and _within(f, terms))
        ),
        key=lambda f: (-(f.end - f.start), rank[f.source], f.start),
    )
    starts: list[int] = []
    taken: list[Finding] = []
    for finding in candidates:
        index = bisect_left(starts, finding.end)
        if index and taken[index - 1].end > finding.start:
            continue
        starts.insert(index, finding.start)
        taken.insert(index, finding)
    return taken


@lru_cache(maxsize=8)
def _allowed_pattern(allowed: frozenset[str]) -> re.Pattern[str] | None:
    """Allowed terms as one case-insensitive pattern: a name inside one (`Nuffield` in the
    `Nuffield Trust`) is allowed too."""
    return _alternation((term for term in allowed if " " in term), re.I)


def _within(finding: Finding, spans: list[tuple[int, int]]) -> bool:
    return any(start <= finding.start and finding.end <= end for start, end in spans)


def _masked(finding: Finding, masks: list[tuple[int, int]], ends: list[int]) -> bool:
    index = bisect_right(ends, finding.start)
    return index < len(masks) and masks[index][0] < finding.end
