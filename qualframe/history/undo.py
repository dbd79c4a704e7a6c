"""Undo and redo, read from the one event log, per coder, persisted across restarts.

Every change a coder can take back is an event whose kind has a step in `history.steps`:
codings, emergent codes and code tree edits, suggestion reviews, chart summaries, memos, case
attributes and a document's sentence units (`doc resegment`). Undoing an event applies its
inverse, marks it `undone` and records an `undo` event pointing at it (so the audit trail shows
both); redo re-applies the most recently undone event, until the coder makes a new change, which
empties the redo stack as in any editor.

Some steps are one action for the coder but two events (accepting a suggestion creates a coding
and records the review; splitting a code creates the new code and moves codings): undo takes
both back together, and redo restores both (see `history.steps`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.history import events
from qualframe.history.steps import STEPS, is_undoable
from qualframe.store.models import Event

__all__ = ["is_undoable", "redo", "undo"]

_ENTITIES = tuple(sorted({entity for entity, _ in STEPS}))
_ACTIONS = tuple(sorted({action for _, action in STEPS}))


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
    """Undo the coder's latest change; None when there is nothing to undo. A change that can no
    longer be taken back (its cell or code changed since) raises `UserError`, nothing written."""
    candidates = session.scalars(_changes(actor).where(Event.undone.is_(False)))
    target = next((e for e in candidates if is_undoable(e)), None)
    if target is None:
        return None
    outcome = STEPS[(target.entity, target.action)].apply(session, target, True)
    target.undone = True
    events.record(
        session,
        actor=actor,
        action="undo",
        entity="event",
        entity_id=target.id,
        case_id=target.case_id,
        before=target.after,
        after=target.before if outcome is None else outcome,
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
            outcome = STEPS[(target.entity, target.action)].apply(session, target, False)
            target.undone = False
            events.record(
                session,
                actor=actor,
                action="redo",
                entity="event",
                entity_id=target.id,
                case_id=target.case_id,
                before=target.before,
                after=target.after if outcome is None else outcome,
            )
            return target
    return None
