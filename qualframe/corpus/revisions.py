"""Text revisions: a document's text is never edited in place.

A change (a late anonymisation fix, a corrected mishearing) adds a revision; codings and
suggestions move to it with their offsets mapped through the difference between the texts, so
each still holds the same words. A passage deleted entirely loses its coding, and the log says so.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class Block:
    """A stretch of the old text [a0, a1) that became [b0, b1) of the new text."""

    a0: int
    a1: int
    b0: int
    b1: int
    equal: bool


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def diff_blocks(old: str, new: str) -> list[Block]:
    """Character-level correspondence, computed line by line and refined inside changed lines
    (a character-level diff of whole transcripts would be quadratic)."""
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    old_starts = [*_line_starts(old), len(old)]
    new_starts = [*_line_starts(new), len(new)]
    blocks: list[Block] = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a0, a1 = old_starts[i1], old_starts[min(i2, len(old_lines))]
        b0, b1 = new_starts[j1], new_starts[min(j2, len(new_lines))]
        if tag == "equal":
            blocks.append(Block(a0, a1, b0, b1, True))
        elif tag == "replace":
            inner = SequenceMatcher(None, old[a0:a1], new[b0:b1], autojunk=False)
            for itag, x1, x2, y1, y2 in inner.get_opcodes():
                blocks.append(Block(a0 + x1, a0 + x2, b0 + y1, b0 + y2, itag == "equal"))
        else:
            blocks.append(Block(a0, a1, b0, b1, False))
    return blocks


class OffsetMap:
    """Maps offsets of the old text to the new one."""

    def __init__(self, old: str, new: str):
        self.blocks = diff_blocks(old, new)
        self.starts = [block.a0 for block in self.blocks]
        self.new_length = len(new)

    def position(self, offset: int, *, is_start: bool) -> int:
        """Where `offset` lands. At a block boundary it keeps whatever replaced the text next to
        it; strictly inside a changed stretch, a start moves past it and an end before it."""
        index = max(0, bisect_right(self.starts, offset) - 1)
        while index < len(self.blocks) and self.blocks[index].a1 <= offset:
            if self.blocks[index].a0 == offset and self.blocks[index].a1 > offset:
                break
            index += 1
        if index >= len(self.blocks):
            return self.new_length
        block = self.blocks[index]
        if offset <= block.a0:
            return block.b0
        if block.equal:
            return block.b0 + (offset - block.a0)
        return block.b1 if is_start else block.b0

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The new span of a passage, or None when none of it survives."""
        new_start = self.position(start, is_start=True)
        new_end = self.position(end, is_start=False)
        if new_end <= new_start:
            return None
        return new_start, new_end
