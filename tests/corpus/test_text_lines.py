"""Line numbers (`corpus.lines`), the one way offsets become `l.N`, against counting newlines."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qualframe.corpus.lines import line_label, line_of, line_span, line_starts, position

TEXTS = st.text(alphabet="ab \n\r", max_size=60)


@given(TEXTS, st.data())
def test_line_of_counts_the_newlines_before_the_offset(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    starts = line_starts(text)
    assert line_of(starts, offset) == text.count("\n", 0, offset) + 1
    line, column = position(starts, offset)
    assert column == offset - (text.rfind("\n", 0, offset) + 1) + 1 and line >= 1


def test_a_passage_ending_at_a_line_break_stays_on_its_line() -> None:
    starts = line_starts("one\ntwo\nthree")
    assert line_span(starts, 0, 4) == (1, 1)  # "one\n"
    assert line_span(starts, 2, 9) == (1, 3)
    assert line_span(starts, 4, 4) == (2, 2)  # an empty passage: its own line
    assert (line_label(2, 2), line_label(2, 4)) == ("l.2", "l.2–4")
