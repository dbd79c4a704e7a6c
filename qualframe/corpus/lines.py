"""Line numbers of a stored text: the one way offsets become `l.N` references.

Lines are counted as the stored text has them (1-based, split at `\n` only), which is what
chart references, the reader's gutter, the disagreement view and the anonymisation report
all cite. Offsets are code points. A text's line starts are computed once and searched with a
bisect, so numbering many passages of one text costs a scan plus a lookup each.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

NEWLINE = re.compile("\n")


def line_starts(text: str) -> list[int]:
    """The offset where each line begins (the first is 0)."""
    return [0, *(m.end() for m in NEWLINE.finditer(text))]


def line_of(starts: Sequence[int], offset: int) -> int:
    """The 1-based line holding `offset`."""
    return bisect_right(starts, offset)


def position(starts: Sequence[int], offset: int) -> tuple[int, int]:
    """The 1-based line and column of `offset`."""
    line = line_of(starts, offset)
    return line, offset - starts[line - 1] + 1


def line_span(starts: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """The first and last line of the passage `start`..`end` (end exclusive: a passage ending
    just after a line break does not reach the next line)."""
    return line_of(starts, start), line_of(starts, max(start, end - 1))


def line_label(first: int, last: int) -> str:
    """`l.4` or `l.4–6`, as chart references write a passage's lines."""
    return f"l.{first}" if first == last else f"l.{first}–{last}"
