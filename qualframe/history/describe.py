"""What an undoable change was, in a few words: `coding added (free_riding, P03)`.

The one wording of every undo and redo message, used by `qualframe undo`/`redo` and the
workbench's `u`/`ctrl+r` alike. Names are looked up now (a code renamed since is called by its
current id); a thing gone since is described without its name rather than refused.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from qualframe.store.models import Case, Code, Document, Event

_VERBS = {
    ("coding", "create"): "coding added",
    ("coding", "delete"): "coding removed",
    ("coding", "update"): "coding changed",
    ("suggestion", "accept"): "suggestion accepted",
    ("suggestion", "reject"): "suggestion rejected",
}


def step_message(session: Session, event: Event | None, *, redo: bool) -> str:
    """`undone: coding added (free_riding, P03)`, or `nothing to undo`."""
    if event is None:
        return f"nothing to {'redo' if redo else 'undo'}"
    return f"{'redone' if redo else 'undone'}: {describe(session, event)}"


def describe(session: Session, event: Event) -> str:
    """The change an event records, named as the coder knows it."""
    before, after = event.before or {}, event.after or {}
    state = after or before
    key = (event.entity, event.action)
    if key in _VERBS:
        where = _names(session, state.get("code_id"), state.get("document_id"))
        return f"{_VERBS[key]} ({where})" if where else _VERBS[key]
    if event.entity == "summary":
        return f"summary edit ({after.get('case')}, {after.get('code')})"
    if event.entity == "memo":
        return f"memo on the {after.get('target_type', 'project')}"
    if event.entity == "case":
        return _attribute(session, event, after)
    if event.entity == "code":
        return _code_change(session, event, before, after)
    if key == ("document", "resegment"):
        document = session.get(Document, event.entity_id) if event.entity_id else None
        return f"resegment of {document.name if document else 'a document'} (sentence units)"
    return f"{event.action} {event.entity}"


def _names(session: Session, code_id: Any, document_id: Any) -> str:
    """`free_riding, P03` from the ids a coding or review state holds ('' if either is gone)."""
    code = session.get(Code, code_id) if isinstance(code_id, int) else None
    document = session.get(Document, document_id) if isinstance(document_id, int) else None
    return f"{code.key}, {document.name}" if code and document else ""


def _attribute(session: Session, event: Event, after: dict[str, Any]) -> str:
    case = session.get(Case, event.entity_id) if event.entity_id else None
    name, value = next(iter(after.items()), ("attribute", ""))
    return f"{name} of {case.name if case else 'a case'} set to {value!r}"


def _code_change(
    session: Session, event: Event, before: dict[str, Any], after: dict[str, Any]
) -> str:
    code = session.get(Code, event.entity_id) if event.entity_id else None
    key = code.key if code else after.get("key", "a code")
    if event.action == "create":
        kind = "theme" if after.get("theme") else "code"
        return f"new {kind} {after.get('key') or after.get('name')}"
    if event.action == "edit":
        texts = ", ".join(name for name in after if name != "by_hand")
        return f"edit of {key} ({texts})"
    if event.action == "retire":
        return f"retirement of {key}"
    if event.action == "rename":
        return f"rename of {key} to {after.get('name')!r}"
    if event.action == "move":
        parent = session.get(Code, after.get("parent_id") or 0)
        return f"move of {key} under {parent.key if parent else 'another code'}"
    if event.action == "merge":
        return f"merge of {key} into {after.get('merged_into')}"
    if event.action == "split":
        return f"split of {key} into {after.get('into')}"
    return f"{event.action} of code {key}"
