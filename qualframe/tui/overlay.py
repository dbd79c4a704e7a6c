"""Which codings cross each display row, the margin lane each keeps, and where its label goes.

The reader redraws this after every coding keypress, in transcripts with a thousand codings or
more, inside a 30 ms budget. So the overlay is kept up to date rather than rebuilt: a coding
added or removed can only change the lanes and labels of the codings it overlaps, directly or
through others (a *cluster*: codings chained by shared rows). Everything before the cluster
keeps its place, and everything after starts afresh, as it would in a full rebuild. Pure Python
over offsets and rows, no Textual, so it is tested on its own (against a full rebuild).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence

from qualframe.tui.layout import Mark, Row, row_at, row_starts

#: More changed codings than this at once (a new document, an undo of many): rebuild.
REBUILD_AT = 64

#: Drawing order: by start, the longer of two codings first, then by id.
SortKey = tuple[int, int, int]


def _sort_key(mark: Mark) -> SortKey:
    return (mark.start, -mark.end, mark.id)


def _same_span(mark: Mark | None, other: Mark) -> bool:
    return mark is not None and mark.start == other.start and mark.end == other.end


class Overlay:
    """The codings of one document over its display rows.

    `by_row[row]` lists the ids of the codings crossing a row in drawing order (None where
    there are none); `lanes[id]` is the margin column a coding keeps for its whole length (the
    lowest free one when it starts); `labels[row]` lists the ids whose label is written on that
    row: the first row of the coding not already holding a label (and not a blank gap), so labels
    of codings that start together do not crowd one row.
    """

    def __init__(self, rows: Sequence[Row], starts: Sequence[int] | None = None) -> None:
        self.rows = rows
        self._starts = row_starts(rows) if starts is None else starts
        self.marks: dict[int, Mark] = {}
        self.by_row: list[list[int] | None] = [None] * len(rows)
        self.lanes: dict[int, int] = {}
        self.labels: dict[int, list[int]] = {}
        self.first_rows: dict[int, int] = {}
        self.lane_count = 0
        self._last_rows: dict[int, int] = {}
        self._keys: dict[int, SortKey] = {}
        self._order: list[SortKey] = []
        #: First and last rows of each passage, for as long as the rows stay the same.
        self._spans: dict[tuple[int, int], tuple[int, int]] = {}

    def at(self, row: int) -> list[int]:
        """Ids of the codings crossing `row`."""
        found = self.by_row[row] if row < len(self.by_row) else None
        return found or []

    def update(self, marks: Iterable[Mark]) -> None:
        """Show `marks` (every coding of the document) in place of the current ones: a few
        changes are applied to their clusters, many rebuild the whole overlay."""
        wanted = {mark.id: mark for mark in marks}
        if not self.rows:  # nothing laid out yet (the text is on its way)
            self.marks = wanted
            return
        removed = [i for i, old in self.marks.items() if not _same_span(wanted.get(i), old)]
        added = [new for i, new in wanted.items() if not _same_span(self.marks.get(i), new)]
        if len(removed) + len(added) > REBUILD_AT:
            self.rebuild(wanted.values())
            return
        touched = [self._remove(i) for i in removed]
        self.marks = wanted  # names and colours as given, for unchanged codings too
        touched += [self._add(mark) for mark in added]
        if touched:
            self._place(min(first for first, _ in touched), max(last for _, last in touched))
        self.lane_count = max(self.lanes.values(), default=-1) + 1

    def rebuild(self, marks: Iterable[Mark]) -> None:
        """Lay out `marks` from scratch (linear in rows plus the rows the codings cover)."""
        ordered = sorted(marks, key=_sort_key)
        self.marks = {mark.id: mark for mark in ordered}
        self.by_row = [None] * len(self.rows)
        self.lanes, self.labels, self.first_rows, self._last_rows = {}, {}, {}, {}
        self._keys = {mark.id: _sort_key(mark) for mark in ordered}
        self._order = list(self._keys.values())
        for mark in ordered:
            first, last = self._span_rows(mark)
            for row in range(first, last + 1):
                holder = self.by_row[row]
                if holder is None:
                    self.by_row[row] = [mark.id]
                else:
                    holder.append(mark.id)
        self._lay(0, len(self._order))
        self.lane_count = max(self.lanes.values(), default=-1) + 1

    # --- one coding in or out ---------------------------------------------------------------

    def _span_rows(self, mark: Mark) -> tuple[int, int]:
        """The first and last row showing `mark` (recorded for the layout)."""
        found = self._spans.get((mark.start, mark.end))
        if found is None:
            found = (
                row_at(self._starts, mark.start),
                row_at(self._starts, max(mark.start, mark.end - 1)),
            )
            self._spans[mark.start, mark.end] = found
        self.first_rows[mark.id], self._last_rows[mark.id] = found
        return found

    def _add(self, mark: Mark) -> tuple[int, int]:
        key = _sort_key(mark)
        self._keys[mark.id] = key
        insort(self._order, key)
        first, last = self._span_rows(mark)
        for row in range(first, last + 1):
            holder = self.by_row[row]
            if holder is None:
                self.by_row[row] = [mark.id]
            else:
                insort(holder, mark.id, key=self._keys.__getitem__)
        return first, last

    def _remove(self, mark_id: int) -> tuple[int, int]:
        key = self._keys.pop(mark_id)
        del self._order[bisect_left(self._order, key)]
        first, last = self.first_rows.pop(mark_id), self._last_rows.pop(mark_id)
        for row in range(first, last + 1):
            holder = self.by_row[row]
            assert holder is not None
            holder.remove(mark_id)
            if not holder:
                self.by_row[row] = None
        del self.lanes[mark_id]
        return first, last

    # --- lanes and labels -----------------------------------------------------------------

    def _place(self, low: int, high: int) -> None:
        """Lay out again the clusters that touch rows `low`..`high`, and clear the labels
        there (a removed coding's among them)."""
        start, end = self._clusters(low, high)
        for row in range(low, high + 1):
            self.labels.pop(row, None)
        self._lay(start, end)

    def _clusters(self, low: int, high: int) -> tuple[int, int]:
        """The range of `_order` positions holding the clusters that touch `low`..`high`: from
        the last cluster start at or before `low` to the first one after `high`. A cluster
        starts where no earlier coding reaches its first row."""
        start, reach = 0, -1
        for position, (_, _, mark_id) in enumerate(self._order):
            first = self.first_rows[mark_id]
            if first > reach:
                if first > high:
                    return start, position
                if first <= low:
                    start = position
            reach = max(reach, self._last_rows[mark_id])
        return start, len(self._order)

    def _lay(self, start: int, end: int) -> None:
        """Lanes and labels of the codings at `_order[start:end]`, whole clusters: the lowest
        free lane for each in turn, the first free row for its label."""
        ids = [mark_id for _, _, mark_id in self._order[start:end]]
        if not ids:
            return
        firsts = [self.first_rows[i] for i in ids]
        lasts = [self._last_rows[i] for i in ids]
        rows, labels, lanes = self.rows, self.labels, self.lanes
        for row in range(firsts[0], max(lasts) + 1):  # these clusters' rows: labels anew
            labels.pop(row, None)
        busy: list[tuple[int, int]] = []  # (last row, lane) of lanes in use, soonest free first
        free: list[int] = []
        for mark_id, first, last in zip(ids, firsts, lasts, strict=True):
            while busy and busy[0][0] < first:
                heapq.heappush(free, heapq.heappop(busy)[1])
            lane = heapq.heappop(free) if free else len(busy)
            heapq.heappush(busy, (last, lane))
            lanes[mark_id] = lane
            target = first
            for row in range(first, last + 1):
                if row not in labels and rows[row].kind != "gap":
                    target = row
                    break
            labels.setdefault(target, []).append(mark_id)


def build_overlay(
    rows: Sequence[Row], marks: Iterable[Mark], starts: Sequence[int] | None = None
) -> Overlay:
    """An overlay of `marks` over `rows`, laid out from scratch."""
    overlay = Overlay(rows, starts)
    overlay.rebuild(marks)
    return overlay
