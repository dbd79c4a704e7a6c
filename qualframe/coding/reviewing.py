"""Reviewing suggestions: the queue as a reviewer sees it, one suggestion in its context, and
the two decisions (accept: a coding in the reviewer's name; reject: never suggested again).

Each coder's decision is their own review row (under blind coding a reviewer sees only their
own decisions); both decisions go into the event log, where undo takes them back
(`history.steps`). `coding.suggestions` makes the suggestions these functions review.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from qualframe.codebook.store import find_code
from qualframe.codebook.tree import children_of, depth_first
from qualframe.coding.codings import add_coding, ensure_coder
from qualframe.corpus.documents import find_document
from qualframe.errors import UserError
from qualframe.history import events
from qualframe.store.models import (
    Code,
    Coder,
    Coding,
    Document,
    Revision,
    Segment,
    Suggestion,
    SuggestionReview,
)
from qualframe.team.blind import is_blind

STATUSES = ("pending", "accepted", "rejected")
Span = tuple[int, int]


@dataclass(frozen=True)
class SuggestionItem:
    """One suggestion as a reviewer sees it: where, which code, what fired, and the words.

    `text` is the suggested passage (`start`..`end`, usually a sentence); `matched` the words
    the rule fired on (`match_start`..`match_end`). Offsets are into the document's current text.
    """

    id: int
    document: str
    document_id: int
    code: str
    code_name: str
    start: int
    end: int
    match_start: int
    match_end: int
    text: str
    matched: str
    rule: str
    status: str

    def row(self) -> dict[str, Any]:
        """The `suggest list` row, with the data contract's keys."""
        return {
            "id": self.id,
            "document": self.document,
            "code": self.code,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule": self.rule,
            "status": self.status,
        }


def list_suggestions(
    session: Session,
    *,
    status: str = "pending",
    code: str | None = None,
    document: str | None = None,
    limit: int | None = None,
    viewer: str | None = None,
) -> list[SuggestionItem]:
    """The review queue, in reading order (document, then position): `status` is one of
    STATUSES or `all`; `code` may be a theme (its codes' suggestions); `document` a name or id.
    Statuses are as `viewer` sees them (see `_shown_status`)."""
    if status != "all" and status not in STATUSES:
        raise UserError(f"unknown status {status!r} (use {', '.join(STATUSES)} or all)")
    shown = _shown_status(session, viewer)
    query = (
        select(Suggestion, Document.name, Code.key, Code.name, shown)
        .join(Document, Document.id == Suggestion.document_id)
        .join(Code, Code.id == Suggestion.code_id)
        .order_by(Document.name, Suggestion.start, Code.position, Suggestion.id)
    )
    if status != "all":
        query = query.where(shown == status)
    if code is not None:
        query = query.where(Suggestion.code_id.in_(_code_and_descendants(session, code)))
    if document is not None:
        query = query.where(Suggestion.document_id == find_document(session, document).id)
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    texts = _revision_texts(session, {s.revision_id for s, *_ in rows})
    return [
        _item(s, doc_name, key, name, texts[s.revision_id], shown_status)
        for s, doc_name, key, name, shown_status in rows
    ]


def _shown_status(session: Session, viewer: str | None) -> ColumnElement[str]:
    """A suggestion's status as `viewer` sees it, as a column expression: the newest review's
    (a team shares one queue, so nobody judges twice what a colleague judged), but while blind
    coding is on only `viewer`'s own review counts (a colleague's judgement must neither show
    nor empty their queue). `viewer` None is the unrestricted view, as in `list_codings`."""
    newest = (
        select(SuggestionReview.status)
        .where(SuggestionReview.suggestion_id == Suggestion.id)
        .order_by(SuggestionReview.id.desc())
        .limit(1)
    )
    if viewer is not None and is_blind(session):
        newest = newest.join(Coder, Coder.id == SuggestionReview.coder_id).where(
            Coder.name == viewer
        )
    return func.coalesce(newest.scalar_subquery(), "pending")


