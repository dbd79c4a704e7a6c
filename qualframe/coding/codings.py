"""Codings: a passage of a document indexed with a code, by a coder, under a codebook version."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.codebook.store import find_code, latest_version_id
from qualframe.corpus.documents import current_text, find_document
from qualframe.errors import UserError
from qualframe.history import events
from qualframe.store.models import Case, Code, Coder, Coding, Document, Memo, Revision, Segment
from qualframe.team.blind import is_blind


def ensure_coder(session: Session, name: str) -> Coder:
    coder = session.scalar(select(Coder).where(Coder.name == name))
    if coder is None:
        coder = Coder(name=name)
        session.add(coder)
        session.flush()
    return coder


def add_coder(session: Session, name: str) -> Coder:
    """Register a coder; a name already taken is refused (names identify coders in the log)."""
    if not name.strip():
        raise UserError("a coder needs a name")
    if session.scalar(select(Coder.id).where(Coder.name == name)) is not None:
        raise UserError(f"a coder named {name!r} already exists")
    coder = Coder(name=name)
    session.add(coder)
    session.flush()
    events.record(
        session,
        actor=name,
        action="create",
        entity="coder",
        entity_id=coder.id,
        entity_uuid=coder.uuid,
        after={"name": name},
    )
    return coder


def add_coding(
    session: Session, doc_ref: str, code_ref: str, start: int, end: int, coder: str
) -> Coding:
    """Code `text[start:end]` of the document's current text; offsets are code points."""
    document = find_document(session, doc_ref)
    code = find_code(session, code_ref)
    if code.is_theme:
        raise UserError(f"{code.key!r} is a theme; code with one of its codes")
    if code.retired:
        raise UserError(f"code {code.key!r} is retired from the codebook")
    length = len(current_text(session, document))
    if not 0 <= start < end <= length:
        raise UserError(
            f"offsets {start}–{end} are outside {document.name!r} "
            f"(text is {length} characters; need 0 ≤ start < end ≤ {length})"
        )
    coder_row = ensure_coder(session, coder)
    coding = Coding(
        document_id=document.id,
        revision_id=document.current_revision_id,
        code_id=code.id,
        start=start,
        end=end,
        coder_id=coder_row.id,
        codebook_version_id=latest_version_id(session),
    )
    session.add(coding)
    session.flush()
    events.record(
        session,
        actor=coder,
        action="create",
        entity="coding",
        entity_id=coding.id,
        entity_uuid=coding.uuid,
        case_id=document.case_id,
        after=coding_state(coding),
    )
    return coding


def coding_state(coding: Coding) -> dict[str, Any]:
    """Everything needed to recreate a coding (undo of a removal); no text, only offsets."""
    return {
        "document_id": coding.document_id,
        "revision_id": coding.revision_id,
        "code_id": coding.code_id,
        "start": coding.start,
        "end": coding.end,
        "coder_id": coding.coder_id,
        "codebook_version_id": coding.codebook_version_id,
    }


def find_coding(session: Session, coding_id: int) -> Coding:
    coding = session.get(Coding, coding_id)
    if coding is None:
        raise UserError(f"no coding with id {coding_id} (see: qualframe code list)")
    return coding


def remove_coding(session: Session, coding_id: int, actor: str) -> None:
    """Remove a coding (`d` in the reader); undo brings it back with the same UUID."""
    coding = find_coding(session, coding_id)
    case_id = session.scalar(select(Document.case_id).where(Document.id == coding.document_id))
    events.record(
        session,
        actor=actor,
        action="delete",
        entity="coding",
        entity_id=coding.id,
        entity_uuid=coding.uuid,
        case_id=case_id,
        before=coding_state(coding),
    )
    session.delete(coding)
    session.flush()


