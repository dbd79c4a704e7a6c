"""WebVTT and SubRip captions (Teams, Zoom, subtitles) to speaker turns.

webvtt-py parses; this module only smooths what real exports get wrong (unpadded times, blank
lines before the header) and decides who speaks each cue: the voice tag `<v Name>` (Teams),
else a `Name: ` prefix (Zoom cloud transcripts), else nobody. A named speaker's consecutive
cues form one turn, because Teams and Zoom cut one utterance into several cues; cues of an
unknown speaker are never merged, since two of them may well be two people.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from qualframe.errors import UserError
from qualframe.ingest.model import ParsedDocument
from qualframe.ingest.rendering import Utterance, render_turns

CaptionFormat = Literal["vtt", "srt"]

_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
_TIMESTAMP = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2})([.,])(\d{1,3})")
_SPACES = re.compile(r"[ \t]+")
_NAME_WORD = r"[^\W\d_](?:[^\W\d_]|[.'’-])*"
_NAME_PREFIX = re.compile(rf"(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{0,4}}): (?P<rest>.*)")
# Lower-case words allowed inside a name, as in "Willem van Asperen".
_NAME_PARTICLE = re.compile(r"al|bin|da|de|del|der|di|dos|du|la|le|ten|ter|van|von")
_FORMAT_NAMES = {"vtt": "WebVTT", "srt": "SubRip (.srt)"}
_FORMAT_HINTS = {
    "vtt": "its first line must start with WEBVTT",
    "srt": "it must start with a cue number and a timing line",
}


@dataclass(frozen=True, slots=True)
class _Cue:
    """One caption, cleaned: its text lines without tags, entities or runs of spaces."""

    identifier: str | None
    begin: str
    end: str
    voice: str | None
    lines: list[str]


@dataclass(slots=True)
class _Run:
    """Consecutive cues of one speaker, growing into one turn."""

    speaker: str | None
    words: list[str]
    begin: str
    end: str
    cues: list[str] = field(default_factory=list)

    def utterance(self) -> Utterance:
        meta = {"begin": self.begin, "end": self.end, "cues": self.cues}
        return Utterance(self.speaker, " ".join(self.words), meta)


def read_captions(text: str, path: str, source_format: CaptionFormat) -> ParsedDocument:
    """A captions file as turns: kind `meeting` if anyone is named, else `captions`."""
    cues, skipped = _parse(text, path, source_format)
    utterances = _utterances(cues)
    if not utterances:
        raise UserError(
            f"no captions with text in this {_FORMAT_NAMES[source_format]} file", path=path
        )
    stored, turns = render_turns(utterances)
    named = any(utterance.speaker is not None for utterance in utterances)
    warnings = [f"{skipped} cue(s) skipped: unreadable timings or no text"] if skipped else []
    return ParsedDocument(
        text=stored,
        turns=turns,
        front_matter={},
        kind="meeting" if named else "captions",
        source_format=source_format,
        warnings=warnings,
    )


def _parse(text: str, path: str, source_format: CaptionFormat) -> tuple[list[_Cue], int]:
    """The cues sorted by start time (stable), and how many timing lines gave no cue."""
    normalised = _normalise(text, source_format)
    try:
        captions = webvtt.from_buffer(io.StringIO(normalised), format=source_format).captions
    except (MalformedFileError, MalformedCaptionError):
        # webvtt-py's own message may quote cue text, which must not reach logs.
        raise UserError(
            f"not a readable {_FORMAT_NAMES[source_format]} file ({_FORMAT_HINTS[source_format]})",
            path=path,
        ) from None
    timing_lines = sum("-->" in line for line in normalised.split("\n"))
    ordered = sorted(captions, key=lambda caption: caption.start_time.in_milliseconds())
    cues = [
        _Cue(
            identifier=caption.identifier,
            begin=caption.start,
            end=caption.end,
            voice=html.unescape(caption.voice).strip() if caption.voice else None,
            lines=[line for line in map(_clean, caption.text.split("\n")) if line],
        )
        for caption in ordered
    ]
    return cues, max(timing_lines - len(captions), 0)


def _normalise(text: str, source_format: CaptionFormat) -> str:
    """Drop blank lines before the header and pad every timestamp of the timing lines.

    VTT fractions are decimals (`.5` is 500 ms) and SRT's are a count of milliseconds (`,5` is
    5 ms), as webvtt-py itself reads them; older webvtt-py releases reject unpadded times.
    """
    separator = "." if source_format == "vtt" else ","

    def pad(match: re.Match[str]) -> str:
        hours, minutes, seconds, _, fraction = match.groups()
        millis = fraction.ljust(3, "0") if source_format == "vtt" else fraction.rjust(3, "0")
        return f"{int(hours or 0):02d}:{int(minutes):02d}:{int(seconds):02d}{separator}{millis}"

    lines = _LEADING_BLANK_LINES.sub("", text).split("\n")
    return (
        "\n".join(_TIMESTAMP.sub(pad, line, count=2) if "-->" in line else line for line in lines)
        + "\n"
    )


def _clean(line: str) -> str:
    """One line of cue text (tags already stripped) with entities decoded and spaces collapsed.

    Only spaces and tabs collapse: a no-break space (U+00A0) is the transcriber's and stays.
    """
    return _SPACES.sub(" ", html.unescape(line)).strip(" \t")


def _utterances(cues: Sequence[_Cue]) -> list[Utterance]:
    """Cues to utterances, merging a named speaker's consecutive cues into one."""
    prefixed = _prefix_speakers(cues)
    runs: list[_Run] = []
    for cue in cues:
        if not cue.lines:
            continue
        words = " ".join(cue.lines)
        speaker = cue.voice
        prefix = _split_prefix(words) if speaker is None else None
        if prefix is not None and prefix[0] in prefixed:
            speaker, words = prefix
        identifiers = [cue.identifier] if cue.identifier else []
        if speaker is not None and runs and runs[-1].speaker == speaker:
            runs[-1].words.append(words)
            runs[-1].end = cue.end
            runs[-1].cues.extend(identifiers)
            continue
        pieces = [words] if speaker is not None else _dash_pieces(cue.lines)
        runs.extend(
            _Run(speaker, [piece], cue.begin, cue.end, list(identifiers)) for piece in pieces
        )
    return [run.utterance() for run in runs]


