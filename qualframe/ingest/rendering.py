"""Timed and chat formats rendered as stored text: `Speaker: text` turns, one blank line apart.

Captions, meeting transcripts and chat logs carry no text layout worth keeping, so the data
contract gives them one: a reader sees who speaks, and times live in turn metadata only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from qualframe.ingest.model import Turn

UNKNOWN_SPEAKER = "Unknown"
"""The label written for an utterance whose speaker the source does not name (speaker None)."""

TURN_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Utterance:
    """What one turn will hold before it has offsets: its speaker, words and metadata."""

    speaker: str | None
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


def render_turns(utterances: Sequence[Utterance], preamble: str = "") -> tuple[str, list[Turn]]:
    """The stored text and its turns; `preamble` is untagged text kept above the first turn."""
    parts: list[str] = [preamble] if preamble else []
    turns: list[Turn] = []
    length = len(preamble)
    for utterance in utterances:
        if parts:
            parts.append(TURN_SEPARATOR)
            length += len(TURN_SEPARATOR)
        label = f"{utterance.speaker or UNKNOWN_SPEAKER}: "
        start, length = length, length + len(label) + len(utterance.text)
        parts.append(label + utterance.text)
        turns.append(Turn(start, length, utterance.speaker, start + len(label), utterance.meta))
    return "".join(parts), turns
