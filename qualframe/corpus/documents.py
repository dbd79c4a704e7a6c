"""Documents: lookup, listing and their stored text with turns and sentences."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.errors import UserError
from qualframe.store.models import Case, Coder, Coding, Document, Revision, Segment
from qualframe.team.blind import is_blind


def find_document(session: Session, ref: str) -> Document:
    """A document by name or numeric id."""
    document = session.scalar(select(Document).where(Document.name == ref))
    if document is None and ref.isdigit():
        document = session.get(Document, int(ref))
    if document is None:
        raise UserError(f"no document named {ref!r} (see: qualframe doc list)")
    return document


def current_text(session: Session, document: Document) -> str:
    revision = session.get(Revision, document.current_revision_id)
    if revision is None:
        raise UserError(f"document {document.name!r} has no text")
    return revision.text


def coded_share(
    session: Session, document_id: int | None = None, viewer: str | None = None
) -> dict[int, float]:
    """Per document (or for the one `document_id`), the share of its characters covered by at
    least one coding. `viewer` is the coder looking: while blind coding is on only their own
    codings count (how much colleagues coded is a hint at what they coded)."""
    codings, documents = Coding.__table__.c, Document.__table__.c
    revisions, coders = Revision.__table__.c, Coder.__table__.c
    spans: dict[int, list[tuple[int, int]]] = {}
    query = (
        select(codings.document_id, codings.start, codings.end)
        .join(Document.__table__, documents.current_revision_id == codings.revision_id)
        .order_by(codings.document_id, codings.start)
    )
    if viewer is not None and is_blind(session):
        query = query.join(Coder.__table__, coders.id == codings.coder_id).where(
            coders.name == viewer
        )
    lengths_query = select(documents.id, func.length(revisions.text)).join(
        Revision.__table__, revisions.id == documents.current_revision_id
    )
    if document_id is not None:
        query = query.where(codings.document_id == document_id)
        lengths_query = lengths_query.where(documents.id == document_id)
    for row_document, start, end in session.execute(query):
        spans.setdefault(row_document, []).append((start, end))
    lengths = dict(session.execute(lengths_query).all())
    return {
        doc: _covered(intervals) / max(1, lengths.get(doc) or 1) for doc, intervals in spans.items()
    }


def _covered(intervals: list[tuple[int, int]]) -> int:
    total, reach = 0, -1
    for start, end in intervals:
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def list_documents(session: Session, viewer: str | None = None) -> list[dict[str, Any]]:
    """Rows for `doc list` with the JSON keys of the data contract; `viewer` as in
    `coded_share` (None: everyone's codings, for tools, never for a coder's listing).
    Core statements over the tables' columns: listings must start fast, and ORM statements
    would first configure every mapper."""
    documents, segments, cases = Document.__table__.c, Segment.__table__.c, Case.__table__.c
    turns = dict(
        session.execute(
            select(documents.id, func.count(segments.id))
            .join(Segment.__table__, segments.revision_id == documents.current_revision_id)
            .where(segments.kind == "turn")
            .group_by(documents.id)
        ).all()
    )
    shares = coded_share(session, viewer=viewer)
    rows = session.execute(
        select(
            documents.id,
            documents.uuid,
            documents.name,
            cases.name.label("case"),
            documents.kind,
            documents.words,
        )
        .outerjoin(Case.__table__, cases.id == documents.case_id)
        .order_by(documents.name)
    ).all()
    return [
        {
            "id": row.id,
            "uuid": row.uuid,
            "name": row.name,
            "case": row.case,
            "kind": row.kind,
            "words": row.words,
            "turns": turns.get(row.id, 0),
            "coded_share": round(shares.get(row.id, 0.0), 4),
        }
        for row in rows
    ]


def show_document(session: Session, ref: str) -> dict[str, Any]:
    """The stored text with its turns and sentences (`doc show --format json`).

    Columns, not ORM objects, and sentences apart from turns: the reader opens long transcripts
    through this (thousands of sentences), and only turns carry metadata to decode."""
    document = find_document(session, ref)
    revision = session.get(Revision, document.current_revision_id)
    assert revision is not None
    case = session.get(Case, document.case_id) if document.case_id else None
    of_revision = Segment.revision_id == revision.id
    turns = session.execute(
        select(
            Segment.start,
            Segment.end,
            Segment.speaker,
            Segment.utterance_start,
            Segment.case_id,
            Segment.meta,
        )
        .where(of_revision, Segment.kind == "turn")
        .order_by(Segment.start)
    ).all()
    speaker_cases = {t.case_id for t in turns if t.case_id}
    cases = (
        dict(session.execute(select(Case.id, Case.name).where(Case.id.in_(speaker_cases))).all())
        if speaker_cases
        else {}
    )
    sentences = session.execute(
        select(Segment.start, Segment.end)
        .where(of_revision, Segment.kind == "sentence")
        .order_by(Segment.start)
    ).all()
    return {
        "id": document.id,
        "uuid": document.uuid,
        "name": document.name,
        "case": case.name if case else None,
        "kind": document.kind,
        "source_format": document.source_format,
        "revision": revision.number,
        "text": revision.text,
        "turns": [
            {
                "start": t.start,
                "end": t.end,
                "speaker": t.speaker,
                "utterance_start": t.utterance_start,
                "case": cases.get(t.case_id) if t.case_id else None,
                "meta": t.meta or {},
            }
            for t in turns
        ],
        "sentences": [{"start": start, "end": end} for start, end in sentences],
    }