def change_coding(
    session: Session,
    coding_id: int,
    actor: str,
    *,
    code_ref: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Coding:
    """Recode (`r`) or extend/shrink (`e`) a coding, recorded with before and after."""
    coding = find_coding(session, coding_id)
    before = coding_state(coding)
    if code_ref is not None:
        code = find_code(session, code_ref)
        if code.is_theme or code.retired:
            raise UserError(f"cannot code with {code.key!r} (a theme or a retired code)")
        coding.code_id = code.id
    new_start = coding.start if start is None else start
    new_end = coding.end if end is None else end
    revision = session.get(Revision, coding.revision_id)
    assert revision is not None
    if not 0 <= new_start < new_end <= len(revision.text):
        raise UserError(
            f"offsets {new_start}–{new_end} are outside the text (0 to {len(revision.text)})"
        )
    coding.start, coding.end = new_start, new_end
    session.flush()
    case_id = session.scalar(select(Document.case_id).where(Document.id == coding.document_id))
    events.record(
        session,
        actor=actor,
        action="update",
        entity="coding",
        entity_id=coding.id,
        entity_uuid=coding.uuid,
        case_id=case_id,
        before=before,
        after=coding_state(coding),
    )
    return coding


@dataclass(frozen=True, slots=True)
class CodingRow:
    """A row of `code list`: a coding with its document, case, code, passage and coder."""

    id: int
    uuid: str
    document: str
    case: str | None
    code: str
    start: int
    end: int
    text: str
    coder: str | None
    created: str


@dataclass(frozen=True, slots=True)
class CodingMark:
    """A coding as the reader draws it: its span, code (id and name), coder and how many memos
    are written on it (the reader marks those passages), no text."""

    id: int
    start: int
    end: int
    code: str
    code_name: str
    coder: str | None
    memos: int = 0


@dataclass(frozen=True)
class CodingFilter:
    """Which codings to show: those with one of `codes` (ids) by one of `coders` (names); an
    empty set lets every code, or every coder, through. The reader's stripe filter and `code
    list --code --by` ask the same question."""

    codes: frozenset[str] = frozenset()
    coders: frozenset[str] = frozenset()

    @property
    def everything(self) -> bool:
        return not self.codes and not self.coders

    def admits(self, code: str, coder: str | None) -> bool:
        return (not self.codes or code in self.codes) and (
            not self.coders or (coder is not None and coder in self.coders)
        )


def list_codings(
    session: Session,
    doc_ref: str | None = None,
    only: CodingFilter = CodingFilter(),
    viewer: str | None = None,
) -> list[CodingRow]:
    """Rows for `code list`; `case` is the speaker's case in a focus group, else the document's.
    `only` keeps the codings of some codes, or by some coders (each named must exist).

    `viewer` is the coder looking: while blind coding is on they see only their own codings.
    None is an unrestricted view, for tools and exports, never for a coder's listing.
    Core statements over the tables' columns: listings must start fast, and ORM statements
    would first configure every mapper."""
    codings, documents, codes = Coding.__table__.c, Document.__table__.c, Code.__table__.c
    revisions, coders, cases = Revision.__table__.c, Coder.__table__.c, Case.__table__.c
    query = (
        select(
            codings.id,
            codings.uuid,
            codings.revision_id,
            codings.start,
            codings.end,
            codings.created,
            documents.name.label("document"),
            documents.case_id.label("document_case_id"),
            codes.key.label("code"),
            coders.name.label("coder"),
            revisions.text,
        )
        .join(Document.__table__, documents.id == codings.document_id)
        .join(Code.__table__, codes.id == codings.code_id)
        .join(Revision.__table__, revisions.id == codings.revision_id)
        .outerjoin(Coder.__table__, coders.id == codings.coder_id)
        .order_by(documents.name, codings.start, codings.id)
    )
    if doc_ref is not None:
        query = query.where(codings.document_id == find_document(session, doc_ref).id)
    if only.codes:
        query = query.where(codings.code_id.in_([find_code(session, c).id for c in only.codes]))
    if only.coders:
        query = query.where(codings.coder_id.in_([_coder_id(session, c) for c in only.coders]))
    if viewer is not None and is_blind(session):
        query = query.where(coders.name == viewer)
    case_names = dict(session.execute(select(cases.id, cases.name)).all())
    speaker_cases = _speaker_cases(session)
    rows = []
    for row in session.execute(query):
        case_id = _case_at(speaker_cases.get(row.revision_id), row.start) or row.document_case_id
        rows.append(
            CodingRow(
                id=row.id,
                uuid=row.uuid,
                document=row.document,
                case=case_names.get(case_id),
                code=row.code,
                start=row.start,
                end=row.end,
                text=row.text[row.start : row.end],
                coder=row.coder,
                created=row.created.isoformat(),
            )
        )
    return rows


def count_codings(session: Session, code_ref: str) -> int:
    """Every coding of a code, whoever made it and on whichever revision: what a split or a
    merge moves (a listing under blind coding shows fewer)."""
    code_id = find_code(session, code_ref).id
    return session.scalar(select(func.count()).where(Coding.code_id == code_id)) or 0


def _coder_id(session: Session, name: str) -> int:
    coder_id = session.scalar(select(Coder.id).where(Coder.name == name))
    if coder_id is None:
        raise UserError(f"no coder named {name!r}")
    return coder_id


def document_codings(session: Session, doc_ref: str, viewer: str | None = None) -> list[CodingMark]:
    """The codings of a document's current text in text order, with code and coder names and
    their memo counts: what the reader draws. No text is copied, so this stays cheap on long
    transcripts. `viewer` as in `list_codings`: under blind coding, only their own."""
    document = find_document(session, doc_ref)
    memos = (
        select(func.count(Memo.id))
        .where(Memo.target_type == "coding", Memo.target_id == Coding.id)
        .scalar_subquery()
    )
    query = (
        select(Coding.id, Coding.start, Coding.end, Code.key, Code.name, Coder.name, memos)
        .join(Code, Code.id == Coding.code_id)
        .outerjoin(Coder, Coder.id == Coding.coder_id)
        .where(
            Coding.document_id == document.id, Coding.revision_id == document.current_revision_id
        )
        .order_by(Coding.start, Coding.id)
    )
    if viewer is not None and is_blind(session):
        query = query.where(Coder.name == viewer)
    rows = session.execute(query)
    return [CodingMark(*row) for row in rows]


#: How many of a coder's latest codings `recent_codes` looks at.
RECENT_WINDOW = 500


def recent_codes(session: Session, coder: str, limit: int = 8) -> list[str]:
    """Ids of the codes `coder` applied most recently, newest first (the code picker lists them
    first: a researcher tends to reach for the same few codes). Reads the coder's latest
    codings only, walking the primary key backwards, so it stays fast on a large project."""
    rows = session.scalars(
        select(Code.key)
        .join(Coding, Coding.code_id == Code.id)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coder.name == coder, Code.retired.is_(False))
        .order_by(Coding.id.desc())
        .limit(RECENT_WINDOW)
    )
    return list(dict.fromkeys(rows))[:limit]


