"""Withdrawal of consent: `case purge CASE` removes every trace of a participant.

In one transaction: the case (and any cases nested in it), its documents with every revision,
segment, coding, suggestion, memo and search-index row; in focus groups, the participant's turns
are replaced by a placeholder in a new revision and the earlier revisions, which hold their words,
are deleted; event-log values about removed things are redacted. Afterwards `scrub_file` rewrites
the stored tables so no freed space holds old text (see there for what PostgreSQL keeps).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Engine, delete, or_, select, text, update
from sqlalchemy.orm import Session

from qualframe.corpus.cases import find_case
from qualframe.corpus.revisions import OffsetMap
from qualframe.errors import UserError
from qualframe.history import events
from qualframe.store.fulltext import compact, index_document
from qualframe.store.models import (
    Base,
    Case,
    Coding,
    Document,
    Event,
    Memo,
    Revision,
    Segment,
    Suggestion,
    Summary,
)

WITHDRAWN = "[withdrawn]"
REDACTED = {"redacted": "participant withdrew"}


@dataclass
class PurgeReport:
    cases: int
    documents: int
    codings: int
    redacted_turns: int


def _descendants(session: Session, root: Case) -> set[int]:
    ids, frontier = {root.id}, {root.id}
    while frontier:
        frontier = set(session.scalars(select(Case.id).where(Case.parent_id.in_(frontier))))
        frontier -= ids
        ids |= frontier
    return ids


def purge_case(session: Session, ref: str, actor: str | None) -> PurgeReport:
    """Remove the case and everything about it; commit with the caller's transaction, then
    call `scrub_file`."""
    root = find_case(session, ref)
    _refuse_unscrubbable(session)
    case_ids = _descendants(session, root)
    doc_ids = set(session.scalars(select(Document.id).where(Document.case_id.in_(case_ids))))
    coding_ids = set(session.scalars(select(Coding.id).where(Coding.document_id.in_(doc_ids))))
    redacted, removed_codings = _redact_shared_documents(session, case_ids, doc_ids)
    coding_ids |= removed_codings
    memo_ids = set(
        session.scalars(
            select(Memo.id).where(
                or_(
                    (Memo.target_type.in_(("case", "cell"))) & Memo.target_id.in_(case_ids),
                    (Memo.target_type == "document") & Memo.target_id.in_(doc_ids),
                    (Memo.target_type == "coding") & Memo.target_id.in_(coding_ids),
                )
            )
        )
    )
    session.execute(delete(Memo).where(Memo.id.in_(memo_ids)))
    session.execute(delete(Summary).where(Summary.case_id.in_(case_ids)))
    session.execute(delete(Coding).where(Coding.id.in_(coding_ids)))
    session.execute(delete(Suggestion).where(Suggestion.document_id.in_(doc_ids)))
    for doc_id in doc_ids:
        index_document(session.connection(), doc_id, "")
    session.execute(
        update(Document).where(Document.id.in_(doc_ids)).values(current_revision_id=None)
    )
    session.execute(
        delete(Segment).where(
            Segment.revision_id.in_(select(Revision.id).where(Revision.document_id.in_(doc_ids)))
        )
    )
    session.execute(delete(Revision).where(Revision.document_id.in_(doc_ids)))
    session.execute(delete(Document).where(Document.id.in_(doc_ids)))
    session.execute(update(Case).where(Case.parent_id.in_(case_ids)).values(parent_id=None))
    session.execute(update(Segment).where(Segment.case_id.in_(case_ids)).values(case_id=None))
    for case in session.scalars(select(Case).where(Case.id.in_(case_ids))):
        session.delete(case)
    session.execute(
        update(Event)
        .where(
            or_(
                Event.case_id.in_(case_ids),
                (Event.entity == "case") & Event.entity_id.in_(case_ids),
                (Event.entity == "document") & Event.entity_id.in_(doc_ids),
                (Event.entity == "coding") & Event.entity_id.in_(coding_ids),
                (Event.entity == "memo") & Event.entity_id.in_(memo_ids),
            )
        )
        .values(before=REDACTED, after=REDACTED)
    )
    compact(session.connection())
    events.record(
        session,
        actor=actor,
        action="purge",
        entity="case",
        after={"cases": len(case_ids), "documents": len(doc_ids), "codings": len(coding_ids)},
    )
    return PurgeReport(len(case_ids), len(doc_ids), len(coding_ids), redacted)


def _redact_shared_documents(
    session: Session, case_ids: set[int], own_docs: set[int]
) -> tuple[int, set[int]]:
    """In other documents (focus groups), replace the participant's utterances by a placeholder
    in a new revision; drop the old revisions and the codings that lay inside their words."""
    turns = session.execute(
        select(Document, Segment)
        .join(Segment, Segment.revision_id == Document.current_revision_id)
        .where(Segment.kind == "turn", Segment.case_id.in_(case_ids), Document.id.not_in(own_docs))
        .order_by(Document.id, Segment.start)
    ).all()
    by_document: dict[int, tuple[Document, list[Segment]]] = {}
    for document, segment in turns:
        by_document.setdefault(document.id, (document, []))[1].append(segment)
    removed: set[int] = set()
    for document, segments in by_document.values():
        old = session.get(Revision, document.current_revision_id)
        assert old is not None
        new_text = _without_turns(old.text, segments)
        mapping = OffsetMap(old.text, new_text)
        new = Revision(
            document_id=document.id,
            number=old.number + 1,
            text=new_text,
            reason="withdrawal",
            sha256=hashlib.sha256(new_text.encode("utf-8")).hexdigest(),
        )
        session.add(new)
        session.flush()
        _carry_segments(session, old, new, mapping)
        for model in (Coding, Suggestion):
            for row in session.scalars(select(model).where(model.document_id == document.id)):
                span = mapping.span(row.start, row.end)
                if span is None or WITHDRAWN in new_text[span[0] : span[1]]:
                    if model is Coding:
                        removed.add(row.id)
                    else:
                        session.delete(row)
                else:
                    row.start, row.end, row.revision_id = span[0], span[1], new.id
        document.current_revision_id = new.id
        session.flush()
        earlier = select(Revision.id).where(
            Revision.document_id == document.id, Revision.id != new.id
        )
        session.execute(delete(Segment).where(Segment.revision_id.in_(earlier)))
        session.execute(delete(Revision).where(Revision.id.in_(earlier)))
        index_document(session.connection(), document.id, new_text)
    return sum(len(s) for _, s in by_document.values()), removed


def _without_turns(body: str, segments: list[Segment]) -> str:
    parts, cursor = [], 0
    for segment in segments:
        start = segment.utterance_start if segment.utterance_start is not None else segment.start
        parts.append(body[cursor:start])
        parts.append(WITHDRAWN)
        cursor = segment.end
    parts.append(body[cursor:])
    return "".join(parts)


def _carry_segments(session: Session, old: Revision, new: Revision, mapping: OffsetMap) -> None:
    for segment in session.scalars(select(Segment).where(Segment.revision_id == old.id)):
        span = mapping.span(segment.start, segment.end)
        if span is None:
            continue
        utterance = None
        if segment.utterance_start is not None:
            utterance = mapping.position(segment.utterance_start, is_start=False)
        session.add(
            Segment(
                revision_id=new.id,
                kind=segment.kind,
                start=span[0],
                end=span[1],
                speaker=segment.speaker,
                utterance_start=utterance,
                case_id=segment.case_id,
                meta=segment.meta,
            )
        )


def _refuse_unscrubbable(session: Session) -> None:
    """Refuse, before anything is deleted, a withdrawal whose `scrub_file` the database user
    could not finish: PostgreSQL lets only a table's owner (from version 17, a holder of
    MAINTAIN) or the database's owner run VACUUM FULL, and skips other tables with a mere
    warning, which would leave the participant's words on disk unnoticed."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return
    table_right = (
        "has_table_privilege(c.oid, 'MAINTAIN')"
        if (conn.dialect.server_version_info or (0,)) >= (17,)
        else "pg_has_role(c.relowner, 'USAGE')"
    )
    allowed = (
        f"{table_right} OR pg_has_role((SELECT datdba FROM pg_database "
        "WHERE datname = current_database()), 'USAGE')"
    )
    owners = sorted(
        set(
            conn.execute(
                text(
                    "SELECT pg_get_userbyid(c.relowner) FROM pg_class c "
                    "WHERE c.oid = ANY(CAST(:tables AS regclass[])) AND NOT (" + allowed + ")"
                ),
                {"tables": [table.name for table in Base.metadata.sorted_tables]},
            ).scalars()
        )
    )
    if owners:
        raise UserError(
            "withdrawal on PostgreSQL rewrites the project's tables (VACUUM FULL), which only "
            f"their owner may do: run `case purge` as {' or '.join(owners)}; nothing was removed"
        )


def scrub_file(engine: Engine) -> None:
    """Rewrite the stored tables so no freed space keeps purged text.

    SQLite: VACUUM with `secure_delete` rewrites the file, and the WAL is truncated.
    PostgreSQL: a plain VACUUM only marks dead rows reusable (their bytes stay in the pages),
    so every qualframe table is rewritten with VACUUM FULL and the old files are dropped. The
    server's write-ahead log still holds the old rows until it recycles its segments, and
    backups or replicas keep theirs: only the server's administrator can clear those.
    """
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        if engine.dialect.name != "sqlite":
            tables = ", ".join(
                conn.dialect.identifier_preparer.quote(table.name)
                for table in Base.metadata.sorted_tables
            )
            conn.execute(text(f"VACUUM (FULL) {tables}"))
            return
        conn.execute(text("PRAGMA secure_delete=ON"))
        conn.execute(text("VACUUM"))
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
