"""Memos: markdown notes on the project, a case, document, code, coding or chart cell."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from qualframe.codebook.store import find_code
from qualframe.coding.codings import ensure_coder, find_coding
from qualframe.corpus.cases import find_case
from qualframe.corpus.documents import find_document
from qualframe.errors import UserError
from qualframe.history import events
from qualframe.store.models import Coder, Coding, Document, Memo

TARGETS = ("project", "case", "document", "code", "coding", "cell")


@dataclass(frozen=True, slots=True)
class MemoRow:
    """One memo as `memo list` shows it; `created` is an ISO time."""

    id: int
    uuid: str
    target_type: str
    target_id: int | None
    target_ref: str | None
    text: str
    coder: str | None
    created: str


def resolve_target(
    session: Session, target_type: str, ref: str | None
) -> tuple[int | None, str | None, int | None]:
    """(target_id, target_ref, case_id) for a memo target given by name or id."""
    if target_type == "project":
        return None, None, None
    if ref is None:
        raise UserError(f"a memo on a {target_type} needs to say which one")
    if target_type == "case":
        case = find_case(session, ref)
        return case.id, None, case.id
    if target_type == "document":
        document = find_document(session, ref)
        return document.id, None, document.case_id
    if target_type == "code":
        return find_code(session, ref).id, None, None
    if target_type == "coding":
        coding = find_coding(session, int(ref)) if ref.isdigit() else None
        if coding is None:
            raise UserError(f"no coding with id {ref}")
        case_id = session.scalar(select(Document.case_id).where(Document.id == coding.document_id))
        return coding.id, None, case_id
    if target_type == "cell":
        case_ref, _, code_ref = ref.partition("/")
        case = find_case(session, case_ref)
        return case.id, find_code(session, code_ref).key, case.id
    raise UserError(f"memos attach to {', '.join(TARGETS)}; not {target_type!r}")


def add_memo(session: Session, target_type: str, ref: str | None, text: str, actor: str) -> Memo:
    if not text.strip():
        raise UserError("the memo is empty")
    target_id, target_ref, case_id = resolve_target(session, target_type, ref)
    memo = Memo(
        target_type=target_type,
        target_id=target_id,
        target_ref=target_ref,
        text=text,
        coder_id=ensure_coder(session, actor).id,
    )
    session.add(memo)
    session.flush()
    events.record(
        session,
        actor=actor,
        action="create",
        entity="memo",
        entity_id=memo.id,
        entity_uuid=memo.uuid,
        case_id=case_id,
        after={
            "target_type": target_type,
            "target_id": target_id,
            "target_ref": target_ref,
            "text": text,
        },
    )
    return memo


def list_memos(
    session: Session, target_type: str | None = None, ref: str | None = None
) -> list[MemoRow]:
    query = select(Memo, Coder.name).outerjoin(Coder, Coder.id == Memo.coder_id).order_by(Memo.id)
    if target_type is not None:
        target_id, target_ref, _ = resolve_target(session, target_type, ref)
        query = query.where(Memo.target_type == target_type, Memo.target_id == target_id)
        if target_ref is not None:
            query = query.where(Memo.target_ref == target_ref)
    return [_memo_row(memo, coder) for memo, coder in session.execute(query)]


def _memo_row(memo: Memo, coder: str | None) -> MemoRow:
    return MemoRow(
        memo.id,
        memo.uuid,
        memo.target_type,
        memo.target_id,
        memo.target_ref,
        memo.text,
        coder,
        memo.created.isoformat(),
    )


def document_memos(session: Session, doc_ref: str) -> list[MemoRow]:
    """Memos on a document and on its codings, oldest first: what a reader rereads while
    familiarising with one transcript."""
    document = find_document(session, doc_ref)
    codings = select(Coding.id).where(Coding.document_id == document.id)
    query = (
        select(Memo, Coder.name)
        .outerjoin(Coder, Coder.id == Memo.coder_id)
        .where(
            or_(
                and_(Memo.target_type == "document", Memo.target_id == document.id),
                and_(Memo.target_type == "coding", Memo.target_id.in_(codings)),
            )
        )
        .order_by(Memo.id)
    )
    return [_memo_row(memo, coder) for memo, coder in session.execute(query)]


def memo_counts(session: Session) -> dict[int, int]:
    """Memos per document id, counted as `document_memos` lists them (on the document and on
    its codings): the documents list and the reader's header then show the same number."""
    on_documents = select(Memo.target_id.label("document_id")).where(Memo.target_type == "document")
    on_codings = select(Coding.document_id.label("document_id")).join(
        Memo, and_(Memo.target_type == "coding", Memo.target_id == Coding.id)
    )
    counts: dict[int, int] = {}
    for query in (on_documents, on_codings):
        for (document_id,) in session.execute(query):
            if document_id is not None:
                counts[document_id] = counts.get(document_id, 0) + 1
    return counts
