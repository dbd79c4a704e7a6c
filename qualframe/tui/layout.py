"""Where each character of a transcript goes on screen: display rows and their offsets.

Pure functions over offsets, with no Textual in them, so they are tested on their own. The
transcript view asks this module which rows exist (to draw only the visible ones); `overlay`
places the codings on them. Rows keep their offsets into the stored text, so a mouse position maps
back to an exact code point and a coded passage maps forward to the rows that show it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

RowKind = Literal["label", "text", "gap"]
WORD = re.compile(r"\S+")

#: Indentation of a turn's utterance under its speaker label.
TURN_INDENT = 2


@dataclass(frozen=True, slots=True)
class Turn:
    """A speaker turn: its whole `Speaker: text` span and where the utterance starts."""

    start: int
    end: int
    speaker: str | None
    utterance_start: int
    case: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One display row: `text[start:end]` drawn `indent` cells in.

    `line` is the stored text's 1-based line number, set on the row where a stored line
    begins (the references in charts cite these lines); `turn` indexes the turn the row shows.
    """

    start: int
    end: int
    kind: RowKind
    line: int | None = None
    turn: int | None = None
    indent: int = 0


class Mark(NamedTuple):
    """A coding as the reader draws it; `color` indexes the code palette, `memos` counts the
    memos on it (its margin label carries a ✎). A named tuple: a long transcript has a
    thousand of these, rebuilt after every change."""

    id: int
    start: int
    end: int
    code: str
    name: str
    coder: str | None
    color: int
    memos: int = 0


def layout_rows(text: str, turns: Sequence[Turn], width: int) -> list[Row]:
    """Rows for `text` wrapped at `width` cells: each turn as a label row then its utterance,
    runs of blank lines as one gap row. Linear in the text length."""
    width = max(8, width)
    rows: list[Row] = []
    turn_index = 0
    gap_at: int | None = None
    position, line_number, length = 0, 1, len(text)
    while position <= length:
        line_end = text.find("\n", position)
        if line_end < 0:
            line_end = length
        while turn_index < len(turns) and turns[turn_index].end <= position:
            turn_index += 1
        if not text[position:line_end].strip():
            if rows and gap_at is None:
                gap_at = position
        else:
            if gap_at is not None:
                rows.append(Row(gap_at, gap_at, "gap"))
                gap_at = None
            turn = turns[turn_index] if turn_index < len(turns) else None
            if turn is not None and position <= turn.start < line_end:
                _turn_rows(text, turn, turn_index, position, line_end, line_number, width, rows)
            else:
                inside = turn is not None and turn.start < position
                indent = TURN_INDENT if inside else 0
                _wrap(
                    text,
                    position,
                    line_end,
                    width - indent,
                    line_number,
                    turn_index if inside else None,
                    indent,
                    rows,
                )
        position = line_end + 1
        line_number += 1
    return rows


def _turn_rows(
    text: str,
    turn: Turn,
    index: int,
    line_start: int,
    line_end: int,
    line_number: int,
    width: int,
    rows: list[Row],
) -> None:
    if turn.start > line_start:  # untagged words before the label on the same line
        _wrap(text, line_start, turn.start, width, line_number, None, 0, rows)
        line_number_for_label: int | None = None
    else:
        line_number_for_label = line_number
    label = text[turn.start : turn.utterance_start].rstrip().rstrip(":").rstrip()
    rows.append(Row(turn.start, turn.start + len(label), "label", line_number_for_label, index))
    body_start = max(turn.utterance_start, turn.start + len(label))
    while body_start < line_end and text[body_start] in " \t:":
        body_start += 1
    if body_start < line_end:
        _wrap(text, body_start, line_end, width - TURN_INDENT, None, index, TURN_INDENT, rows)


def _wrap(
    text: str,
    start: int,
    end: int,
    width: int,
    line_number: int | None,
    turn: int | None,
    indent: int,
    rows: list[Row],
) -> None:
    """Greedy word wrap of `text[start:end]` (one stored line, no newline in it)."""
    width = max(4, width)
    position, first = start, True
    while position < end:
        if not first:
            while position < end and text[position] == " ":
                position += 1
            if position >= end:
                break
        if end - position <= width:
            cut = following = end
        else:
            cut = text.rfind(" ", position + 1, position + width + 1)
            if cut <= position:
                cut = following = position + width
            else:
                following = cut + 1
        rows.append(Row(position, cut, "text", line_number if first else None, turn, indent))
        first = False
        position = following


def row_starts(rows: Sequence[Row]) -> list[int]:
    return [row.start for row in rows]


def row_at(starts: Sequence[int], offset: int) -> int:
    """Index of the row showing `offset` (or the row before a gap in the display)."""
    return max(0, bisect_right(starts, offset) - 1)


def sentence_at(starts: Sequence[int], ends: Sequence[int], offset: int) -> int:
    """The sentence holding `offset`, else the next one (a click on a speaker label lands on
    the turn's first sentence), else the last."""
    if not starts:
        return 0
    index = bisect_right(starts, offset) - 1
    if index >= 0 and offset < ends[index]:
        return index
    return min(index + 1, len(starts) - 1)


def fallback_sentences(text: str, turns: Sequence[Turn]) -> list[tuple[int, int]]:
    """Cursor stops for a document stored without sentences: each utterance, else each line."""
    if turns:
        return [(t.utterance_start, t.end) for t in turns if t.end > t.utterance_start]
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def next_word_end(text: str, position: int, limit: int) -> int:
    """End of the word after `position` (extending a coding by a word)."""
    match = WORD.search(text, position, limit)
    return match.end() if match else position


def previous_word_end(text: str, floor: int, position: int) -> int:
    """End of the word before the last word of `text[floor:position]` (shrinking by a word)."""
    ends = [m.end() for m in WORD.finditer(text, floor, position)]
    return ends[-2] if len(ends) >= 2 else position


def next_word_start(text: str, position: int, limit: int) -> int:
    """Start of the word after the one at `position` (shrinking a coding from the left)."""
    match = WORD.search(text, position, limit)
    if match is None:
        return position
    following = WORD.search(text, match.end(), limit)
    return following.start() if following else position


def previous_word_start(text: str, floor: int, position: int) -> int:
    """Start of the word before `position` (extending a coding to the left)."""
    starts = [m.start() for m in WORD.finditer(text, floor, position)]
    return starts[-1] if starts else position


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace (a coded passage starts and ends on words)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