def _prefix_speakers(cues: Sequence[_Cue]) -> set[str]:
    """The `Name: ` prefixes to trust as speakers (Zoom cloud transcripts put them in the text).

    A prefix counts only when most cues without a voice tag have one (a transcript, not
    captions that happen to contain `Note: ...`), and a one-word name must recur, since a
    single `Yes: ...` is more likely speech than a speaker.
    """
    candidates = [_split_prefix(" ".join(cue.lines)) for cue in cues if cue.voice is None]
    names = [prefix[0] for prefix in candidates if prefix is not None]
    if not names or len(names) * 2 < len(candidates):
        return set()
    counts = Counter(names)
    return {name for name, count in counts.items() if " " in name or count > 1}


def _split_prefix(words: str) -> tuple[str, str] | None:
    """(name, rest) when the cue text starts with 1-5 capitalised words and `: `."""
    match = _NAME_PREFIX.fullmatch(words)
    if match is None:
        return None
    name_words = match["name"].split(" ")
    capitalised = all(
        word[0].isupper() or (0 < index < len(name_words) - 1 and _NAME_PARTICLE.fullmatch(word))
        for index, word in enumerate(name_words)
    )
    return (match["name"], match["rest"]) if capitalised else None


def _dash_pieces(lines: Sequence[str]) -> list[str]:
    """An unknown speaker's cue split at `- ` lines, the subtitle mark for a second speaker."""
    if not lines[0].startswith("- "):
        return [" ".join(lines)]
    pieces: list[str] = []
    for line in lines:
        if line.startswith("- "):
            pieces.append(line[2:].strip(" \t"))
        else:
            pieces[-1] = f"{pieces[-1]} {line}"
    return [piece for piece in pieces if piece]
