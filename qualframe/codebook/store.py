"""The codebook in the database: versions loaded from YAML, the code tree, and its changes.

A code is identified by its `key` (the YAML `id`) for life: loading a new version updates it in
place, a code missing from the new YAML is retired (its codings stay). Emergent codes belong to
the project and are kept when a YAML without them is loaded. Renames, moves, merges and splits
by hand are in `codebook.reshape`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.codebook.spec import ID_PATTERN, CodebookSpec, CodeSpec, ThemeSpec
from qualframe.codebook.tree import children_of, depth_first, root_of
from qualframe.errors import UserError
from qualframe.history import events
from qualframe.store.lookup import find_by_name_or_id
from qualframe.store.models import Code, CodebookVersion, Coding, Suggestion, SuggestionReview

FIELDS = (
    "definition",
    "include",
    "exclude",
    "examples",
    "source",
    "origin",
    "patterns",
    "created_by",
    "created",
    "colour",
)


@dataclass(frozen=True, slots=True)
class CodeRow:
    """One row of `codebook list`: an active code, its theme and parent by id, and counts."""

    id: str
    name: str
    theme: str
    parent: str | None
    origin: str
    definition: str
    codings: int
    suggestions_accepted: int
    suggestions_rejected: int


@dataclass(frozen=True, slots=True)
class ThemeRow:
    id: str
    name: str
    description: str


def find_code(session: Session, ref: str) -> Code:
    """A code (or theme) by its id such as `free_riding`, or its numeric database id."""
    missing = f"no code {ref!r} in the codebook (see: qualframe codebook list)"
    return find_by_name_or_id(session, Code, Code.key, ref, missing)


def latest_version_id(session: Session) -> int | None:
    return session.scalar(select(func.max(CodebookVersion.id)))


def record_code_event(
    session: Session,
    code: Code,
    actor: str | None,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Log a change to a code (or theme) by its id and uuid: every codebook change, by load,
    by hand or by import, goes through here, and undo reads them back by `action`."""
    events.record(
        session,
        actor=actor,
        action=action,
        entity="code",
        entity_id=code.id,
        entity_uuid=code.uuid,
        before=before,
        after=after,
    )


def _snapshot(code: Code) -> dict[str, Any]:
    return {
        "name": code.name,
        "parent_id": code.parent_id,
        **{name: getattr(code, name) for name in FIELDS},
    }


def _upsert(
    session: Session,
    key: str,
    values: dict[str, Any],
    version_id: int,
    actor: str | None,
    seen: set[int],
) -> Code:
    code = session.scalar(select(Code).where(Code.key == key))
    if code is None:
        code = Code(key=key, introduced_version_id=version_id, **values)
        session.add(code)
        session.flush()
        record_code_event(
            session,
            code,
            actor,
            "create",
            after={"key": key, **_snapshot(code)},
        )
    else:
        before = _snapshot(code)
        was_retired = code.retired
        for name, value in values.items():
            setattr(code, name, value)
        code.retired = False
        session.flush()
        after = _snapshot(code)
        changed = {k: v for k, v in after.items() if before[k] != v}
        if changed or was_retired:
            action = (
                "restore"
                if was_retired
                else "rename"
                if set(changed) == {"name"}
                else "move"
                if set(changed) == {"parent_id"}
                else "update"
            )
            record_code_event(
                session, code, actor, action, before={k: before[k] for k in changed}, after=changed
            )
    seen.add(code.id)
    return code


def _code_values(spec: CodeSpec, parent_id: int, position: int) -> dict[str, Any]:
    return {
        "name": spec.name,
        "is_theme": False,
        "parent_id": parent_id,
        "position": position,
        "definition": spec.definition,
        "include": spec.include or "",
        "exclude": spec.exclude or "",
        "examples": list(spec.examples),
        "source": spec.source or "",
        "origin": spec.origin,
        "patterns": dict(spec.patterns),
        "created_by": spec.created_by,
        "created": spec.created,
        "colour": spec.colour or None,
    }


def _load_codes(
    session: Session,
    specs: list[CodeSpec],
    parent_id: int,
    version_id: int,
    actor: str | None,
    seen: set[int],
) -> None:
    for position, spec in enumerate(specs):
        code = _upsert(
            session, spec.id, _code_values(spec, parent_id, position), version_id, actor, seen
        )
        _load_codes(session, spec.children, code.id, version_id, actor, seen)


def load_codebook(
    session: Session, spec: CodebookSpec, snapshot: str, source_name: str, actor: str | None
) -> CodebookVersion:
    """Store `spec` as a new codebook version; earlier codings keep the version they had."""
    version = CodebookVersion(
        name=spec.name,
        label=spec.version,
        description=spec.description,
        source_name=source_name,
        snapshot=snapshot,
        loaded_by=actor,
    )
    session.add(version)
    session.flush()
    seen: set[int] = set()
    for position, theme in enumerate(spec.themes):
        row = _upsert(
            session,
            theme.id,
            {
                "name": theme.name,
                "is_theme": True,
                "parent_id": None,
                "position": position,
                "definition": theme.description or "",
            },
            version.id,
            actor,
            seen,
        )
        _load_codes(session, theme.codes, row.id, version.id, actor, seen)
    stale = session.scalars(
        select(Code).where(Code.retired.is_(False), Code.origin != "emergent")
    ).all()
    for code in stale:
        if code.id not in seen:
            record_retirement(session, code, actor, {"version": version.label})
    events.record(
        session,
        actor=actor,
        action="load",
        entity="codebook",
        entity_id=version.id,
        entity_uuid=version.uuid,
        after={"name": spec.name, "version": spec.version, "source": source_name},
    )
    return version


