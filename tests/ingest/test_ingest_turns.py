"""Speaker-turn recognition in plain text: which lines start a turn, and each turn's span."""

from __future__ import annotations

import re

import pytest

from qualframe.errors import UserError
from qualframe.ingest.model import Turn
from qualframe.ingest.turns import find_turns


def spans(text: str, turns: list[Turn]) -> list[tuple[str | None, str, str]]:
    """(speaker, whole turn, utterance) for each turn."""
    return [
        (turn.speaker, text[turn.start : turn.end], text[turn.utterance_start : turn.end])
        for turn in turns
    ]


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("Interviewer: So, tell me.", "Interviewer"),
        ("Interviewee: Well.", "Interviewee"),
        ("INTERVIEWER: Loud.", "INTERVIEWER"),
        ("Int: Short.", "Int"),
        ("I: Hi.", "I"),
        ("R: Yes.", "R"),
        ("Q: Why?", "Q"),
        ("A: Because.", "A"),
        ("Moderator: Welcome.", "Moderator"),
        ("Facilitator: Next.", "Facilitator"),
        ("Researcher: Okay.", "Researcher"),
        ("Respondent: Sure.", "Respondent"),
        ("Participant 13: Me.", "Participant 13"),
        ("Participant: Me.", "Participant"),
        ("Speaker 2: Hello.", "Speaker 2"),
        ("P13: We tried.", "P13"),
        ("P01: First.", "P01"),
        ("S5: Freitext.", "S5"),
        ("F2: Ward.", "F2"),
        ("[Person 1]: We met at [Hospital B].", "Person 1"),
        ("[id1] hello, I like the course.", "id1"),
        ("Interviewer:\tTabbed.", "Interviewer"),
    ],
)
def test_label_forms(line: str, speaker: str) -> None:
    text = f"{line}\n"
    turns = find_turns(text)
    assert [turn.speaker for turn in turns] == [speaker]
    turn = turns[0]
    assert (turn.start, turn.end) == (0, len(line))
    assert text[turn.utterance_start : turn.end] == re.sub(r"^.*?[:\]][ \t]+", "", line, count=1)


def test_label_forms_utterance_starts_after_colon_and_spaces() -> None:
    text = "I:  Gibt es konkrete Verbesserungen?\n[id1] hello\n[Person 1]:   Yes."
    assert spans(text, find_turns(text)) == [
        ("I", "I:  Gibt es konkrete Verbesserungen?", "Gibt es konkrete Verbesserungen?"),
        ("id1", "[id1] hello", "hello"),
        ("Person 1", "[Person 1]:   Yes.", "Yes."),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Name: Willem Eekels, Age: 20, Role: Senior Consultant,",
        "Note: the recording starts late.",
        "Interviewer:no space after the colon",
        "Ryan Sloan: a name is not a role word",
        "P1234: too many digits",
        "ABCD1: too many letters",
        "[laughs] yes, that was funny",
        "[inaudible] something",
        "[00:01:02] time stamp",
        "[Hospital B] was the first site.",
        "10:30: we met",
        "i: lower-case letter",
    ],
)
def test_lines_that_are_not_turns(line: str) -> None:
    assert find_turns(f"{line}\nmore text\n") == []


def test_header_line_and_text_before_the_first_turn_are_not_turns() -> None:
    text = "Name: Willem Eekels, Age: 20\nInterview 3, March\n\nI: Welcome.\nR: Thanks."
    turns = find_turns(text)
    assert [turn.speaker for turn in turns] == ["I", "R"]
    assert turns[0].start == text.index("I: Welcome.")


def test_continuation_lines_and_trailing_blank_lines() -> None:
    text = (
        "Interviewer: First question,\n"
        "which goes on.\n"
        "\n"
        "   Indented, still the interviewer.\n"
        "\n\n"
        "P13: An answer.  \n"
        "Note: this is part of the answer.\n"
        "R: Back to back, no blank line.\n\n\n"
    )
    assert spans(text, find_turns(text)) == [
        (
            "Interviewer",
            "Interviewer: First question,\nwhich goes on.\n\n   Indented, still the interviewer.",
            "First question,\nwhich goes on.\n\n   Indented, still the interviewer.",
        ),
        (
            "P13",
            "P13: An answer.  \nNote: this is part of the answer.",
            "An answer.  \nNote: this is part of the answer.",
        ),
        ("R", "R: Back to back, no blank line.", "Back to back, no blank line."),
    ]


def test_label_alone_on_its_line() -> None:
    text = "Q:\nWhat happened next?\nA:"
    turns = find_turns(text)
    assert spans(text, turns) == [
        ("Q", "Q:\nWhat happened next?", "What happened next?"),
        ("A", "A:", ""),
    ]
    assert turns[1].utterance_start == turns[1].end == len(text)


def test_no_labels_no_turns() -> None:
    assert find_turns("An essay with no speakers.\n\nSecond paragraph.") == []


def test_front_matter_speakers_are_labels() -> None:
    text = "Anna B: Hello.\nAnna: Hi Anna B.\nDr. Ko: Welcome.\nTom: not declared."
    turns = find_turns(text, declared=["Anna", "Anna B", "Dr. Ko"])
    assert spans(text, turns) == [
        ("Anna B", "Anna B: Hello.", "Hello."),
        ("Anna", "Anna: Hi Anna B.", "Hi Anna B."),
        ("Dr. Ko", "Dr. Ko: Welcome.\nTom: not declared.", "Welcome.\nTom: not declared."),
    ]


def test_custom_pattern_is_tried_first() -> None:
    text = "**Jane Doe** (00:12) Hello there.\nI: still a built-in label\n**Bob** (00:20) Hi."
    pattern = r"\*\*(?P<label>[A-Z][\w ]*)\*\* \(\d\d:\d\d\)"
    assert spans(text, find_turns(text, speaker_pattern=pattern)) == [
        ("Jane Doe", "**Jane Doe** (00:12) Hello there.", "Hello there."),
        ("I", "I: still a built-in label", "still a built-in label"),
        ("Bob", "**Bob** (00:20) Hi.", "Hi."),
    ]


def test_custom_pattern_overrides_built_in_label() -> None:
    text = "I: Interviewer line\nInterviewer: another"
    turns = find_turns(text, speaker_pattern=r"(?P<label>I):")
    assert [turn.speaker for turn in turns] == ["I", "Interviewer"]


@pytest.mark.parametrize(
    ("pattern", "message"),
    [("(?P<label>[A-Z]+", "invalid speaker pattern"), (r"[A-Z]+:", "no group named label")],
)
def test_invalid_custom_pattern(pattern: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        find_turns("I: hi", speaker_pattern=pattern)
