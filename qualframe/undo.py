"""Undo and redo, read from the one event log, per coder, persisted across restarts.

Undoable: creating, removing and changing codings, and creating emergent codes. Undoing an event
applies its inverse, marks it `undone` and records an `undo` event pointing at it (so the audit
trail shows both); redo re-applies the most recently undone event, until the coder makes a new
change, which empties the redo stack as in any editor.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe import events
from qualframe.errors import UserError
from qualframe.store.models import Code, Coding, Event

UNDOABLE = (("coding", "create"), ("coding", "delete"), ("coding", "update"), ("code", "create"))


def _is_undoable(event: Event) -> bool:
    return (event.entity, event.action) in UNDOABLE


def _latest_change_id(session: Session, actor: str) -> int:
    rows = session.scalars(select(Event).where(Event.actor == actor,
                                               Event.action.in_(("create", "delete", "update")),
                                               Event.entity.in_(("coding", "code")))
                           .order_by(Event.id.desc()).limit(1))
    latest = rows.first()
    return latest.id if latest else 0


def undo(session: Session, actor: str) -> Event | None:
    """Undo the coder's latest change; None when there is nothing to undo."""
    candidates = session.scalars(
        select(Event).where(Event.actor == actor, Event.undone.is_(False),
                            Event.entity.in_(("coding", "code")),
                            Event.action.in_(("create", "delete", "update")))
        .order_by(Event.id.desc()))
    target = next((e for e in candidates if _is_undoable(e)), None)
    if target is None:
        return None
    _apply(session, target, backwards=True)
    target.undone = True
    events.record(session, actor=actor, action="undo", entity="event", entity_id=target.id,
                  case_id=target.case_id, before=target.after, after=target.before)
    return target


def redo(session: Session, actor: str) -> Event | None:
    """Redo the most recently undone change, unless a newer change has been made since."""
    barrier = _latest_change_id(session, actor)
    undos = session.scalars(select(Event).where(Event.actor == actor, Event.action == "undo",
                                                Event.id > barrier)
                            .order_by(Event.id.desc()))
    for undo_event in undos:
        target = session.get(Event, undo_event.entity_id)
        if target is not None and target.undone:
            _apply(session, target, backwards=False)
            target.undone = False
            events.record(session, actor=actor, action="redo", entity="event",
                          entity_id=target.id, case_id=target.case_id,
                          before=target.before, after=target.after)
            return target
    return None


def _apply(session: Session, event: Event, *, backwards: bool) -> None:
    state = event.before if backwards else event.after
    if event.entity == "code":
        _apply_code(session, event, present=not backwards)
        return
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
