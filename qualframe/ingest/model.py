"""What a reader hands to the importer: the stored text and its speaker turns.

Readers are pure (no database, no spaCy): they decode, parse and render the data contract's
stored text; the importer adds sentences and writes everything in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker turn: `text[start:end]` is the whole `Speaker: text`.

    `utterance_start` is where the spoken words begin (after the label); `speaker` is the label
    as written in the source (None for untagged text); `meta` keeps cue times and ids for timed
    formats (never put into the text).
    """

    start: int
    end: int
    speaker: str | None
    utterance_start: int
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ParsedDocument:
    """A transcript as read from one file, before it touches the database."""

    text: str
    turns: list[Turn]
    front_matter: dict[str, Any]
    kind: str  # interview | focus_group | meeting | chat | captions
    source_format: str  # txt | md | docx | vtt | srt | zoom-chat | zoom-cc-txt
    warnings: list[str] = field(default_factory=list)
