"""The readers on real exports (Teams, Zoom, Word, QualCoder, webvtt-py's odd files).

The files are copies in `tests/fixtures/transcripts-real/` (sources and licences in
`tests/fixtures/NOTICE.md`); the expected counts and texts were taken by reading each file,
not from the reader.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from qualframe.ingest.model import ParsedDocument, Turn
from qualframe.ingest.readers import read_transcript
from qualframe.ingest.rendering import UNKNOWN_SPEAKER
from tests.support.projects import REAL

CLOCK = re.compile(r"\d{1,2}:\d{2}:\d{2}")


def read(name: str) -> ParsedDocument:
    """Read one real file and check what must hold for every transcript."""
    document = read_transcript(REAL / name)
    text = document.text
    assert "\r" not in text
    assert "\ufeff" not in text
    assert "-->" not in text
    assert not CLOCK.search(text), "cue or chat times leaked into the text"
    previous_end = 0
    for turn in document.turns:
        assert previous_end <= turn.start <= turn.utterance_start <= turn.end <= len(text)
        written = text[turn.start : turn.utterance_start]
        assert any(written.startswith(label) for label in labels_of(turn)), written
        assert text[turn.end - 1 : turn.end].strip(), "a turn ends on its last character"
        previous_end = turn.end
    return document


def labels_of(turn: Turn) -> tuple[str, ...]:
    """How the turn's label may be written in the stored text."""
    if turn.speaker is None:
        return (f"{UNKNOWN_SPEAKER}: ",)
    return (f"{turn.speaker}: ", f"[{turn.speaker}] ", f"[{turn.speaker}]: ")


def utterances(document: ParsedDocument) -> list[str]:
    return [document.text[turn.utterance_start : turn.end] for turn in document.turns]


def speakers(document: ParsedDocument) -> set[str | None]:
    return {turn.speaker for turn in document.turns}


def test_teams_meeting_merges_split_utterances_and_decodes_entities() -> None:
    document = read("teams_genieflow_TEAMS-SurveyResponse-Genie.vtt")
    assert (document.kind, document.source_format) == ("meeting", "vtt")
    assert speakers(document) == {
        "Jochem Michiels",
        "Willem van Asperen",
        "Daniel Ziekenoppasser-Powell",
        "Julia Christian-Edwards",
        "Michelle Burke",
        "Nick Dunlap",
        "Peter Mack",
        "Susan Wade",
    }
    # 660 cues sorted by start time make 145 maximal runs of one speaker.
    assert len(document.turns) == 145
    said = utterances(document)
    first = document.turns[0]
    assert first.speaker == "Jochem Michiels"
    # Cues 13-0 to 100-1, their line breaks (inside the voice tags) become spaces.
    assert said[0] == (
        "Maybe my English is a bit Dutch but. OK. But before we start, I thought it might be "
        "good to have a little intro across the group who we are, what our involvement is. "
        "Before we dive into what is Genie and I would like to hear from from the four of you "
        "or maybe who could tell the story what it is you expect, because so far I only had a "
        "quick couple of lines of introduction about what it should be. But I would like to "
        "hear from you what it what the idea roughly is. I can start jogging from the Dutch "
        "office. Been at PA for 2 1/2 years in our data science AI capability. Ish have done "
        "many many before it was"
    )
    guid = "ec4ac57d-840f-4f63-a0c1-808e3e218362"
    assert first.meta["cues"][3:6] == [f"{guid}/73-0", f"{guid}/73-1", f"{guid}/73-2"]
    assert first.meta["begin"] == "00:00:03.317"
    assert first.meta["end"] == "00:00:46.347"
    # Willem's "Fish." starts inside Jochem's cue 100-1 and splits his utterance in two.
    assert (document.turns[1].speaker, said[1]) == ("Willem van Asperen", "Fish.")
    assert said[2].startswith("data science. I've I've done many projects with William")
    assert (document.turns[-1].speaker, said[-1]) == ("Jochem Michiels", "But.")
    assert "&amp;" not in document.text
    assert "P&C." in document.text
    assert "S&E as a whole." in document.text


def test_teams_legacy_unpadded_times_and_overlap() -> None:
    document = read("teams-legacy_webvttpy_teams_timeframe.vtt")
    assert (document.kind, document.source_format) == ("meeting", "vtt")
    assert speakers(document) == {"Yuri Bakulin", "Adrian Petrescu"}
    assert len(document.turns) == 2
    assert document.text == "Yuri Bakulin: There you go.\n\nAdrian Petrescu: Why hello there, Yuri."
    assert document.turns[0].meta == {"begin": "00:00:00.000", "end": "00:00:00.570", "cues": []}
    assert document.turns[1].meta == {"begin": "00:00:00.210", "end": "00:00:01.130", "cues": []}


