"""Printed lines of a transcript: the one line numbering that charts cite and `doc export` prints.

A stored turn of three hundred words is one line of the stored text but a dozen lines on paper,
so a reference such as `l.45` counts lines as a page shows them: each stored line (split at LF)
wrapped at `WIDTH` characters, at a space where one falls within the width, else mid-word; an
empty line is a line. The chart builders (`excerpts.py`) and the transcript exporters
(`transcripts.py`) both number lines through `LineIndex`, so a reference and the page it points
to can never disagree.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

#: Characters per printed line: a line number and 76 characters of 10-point Courier fit the
#: text width of an A4 or US Letter page in portrait.
WIDTH = 76


def wrap_pattern(width: int) -> re.Pattern[str]:
    """A printed line: an empty (or blank) stored line, or from a non-space character as far
    as the last space within `width` characters (else `width` characters of one long word)."""
    return re.compile(
        rf"^[^\S\n]*$|\S(?:[^\n]{{0,{width - 1}}}(?=\s|$)|[^\n]{{{width - 1}}})", re.MULTILINE
    )


LINE = wrap_pattern(WIDTH)


class LineIndex:
    """1-based printed line numbers of offsets into one text."""

    __slots__ = ("starts",)

    def __init__(self, text: str, width: int = WIDTH):
        pattern = LINE if width == WIDTH else wrap_pattern(width)
        self.starts = [match.start() for match in pattern.finditer(text)] or [0]

    def line(self, offset: int) -> int:
        """The printed line holding `offset` (a space where a line was broken belongs to the
        line before it)."""
        return max(1, bisect_right(self.starts, offset))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The lines of the first and last character of `text[start:end]`."""
        return self.line(start), self.line(max(start, end - 1))


def printed_lines(text: str, width: int = WIDTH) -> Iterator[tuple[int, str]]:
    """(number, text) of every printed line, as `doc export` writes them."""
    pattern = LINE if width == WIDTH else wrap_pattern(width)
    for number, match in enumerate(pattern.finditer(text), start=1):
        yield number, match.group().rstrip()
