"""Speaker turns in plain text: where each `Label: words` starts and where it ends.

Only known label shapes start a turn (role words, participant codes, bracket tags, labels the
front matter declares, or the project's own pattern), never any `Word:`; otherwise a header
line such as `Name: Willem Eekels, Age: 20` or a sentence such as `Note: ...` would become a
speaker and split a quote in two. The colon must be followed by a space, a tab or the end of
the line (`A:B testing` is not a turn). A line that starts no turn continues the current one.

Bracketed labels are stored without their brackets: `[id1] text` (QualCoder's tags) and
`[Person 1]: text` (an anonymised name) have the speakers `id1` and `Person 1`, which is what a
front-matter `speakers:` mapping can name without YAML quoting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from qualframe.errors import UserError
from qualframe.ingest.model import Turn

_ROLE_WORDS = (
    "Interviewer",
    "Interviewee",
    "Moderator",
    "Facilitator",
    "Researcher",
    "Respondent",
    "Participant",
    "Speaker",
    "Int",
)
_ROLES = "|".join(form for word in _ROLE_WORDS for form in (word, word.upper()))
_AFTER_COLON = r"(?=[ \t]|$)"
_BUILT_IN = re.compile(
    rf"[ \t]*(?:"
    rf"(?:(?P<role>(?:{_ROLES})(?: \d{{1,3}})?|[IRQA]|[A-Z]{{1,3}}\d{{1,3}})"
    rf"|\[(?P<placeholder>[^\W\d_][^\[\]\n]{{0,39}})\]):{_AFTER_COLON}"
    rf"|\[(?P<tag>[^\W\d_][^\s\[\]]{{0,39}})\](?=[ \t]|$))"
)
# Transcribers' annotations look like colon-less bracket tags but nobody is speaking.
_ANNOTATIONS = frozenset(
    {
        "applause",
        "coughs",
        "crosstalk",
        "inaudible",
        "laughing",
        "laughs",
        "laughter",
        "music",
        "noise",
        "overlapping",
        "pause",
        "redacted",
        "sic",
        "sighs",
        "silence",
        "unclear",
        "unintelligible",
    }
)


class _Label(NamedTuple):
    """A turn label found on one line: offsets are within that line."""

    speaker: str
    start: int
    content: int


def compile_speaker_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a project's speaker regex; it must name the label with `(?P<label>...)`."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise UserError(f"invalid speaker pattern {pattern!r}: {exc}") from None
    if "label" not in compiled.groupindex:
        raise UserError(
            f"speaker pattern {pattern!r} has no group named label, e.g. (?P<label>[A-Z]\\w+):"
        )
    return compiled


def find_turns(
    text: str, *, declared: Iterable[str] = (), speaker_pattern: str | None = None
) -> list[Turn]:
    """The speaker turns of `text`, in order; text before the first label belongs to none.

    `declared` are labels from the front matter's `speakers:`; `speaker_pattern` is a regex
    matched at the start of each line, tried before the declared and built-in labels.
    """
    patterns = [_BUILT_IN]
    labels = sorted({label for label in declared if label}, key=len, reverse=True)
    if labels:
        alternatives = "|".join(map(re.escape, labels))
        patterns.insert(0, re.compile(rf"[ \t]*(?P<label>{alternatives}):{_AFTER_COLON}"))
    if speaker_pattern is not None:
        patterns.insert(0, compile_speaker_pattern(speaker_pattern))

    starts: list[tuple[str, int, int]] = []
    offset = 0
    for line in text.split("\n"):
        label = _first_label(line, patterns)
        if label is not None:
            starts.append((label.speaker, offset + label.start, offset + label.content))
        offset += len(line) + 1

    turns: list[Turn] = []
    for index, (speaker, start, content) in enumerate(starts):
        limit = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        end = start + len(text[start:limit].rstrip())
        utterance_start = min(content, end)
        while utterance_start < end and text[utterance_start].isspace():
            utterance_start += 1
        turns.append(Turn(start, end, speaker, utterance_start))
    return turns


def _first_label(line: str, patterns: list[re.Pattern[str]]) -> _Label | None:
    """The label starting `line`, by the first pattern that finds one."""
    for pattern in patterns:
        match = pattern.match(line)
        if match is None:
            continue
        if "label" in pattern.groupindex:
            speaker = match.group("label")
        else:
            speaker = match.group("role") or match.group("placeholder") or match.group("tag")
            if match.group("tag") and speaker.lower() in _ANNOTATIONS:
                continue
        if not speaker or not speaker.strip():
            continue
        matched = match.group()
        start = match.start() + len(matched) - len(matched.lstrip())
        rest = line[match.end() :]
        return _Label(speaker.strip(), start, match.end() + len(rest) - len(rest.lstrip(" \t")))
    return None
