"""Blind coding: while it is on, each coder sees only their own codings.

Independent coding is what makes inter-coder agreement meaningful: a coder who can see a
colleague's codings drifts towards them. The switch lives in `project_meta` (one row, shared by
everyone on the database) and every change of it is recorded. Listings take the viewing coder
as a parameter, so the rule is applied where codings are read, not through a global.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.errors import UserError
from qualframe.history import events
from qualframe.store.models import ProjectMeta

BLIND_KEY = "blind"
ON, OFF = "on", "off"


def is_blind(session: Session) -> bool:
    """Is blind coding on for this project? (Core, not ORM: listings ask this and must start
    without configuring the mappers.)"""
    meta = ProjectMeta.__table__.c
    return session.scalar(select(meta.value).where(meta.key == BLIND_KEY)) == ON


def set_blind(session: Session, on: bool, actor: str) -> bool:
    """Turn blind coding on or off; returns False when it already was in that state."""
    row = session.get(ProjectMeta, BLIND_KEY)
    before = row is not None and row.value == ON
    if before == on:
        return False
    if row is None:
        session.add(ProjectMeta(key=BLIND_KEY, value=ON if on else OFF))
    else:
        row.value = ON if on else OFF
    events.record(
        session,
        actor=actor,
        action="blind" if on else "unblind",
        entity="project",
        before={"blind": before},
        after={"blind": on},
    )
    return True


def require_unblinded(session: Session, what: str) -> None:
    """Refuse comparisons across coders while blind coding is on."""
    if is_blind(session):
        raise UserError(
            f"blind coding is on, so {what} would show other coders' codings; "
            "turn it off first: qualframe blind off"
        )
