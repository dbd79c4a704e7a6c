"""The overlay kept up to date coding by coding is exactly the overlay laid out from scratch:
the reader relies on this to redraw a long transcript after each keypress without a rebuild."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qualframe.tui.layout import Mark, Row
from qualframe.tui.overlay import REBUILD_AT, Overlay, build_overlay

WIDTH = 10


def rows_for(length: int, gaps: frozenset[int]) -> list[Row]:
    """Rows of WIDTH characters; the rows in `gaps` are blank gaps between turns."""
    rows = []
    for index, start in enumerate(range(0, length, WIDTH)):
        kind = "gap" if index in gaps else "text"
        rows.append(Row(start, start if kind == "gap" else min(length, start + WIDTH), kind))
    return rows


def state(overlay: Overlay) -> tuple[object, ...]:
    return (
        overlay.by_row,
        overlay.lanes,
        {k: v for k, v in overlay.labels.items() if v},
        overlay.first_rows,
        overlay.lane_count,
        overlay.marks,
    )


LENGTH = 400
spans = st.tuples(st.integers(0, LENGTH - 1), st.integers(1, 60)).map(
    lambda s: (s[0], min(LENGTH, s[0] + s[1]))
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), spans),
        st.tuples(st.just("remove"), st.integers(0, 10_000)),
        st.tuples(st.just("move"), st.tuples(st.integers(0, 10_000), spans)),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=30), steps, st.frozensets(st.integers(0, LENGTH // WIDTH)))
def test_updates_match_a_rebuild(
    initial: list[tuple[int, int]], changes: list[tuple[str, object]], gaps: frozenset[int]
) -> None:
    rows = rows_for(LENGTH, gaps)
    marks = {i: Mark(i, s, e, "c", f"code {i}", None, i % 7) for i, (s, e) in enumerate(initial)}
    overlay = build_overlay(rows, marks.values())
    next_id = len(marks)
    for kind, value in changes:
        if kind == "add":
            start, end = value  # type: ignore[misc]
            marks[next_id] = Mark(next_id, start, end, "c", f"code {next_id}", None, 1)
            next_id += 1
        elif marks and kind == "remove":
            del marks[sorted(marks)[value % len(marks)]]  # type: ignore[operator]
        elif marks and kind == "move":
            pick, (start, end) = value  # type: ignore[misc]
            chosen = sorted(marks)[pick % len(marks)]
            marks[chosen] = marks[chosen]._replace(start=start, end=end)
        overlay.update(list(marks.values()))
        assert state(overlay) == state(build_overlay(rows, marks.values()))


def test_many_changes_at_once_rebuild_and_colours_follow() -> None:
    rows = rows_for(LENGTH, frozenset())
    marks = [Mark(i, i * 3, i * 3 + 25, "c", "C", None, 0) for i in range(REBUILD_AT + 5)]
    overlay = Overlay(rows)
    overlay.update(marks)
    assert state(overlay) == state(build_overlay(rows, marks))
    recoloured = [mark._replace(color=5) for mark in marks]
    overlay.update(recoloured)
    assert all(mark.color == 5 for mark in overlay.marks.values())


def test_codings_that_arrive_before_the_rows_wait_for_them() -> None:
    overlay = Overlay([])
    overlay.update([Mark(1, 0, 5, "c", "C", None, 0)])
    assert overlay.at(0) == [] and overlay.lane_count == 0
