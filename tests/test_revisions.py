"""Offsets carried across text revisions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qualframe.corpus.revisions import OffsetMap

OLD = "John said the league table was awful.\nThen Mary agreed.\nNobody came.\n"
NEW = "[Person 1] said the league table was awful.\nThen [Person 2] agreed.\nNobody came.\n"


def passage(old: str, new: str, words: str) -> str | None:
    start = old.index(words)
    span = OffsetMap(old, new).span(start, start + len(words))
    return None if span is None else new[span[0] : span[1]]


def test_unchanged_passages_keep_their_words() -> None:
    assert passage(OLD, NEW, "league table") == "league table"
    assert passage(OLD, NEW, "Nobody came.") == "Nobody came."


def test_replaced_names_are_carried_into_the_coding() -> None:
    assert passage(OLD, NEW, "John said") == "[Person 1] said"
    assert passage(OLD, NEW, "Then Mary agreed.") == "Then [Person 2] agreed."


def test_a_deleted_passage_loses_its_coding() -> None:
    new = OLD.replace("Nobody came.\n", "")
    assert passage(OLD, new, "Nobody came.") is None


@given(
    st.lists(
        st.sampled_from(["[Person 1]", "Jo", "the table", "um", "the ward"]),
        min_size=3,
        max_size=30,
    ),
    st.data(),
)
def test_coded_words_survive_edits_elsewhere(words: list[str], data: st.DataObject) -> None:
    """Anonymisation-like edits (names swapped on other lines) never lose a coding."""
    lines = [f"Line {i}: {w} said something." for i, w in enumerate(words)]
    coded = data.draw(st.integers(0, len(lines) - 1))
    old = "\n".join(lines) + "\n"
    edited = [
        line.replace(w, data.draw(st.sampled_from(["[Person 2]", "X", ""]))) if i != coded else line
        for i, (line, w) in enumerate(zip(lines, words, strict=True))
    ]
    new = "\n".join(edited) + "\n"
    start = old.index(lines[coded])
    span = OffsetMap(old, new).span(start, start + len(lines[coded]))
    assert span is not None
    assert new[span[0] : span[1]] == lines[coded]
