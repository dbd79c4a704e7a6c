"""The dispatcher and each reader on small files written here: kinds, formats and refusals."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from qualframe.errors import UserError
from qualframe.ingest.decode import CP1252_WARNING
from qualframe.ingest.model import ParsedDocument
from qualframe.ingest.readers import read_transcript


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def said(document: ParsedDocument) -> list[tuple[str | None, str]]:
    return [
        (turn.speaker, document.text[turn.utterance_start : turn.end]) for turn in document.turns
    ]


def test_markdown_focus_group_with_declared_speakers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "group.md",
        "---\ncase: fg1\nspeakers:\n  Anna: case_anna\n  P13: case_13\n---\n\n"
        "Moderator: Welcome.\n\nAnna: Thanks.\nStill Anna.\n\nP13: Me too.\n",
    )
    document = read_transcript(path)
    assert (document.kind, document.source_format) == ("focus_group", "md")
    assert document.front_matter == {
        "case": "fg1",
        "speakers": {"Anna": "case_anna", "P13": "case_13"},
    }
    assert document.text == "Moderator: Welcome.\n\nAnna: Thanks.\nStill Anna.\n\nP13: Me too."
    assert said(document) == [
        ("Moderator", "Welcome."),
        ("Anna", "Thanks.\nStill Anna."),
        ("P13", "Me too."),
    ]
    assert document.warnings == []


def test_front_matter_without_body(tmp_path: Path) -> None:
    path = write(tmp_path, "only.md", "---\ncase: x\n---\n\n")
    with pytest.raises(UserError, match="no transcript text after the front matter") as caught:
        read_transcript(path)
    assert caught.value.path == str(path)


def test_kind_focus_group_from_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path, "g.txt", "---\nkind: focus_group\n---\nP1: a\nP2: b\n")
    assert read_transcript(path).kind == "focus_group"


def test_txt_interview_with_custom_pattern_and_cp1252(tmp_path: Path) -> None:
    path = write(tmp_path, "i.TXT", "JS - Café?\r\nMK - Oui.\r\n".encode("cp1252"))
    document = read_transcript(path, speaker_pattern=r"(?P<label>[A-Z]{2}) -")
    assert (document.kind, document.source_format) == ("interview", "txt")
    assert said(document) == [("JS", "Café?"), ("MK", "Oui.")]
    assert document.warnings == [CP1252_WARNING]


def test_front_matter_error_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.md", "---\ncase: [x\n---\nI: hi\n")
    with pytest.raises(UserError) as caught:
        read_transcript(path)
    assert (caught.value.path, caught.value.line) == (str(path), 2)


def test_docx_paragraphs_labels_and_continuations(tmp_path: Path) -> None:
    document = docx.Document()
    for paragraph in [
        "Interview 4 (I = Interviewer)",
        "I: Erste Frage?",
        "",
        "P4: Antwort.",
        "Noch mehr Antwort.",
        "I: Danke.",
    ]:
        document.add_paragraph(paragraph)
    document.add_table(rows=1, cols=2)
    path = tmp_path / "interview.docx"
    document.save(str(path))
    parsed = read_transcript(path)
    assert (parsed.kind, parsed.source_format) == ("interview", "docx")
    assert parsed.text == (
        "Interview 4 (I = Interviewer)\n\nI: Erste Frage?\n\nP4: Antwort.\n\n"
        "Noch mehr Antwort.\n\nI: Danke."
    )
    assert said(parsed) == [
        ("I", "Erste Frage?"),
        ("P4", "Antwort.\n\nNoch mehr Antwort."),
        ("I", "Danke."),
    ]
    assert parsed.warnings == ["1 table(s) not read: only paragraphs are imported"]


def test_docx_that_is_not_one(tmp_path: Path) -> None:
    path = write(tmp_path, "fake.docx", b"just text, not a zip")
    with pytest.raises(UserError, match=r"not a Word \.docx file"):
        read_transcript(path)


def test_srt_with_unpadded_times_and_speakers(tmp_path: Path) -> None:
    content = (
        "\ufeff1\r\n0:0:1,5 --> 0:0:2,250\r\n<i>Dr. Ana Ruiz:</i> Hello &amp; welcome.\r\n\r\n"
        "2\r\n00:00:03,000 --> 00:00:04,000\r\nDr. Ana Ruiz: Let's begin.\r\n\r\n"
        "3\r\n00:00:05,000 --> 00:00:06,000\r\nTom Li: Sure.\r\n\r\n"
        "4\r\n00:00:07,000 --> 00:00:08,000\r\nTom Li: Go on."
    )
    document = read_transcript(write(tmp_path, "call.srt", content))
    assert (document.kind, document.source_format) == ("meeting", "srt")
    assert document.text == "Dr. Ana Ruiz: Hello & welcome. Let's begin.\n\nTom Li: Sure. Go on."
    assert document.turns[0].meta == {"begin": "00:00:01.005", "end": "00:00:04.000", "cues": []}


def test_vtt_sentence_with_colon_is_not_a_speaker(tmp_path: Path) -> None:
    content = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nNote: the  meeting\nstarts   late.\n\n"
        "00:03.000 --> 00:04.000\nIt does.\n\n00:05.000 --> 00:06.000\n<b>Yes</b>, it does.\n"
    )
    document = read_transcript(write(tmp_path, "cc.vtt", content))
    assert document.kind == "captions"
    assert said(document) == [
        (None, "Note: the meeting starts late."),
        (None, "It does."),
        (None, "Yes, it does."),
    ]
    assert document.text.startswith("Unknown: Note: the meeting starts late.\n\nUnknown: It does.")


def test_vtt_voice_beats_prefix_and_unknown_cues_are_not_merged(tmp_path: Path) -> None:
    content = (
        "\n\nWEBVTT header text\n\nNOTE a comment\n\n"
        "a\n00:00:01.000 --> 00:00:02.000\n<v.loud Mary Major>Hi: there.</v>\n\n"
        "b\n00:00:02.000 --> 00:00:03.000\n<v Mary Major>Again.</v>\n\n"
        "c\n00:00:04.000 --> 00:00:05.000\nHmm.\n\n"
        "d\n00:00:06.000 --> 00:00:07.000\nHmm.\n\n"
        "e\n00:00:61.000 --> 00:00:62.000\nBroken timing.\n"
    )
    document = read_transcript(write(tmp_path, "m.vtt", content))
    assert document.kind == "meeting"
    assert said(document) == [("Mary Major", "Hi: there. Again."), (None, "Hmm."), (None, "Hmm.")]
    assert document.turns[0].meta == {
        "begin": "00:00:01.000",
        "end": "00:00:03.000",
        "cues": ["a", "b"],
    }
    assert document.warnings == ["1 cue(s) skipped: unreadable timings or no text"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.vtt", "WEBVTT\n\nNOTE nothing here\n", "no captions with text"),
        ("srt.vtt", "1\n00:00:01,000 --> 00:00:02,000\nHi\n", "not a readable WebVTT file"),
        ("vtt.srt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", "not a readable SubRip"),
    ],
)
def test_caption_files_that_are_not(tmp_path: Path, name: str, content: str, message: str) -> None:
    with pytest.raises(UserError, match=message) as caught:
        read_transcript(write(tmp_path, name, content))
    assert caught.value.path == str(tmp_path / name)


def test_zoom_chat_continuation_lines_and_front_matter(tmp_path: Path) -> None:
    content = (
        "---\ncase: session 3\n---\n"
        "00:01:02\tAna Ruiz:\tFirst line\n  second line\n"
        '00:01:09\tTom:\tReacted to "First line..." with ❤️\n'
        "00:01:10\tTom:\tA: B testing, 10:30 today\n"
        "00:01:11\tAna Ruiz:\tOk\n"
        "00:01:12\tAna Ruiz:\t\n"
    )
    document = read_transcript(write(tmp_path, "chat.txt", content))
    assert (document.kind, document.source_format) == ("chat", "zoom-chat")
    assert document.front_matter == {"case": "session 3"}
    assert document.text == (
        "Ana Ruiz: First line\nsecond line\n\n"
        'Tom: Reacted to "First line..." with ❤️\n\n'
        "Tom: A: B testing, 10:30 today\n\n"
        "Ana Ruiz: Ok"
    )
    assert [turn.meta["begin"] for turn in document.turns] == [
        "00:01:02",
        "00:01:09",
        "00:01:10",
        "00:01:11",
    ]


def test_chat_like_lines_below_the_threshold_stay_text(tmp_path: Path) -> None:
    content = "00:01:02\tAna:\tHi\nI: one\nR: two\n00:01:03\tAna:\tBye\n"
    document = read_transcript(write(tmp_path, "mixed.txt", content))
    assert (document.kind, document.source_format) == ("interview", "txt")
    assert [turn.speaker for turn in document.turns] == ["I", "R"]


def test_timed_lines_in_a_markdown_file_stay_text(tmp_path: Path) -> None:
    document = read_transcript(write(tmp_path, "notes.md", "Title\n10:00:01 a\n10:00:02 b\n"))
    assert (document.kind, document.turns) == ("interview", [])


def test_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        read_transcript(write(tmp_path, "paper.pdf", b"%PDF-1.7"))
    assert caught.value.message == (
        "unsupported file type '.pdf' (expected .txt, .md, .docx, .vtt, .srt)"
    )


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file or folder"):
        read_transcript(tmp_path / "gone.txt")
    with pytest.raises(UserError, match="folder"):
        read_transcript(tmp_path)