def record_retirement(
    session: Session, code: Code, actor: str | None, after: dict[str, Any]
) -> None:
    """Retire `code` and log it. `after` says why (`version`: a codebook load dropped it;
    `by_hand`: the researcher did), which is how undo tells a retirement it may take back."""
    code.retired = True
    record_code_event(
        session,
        code,
        actor,
        "retire",
        before={"retired": False},
        after={"retired": True, **after},
    )


def _code_spec(children: dict[int | None, list[Code]], code: Code) -> CodeSpec:
    return CodeSpec(
        id=code.key,
        name=code.name,
        definition=code.definition,
        include=code.include,
        exclude=code.exclude,
        examples=list(code.examples),
        source=code.source,
        origin=code.origin,
        created_by=code.created_by or "",
        created=code.created or "",
        colour=code.colour or "",
        patterns=dict(code.patterns),
        children=[_code_spec(children, c) for c in children.get(code.id, [])],
        line=0,
    )


def export_codebook(session: Session) -> CodebookSpec:
    """The current codebook, emergent codes included, ready for `render_codebook`."""
    version = session.get(CodebookVersion, latest_version_id(session) or 0)
    if version is None:
        raise UserError("no codebook loaded yet (qualframe codebook load FILE)")
    children = children_of(session.scalars(select(Code).where(Code.retired.is_(False))))
    return CodebookSpec(
        name=version.name,
        version=version.label,
        description=version.description,
        themes=[
            ThemeSpec(
                id=t.key,
                name=t.name,
                description=t.definition,
                codes=[_code_spec(children, c) for c in children.get(t.id, [])],
                line=0,
            )
            for t in children.get(None, [])
            if t.is_theme
        ],
        path="",
    )


def list_codes(session: Session) -> list[CodeRow]:
    """Rows for `codebook list` (active codes, tree order), with the data contract's keys.
    Suggestions accepted/rejected count reviews: every coder's decision is one (under blind
    coding two coders may accept the same suggestion), which is what tuning a pattern needs.
    Core statements over the tables' columns: listings must start fast, and ORM statements
    would first configure every mapper."""
    code_columns, coding_columns = Code.__table__.c, Coding.__table__.c
    suggestions, reviews = Suggestion.__table__.c, SuggestionReview.__table__.c
    codes = {
        c.id: c
        for c in session.execute(
            select(
                code_columns.id,
                code_columns.key,
                code_columns.name,
                code_columns.parent_id,
                code_columns.position,
                code_columns.is_theme,
                code_columns.retired,
                code_columns.origin,
                code_columns.definition,
            )
        )
    }
    codings: dict[int, int] = dict(
        session.execute(
            select(coding_columns.code_id, func.count()).group_by(coding_columns.code_id)
        ).all()
    )
    reviewed: dict[tuple[int, str], int] = {
        (code_id, status): n
        for code_id, status, n in session.execute(
            select(suggestions.code_id, reviews.status, func.count())
            .join(SuggestionReview.__table__, reviews.suggestion_id == suggestions.id)
            .group_by(suggestions.code_id, reviews.status)
        )
    }

    return [
        CodeRow(
            code.key,
            code.name,
            root_of(codes, code).key,
            codes[code.parent_id].key if code.parent_id else None,
            code.origin,
            code.definition,
            codings.get(code.id, 0),
            reviewed.get((code.id, "accepted"), 0),
            reviewed.get((code.id, "rejected"), 0),
        )
        for code, _ in depth_first(children_of(codes.values()), None, enter=_active)
        if not code.is_theme
    ]


def _active(code: Any) -> bool:
    return not code.retired


def list_themes(session: Session) -> list[ThemeRow]:
    """Active themes in codebook order (`list_codes` names each code's theme by id only; the
    code tree and the emergent-code form need their names)."""
    codes = Code.__table__.c
    themes = session.execute(
        select(codes.key, codes.name, codes.definition)
        .where(codes.is_theme.is_(True), codes.retired.is_(False))
        .order_by(codes.position, codes.id)
    )
    return [ThemeRow(t.key, t.name, t.definition) for t in themes]


def check_name(name: str) -> None:
    """A code is read by its name in every listing and chart: refuse an empty one."""
    if not name.strip():
        raise UserError("a code needs a name")


def create_emergent_code(
    session: Session, key: str, name: str, parent_ref: str, definition: str, actor: str
) -> Code:
    """A code the data demanded while reading: origin `emergent`, with its creator and date."""
    if not ID_PATTERN.fullmatch(key):
        raise UserError(f"code id {key!r} must be snake_case (e.g. peer_pressure)")
    if session.scalar(select(Code.id).where(Code.key == key)) is not None:
        raise UserError(f"a code with id {key!r} already exists")
    check_name(name)
    if not definition.strip():
        raise UserError("an emergent code needs a definition")
    parent = find_code(session, parent_ref)
    position = session.scalar(select(func.count()).where(Code.parent_id == parent.id)) or 0
    values = {
        "name": name,
        "parent_id": parent.id,
        "position": position,
        "definition": definition,
        "origin": "emergent",
        "created_by": actor,
        "created": datetime.now(UTC).date().isoformat(),
        "examples": [],
        "patterns": {},
    }
    return _upsert(session, key, values, latest_version_id(session) or 0, actor, set())
