"""The suggestions review's queue: what a reviewer has pending, in reading order, and the
filters' choices counted over it (a theme or code with codes under it counts theirs too), so
each choice says how much it would show. The review screen reads it; `qualframe suggest list`
filters with the same `list_suggestions`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qualframe.codebook.store import CodeRow
    from qualframe.coding.reviewing import SuggestionItem


@dataclass(frozen=True, slots=True)
class FilterChoice:
    """One entry of a filter: `value` is what `list_suggestions` takes, `pending` how many
    suggestions it would show (a theme or a code with codes under it: theirs too), `within`
    the choices that hold this one (a code's theme and parent codes)."""

    value: str
    label: str
    pending: int
    within: tuple[str, ...] = ()
    theme: bool = False


@dataclass(frozen=True, slots=True)
class ReviewQueue:
    """The pending suggestions under the filter, in reading order, and the filters' choices
    (counted over every pending suggestion, so a choice says what it would show); `accepted`
    and `rejected` as the reviewer sees them (under blind coding: their own decisions), for the
    note when nothing is pending."""

    items: list[SuggestionItem]
    codes: list[FilterChoice]
    documents: list[FilterChoice]
    pending: int
    accepted: int
    rejected: int


def review_queue(
    session: Session, code: str | None, document: str | None, coder: str
) -> ReviewQueue:
    """The queue `coder` reviews under the code and document filters: under blind coding,
    what they have not judged themselves."""
    from qualframe.codebook.store import list_codes, list_themes
    from qualframe.coding.reviewing import list_suggestions, review_counts

    everything = list_suggestions(session, viewer=coder)
    items = (
        everything
        if code is None and document is None
        else list_suggestions(session, code=code, document=document, viewer=coder)
    )
    by_document = Counter(item.document for item in everything)
    rows = list_codes(session)
    within = _ancestors(rows)
    pending: Counter[str] = Counter()
    for item in everything:
        pending.update([item.code, *within.get(item.code, ())])
    codes: list[FilterChoice] = []
    for theme in list_themes(session):
        if pending[theme.id]:
            codes.append(FilterChoice(theme.id, theme.name, pending[theme.id], theme=True))
            codes.extend(
                FilterChoice(row.id, row.name, pending[row.id], within[row.id])
                for row in rows
                if row.theme == theme.id and pending[row.id]
            )
    documents = [FilterChoice(name, name, count) for name, count in sorted(by_document.items())]
    decided = review_counts(session, coder)
    return ReviewQueue(
        items, codes, documents, len(everything), decided["accepted"], decided["rejected"]
    )


def _ancestors(rows: list[CodeRow]) -> dict[str, tuple[str, ...]]:
    """Each code's theme and parent codes, outermost first (rows in tree order: a parent comes
    before its codes)."""
    codes = {row.id for row in rows}
    within: dict[str, tuple[str, ...]] = {}
    for row in rows:
        parent = row.parent
        within[row.id] = (*within.get(parent, ()), parent) if parent in codes else (row.theme,)
    return within
