"""Undo and redo of code tree edits: a new emergent code or theme, rename, move, merge, split,
a code's texts edited and a code retired by hand.

Each step checks that the code is still as the edit left it (for undo) or as the undo left it
(for redo) before changing it: another coder's later edit is refused, never overwritten.
Codings moved by a merge or split are moved back by id, and only those still where the edit
put them (a coding recoded since stays where its coder put it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qualframe.codebook.reshape import check_not_under
from qualframe.codebook.store import find_code
from qualframe.errors import UserError
from qualframe.history import events
from qualframe.store.models import Code, Coding, Event


def _code(session: Session, event: Event) -> Code:
    code = session.get(Code, event.entity_id)
    if code is None:
        raise UserError("that code no longer exists; nothing to undo")
    return code


def _changed_since(code: Code) -> UserError:
    return UserError(f"code {code.key!r} changed since; reload it and make the change by hand")


def apply_creation(session: Session, event: Event, backwards: bool) -> None:
    """An emergent code or a theme: retired by undo (refused while it has codings or active
    codes under it), active again by redo."""
    code = _code(session, event)
    if backwards and session.scalar(select(Coding.id).where(Coding.code_id == code.id)):
        raise UserError(f"code {code.key!r} has codings now; remove them before undoing it")
    if backwards and session.scalar(
        select(Code.id).where(Code.parent_id == code.id, Code.retired.is_(False))
    ):
        raise UserError(f"{code.key!r} has codes under it now; move them before undoing it")
    code.retired = backwards
    session.flush()


def apply_rename(session: Session, event: Event, backwards: bool) -> None:
    code = _code(session, event)
    have, want = _ends(event, "name", backwards)
    if code.name != have:
        raise _changed_since(code)
    code.name = want
    session.flush()


def apply_move(session: Session, event: Event, backwards: bool) -> None:
    code = _code(session, event)
    have, want = _ends(event, "parent_id", backwards)
    if code.parent_id != have:
        raise _changed_since(code)
    parent = session.get(Code, want) if want is not None else None
    if parent is None or parent.retired:
        raise UserError(f"the code {code.key!r} was under is gone; move it by hand")
    check_not_under(session, code, parent)
    code.parent_id = want
    session.flush()


def apply_text(session: Session, event: Event, backwards: bool) -> None:
    """A code's texts edited by hand: back to the texts before, or set again; refused when any
    of them changed since."""
    code = _code(session, event)
    changed = [name for name in (event.before or {}) if name != "by_hand"]
    for name in changed:
        have, _ = _ends(event, name, backwards)
        current = getattr(code, name)
        if (list(current or []) if name == "examples" else current or "") != have:
            raise _changed_since(code)
    for name in changed:
        want = _ends(event, name, backwards)[1]
        setattr(code, name, (want or None) if name == "colour" else want)
    session.flush()


def apply_retire(session: Session, event: Event, backwards: bool) -> None:
    """A code retired by hand: active again, or retired again (refused if that changed)."""
    code = _code(session, event)
    if code.retired != backwards:
        raise _changed_since(code)
    code.retired = not backwards
    session.flush()


def _ends(event: Event, key: str, backwards: bool) -> tuple[Any, Any]:
    """(the value the field should have now, the value it gets) for this step."""
    before, after = (event.before or {}).get(key), (event.after or {}).get(key)
    return (after, before) if backwards else (before, after)


def apply_merge(session: Session, event: Event, backwards: bool) -> None:
    """A merge taken back: the source code active again, its codings and child codes back
    under it; or done again."""
    source = _code(session, event)
    after = event.after or {}
    target = find_code(session, after["merged_into"])
    if source.retired != backwards or source.merged_into_id != (target.id if backwards else None):
        raise _changed_since(source)
    home, away = (target, source) if backwards else (source, target)
    _move_codings(session, after["coding_ids"], home, away)
    session.execute(
        update(Code)
        .where(Code.id.in_(after.get("child_ids", [])), Code.parent_id == home.id)
        .values(parent_id=away.id)
    )
    source.retired = not backwards
    source.merged_into_id = None if backwards else target.id
    session.flush()


def apply_split(session: Session, event: Event, backwards: bool) -> None:
    """A split taken back: its codings back on the source code and the new code retired (the
    new code's creation is undone with it); or done again."""
    source = _code(session, event)
    after = event.after or {}
    new = find_code(session, after["into"])
    created = events.paired_creation(session, event, "code", new.id)
    if not backwards and created is not None and created.undone:
        apply_creation(session, created, False)
        created.undone = False
    home, away = (new, source) if backwards else (source, new)
    _move_codings(session, after["codings"], home, away)
    session.flush()
    if backwards and created is not None and not created.undone:
        apply_creation(session, created, True)
        created.undone = True


def _move_codings(session: Session, coding_ids: list[int], home: Code, away: Code) -> None:
    """The given codings that are still on `home` go to `away`."""
    session.flush()
    session.execute(
        update(Coding)
        .where(Coding.id.in_(coding_ids), Coding.code_id == home.id)
        .values(code_id=away.id)
    )
