"""Front matter: the mapping, the exact body, and errors at the file's own line numbers."""

from __future__ import annotations

import json

import pytest

from qualframe.errors import UserError
from qualframe.ingest.frontmatter import split_front_matter

VALID = """---
case: P13
organisation: Hospital B
interviewed: 2024-03-05
at: 2024-03-05T10:30:00
tags: [pilot, ward]
speakers:
  P13: case_13
  I: interviewer
---

Interviewer:  Hello.
   Indented continuation.

P13: Hi.  \n\n
"""


def test_valid_front_matter_and_exact_body() -> None:
    front_matter, body, consumed = split_front_matter(VALID, "t.md")
    assert front_matter == {
        "case": "P13",
        "organisation": "Hospital B",
        "interviewed": "2024-03-05",
        "at": "2024-03-05T10:30:00",
        "tags": ["pilot", "ward"],
        "speakers": {"P13": "case_13", "I": "interviewer"},
    }
    json.dumps(front_matter)
    assert body == "Interviewer:  Hello.\n   Indented continuation.\n\nP13: Hi."
    assert consumed == 11  # ten lines of front matter and one blank line
    assert VALID.split("\n")[consumed] == "Interviewer:  Hello."


def test_no_front_matter() -> None:
    assert split_front_matter("\n\nI: a\n\nR: b\n", "t.txt") == ({}, "I: a\n\nR: b", 2)


def test_dots_close_and_empty_front_matter() -> None:
    assert split_front_matter("---\ncase: x\n...\nI: a", "t.md") == ({"case": "x"}, "I: a", 3)
    assert split_front_matter("---\n---\nI: a", "t.md") == ({}, "I: a", 2)


def test_json_safe_values() -> None:
    text = "---\n2024-01-02: day\nset: !!set {b, a}\nn: 3\nok: true\nnone:\n---\nbody"
    front_matter, _, _ = split_front_matter(text, "t.md")
    assert front_matter == {
        "2024-01-02": "day",
        "set": ["a", "b"],
        "n": 3,
        "ok": True,
        "none": None,
    }
    json.dumps(front_matter)


def test_malformed_yaml_names_the_file_line() -> None:
    text = "---\ncase: P13\norganisation: [Hospital B\nrole: nurse\n---\nI: hi\n"
    with pytest.raises(UserError) as caught:
        split_front_matter(text, "t.md")
    assert caught.value.path == "t.md"
    assert caught.value.line == 4
    assert caught.value.message.startswith("malformed front matter: ")


def test_malformed_yaml_bad_indentation() -> None:
    text = "---\ncase: P13\n  role: nurse\n---\nbody"
    with pytest.raises(UserError) as caught:
        split_front_matter(text, "t.md")
    assert caught.value.line == 3


@pytest.mark.parametrize("yaml_text", ["- a\n- b", "just text"])
def test_front_matter_not_a_mapping(yaml_text: str) -> None:
    with pytest.raises(UserError, match="must be 'key: value' lines") as caught:
        split_front_matter(f"---\n{yaml_text}\n---\nbody", "t.md")
    assert (caught.value.path, caught.value.line) == ("t.md", 2)


def test_speakers_must_be_a_mapping() -> None:
    with pytest.raises(UserError, match="'speakers' must map") as caught:
        split_front_matter("---\ncase: g1\nspeakers: [P1, P2]\n---\nbody", "t.md")
    assert caught.value.line == 3


def test_unclosed_front_matter() -> None:
    with pytest.raises(UserError, match="never closed") as caught:
        split_front_matter("---\ncase: x\nI: hello\n", "t.md")
    assert caught.value.line == 1
