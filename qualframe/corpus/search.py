"""`qualframe search`: hits across all transcripts, with document, case, line and snippet."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.errors import UserError
from qualframe.store.fulltext import Query, candidate_lines, locate, snippet
from qualframe.store.models import Case, Document, Revision

MAX_CANDIDATES = 5000


def search(session: Session, raw_query: str, limit: int = 200) -> list[dict[str, Any]]:
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
    hits: list[dict[str, Any]] = []
    for document_id, line_number, line_start in candidates:
        name, case, text = documents[document_id]
        line_end = text.find("\n", line_start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        found = locate(line, query)
        if found is None:
            continue
        start, end = found
        hits.append(
            {
                "document": name,
                "case": case,
                "line": line_number,
                "start": line_start + start,
                "end": line_start + end,
                "snippet": snippet(line, start, end),
            }
        )
        if len(hits) >= limit:
            break
    return hits
