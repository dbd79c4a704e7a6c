"""How each kind of change is taken back and put again: one `Step` per (entity, action).

A step's `apply(session, event, backwards)` brings the database from the event's `after` state to
its `before` state (backwards: undo) or the other way (redo). It may return what the `undo` or
`redo` event should record as its outcome (the summary steps record the version they wrote);
None records the state reached. A step refuses (`UserError`, nothing written) when the thing
changed since in a way the step would overwrite: stale edits are never silently replaced.

Events that a load or an import also writes (renames and moves in a codebook load, attributes
from front matter) are undoable only when made by hand: such events say so (`by_hand`), and
attribute changes by hand are `set` events, not an import's `update`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from qualframe.coding.codings import ensure_coder
from qualframe.errors import UserError
from qualframe.history import code_steps, events
from qualframe.store.models import (
    CaseAttribute,
    Coding,
    Event,
    Memo,
    Suggestion,
    SuggestionReview,
    new_uuid,
    utcnow,
)

#: What a withdrawal leaves of an event's states (`corpus.purge`): nothing to put back.
REDACTED_KEY = "redacted"

Apply = Callable[[Session, Event, bool], dict[str, Any] | None]


def _always(event: Event) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    """How one kind of event is undone and redone, and which of its events may be."""

    apply: Apply
    undoable: Callable[[Event], bool] = _always


def is_undoable(event: Event) -> bool:
    """A change the coder can take back: a kind with a step, made by hand, not redacted."""
    step = STEPS.get((event.entity, event.action))
    if step is None:
        return False
    if REDACTED_KEY in (event.before or {}) or REDACTED_KEY in (event.after or {}):
        return False
    return step.undoable(event)


# --- codings and suggestion reviews -----------------------------------------------------------


def apply_coding(session: Session, event: Event, backwards: bool) -> None:
    """A coding created, removed or changed: put the coding in the state before (after)."""
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


def apply_review(session: Session, event: Event, backwards: bool) -> None:
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
    created = events.paired_creation(session, event, "coding", coding_id)
    # Skipped when the coding's creation is already in the target state: before undo paired
    # them, an undo could take back the coding alone and leave the accept standing.
    if created is not None and created.undone != backwards:
        apply_coding(session, created, backwards)
        created.undone = backwards


def _reviewer(session: Session, event: Event) -> int:
    """The coder whose review a review event changed: recorded in its outcome (`reviewed_by`;
    the state before may name an earlier reviewer), else (events written before reviewers were
    recorded) the coder of the event's actor."""
    reviewer = (event.after or {}).get("reviewed_by")
    if reviewer is not None:
        return int(reviewer)
    return ensure_coder(session, event.actor or "").id


# --- summaries, memos, case attributes --------------------------------------------------------


def apply_summary(session: Session, event: Event, backwards: bool) -> dict[str, Any]:
    """A summary edit back or forward, written as a new version (versions are never removed)
    against the version the coder's own history left the cell at: a cell someone else wrote
    since is refused (`SummaryConflict`), never overwritten."""
    from qualframe.framework.summaries import set_summary

    after = event.after or {}
    text = ((event.before or {}).get("text") or "") if backwards else after["text"]
    written = set_summary(
        session,
        after["case"],
        after["code"],
        text,
        event.actor or "",
        if_version=_last_written(session, event),
        record=False,
    )
    return {"case": after["case"], "code": after["code"], "text": text, "written": written.version}


def _last_written(session: Session, event: Event) -> int:
    """The version of the cell the coder last wrote, by this edit, a later one, or an undo or
    redo of either (their outcome names the cell and the version written)."""
    cell = ((event.after or {}).get("case"), (event.after or {}).get("code"))
    later = session.scalars(
        select(Event)
        .where(
            Event.actor == event.actor,
            Event.case_id == event.case_id,
            Event.id >= event.id,
            or_(
                Event.entity == "summary",
                (Event.entity == "event") & Event.action.in_(("undo", "redo")),
            ),
        )
        .order_by(Event.id.desc())
    )
    for found in later:
        state = found.after or {}
        if (state.get("case"), state.get("code")) != cell:
            continue
        version = state.get("version" if found.entity == "summary" else "written")
        if isinstance(version, int):
            return version
    return int((event.after or {})["version"])


def apply_resegment(session: Session, event: Event, backwards: bool) -> None:
    """A document's sentence units recomputed: the ones it replaced, or the ones it made, back
    in place. Imported here, not at the top: the corpus room owns sentence units and itself
    records its events through this room."""
    from qualframe.corpus.resegment import apply_event

    apply_event(session, event, backwards)


def apply_memo(session: Session, event: Event, backwards: bool) -> None:
    """A memo written: removed by undo, written again with its id and UUID by redo."""
    memo = session.get(Memo, event.entity_id)
    if backwards:
        if memo is not None:
            session.delete(memo)
    elif memo is None:
        state = event.after or {}
        session.add(
            Memo(
                id=event.entity_id,
                uuid=event.entity_uuid,
                target_type=state["target_type"],
                target_id=state["target_id"],
                target_ref=state["target_ref"],
                text=state["text"],
                coder_id=ensure_coder(session, event.actor or "").id,
            )
        )
    session.flush()


def apply_attribute(session: Session, event: Event, backwards: bool) -> None:
    """A case attribute set by hand: back to its value before (or unset), or set again; refused
    when the attribute changed since."""
    (key, value), *_ = (event.after or {}).items()
    before = (event.before or {}).get(key)
    have, want = (value, before) if backwards else (before, value)
    current = session.get(CaseAttribute, (event.entity_id, key))
    if (current.value if current is not None else None) != have:
        raise UserError(f"attribute {key!r} of that case changed since; nothing done")
    if want is None:
        if current is not None:
            session.delete(current)
    elif current is None:
        session.add(CaseAttribute(case_id=event.entity_id, key=key, value=want))
    else:
        current.value = want
    session.flush()


def _emergent(event: Event) -> bool:
    """Of code creations only an emergent code's or a theme made by hand is undoable (a
    codebook load also records `create code` events: undo never unpicks a load)."""
    after = event.after or {}
    return after.get("origin") == "emergent" or bool(after.get("by_hand"))


def _by_hand(event: Event) -> bool:
    return bool((event.after or {}).get("by_hand"))


def _has(key: str) -> Callable[[Event], bool]:
    """Events recording `key` (older events of the kind lacked what undo needs)."""
    return lambda event: key in (event.after or {})


STEPS: dict[tuple[str, str], Step] = {
    ("coding", "create"): Step(apply_coding),
    ("coding", "delete"): Step(apply_coding),
    ("coding", "update"): Step(apply_coding),
    ("suggestion", "accept"): Step(apply_review),
    ("suggestion", "reject"): Step(apply_review),
    ("summary", "create"): Step(apply_summary),
    ("summary", "update"): Step(apply_summary),
    ("memo", "create"): Step(apply_memo),
    ("case", "set"): Step(apply_attribute),
    ("code", "create"): Step(code_steps.apply_creation, _emergent),
    ("code", "rename"): Step(code_steps.apply_rename, _by_hand),
    ("code", "move"): Step(code_steps.apply_move, _by_hand),
    ("code", "merge"): Step(code_steps.apply_merge, _has("coding_ids")),
    ("code", "split"): Step(code_steps.apply_split, _has("codings")),
    ("code", "edit"): Step(code_steps.apply_text, _by_hand),
    ("code", "retire"): Step(code_steps.apply_retire, _by_hand),
    ("document", "resegment"): Step(apply_resegment),
}
