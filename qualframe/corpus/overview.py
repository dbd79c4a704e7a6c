"""The project at a glance: each document with its case, organisation, key attributes, size,
share coded and memo count, as the workbench's home list shows it.

Built from the same listings as `doc list` and `case list`, in one read. Key attributes are the
ones the project names (`[tui] attributes` in qualframe.toml), else `role` if cases have one,
else the attribute most cases share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qualframe.corpus.cases import CaseRow


@dataclass(frozen=True, slots=True)
class OverviewRow:
    """One document of the overview; `attributes` are the key attributes' values, in order."""

    name: str
    case: str | None
    organisation: str | None
    attributes: tuple[str, ...]
    words: int
    coded_share: float
    memos: int

    def matches(self, needle: str) -> bool:
        """The typed words, as a phrase, inside one of the row's fields (case-insensitive)."""
        phrase = " ".join(needle.casefold().split())
        fields = [self.name, self.case or "", self.organisation or "", *self.attributes]
        return any(phrase in " ".join(field.casefold().split()) for field in fields)


@dataclass(frozen=True, slots=True)
class Overview:
    rows: list[OverviewRow]
    attribute_names: tuple[str, ...]


def document_overview(
    session: Session, key_attributes: tuple[str, ...] = (), *, viewer: str
) -> Overview:
    """Every document's overview row; the coded share is `viewer`'s own under blind coding."""
    from qualframe.coding.memos import memo_counts as count_memos
    from qualframe.corpus.cases import list_cases
    from qualframe.corpus.documents import list_documents

    cases = {c.name: c for c in list_cases(session)}
    names = key_attributes or default_attributes(cases.values())
    memo_counts = count_memos(session)
    rows = []
    for doc in list_documents(session, viewer=viewer):
        case = cases.get(doc.case or "")
        attributes = case.attributes if case is not None else {}
        rows.append(
            OverviewRow(
                doc.name,
                doc.case,
                case.parent if case is not None else None,
                tuple(attributes.get(n, "") for n in names),
                doc.words,
                doc.coded_share,
                memo_counts.get(doc.id, 0),
            )
        )
    return Overview(rows, names)


def document_status(session: Session, name: str, viewer: str) -> tuple[float, int]:
    """One document's coded share (`viewer`'s own under blind coding) and memo count: its
    overview row brought up to date without listing every document again."""
    from qualframe.coding.memos import document_memos
    from qualframe.corpus.documents import coded_share, find_document

    document = find_document(session, name)
    share = coded_share(session, document.id, viewer).get(document.id, 0.0)
    return round(share, 4), len(document_memos(session, name))


def default_attributes(cases: Iterable[CaseRow]) -> tuple[str, ...]:
    """`role` if any case has one, else the attribute most cases have (none: no column)."""
    counts: Counter[str] = Counter()
    for case in cases:
        counts.update(case.attributes.keys())
    if "role" in counts:
        return ("role",)
    return tuple(name for name, _ in counts.most_common(1))
