"""Codings as chart excerpts: attributed to their case, with line numbers and quoted text.

A coding in a focus group belongs to the speaker's case (the same rule as `code list`, through
`codings.speaker_case_lookup`); elsewhere to the document's case. Each revision's text is read
once and its newline positions indexed, so thousands of codings cost one query for the codings,
one for the texts and a bisect each, rather than a substring query per quote.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.coding.codings import speaker_case_lookup
from qualframe.framework.model import Excerpt, reference
from qualframe.store.models import Case, Coding, Document, Revision

NEWLINE = re.compile("\n")


class LineIndex:
    """1-based line numbers of offsets into one text (lines split at LF, as stored)."""

    __slots__ = ("newlines",)

    def __init__(self, text: str):
        self.newlines = [match.start() for match in NEWLINE.finditer(text)]

    def line(self, offset: int) -> int:
        return bisect_left(self.newlines, offset) + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The lines of the first and last character of `text[start:end]`."""
        return self.line(start), self.line(max(start, end - 1))


def iter_excerpts(
    session: Session,
    code_ids: Collection[int] | None = None,
    case_names: dict[int, str] | None = None,
    case_ids: Collection[int] | None = None,
) -> Iterator[Excerpt]:
    """Excerpts of the codings with the given codes (all when None) in document order, kept
    only for `case_ids` when given. `case_names` saves a lookup when the caller has them."""
    names = (
        case_names
        if case_names is not None
        else dict(session.execute(select(Case.id, Case.name)).all())
    )
    query = (
        select(
            Coding.id,
            Coding.code_id,
            Coding.document_id,
            Coding.revision_id,
            Coding.start,
            Coding.end,
            Document.case_id,
            Document.name,
        )
        .join(Document, Document.id == Coding.document_id)
        .order_by(Document.name, Coding.start, Coding.id)
    )
    revisions = select(Coding.revision_id).distinct()
    if code_ids is not None:
        query = query.where(Coding.code_id.in_(code_ids))
        revisions = revisions.where(Coding.code_id.in_(code_ids))
    connection = session.connection()  # Core rows: no ORM bookkeeping for 100,000 codings
    texts = dict(
        connection.execute(
            select(Revision.id, Revision.text).where(Revision.id.in_(revisions))
        ).all()
    )
    indexes: dict[int, LineIndex] = {}
    speaker_case = speaker_case_lookup(session)
    wanted = set(case_ids) if case_ids is not None else None
    for (
        coding_id,
        code_id,
        document_id,
        revision_id,
        start,
        end,
        doc_case,
        doc_name,
    ) in connection.execute(query):
        case_id = speaker_case(revision_id, start) or doc_case
        if case_id is None or (wanted is not None and case_id not in wanted):
            continue
        text = texts[revision_id]
        index = indexes.get(revision_id)
        if index is None:
            index = indexes[revision_id] = LineIndex(text)
        line_start, line_end = index.span(start, end)
        case = names.get(case_id, str(case_id))
        yield Excerpt(
            coding_id,
            case_id,
            case,
            code_id,
            document_id,
            doc_name,
            start,
            end,
            line_start,
            line_end,
            text[start:end],
            reference(case, doc_name, line_start, line_end),
        )