def speaker_case_lookup(session: Session) -> Callable[[int, int], int | None]:
    """`lookup(revision_id, offset)`: the case of the speaker whose turn holds the offset, or
    None outside speaker turns (the document's own case applies). One query, then bisects, so
    charts can attribute thousands of codings the way `code list` does."""
    turns = _speaker_cases(session)
    return lambda revision_id, offset: _case_at(turns.get(revision_id), offset)


def _speaker_cases(session: Session) -> dict[int, tuple[list[int], list[tuple[int, int]]]]:
    """Per revision, turn starts and (end, case) of turns that belong to a speaker's case."""
    out: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}
    segments = Segment.__table__.c
    rows = session.execute(
        select(segments.revision_id, segments.start, segments.end, segments.case_id)
        .where(segments.kind == "turn", segments.case_id.is_not(None))
        .order_by(segments.revision_id, segments.start)
    )
    for revision_id, start, end, case_id in rows:
        starts, ends = out.setdefault(revision_id, ([], []))
        starts.append(start)
        ends.append((end, case_id))
    return out


def _case_at(turns: tuple[list[int], list[tuple[int, int]]] | None, offset: int) -> int | None:
    if turns is None:
        return None
    starts, ends = turns
    index = bisect_right(starts, offset) - 1
    if index >= 0 and offset < ends[index][0]:
        return ends[index][1]
    return None
