"""Stale edits: when two people edit the same code at once, the later edit is refused.

A code's version is the number of changes the event log holds for it (creating it is change 1),
so it needs no column of its own and counts every kind of change (rename, move, a new codebook
version, an undo...). An editor remembers the version it showed; saving passes it back, and the
save is refused if the code changed meanwhile. Before reading the version, the check writes the
code's row (a no-op update): that takes PostgreSQL's row lock and SQLite's write lock, so two saves
racing each other are ordered and the second one reads the version the first one left.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from qualframe.errors import UserError
from qualframe.store.models import Code, Event


def code_version(session: Session, code: Code) -> int:
    """How many recorded changes the code has had, undos and redos of them included (an undo
    changes the code as much as the edit did)."""
    changes = select(Event.id).where(Event.entity == "code", Event.entity_id == code.id)
    return (
        session.scalar(
            select(func.count())
            .select_from(Event)
            .where(
                or_(
                    Event.id.in_(changes),
                    (Event.entity == "event") & Event.entity_id.in_(changes),
                )
            )
        )
        or 0
    )


def check_code_version(session: Session, code: Code, expected: int | None) -> None:
    """Refuse the edit if the code is no longer at version `expected` (None: no check)."""
    if expected is None:
        return
    session.execute(
        update(Code)
        .where(Code.id == code.id)
        .values(position=Code.position)
        .execution_options(synchronize_session=False)
    )
    session.refresh(code)
    current = code_version(session, code)
    if current == expected:
        return
    latest = session.scalars(
        select(Event)
        .where(Event.entity == "code", Event.entity_id == code.id)
        .order_by(Event.id.desc())
        .limit(1)
    ).first()
    by = f" ({latest.action} by {latest.actor} at {latest.at:%Y-%m-%d %H:%M})" if latest else ""
    raise UserError(
        f"code {code.key!r} changed since version {expected}: it is at version "
        f"{current}{by}; reload it and make your change again"
    )
