"""Summary edits as steps a coder can undo and redo, in one history with their coding changes.

The event log's undo (`qualframe.history.undo`) covers codings, emergent codes and suggestion
reviews; a summary has versions instead, so undoing an edit writes the text it replaced as a new
version, against the version the edit made (`set_summary` with `if_version`): a cell someone changed
since is never overwritten, and the history keeps every step. The workbench keeps the edits
made in a session; these functions say whether a coding change comes first and take the step.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.framework.summaries import current_summary, find_cell, set_summary
from qualframe.history.undo import is_undoable
from qualframe.store.models import Event


@dataclass(frozen=True)
class SummaryEdit:
    """One summary write: the cell, the version it made, the text before and after it, and the
    id of its event (to order it against the coder's coding changes)."""

    case: str
    code: str
    version: int
    before: str
    after: str
    event_id: int


def write_summary(
    session: Session, case: str, code: str, text: str, actor: str, if_version: int
) -> SummaryEdit | None:
    """`set_summary` with `if_version`, as an undoable edit; None when the cell already held
    exactly this text (nothing was written)."""
    found_case, found_code = find_cell(session, case, code)
    before = current_summary(session, found_case.id, found_code.id)
    written = set_summary(session, case, code, text, actor, if_version=if_version)
    if before is not None and written.version == before.version:
        return None
    return SummaryEdit(
        case,
        code,
        written.version,
        before.text if before else "",
        written.text,
        latest_event_id(session, actor),
    )


def step(
    session: Session, edit: SummaryEdit, actor: str, *, redo: bool = False
) -> SummaryEdit | None:
    """Undo `edit` (write back its `before` text against the version it made) or redo it
    (write its `after` text against the version the undo made); the returned edit is what the
    opposite step needs. None when a coding change goes first (`coding_step_first`): nothing
    is written, and the workbench's coding undo (or redo) should run instead. A cell changed
    since raises `SummaryConflict`."""
    if coding_step_first(session, actor, edit.event_id, redo=redo):
        return None
    written = set_summary(
        session,
        edit.case,
        edit.code,
        edit.after if redo else edit.before,
        actor,
        if_version=edit.version,
    )
    return SummaryEdit(
        edit.case,
        edit.code,
        written.version,
        edit.before,
        edit.after,
        latest_event_id(session, actor),
    )


def latest_event_id(session: Session, actor: str) -> int:
    """The id of the actor's latest event (in a write, the one it just recorded)."""
    return int(session.scalar(select(func.max(Event.id)).where(Event.actor == actor)) or 0)


def coding_step_first(session: Session, actor: str, since: int, *, redo: bool) -> bool:
    """Whether the coding undo (redo) goes before the summary step whose event is `since`: for
    undo, a change it can take back made later and still in place, or a coding redo made later;
    for redo, a coding undo made later and not redone yet, or a new change (which ends the redo
    history, as in any editor)."""
    later = session.scalars(
        select(Event).where(Event.actor == actor, Event.id > since).order_by(Event.id)
    ).all()
    if not redo:
        return any(e.action == "redo" or (is_undoable(e) and not e.undone) for e in later)
    for event in later:
        if is_undoable(event):
            return True
        if event.action == "undo" and event.entity_id is not None:
            target = session.get(Event, event.entity_id)
            if target is not None and target.undone:
                return True
    return False
