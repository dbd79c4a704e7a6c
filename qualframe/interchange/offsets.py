"""Selection offsets from other tools, turned into code points of qualframe's stored text.

The standard counts Unicode code points from 0; NVivo for Windows counts UTF-16 code units
(an emoji is 2). The two agree until the first character outside the Basic Multilingual Plane,
so only such texts need a decision: whichever unit puts more selection edges on word
boundaries (and, where the selection carries its text as its name, finds that text) wins; a
tie goes to the standard. Stored text has LF line endings, so offsets counted over CRLF text
are moved back by the carriage returns before them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

CODE_POINTS = "code points"
UTF16 = "UTF-16 code units"


@dataclass(frozen=True, slots=True)
class Conversion:
    """How one source's offsets map to stored-text offsets."""

    unit: str
    astral: list[int]  # UTF-16 positions of characters outside the BMP (UTF16 only)
    carriage: list[int]  # code-point positions of the CR of each CRLF

    def point(self, offset: int, *, end: bool = False) -> int:
        """A file offset as a code point of the LF text; inside a surrogate pair or a CRLF
        it rounds outward so the selection never loses a character."""
        if self.unit == UTF16:
            before = bisect_left(self.astral, offset - 1)  # pairs wholly before `offset`
            if before < len(self.astral) and self.astral[before] == offset - 1:
                offset = offset - 1 - before + (1 if end else 0)  # between the two halves
            else:
                offset -= before
        return offset - bisect_left(self.carriage, offset)


CRLF = re.compile("\r\n")
ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    return len(text) if text.isascii() else len(text) + len(ASTRAL.findall(text))


def _astral_positions(text: str) -> list[int]:
    """UTF-16 positions of the characters that take two code units."""
    return [m.start() + shift for shift, m in enumerate(ASTRAL.finditer(text))]


def _boundary(text: str, index: int) -> bool:
    if index <= 0 or index >= len(text):
        return True
    return not (text[index - 1].isalnum() and text[index].isalnum())


def _score(text: str, spans: list[tuple[int, int, str]], conv: Conversion) -> int:
    """How many selection edges land on word boundaries (and names found) under `conv`."""
    score = 0
    for start, end, name in spans:
        a, b = conv.point(start), conv.point(end, end=True)
        if not 0 <= a <= b <= len(text):
            score -= 10
            continue
        score += _boundary(text, a) + _boundary(text, b)
        hint = name.rstrip("…").strip()
        if len(hint) > 8 and text[a:b].strip().startswith(hint[:40]):
            score += 3
    return score


def detect(raw: str, spans: list[tuple[int, int, str]]) -> tuple[Conversion, str]:
    """The conversion for `raw` (the file's text, CRLF as written) and the LF text.

    `spans` are (start, end, name) as the file gives them."""
    carriage = [m.start() for m in CRLF.finditer(raw)] if "\r" in raw else []
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if carriage or "\r" in raw else raw
    standard = Conversion(CODE_POINTS, [], carriage)
    if not spans or raw.isascii() or not ASTRAL.search(raw):
        return standard, text
    utf16 = Conversion(UTF16, _astral_positions(raw), carriage)
    best = max((standard, utf16), key=lambda conv: _score(raw, spans, _raw_view(conv)))
    return best, text


def _raw_view(conv: Conversion) -> Conversion:
    """The same unit, without the CRLF step: scoring looks at the raw text."""
    return Conversion(conv.unit, conv.astral, [])
