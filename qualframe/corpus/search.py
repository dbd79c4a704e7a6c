"""`qualframe search`: hits across all transcripts, with document, case, line and snippet."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.errors import UserError
from qualframe.store.fulltext import Query, candidate_lines, locate, snippet
from qualframe.store.models import Case, Document, Revision

MAX_CANDIDATES = 5000


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching line: where (document, case, line; `start`..`end` in the document's text)
    and a snippet around the match."""

    document: str
    case: str | None
    line: int
    start: int
    end: int
    snippet: str


def search(session: Session, raw_query: str, limit: int = 200) -> list[SearchHit]:
    """Lines holding every word (or "quoted phrase") of the query, in document order."""
    query = Query.parse(raw_query)
    if not query.phrases:
        raise UserError("the search query has no words")
    candidates = candidate_lines(session.connection(), query, MAX_CANDIDATES)
    documents = {
        doc_id: (name, case, text)
        for doc_id, name, case, text in session.execute(
            select(Document.id, Document.name, Case.name, Revision.text)
            .join(Revision, Revision.id == Document.current_revision_id)
            .outerjoin(Case, Case.id == Document.case_id)
            .where(Document.id.in_({c[0] for c in candidates}))
        )
    }
    hits: list[SearchHit] = []
    for document_id, line_number, line_start in candidates:
        name, case, text = documents[document_id]
        line_end = text.find("\n", line_start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        found = locate(line, query)
        if found is None:
            continue
        start, end = found
        hits.append(
            SearchHit(
                name,
                case,
                line_number,
                line_start + start,
                line_start + end,
                snippet(line, start, end),
            )
        )
        if len(hits) >= limit:
            break
    return hits
