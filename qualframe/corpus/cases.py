"""Cases: participants, their organisations, focus groups; and their attributes.

A transcript's front matter names its case (`case:`, else `participant:`, else the file stem)
and its organisation (the parent case); every other key becomes an attribute. A focus group maps
speaker labels to cases (`speakers: {F1: {case: F1, role: ...}}`) so turns belong to people.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.errors import UserError
from qualframe.history import events
from qualframe.store.models import Case, CaseAttribute

RESERVED_KEYS = {"case", "participant", "organisation", "organization", "speakers", "kind"}


@dataclass
class CaseSpec:
    """A case as a transcript describes it, before it is matched to the database."""

    name: str
    kind: str = "participant"
    parent: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class CasePlan:
    """The document's own case and the cases its speaker labels stand for."""

    document_case: CaseSpec
    speakers: dict[str, CaseSpec]


def attribute_value(value: Any) -> str:
    """Attribute values are text; lists and mappings keep their structure as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float) or value is None:
        return "" if value is None else str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _name(value: Any, what: str, path: str) -> str:
    if not isinstance(value, str | int) or not str(value).strip():
        raise UserError(f"front matter '{what}' must be a name", path=path, line=1)
    return str(value).strip()


def plan_cases(front_matter: dict[str, Any], stem: str, path: str, kind: str) -> CasePlan:
    """Read the case, its organisation, attributes and speaker cases from the front matter."""
    raw_name = front_matter.get("case", front_matter.get("participant", stem))
    parent_raw = front_matter.get("organisation", front_matter.get("organization"))
    parent = _name(parent_raw, "organisation", path) if parent_raw is not None else None
    attributes = {
        str(key): attribute_value(value)
        for key, value in front_matter.items()
        if str(key) not in RESERVED_KEYS
    }
    case_kind = "focus_group" if kind == "focus_group" else "participant"
    document_case = CaseSpec(_name(raw_name, "case", path), case_kind, parent, attributes)
    speakers: dict[str, CaseSpec] = {}
    mapping = front_matter.get("speakers") or {}
    if not isinstance(mapping, dict):
        raise UserError("front matter 'speakers' must map speaker labels to cases", path=path)
    for label, target in mapping.items():
        if isinstance(target, dict):
            extra = {str(k): attribute_value(v) for k, v in target.items() if k != "case"}
            name = _name(target.get("case", label), f"speakers.{label}.case", path)
        else:
            extra, name = {}, _name(target, f"speakers.{label}", path)
        speakers[str(label)] = CaseSpec(name, "participant", parent, extra)
    return CasePlan(document_case, speakers)


def ensure_case(session: Session, spec: CaseSpec, actor: str | None) -> Case:
    """The case named by `spec`, created if new; its parent and attributes brought up to date."""
    parent_id = None
    if spec.parent is not None:
        parent_id = ensure_case(session, CaseSpec(spec.parent, "organisation"), actor).id
    case = session.scalar(select(Case).where(Case.name == spec.name))
    if case is None:
        case = Case(name=spec.name, kind=spec.kind, parent_id=parent_id)
        session.add(case)
        session.flush()
        events.record(
            session,
            actor=actor,
            action="create",
            entity="case",
            entity_id=case.id,
            entity_uuid=case.uuid,
            case_id=case.id,
            after={"name": case.name, "kind": case.kind, "parent_id": parent_id},
        )
    elif parent_id is not None and case.parent_id != parent_id:
        case.parent_id = parent_id
    for key, value in spec.attributes.items():
        set_attribute(session, case, key, value, actor)
    return case


def set_attribute(session: Session, case: Case, key: str, value: str, actor: str | None) -> None:
    """Set one attribute, recording the change (a no-op when the value is unchanged)."""
    current = session.get(CaseAttribute, (case.id, key))
    if current is not None and current.value == value:
        return
    before = None if current is None else {key: current.value}
    if current is None:
        session.add(CaseAttribute(case_id=case.id, key=key, value=value))
    else:
        current.value = value
    events.record(
        session,
        actor=actor,
        action="update",
        entity="case",
        entity_id=case.id,
        entity_uuid=case.uuid,
        case_id=case.id,
        before=before,
        after={key: value},
    )


def find_case(session: Session, ref: str) -> Case:
    """A case by name or numeric id."""
    case = session.scalar(select(Case).where(Case.name == ref))
    if case is None and ref.isdigit():
        case = session.get(Case, int(ref))
    if case is None:
        raise UserError(f"no case named {ref!r} (see: qualframe case list)")
    return case


def list_cases(session: Session) -> list[dict[str, Any]]:
    """Rows for `case list` with the JSON keys of the data contract (attributes loaded in one
    extra query, not one per case). Core statements over the tables' columns: listings must
    start fast, and ORM statements would first configure every mapper."""
    cases, attributes = Case.__table__.c, CaseAttribute.__table__.c
    rows = session.execute(
        select(cases.id, cases.uuid, cases.name, cases.parent_id).order_by(cases.name)
    ).all()
    names = {row.id: row.name for row in rows}
    attributes_of: dict[int, dict[str, str]] = {}
    for case_id, key, value in session.execute(
        select(attributes.case_id, attributes.key, attributes.value).order_by(
            attributes.case_id, attributes.key
        )
    ):
        attributes_of.setdefault(case_id, {})[key] = value
    return [
        {
            "id": row.id,
            "uuid": row.uuid,
            "name": row.name,
            "parent": names.get(row.parent_id) if row.parent_id else None,
            "attributes": attributes_of.get(row.id, {}),
        }
        for row in rows
    ]
