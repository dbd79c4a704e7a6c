"""The one event log: every change recorded with who, when, what, before and after.

The same rows serve the audit trail (`qualframe log`) and undo/redo. Values are small JSON
objects of the changed fields; coded passages are referred to by offsets, never copied, so
transcript text does not spread into the log (memo and summary text does, and withdrawal
redacts it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from qualframe.store.models import Event


def record(
    session: Session,
    *,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    entity_uuid: str | None = None,
    case_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Add one event to the session's transaction (it commits or rolls back with the change)."""
    event = Event(
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        entity_uuid=entity_uuid,
        case_id=case_id,
        before=before,
        after=after,
    )
    session.add(event)
    return event
