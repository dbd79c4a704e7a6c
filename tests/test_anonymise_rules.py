"""Identifier rules, speaker labels, identifier lists and placeholders, without files or NER."""

from __future__ import annotations

import pytest

from qualframe.gate.identifiers import (
    Lexicon,
    is_name_label,
    nhs_check_digit_ok,
    parse_identifier_list,
    resolve,
    rule_findings,
    speaker_findings,
)
from qualframe.gate.pseudonyms import Key, letters


def found(text: str) -> list[tuple[str, str]]:
    return [(f.category, text[f.start : f.end]) for f in resolve(rule_findings(text), text)]


def test_nhs_numbers_need_a_valid_check_digit() -> None:
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765918")
    assert not nhs_check_digit_ok("1234567890")  # check digit would be 10: no such number
    assert found("his number is 943 476 5919 I think") == [("nhs_number", "943 476 5919")]
    assert found("ref 943 476 5918 on the form") == []
    assert found("NHS number: 943 476 5918") == [("nhs_number", "943 476 5918")]  # stated


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mail sarah.jones@nhs.net today", [("email", "sarah.jones@nhs.net")]),
        (
            "ring 0115 924 9924 or 07700 900123",
            [("phone", "0115 924 9924"), ("phone", "07700 900123")],
        ),
        ("call +44 (0)7700 900123", [("phone", "+44 (0)7700 900123")]),
        ("we're in NG7 2UH and B1 1AA", [("postcode", "NG7 2UH"), ("postcode", "B1 1AA")]),
        ("I was born on the 3rd of March 1958.", [("date_of_birth", "3rd of March 1958")]),
        ("DOB: 12/03/61", [("date_of_birth", "12/03/61")]),
        ("born in 1961, in the spring", [("date_of_birth", "1961")]),
        (
            "at Royal Derby Hospital and Leeds Teaching Hospitals NHS Foundation Trust",
            [("hospital", "Royal Derby Hospital"), ("hospital", "Leeds Teaching Hospitals")],
        ),
        (
            "University Hospitals of Leicester said",
            [("hospital", "University Hospitals of Leicester")],
        ),
        (
            "Barnsley Council and Nottingham Trent University",
            [("organisation", "Barnsley Council"), ("organisation", "Nottingham Trent University")],
        ),
    ],
)
def test_rules(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The District General Hospital and our Trust; the NHS Trust",
        "[Hospital A] and Hospital B, [Person 1] and P13 at [Location 2]",
        "on 12/03/2024 at 10.30, 3 of 4 sites, 2019-2020, year 2021",
        "scores of 0.5 and 1.25, door-to-needle 45 minutes",
    ],
)
def test_ordinary_talk_and_placeholders_are_not_identifiers(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "label, name",
    [
        ("Interviewer", False),
        ("Interviewer 2", False),
        ("I", False),
        ("P13", False),
        ("Person 1", False),
        ("Speaker 3", False),
        ("Note", False),
        ("Facilitator", False),
        ("Sarah Jones", True),
        ("Dr. Melissa Ko", True),
        ("Willem van Asperen", True),
        ("Daniel Ziekenoppasser-Powell", True),
        ("Sarah", True),
    ],
)
def test_speaker_labels(label: str, name: bool) -> None:
    assert is_name_label(label) is name


def test_real_names_as_speaker_labels_are_flagged() -> None:
    text = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Jochem Michiels>Hi all.</v>\n\n"
        "Dr. Melissa Ko: hello\n00:05:16\tRyan Sloan:\tmuted please\n"
        "Interviewer: and you?\nP13: me\n[Person 1]: yes\nNote: one\nSam: a\nSam: b\n"
    )
    names = [text[f.start : f.end] for f in speaker_findings(text)]
    assert sorted(names) == ["Jochem Michiels", "Melissa Ko", "Ryan Sloan", "Sam", "Sam"]


def test_identifier_list_matches_whole_entries_and_name_parts() -> None:
    entries = parse_identifier_list(
        "# participant register\nSarah Jones\nhospital: St Elsewhere\nWill Hart\n", "reg.txt"
    )
    assert entries == [
        ("Sarah Jones", "person"),
        ("St Elsewhere", "hospital"),
        ("Will Hart", "person"),
    ]
    lexicon = Lexicon(entries)
    text = "SARAH JONES said Jones and Will were at st elsewhere; you will see."
    assert [(f.category, text[f.start : f.end]) for f in lexicon.findings(text)] == [
        ("person", "SARAH JONES"),
        ("hospital", "st elsewhere"),
        ("person", "Jones"),
        ("person", "Will"),
    ]


def test_identifier_list_with_an_unknown_category_names_its_line() -> None:
    from qualframe.errors import UserError

    with pytest.raises(UserError) as caught:
        parse_identifier_list("Sarah\nclinic: St Elsewhere\n", "reg.txt")
    assert str(caught.value).startswith("reg.txt:2: unknown category 'clinic'")


def test_placeholders_are_consistent_and_never_reuse_existing_ones() -> None:
    key = Key()
    key.reserve("as [Person 1] said at [Hospital A]")
    assert key.placeholder("person", "Sarah Jones") == "[Person 2]"
    assert key.placeholder("person", "sarah  jones") == "[Person 2]"
    assert key.placeholder("person", "Sarah") == "[Person 2]"  # her first name alone
    assert key.placeholder("person", "Priya") == "[Person 3]"
    assert key.placeholder("hospital", "Royal Derby Hospital") == "[Hospital B]"
    assert key.placeholder("place", "Nottingham") == "[Location 1]"
    assert key.placeholder("email", "a@b.org") == "[Email 1]"
    assert [letters(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
