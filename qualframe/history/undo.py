"""Undo and redo, read from the one event log, per coder, persisted across restarts.

Undoable: creating, removing and changing codings, creating emergent codes, and accepting or
rejecting a suggestion. Undoing an event applies its inverse, marks it `undone` and records an
`undo` event pointing at it (so the audit trail shows both); redo re-applies the most recently
undone event, until the coder makes a new change, which empties the redo stack as in any editor.

Accepting a suggestion is one step for the reviewer but two events (the coding is created by
`add_coding`, then the coder's review is recorded): undo takes both back together, so the
suggestion is pending again for that coder *and* their coding is gone, and redo restores both.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qualframe.coding.codings import ensure_coder
from qualframe.errors import UserError
from qualframe.history import events
from qualframe.store.models import (
    Code,
    Coding,
    Event,
    Suggestion,
    SuggestionReview,
    new_uuid,
    utcnow,
)

UNDOABLE = (
    ("coding", "create"),
    ("coding", "delete"),
    ("coding", "update"),
    ("code", "create"),
    ("suggestion", "accept"),
    ("suggestion", "reject"),
)
_ENTITIES = tuple(sorted({entity for entity, _ in UNDOABLE}))
_ACTIONS = tuple(sorted({action for _, action in UNDOABLE}))


def is_undoable(event: Event) -> bool:
    """A change the coder can take back. Of code events only the creation of an emergent code
    is (a codebook load also records `create code` events: undo never unpicks a load)."""
    if (event.entity, event.action) not in UNDOABLE:
        return False
    return event.entity != "code" or (event.after or {}).get("origin") == "emergent"


def _changes(actor: str) -> Any:
    """The coder's events that may be undoable, newest first (`is_undoable` decides)."""
    return (
        select(Event)
        .where(Event.actor == actor, Event.entity.in_(_ENTITIES), Event.action.in_(_ACTIONS))
        .order_by(Event.id.desc())
    )


def _latest_change_id(session: Session, actor: str) -> int:
    latest = next((e for e in session.scalars(_changes(actor)) if is_undoable(e)), None)
    return latest.id if latest else 0


def undo(session: Session, actor: str) -> Event | None:
    """Undo the coder's latest change; None when there is nothing to undo."""
    candidates = session.scalars(_changes(actor).where(Event.undone.is_(False)))
    target = next((e for e in candidates if is_undoable(e)), None)
    if target is None:
        return None
    _apply(session, target, backwards=True)
    target.undone = True
    events.record(
        session,
        actor=actor,
        action="undo",
        entity="event",
        entity_id=target.id,
        case_id=target.case_id,
        before=target.after,
        after=target.before,
    )
    return target


def redo(session: Session, actor: str) -> Event | None:
    """Redo the most recently undone change, unless a newer change has been made since."""
    barrier = _latest_change_id(session, actor)
    undos = session.scalars(
        select(Event)
        .where(Event.actor == actor, Event.action == "undo", Event.id > barrier)
        .order_by(Event.id.desc())
    )
    for undo_event in undos:
        target = session.get(Event, undo_event.entity_id)
        if target is not None and target.undone:
            _apply(session, target, backwards=False)
            target.undone = False
            events.record(
                session,
                actor=actor,
                action="redo",
                entity="event",
                entity_id=target.id,
                case_id=target.case_id,
                before=target.before,
                after=target.after,
            )
            return target
    return None


def _apply(session: Session, event: Event, *, backwards: bool) -> None:
    if event.entity == "code":
        _apply_code(session, event, present=not backwards)
    elif event.entity == "suggestion":
        _apply_review(session, event, backwards=backwards)
    else:
        _apply_coding(session, event, backwards=backwards)


def _apply_coding(session: Session, event: Event, *, backwards: bool) -> None:
    state = event.before if backwards else event.after
    coding = session.get(Coding, event.entity_id)
    if state is None:  # the coding must not exist in the target state
        if coding is not None:
            session.delete(coding)
    elif coding is None:
        session.add(Coding(id=event.entity_id, uuid=event.entity_uuid, **state))
    else:
        for key, value in state.items():
            setattr(coding, key, value)
    session.flush()


def _apply_code(session: Session, event: Event, *, present: bool) -> None:
    code = session.get(Code, event.entity_id)
    if code is None:
        raise UserError("that code no longer exists; nothing to undo")
    if not present and session.scalar(select(Coding.id).where(Coding.code_id == code.id)):
        raise UserError(f"code {code.key!r} has codings now; remove them before undoing it")
    code.retired = not present


def _apply_review(session: Session, event: Event, *, backwards: bool) -> None:
    """A review decision back or forward: the reviewer's own review row (removed, or put back
    with its id, UUID and time), and for an accept the coding it created (removed by undo,
    recreated with its id and UUID by redo)."""
    suggestion = session.get(Suggestion, event.entity_id)
    if suggestion is None:
        raise UserError(
            "that suggestion no longer exists (its document was removed); nothing to undo"
        )
    state = (event.before if backwards else event.after) or {}
    coder_id = _reviewer(session, event)
    session.execute(
        delete(SuggestionReview).where(
            SuggestionReview.suggestion_id == suggestion.id, SuggestionReview.coder_id == coder_id
        )
    )
    status = state.get("status", "pending")
    # Events written before reviews were per coder may hold another coder's decision (a
    # reject someone else's accept overruled): it is put back only if that coder has none now.
    owner = state.get("reviewed_by") or coder_id
    if (
        status != "pending"
        and session.scalar(
            select(SuggestionReview.id).where(
                SuggestionReview.suggestion_id == suggestion.id, SuggestionReview.coder_id == owner
            )
        )
        is None
    ):
        row = state.get("review") or {}  # such events have no row to restore: a new one
        session.add(
            SuggestionReview(
                id=row.get("id"),
                uuid=row.get("uuid") or new_uuid(),
                suggestion_id=suggestion.id,
                coder_id=owner,
                status=status,
                created=datetime.fromisoformat(row["created"]) if "created" in row else utcnow(),
            )
        )
    session.flush()
    coding_id = (event.after or {}).get("coding_id")
    if event.action != "accept" or coding_id is None:
        return
    # The coding's creation was recorded just before the accept, in the same transaction (the
    # latest such event: SQLite may give a new coding the id of one removed earlier).
    created = session.scalar(
        select(Event)
        .where(
            Event.entity == "coding",
            Event.action == "create",
            Event.entity_id == coding_id,
            Event.id < event.id,
        )
        .order_by(Event.id.desc())
        .limit(1)
    )
    # Skipped when the coding's creation is already in the target state: before this module
    # paired them, an undo could take back the coding alone and leave the accept standing.
    if created is not None and created.undone != backwards:
        _apply_coding(session, created, backwards=backwards)
        created.undone = backwards


def _reviewer(session: Session, event: Event) -> int:
    """The coder whose review a review event changed: recorded in its outcome (`reviewed_by`;
    the state before may name an earlier reviewer), else (events written before reviewers were
    recorded) the coder of the event's actor."""
    reviewer = (event.after or {}).get("reviewed_by")
    if reviewer is not None:
        return int(reviewer)
    return ensure_coder(session, event.actor or "").id
