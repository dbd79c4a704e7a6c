"""The audit trail: the one event log read as who changed what, when, from what to what.

Every create, change and delete of codes, codings, memos and summaries is already recorded by
the service that makes it (`events.record`, in the same transaction as the change). This module
only reads: it names the thing changed (a code's id, a document's or case's name) and applies
blind coding, under which the coding and review events of other coders are not shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.store.models import Case, Code, Coder, Document, Event, Summary
from qualframe.team.blind import is_blind

#: Entities whose events reveal another coder's codings (undo/redo events carry their states).
CODING_ENTITIES = ("coding", "event", "suggestion")
CHANGE_WIDTH = 80


@dataclass(frozen=True, slots=True)
class EventRow:
    """A row of `qualframe log`: who changed what, when, before and after, in words too."""

    id: int
    uuid: str
    at: str
    actor: str | None
    action: str
    entity: str
    entity_id: int | None
    entity_uuid: str | None
    target: str | int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    undone: bool
    change: str


def list_events(
    session: Session,
    *,
    entity: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    limit: int | None = None,
    viewer: str | None = None,
) -> list[EventRow]:
    """Events, newest first, as rows with stable keys. `target` matches the thing changed by
    name, code id or numeric id; `viewer` is the coder looking (under blind coding they see only
    their own coding events; None is an unrestricted view for tools, never for a coder)."""
    query = select(Event).order_by(Event.id.desc())
    if entity is not None:
        query = query.where(Event.entity == entity)
    if actor is not None:
        query = query.where(Event.actor == actor)
    if viewer is not None and is_blind(session):
        query = query.where((Event.actor == viewer) | Event.entity.not_in(CODING_ENTITIES))
    labels = _labels(session)
    rows = []
    for event in session.scalars(query):
        label = labels.get((event.entity, event.entity_id or 0))
        if target is not None and target not in (label, str(event.entity_id)):
            continue
        rows.append(
            EventRow(
                id=event.id,
                uuid=event.uuid,
                at=_utc(event.at).isoformat(),
                actor=event.actor,
                action=event.action,
                entity=event.entity,
                entity_id=event.entity_id,
                entity_uuid=event.entity_uuid,
                target=label if label is not None else event.entity_id,
                before=event.before,
                after=event.after,
                undone=event.undone,
                change=describe_change(event.entity, event.before, event.after, labels),
            )
        )
        if limit is not None and len(rows) >= limit:
            break
    return rows


def _utc(at: datetime) -> datetime:
    """Event times are stored in UTC; SQLite hands them back without the zone."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _labels(session: Session) -> dict[tuple[str, int], str]:
    """Readable names of the things events point at, by (entity, id)."""
    labels: dict[tuple[str, int], str] = {}
    for entity, model, column in (
        ("code", Code, Code.key),
        ("document", Document, Document.name),
        ("case", Case, Case.name),
        ("coder", Coder, Coder.name),
    ):
        for row_id, name in session.execute(select(model.id, column)):
            labels[(entity, row_id)] = name
    cells = session.execute(
        select(Summary.id, Case.name, Code.key)
        .join(Case, Case.id == Summary.case_id)
        .join(Code, Code.id == Summary.code_id)
    )
    for row_id, case, code in cells:
        labels[("summary", row_id)] = f"{case}/{code}"
    return labels


def describe_change(
    entity: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    labels: dict[tuple[str, int], str],
) -> str:
    """`before → after` on one line for people, shortened to fit; a coding reads as its code,
    document and offsets rather than database ids."""
    if entity == "coding":
        before, after = _coding_text(before, labels), _coding_text(after, labels)
    before, after = before or {}, after or {}
    parts = []
    for key in dict.fromkeys([*before, *after]):
        if key in before and key in after:
            if before[key] != after[key]:
                parts.append(f"{key}: {_short(before[key])} → {_short(after[key])}")
        elif key in after:
            parts.append(f"{key}={_short(after[key])}")
        else:
            parts.append(f"-{key}={_short(before[key])}")
    text = "; ".join(parts)
    return text if len(text) <= CHANGE_WIDTH else text[: CHANGE_WIDTH - 1] + "…"


def _coding_text(
    state: dict[str, Any] | None, labels: dict[tuple[str, int], str]
) -> dict[str, Any] | None:
    if not state or "code_id" not in state:
        return state
    code = labels.get(("code", state["code_id"]), state["code_id"])
    document = labels.get(("document", state.get("document_id", 0)), state.get("document_id"))
    return {"coding": f"{code} in {document} {state.get('start')}–{state.get('end')}"}


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= 30 else text[:29] + "…"
