"""Changes to the codebook made by hand between versions: a code's texts (definition,
inclusion, exclusion, examples) and colour, retiring a code, and a new theme.

Each is one event with the state before and after (`by_hand`, so undo can tell it from the
same kind of change a codebook load records), refused when the code changed since the version
the editor showed (`if_version`). The undo steps are in `history.code_steps`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.codebook.spec import COLOUR_PATTERN, ID_PATTERN
from qualframe.codebook.store import (
    find_code,
    latest_version_id,
    record_code_event,
    record_retirement,
)
from qualframe.errors import UserError
from qualframe.store.models import Code
from qualframe.team.versions import check_code_version

#: The texts `edit_code_text` changes, as the event records them.
TEXT_FIELDS = ("definition", "include", "exclude", "examples")


def edit_code_text(
    session: Session,
    ref: str,
    actor: str,
    *,
    definition: str | None = None,
    include: str | None = None,
    exclude: str | None = None,
    examples: Sequence[str] | None = None,
    if_version: int | None = None,
) -> Code:
    """Set the given texts of a code (None leaves one as it is); the event records only the
    texts that changed. A code keeps a definition: an empty one is refused."""
    code = find_code(session, ref)
    check_code_version(session, code, if_version)
    wanted: dict[str, Any] = {
        "definition": definition.strip() if definition is not None else None,
        "include": include.strip() if include is not None else None,
        "exclude": exclude.strip() if exclude is not None else None,
        "examples": [e.strip() for e in examples if e.strip()] if examples is not None else None,
    }
    if wanted["definition"] == "" and not code.is_theme:
        raise UserError(f"code {code.key!r} needs a definition; it was left as it was")
    changed = {
        name: value
        for name, value in wanted.items()
        if value is not None and value != _text(code, name)
    }
    if not changed:
        return code
    before = {name: _text(code, name) for name in changed}
    for name, value in changed.items():
        setattr(code, name, value)
    record_code_event(
        session,
        code,
        actor,
        "edit",
        before=before,
        after={**changed, "by_hand": True},
    )
    return code


def set_colour(
    session: Session, ref: str, colour: str, actor: str, *, if_version: int | None = None
) -> Code:
    """Give a code its own colour (`#RRGGBB`; empty: back to its colour by codebook order),
    recorded as an edit of its `colour` (undone as one)."""
    code = find_code(session, ref)
    check_code_version(session, code, if_version)
    wanted = colour.strip().lower()
    if wanted and not COLOUR_PATTERN.fullmatch(wanted):
        raise UserError(f"colour {colour!r} must be #RRGGBB (e.g. #7ab8f5)")
    if wanted == _text(code, "colour"):
        return code
    record_code_event(
        session,
        code,
        actor,
        "edit",
        before={"colour": _text(code, "colour")},
        after={"colour": wanted, "by_hand": True},
    )
    code.colour = wanted or None
    return code


def own_colours(session: Session) -> dict[str, str]:
    """Code id -> the colour chosen for it, for the codes that have one."""
    table = Code.__table__.c
    rows = session.execute(select(table.key, table.colour).where(table.colour.is_not(None)))
    return {key: colour for key, colour in rows if colour}


def _text(code: Code, name: str) -> Any:
    value = getattr(code, name)
    return list(value or []) if name == "examples" else value or ""


def retire_code(session: Session, ref: str, actor: str, *, if_version: int | None = None) -> Code:
    """Retire a code (or an empty theme): it leaves the codebook, its codings stay (as when a
    new codebook version drops it). Refused while codes under it are active: they would
    vanish with it; move or retire them first."""
    code = find_code(session, ref)
    check_code_version(session, code, if_version)
    if code.retired:
        raise UserError(f"code {code.key!r} is already retired")
    children = session.scalars(
        select(Code.key).where(Code.parent_id == code.id, Code.retired.is_(False))
    ).all()
    if children:
        raise UserError(
            f"{code.key!r} still has codes under it ({', '.join(children)}); "
            "move or retire them first"
        )
    record_retirement(session, code, actor, {"by_hand": True})
    return code


def create_theme(session: Session, key: str, name: str, description: str, actor: str) -> Code:
    """A new theme at the end of the codebook, for codes to be made or moved under."""
    if not ID_PATTERN.fullmatch(key):
        raise UserError(f"theme id {key!r} must be snake_case (e.g. trust_building)")
    if not name.strip():
        raise UserError("a theme needs a name")
    if session.scalar(select(Code.id).where(Code.key == key)) is not None:
        raise UserError(f"a code or theme with id {key!r} already exists")
    position = (
        session.scalar(select(func.count()).where(Code.parent_id.is_(None), Code.is_theme)) or 0
    )
    theme = Code(
        key=key,
        name=name.strip(),
        is_theme=True,
        parent_id=None,
        position=position,
        definition=description.strip(),
        examples=[],
        patterns={},
        created_by=actor,
        introduced_version_id=latest_version_id(session),
    )
    session.add(theme)
    session.flush()
    record_code_event(
        session,
        theme,
        actor,
        "create",
        after={"key": key, "name": theme.name, "theme": True, "by_hand": True},
    )
    return theme
