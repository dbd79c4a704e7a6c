"""Reshaping the code tree by hand: rename, move, merge and split (the sibling takes the chosen
codings). Each is one event in the log (`by_hand` where a codebook load records the same kind
of change), undone by `history.code_steps`, and refused when the code changed since the
version the editor showed (`if_version`)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qualframe.codebook.store import check_name, create_emergent_code, find_code, record_code_event
from qualframe.errors import UserError
from qualframe.store.models import Code, Coding
from qualframe.team.versions import check_code_version


def rename_code(
    session: Session, ref: str, name: str, actor: str, *, if_version: int | None = None
) -> Code:
    """Rename; with `if_version`, refused if the code changed since that version (stale edit)."""
    code = find_code(session, ref)
    check_code_version(session, code, if_version)
    check_name(name)
    before = code.name
    code.name = name
    record_code_event(
        session,
        code,
        actor,
        "rename",
        before={"name": before},
        after={"name": name, "by_hand": True},
    )
    return code


def check_not_under(session: Session, code: Code, parent: Code) -> None:
    """Refuse to put `code` under `parent` when `parent` is `code` or one of its descendants."""
    ancestor: Code | None = parent
    while ancestor is not None:
        if ancestor.id == code.id:
            raise UserError(f"cannot move {code.key!r} under its own descendant {parent.key!r}")
        ancestor = session.get(Code, ancestor.parent_id) if ancestor.parent_id else None


def move_code(
    session: Session, ref: str, parent_ref: str, actor: str, *, if_version: int | None = None
) -> Code:
    code = find_code(session, ref)
    check_code_version(session, code, if_version)
    parent = find_code(session, parent_ref)
    check_not_under(session, code, parent)
    before = code.parent_id
    code.parent_id = parent.id
    record_code_event(
        session,
        code,
        actor,
        "move",
        before={"parent_id": before},
        after={"parent_id": parent.id, "by_hand": True},
    )
    return code


def merge_codes(
    session: Session, source_ref: str, target_ref: str, actor: str, *, if_version: int | None = None
) -> int:
    """Fold `source` into `target`: its codings move over, it is retired. Returns codings moved.
    `if_version` is the version of `source` the user saw."""
    source, target = find_code(session, source_ref), find_code(session, target_ref)
    check_code_version(session, source, if_version)
    if source.id == target.id or source.is_theme or target.is_theme:
        raise UserError("merge needs two different codes (not themes)")
    coding_ids = sorted(session.scalars(select(Coding.id).where(Coding.code_id == source.id)))
    child_ids = sorted(session.scalars(select(Code.id).where(Code.parent_id == source.id)))
    session.execute(update(Coding).where(Coding.id.in_(coding_ids)).values(code_id=target.id))
    session.execute(update(Code).where(Code.id.in_(child_ids)).values(parent_id=target.id))
    source.retired, source.merged_into_id = True, target.id
    record_code_event(
        session,
        source,
        actor,
        "merge",
        before={"key": source.key},
        after={
            "merged_into": target.key,
            "codings": len(coding_ids),
            "coding_ids": coding_ids,
            "child_ids": child_ids,
        },
    )
    return len(coding_ids)


def split_code(
    session: Session,
    source_ref: str,
    key: str,
    name: str,
    coding_ids: list[int],
    actor: str,
    *,
    if_version: int | None = None,
) -> Code:
    """Make a sibling code and move the chosen codings of `source` to it."""
    source = find_code(session, source_ref)
    check_code_version(session, source, if_version)
    parent = session.get(Code, source.parent_id) if source.parent_id else None
    if parent is None:
        raise UserError(f"{source.key!r} is a theme; split one of its codes")
    new = create_emergent_code(
        session, key, name, parent.key, source.definition or f"Split from {source.key}", actor
    )
    owned = set(
        session.scalars(
            select(Coding.id).where(Coding.code_id == source.id, Coding.id.in_(coding_ids))
        )
    )
    if missing := sorted(set(coding_ids) - owned):
        raise UserError(f"codings {missing} are not coded with {source.key!r}")
    session.execute(update(Coding).where(Coding.id.in_(owned)).values(code_id=new.id))
    record_code_event(
        session,
        source,
        actor,
        "split",
        after={"into": key, "codings": sorted(owned)},
    )
    return new
