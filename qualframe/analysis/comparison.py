"""What several coders coded in the same documents: the input of every agreement figure.

By default the documents compared are those every named coder has coded (at least one coding
each): a document only one of them has read says nothing about agreement, and counting its
uncoded text as agreement on absence would flatter the figures. `--doc` names documents
explicitly. Only codings on a document's current revision count. Comparing shows everyone's
codings, so it is refused while blind coding is on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.codebook.store import find_code
from qualframe.corpus.documents import find_document
from qualframe.errors import UserError
from qualframe.store.models import Code, Coder, Coding, Document, Revision, Segment
from qualframe.team.blind import require_unblinded


@dataclass(frozen=True)
class CodedSpan:
    """One coding: `text[start:end]` of a document coded with `code` by `coder`."""

    coding_id: int
    coder: str
    code: str
    start: int
    end: int


@dataclass
class CodedDocument:
    """A document's length, sentences and the compared coders' codings of it."""

    id: int
    name: str
    length: int
    sentences: list[tuple[int, int]]
    spans: list[CodedSpan] = field(default_factory=list)


@dataclass
class Comparison:
    """Coders, the codes to report on, and the documents they are compared on."""

    coders: tuple[str, ...]
    codes: tuple[str, ...]
    documents: list[CodedDocument]


def load_comparison(
    session: Session,
    coders: Sequence[str],
    codes: Sequence[str] = (),
    documents: Sequence[str] = (),
) -> Comparison:
    """Gather the codings of `coders` (two or more) for an agreement report.

    `codes` limits the codes reported on (default: every code any of them used in the
    documents); `documents` names the documents (default: those every coder has coded)."""
    require_unblinded(session, "comparing coders")
    names = _check_coders(session, coders)
    coder_ids = dict(
        session.execute(select(Coder.name, Coder.id).where(Coder.name.in_(names))).all()
    )
    doc_ids = (
        [find_document(session, ref).id for ref in dict.fromkeys(documents)]
        if documents
        else _common_documents(session, list(coder_ids.values()))
    )
    if not doc_ids:
        raise UserError(
            f"{' and '.join(names)} have not coded any document in common "
            "(name documents with --doc)"
        )
    chosen = [_reportable(session, ref) for ref in dict.fromkeys(codes)]
    docs = _documents(session, doc_ids)
    rows = session.execute(
        select(Coding.id, Coder.name, Code.key, Coding.document_id, Coding.start, Coding.end)
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Code, Code.id == Coding.code_id)
        .join(
            Document,
            (Document.id == Coding.document_id)
            & (Document.current_revision_id == Coding.revision_id),
        )
        .where(Coding.coder_id.in_(coder_ids.values()), Coding.document_id.in_(doc_ids))
        .order_by(Coding.document_id, Coding.start, Coding.id)
    )
    used: dict[str, None] = {}
    for coding_id, coder, code, document_id, start, end in rows:
        docs[document_id].spans.append(CodedSpan(coding_id, coder, code, start, end))
        used[code] = None
    reported = tuple(chosen) if chosen else tuple(sorted(used))
    ordered = sorted(docs.values(), key=lambda d: d.name)
    return Comparison(names, reported, ordered)


def _check_coders(session: Session, coders: Sequence[str]) -> tuple[str, ...]:
    names = tuple(coders)
    if len(names) < 2:
        raise UserError("agreement needs two or more coders (--coders A B [C ...])")
    if len(set(names)) != len(names):
        raise UserError("each coder may be named only once")
    known = set(session.scalars(select(Coder.name).where(Coder.name.in_(names))))
    if missing := [name for name in names if name not in known]:
        raise UserError(f"no coder named {missing[0]!r} in this project")
    return names


def _reportable(session: Session, ref: str) -> str:
    code = find_code(session, ref)
    if code.is_theme:
        raise UserError(f"{code.key!r} is a theme; compare on one of its codes")
    return code.key


def _common_documents(session: Session, coder_ids: list[int]) -> list[int]:
    """Documents in which every coder has at least one coding."""
    per_document = (
        select(Coding.document_id)
        .where(Coding.coder_id.in_(coder_ids))
        .group_by(Coding.document_id)
        .having(func.count(func.distinct(Coding.coder_id)) == len(coder_ids))
    )
    return list(session.scalars(per_document))


def _documents(session: Session, doc_ids: list[int]) -> dict[int, CodedDocument]:
    docs = {
        doc_id: CodedDocument(doc_id, name, length or 0, [])
        for doc_id, name, length in session.execute(
            select(Document.id, Document.name, func.length(Revision.text))
            .join(Revision, Revision.id == Document.current_revision_id)
            .where(Document.id.in_(doc_ids))
        )
    }
    sentences = session.execute(
        select(Document.id, Segment.start, Segment.end)
        .join(Segment, Segment.revision_id == Document.current_revision_id)
        .where(Document.id.in_(doc_ids), Segment.kind == "sentence")
        .order_by(Document.id, Segment.start)
    )
    for doc_id, start, end in sentences:
        docs[doc_id].sentences.append((start, end))
    return docs