def _item(
    s: Suggestion, document: str, code: str, code_name: str, text: str, status: str
) -> SuggestionItem:
    match_start = s.start if s.match_start is None else s.match_start
    match_end = s.end if s.match_end is None else s.match_end
    return SuggestionItem(
        id=s.id,
        document=document,
        document_id=s.document_id,
        code=code,
        code_name=code_name,
        start=s.start,
        end=s.end,
        match_start=match_start,
        match_end=match_end,
        text=text[s.start : s.end],
        matched=text[match_start:match_end],
        rule=s.rule,
        status=status,
    )


def review_counts(session: Session, viewer: str | None = None) -> dict[str, int]:
    """How many suggestions `viewer` sees in each status (all of STATUSES, zeros included)."""
    shown = (
        select(_shown_status(session, viewer).label("status")).select_from(Suggestion).subquery()
    )
    counts: dict[str, int] = dict(
        session.execute(select(shown.c.status, func.count()).group_by(shown.c.status)).all()
    )
    return {status: counts.get(status, 0) for status in STATUSES}


def _revision_texts(session: Session, revision_ids: set[int]) -> dict[int, str]:
    if not revision_ids:
        return {}
    return dict(
        session.execute(
            select(Revision.id, Revision.text).where(Revision.id.in_(revision_ids))
        ).all()
    )


def _code_and_descendants(session: Session, ref: str) -> set[int]:
    """The code (or theme) and every code under it: what filtering by it shows."""
    root = find_code(session, ref)
    tree = children_of(session.execute(select(Code.id, Code.parent_id, Code.position)))
    return {root.id, *(node.id for node, _ in depth_first(tree, root.id))}


def find_suggestion(session: Session, suggestion_id: int) -> Suggestion:
    suggestion = session.get(Suggestion, suggestion_id)
    if suggestion is None:
        raise UserError(f"no suggestion with id {suggestion_id} (see: qualframe suggest list)")
    return suggestion


def get_suggestion(
    session: Session, suggestion_id: int, viewer: str | None = None
) -> SuggestionItem:
    """One suggestion as a queue item, its status as `viewer` sees it."""
    s = find_suggestion(session, suggestion_id)
    document = session.get(Document, s.document_id)
    code = session.get(Code, s.code_id)
    assert document is not None and code is not None
    text = _revision_texts(session, {s.revision_id})[s.revision_id]
    return _item(s, document.name, code.key, code.name, text, _status_of(session, s, viewer))


def _status_of(session: Session, s: Suggestion, viewer: str | None) -> str:
    return (
        session.scalar(select(_shown_status(session, viewer)).where(Suggestion.id == s.id))
        or "pending"
    )


@dataclass(frozen=True)
class SuggestionContext:
    """What the review screen shows beside a suggestion: the turn around it (or, in text
    without turns, the sentences either side) and the code's definition.

    `start`..`end` is the context's span in the document's text, `text` its words; the
    suggestion's own offsets are in `item` (subtract `start` to place them inside `text`).
    """

    item: SuggestionItem
    start: int
    end: int
    text: str
    speaker: str | None
    definition: str
    include: str
    exclude: str


def suggestion_context(
    session: Session, suggestion_id: int, viewer: str | None = None
) -> SuggestionContext:
    item = get_suggestion(session, suggestion_id, viewer)
    s = find_suggestion(session, suggestion_id)
    code = session.get(Code, s.code_id)
    assert code is not None
    text = _revision_texts(session, {s.revision_id})[s.revision_id]
    turn = session.execute(
        select(Segment.start, Segment.end, Segment.speaker)
        .where(
            Segment.revision_id == s.revision_id,
            Segment.kind == "turn",
            Segment.start <= s.start,
            Segment.end > s.start,
        )
        .order_by(Segment.start.desc())
        .limit(1)
    ).first()
    if turn is not None:
        start, end, speaker = turn.start, max(turn.end, s.end), turn.speaker
    else:
        start, end, speaker = *_neighbouring_sentences(session, s), None
    return SuggestionContext(
        item, start, end, text[start:end], speaker, code.definition, code.include, code.exclude
    )