def test_zoom_cloud_transcript_prefix_speakers() -> None:
    document = read("zoom-transcript_zse_GMT20240124-202901_Recording.transcript.vtt")
    assert (document.kind, document.source_format) == ("meeting", "vtt")
    assert speakers(document) == {
        "Srijani Ghosh",
        "Conor Healy",
        "Dr. Melissa Ko",
        "Shreeharsh Kelkar",
        "Ryan Sloan",
        None,
    }
    # 102 cues; runs of one named speaker, and cue 48 ("Hmm.", no prefix) on its own.
    assert len(document.turns) == 26
    said = utterances(document)
    assert (document.turns[0].speaker, said[0]) == ("Srijani Ghosh", "Hi!")
    assert document.turns[0].meta == {"begin": "00:00:00.050", "end": "00:00:01.790", "cues": ["1"]}
    assert document.turns[-1].speaker == "Conor Healy"
    assert said[-1] == (
        "Which is a huge limitation, and it's a question of I can get value out of it. But what "
        "anybody else or do? Is it like? Is it insufficient to meet that need? That's a big "
        "question. Cool? Yes. Can those in the call here? Okay, then why don't we just spin into "
        "that as a conversation, and I'll I'll go ahead and stop the Zoom Meeting, and everybody "
        "can come join."
    )
    assert document.turns[-1].meta["cues"] == ["97", "98", "99", "100", "101", "102"]
    hmm = [turn for turn in document.turns if turn.speaker is None]
    assert len(hmm) == 1
    assert document.text[hmm[0].start : hmm[0].end] == "Unknown: Hmm."
    assert hmm[0].meta["cues"] == ["48"]
    assert "90\u00a0min class" in document.text
    assert "Dr. Melissa Ko: and I'll just do a little bit of walkthrough." in document.text


def test_zoom_cloud_closed_captions_crlf() -> None:
    document = read("zoom-cc-crlf_zse_GMT20240124-202901_Recording.cc.vtt")
    assert (document.kind, document.source_format) == ("captions", "vtt")
    assert speakers(document) == {None}
    assert len(document.turns) == 100  # one per cue: unknown speakers are never merged
    said = utterances(document)
    assert said[0] == "This doesn't."
    assert said[-1] == (
        "Can those in the call here? Okay, then why don't we just in into that as a conversation "
        "and I'll go ahead and stop the Zoom Meeting and everybody can come join."
    )
    assert document.turns[0].meta == {"begin": "00:01:08.000", "end": "00:01:09.000", "cues": []}
    assert "of the 90\u00a0min class" in document.text


def test_zoom_live_captions_vtt_out_of_order_cues() -> None:
    document = read("zoom-cc_genieflow_ZOOM-video1009782420.vtt")
    assert (document.kind, document.source_format) == ("captions", "vtt")
    assert speakers(document) == {None}
    assert len(document.turns) == 20
    said = utterances(document)
    assert said[0] == "Workers link. Now you can play the streets."
    assert said[-1] == "I like the icons. Red is a very good color I like… the visual nature."
    begins = [turn.meta["begin"] for turn in document.turns]
    assert begins == sorted(begins)
    assert said[2:4] == [
        "Can you tell a little bit about yourself and your characteristics? You're 17 years old.",
        "I give no permission for this to be transcripted.",
    ]


def test_zoom_saved_captions_txt_keeps_header_as_plain_text() -> None:
    document = read("zoom-cc-txt_genieflow_ZOOM-closed_caption.txt")
    assert (document.kind, document.source_format) == ("captions", "zoom-cc-txt")
    assert speakers(document) == {None}
    assert len(document.turns) == 20
    header = "Name: Willem Eekels, Age: 20, Role: Senior Consultant,"
    assert document.text.startswith(f"{header}\n\nUnknown: Workers link.")
    assert document.turns[0].start == len(header) + 2
    said = utterances(document)
    assert said[0] == "Workers link. Now you can play the streets."
    assert said[-1] == "I like the icons. Red is a very good color I like… the visual nature."
    assert document.turns[0].meta == {"begin": "16:37:03"}
    same_second = [turn for turn in document.turns if turn.meta["begin"] == "16:38:50"]
    assert len(same_second) == 2


