"""Zoom's plain-text exports: the meeting chat and the saved closed captions.

Both are `.txt` files a researcher imports beside the interview, but their lines are
`HH:MM:SS<TAB>Name:<TAB>text` or `HH:MM:SS text`, not speaker turns; read as plain text the
times would end up in the quotes. They are recognised by their lines (at least 80% of the
non-empty lines after the first, which may be a header), and rendered like timed formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from qualframe.ingest.model import ParsedDocument
from qualframe.ingest.rendering import Utterance, render_turns

ZoomFormat = Literal["zoom-chat", "zoom-cc-txt"]

_LINE_PATTERNS: dict[ZoomFormat, re.Pattern[str]] = {
    "zoom-chat": re.compile(r"(?P<time>\d{2}:\d{2}:\d{2})\t(?P<name>[^\t]+):(?:\t(?P<text>.*))?"),
    "zoom-cc-txt": re.compile(r"(?P<time>\d{2}:\d{2}:\d{2}) (?P<text>.*)"),
}
_KINDS: dict[ZoomFormat, str] = {"zoom-chat": "chat", "zoom-cc-txt": "captions"}
_MOSTLY = 0.8


@dataclass(slots=True)
class _Message:
    """One timed line and the untimed lines that continue it."""

    begin: str
    speaker: str | None
    lines: list[str] = field(default_factory=list)


def detect_zoom_format(text: str) -> ZoomFormat | None:
    """Which Zoom export `text` is, if at least 80% of its lines after the first fit one."""
    lines = [line for line in text.split("\n") if line.strip()][1:]
    for zoom_format, pattern in _LINE_PATTERNS.items():
        fitting = sum(1 for line in lines if pattern.fullmatch(line))
        if lines and fitting >= _MOSTLY * len(lines):
            return zoom_format
    return None


def read_zoom_txt(
    text: str, zoom_format: ZoomFormat, front_matter: dict[str, Any]
) -> ParsedDocument:
    """One turn per message or caption line; untimed lines before the first stay as plain text.

    Chat messages keep their sender as speaker and reactions (`Reacted to "..." with 👍`) as
    their own turns; caption lines have no speaker. An untimed line after a timed one continues
    it (a chat message over several lines).
    """
    pattern = _LINE_PATTERNS[zoom_format]
    preamble: list[str] = []
    messages: list[_Message] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        match = pattern.fullmatch(line)
        if match is not None:
            speaker = match["name"].strip() if zoom_format == "zoom-chat" else None
            words = match["text"] or ""  # an empty last message lost its tab to the body's rstrip
            messages.append(_Message(match["time"], speaker, [words.strip()]))
        elif messages:
            messages[-1].lines.append(line.strip())
        else:
            preamble.append(line.rstrip())
    utterances = [
        Utterance(message.speaker, "\n".join(filter(None, message.lines)), {"begin": message.begin})
        for message in messages
        if any(message.lines)
    ]
    stored, turns = render_turns(utterances, "\n".join(preamble))
    return ParsedDocument(
        text=stored,
        turns=turns,
        front_matter=front_matter,
        kind=_KINDS[zoom_format],
        source_format=zoom_format,
    )