def _neighbouring_sentences(session: Session, s: Suggestion) -> Span:
    """From the sentence before the suggestion to the sentence after it."""
    before = session.scalar(
        select(Segment.start)
        .where(
            Segment.revision_id == s.revision_id, Segment.kind == "sentence", Segment.end <= s.start
        )
        .order_by(Segment.start.desc())
        .limit(1)
    )
    after = session.scalar(
        select(Segment.end)
        .where(
            Segment.revision_id == s.revision_id, Segment.kind == "sentence", Segment.start >= s.end
        )
        .order_by(Segment.start)
        .limit(1)
    )
    return (s.start if before is None else before, s.end if after is None else after)


def accept_suggestion(
    session: Session,
    suggestion_id: int,
    actor: str,
    *,
    start: int | None = None,
    end: int | None = None,
) -> Coding:
    """Code the suggested passage (or `start`..`end`, adjusted by the reviewer) in the
    reviewer's name, and record their accept. A rejected suggestion can still be accepted (a
    reviewer changing their mind); one accepted as `actor` sees it (see `_shown_status`: under
    blind coding, by themselves) cannot be accepted again."""
    s = find_suggestion(session, suggestion_id)
    if _status_of(session, s, actor) == "accepted":
        raise UserError(f"suggestion {suggestion_id} is already accepted")
    document = session.get(Document, s.document_id)
    code = session.get(Code, s.code_id)
    assert document is not None and code is not None
    start = s.start if start is None else start
    end = s.end if end is None else end
    coding = add_coding(session, document.name, code.key, start, end, actor)
    before, after = _decide(session, s, actor, "accepted")
    events.record(
        session,
        actor=actor,
        action="accept",
        entity="suggestion",
        entity_id=s.id,
        entity_uuid=s.uuid,
        case_id=document.case_id,
        before=before,
        after={**after, "coding_id": coding.id, "start": start, "end": end},
    )
    return coding


def reject_suggestion(session: Session, suggestion_id: int, actor: str) -> Suggestion:
    """Record `actor`'s reject of a suggestion pending as they see it; later runs keep it, so
    it is not suggested again."""
    s = find_suggestion(session, suggestion_id)
    status = _status_of(session, s, actor)
    if status != "pending":
        raise UserError(f"suggestion {suggestion_id} is already {status}")
    document = session.get(Document, s.document_id)
    assert document is not None
    before, after = _decide(session, s, actor, "rejected")
    events.record(
        session,
        actor=actor,
        action="reject",
        entity="suggestion",
        entity_id=s.id,
        entity_uuid=s.uuid,
        case_id=document.case_id,
        before=before,
        after=after,
    )
    return s


def _decide(
    session: Session, s: Suggestion, actor: str, status: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Replace `actor`'s review of `s` by a new one (a new id: the newest decision is the
    shared label); returns the review states before and after, for the event log."""
    coder_id = ensure_coder(session, actor).id
    own = session.scalar(
        select(SuggestionReview).where(
            SuggestionReview.suggestion_id == s.id, SuggestionReview.coder_id == coder_id
        )
    )
    before = _review_state(s, coder_id, own)
    if own is not None:
        session.delete(own)
        session.flush()
    review = SuggestionReview(suggestion_id=s.id, coder_id=coder_id, status=status)
    session.add(review)
    session.flush()
    return before, _review_state(s, coder_id, review)


def _review_state(s: Suggestion, coder_id: int, review: SuggestionReview | None) -> dict[str, Any]:
    """What a review changes, as the event log keeps it: the coder's own review (None when
    they had none: pending), with its id, UUID and time so undo puts back the very row; with
    the document and code, so an undo message can say which suggestion it took back."""
    state: dict[str, Any] = {
        "status": "pending" if review is None else review.status,
        "reviewed_by": coder_id,
        "review": None,
        "document_id": s.document_id,
        "code_id": s.code_id,
    }
    if review is not None:
        state["review"] = {
            "id": review.id,
            "uuid": review.uuid,
            "created": review.created.isoformat(),
        }
    return state