def test_zoom_chat_export() -> None:
    document = read("zoom-chat_zse_GMT20240124-202901_RecordingnewChat.txt")
    assert (document.kind, document.source_format) == ("chat", "zoom-chat")
    assert speakers(document) == {
        "Ryan Sloan",
        "Dr. Melissa Ko",
        "Khalilah Beal-Uribe",
        "Shreeharsh Kelkar",
    }
    assert len(document.turns) == 12
    said = utterances(document)
    assert said[0] == "Let’s try to stay muted unless speaking up, just to reduce echo"
    assert said[-1] == "interesting — voice isn’t being picked up"
    assert document.turns[0].meta == {"begin": "00:05:16"}
    assert said[3] == 'Reacted to "Lots of engagement c..." with 👍🏻'
    assert document.turns[3].speaker == "Dr. Melissa Ko"
    assert said[5] == 'Reacted to "Could also consider ..." with 👍'


def test_vtt_with_bom_and_no_trailing_newline() -> None:
    document = read("bom_webvttpy_captions_with_bom.vtt")
    assert (document.kind, document.source_format) == ("captions", "vtt")
    assert speakers(document) == {None}
    assert utterances(document) == [f"Caption text #{n}" for n in range(1, 5)]
    assert document.turns[-1].meta == {"begin": "00:00:16.320", "end": "00:00:21.580", "cues": []}


def test_vtt_notes_header_text_and_dash_speakers() -> None:
    document = read("note-swedish_webvttpy_comments.vtt")
    assert (document.kind, document.source_format) == ("captions", "vtt")
    assert speakers(document) == {None}
    assert utterances(document) == [
        "Ta en kopp varmt te.",
        "Det är inte varmt.",
        "Har en kopp te.",
        "Det smakar som te.",
        "Ta en kopp",
    ]
    assert [turn.meta["cues"] for turn in document.turns] == [["1"], ["1"], ["2"], ["2"], ["3"]]
    assert "Kyle" not in document.text
    assert "translate well" not in document.text
    assert "Translation of that film" not in document.text


def test_german_word_interview() -> None:
    document = read("word-de_haski_NodeGrade_interview3_german.docx")
    assert (document.kind, document.source_format) == ("interview", "docx")
    assert document.front_matter == {}
    assert speakers(document) == {"I", "S5", "S6"}
    assert len(document.turns) == 20  # 21 labelled paragraphs; one unlabelled continues S5
    said = utterances(document)
    assert said[0] == (
        "Gibt es konkrete Verbesserungen, die euch noch einfallen und ihr euch wünschen würdet?"
    )
    assert said[-1] == (
        "Ich finde die auch an sich sinnvoll, nur muss man das irgendwie einstufen können und "
        "das Feedback muss irgendwie greifbar sein, was es jetzt konkret von einem will."
    )
    first = document.turns[0]
    assert document.text[first.start : first.utterance_start] == "I:  "
    before = document.text[: first.start]
    assert before.startswith("Interview with S5 and S6 - Anonymized German transcript")
    assert "(S = Student; I = Interviewer)" in before
    s5 = document.turns[1]
    assert s5.speaker == "S5"
    assert said[1].startswith("Freitext bei der Aufgabe, da sind wir auch lang hängen geblieben")
    assert "\n\nBei der Freitextaufgabe sind wir lange hängen geblieben." in said[1]
    assert said[1].endswith("aber dann war es immer noch nicht okay…")
    assert document.turns[2].speaker == "S6"
    assert "„XY fehlt“" in document.text


def test_qualcoder_bracket_tags() -> None:
    """QualCoder's `[id1] text` tags: the speaker is stored as `id1`, without brackets."""
    document = read("bracket-speaker_qualcoder_transcript.txt")
    raw = (REAL / "bracket-speaker_qualcoder_transcript.txt").read_text(encoding="utf-8")
    assert (document.kind, document.source_format) == ("interview", "txt")
    assert document.text == raw.rstrip()
    assert speakers(document) == {"id1", "id2", "id3"}
    assert len(document.turns) == 7
    said = [document.text[turn.utterance_start : turn.end] for turn in document.turns]
    assert said[0] == (
        "hello, I like the course. It really helped me with understanding world's history and "
        "gave me an insight into how did people cope with the complexities of life in the past."
    )
    assert said[-1] == "Hmm, I will ask the tutor for more help as I am really struggling."
    assert [turn.speaker for turn in document.turns] == [
        "id1", "id2", "id3", "id1", "id3", "id1", "id2",
    ]  # fmt: skip
    for turn in document.turns:
        assert document.text[turn.start : turn.utterance_start] == f"[{turn.speaker}] "
    for previous, turn in pairwise(document.turns):
        assert document.text[previous.end : turn.start] == "\n\n"


def test_every_real_file_has_a_test() -> None:
    """A file added to the shared folder must get its own test above."""
    tested = set(re.findall(r'read\("([^"]+)"\)', Path(__file__).read_text(encoding="utf-8")))
    assert {path.name for path in REAL.iterdir() if path.name != "README.md"} == tested
