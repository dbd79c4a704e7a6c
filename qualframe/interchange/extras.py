"""What an export reads from the project, and `qualframe.json`: the fields REFI cannot hold.

REFI-QDA has no place for a code's id (`free_riding`), inclusion/exclusion criteria, examples,
patterns or origin, for a document's kind and segments, for where a memo is attached beyond
NoteRefs, or for summary versions. A .qdpx carries them in `qualframe.json` beside
`project.qde`, keyed by UUID, so a qualframe → qualframe round trip loses nothing, while other
tools read the standard part and ignore the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.store.models import (
    Case,
    CaseAttribute,
    Code,
    CodebookVersion,
    Coder,
    Coding,
    Document,
    Memo,
    Revision,
    Segment,
    Summary,
)

FORMAT = "qualframe-refi-extras/1"
CODE_FIELDS = (
    "key",
    "is_theme",
    "position",
    "include",
    "exclude",
    "examples",
    "source",
    "origin",
    "patterns",
    "created_by",
    "created",
    "retired",
)


@dataclass
class ExportData:
    """Everything but texts and codings, which are read one document at a time."""

    name: str
    coders: list[dict[str, Any]]
    codes: list[dict[str, Any]]
    children: dict[int | None, list[dict[str, Any]]]
    variables: dict[str, str]
    cases: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    notes: list[dict[str, Any]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    note_refs: dict[str, list[str]] = field(default_factory=dict)
    coding_count: int = 0
    uuids: dict[tuple[str, int], str] = field(default_factory=dict)

    def text_of(self, session: Session, document_id: int) -> str:
        return (
            session.scalar(
                select(Revision.text)
                .join(Document, Document.current_revision_id == Revision.id)
                .where(Document.id == document_id)
            )
            or ""
        )

    def segments_of(self, session: Session, document_id: int) -> list[list[Any]]:
        """The current text's turns and sentences: [kind, start, end, speaker,
        utterance_start, case uuid, meta]."""
        seg, docs = Segment.__table__.c, Document.__table__.c
        rows = session.connection().execute(  # Core: no ORM row loading for 700 rows a text
            select(
                seg.kind,
                seg.start,
                seg.end,
                seg.speaker,
                seg.utterance_start,
                seg.case_id,
                seg.meta,
            )
            .join(Document.__table__, docs.current_revision_id == seg.revision_id)
            .where(docs.id == document_id)
            .order_by(seg.id)
        )
        return [
            [kind, start, end, speaker, utterance, self.uuids.get(("case", case or 0)), meta]
            for kind, start, end, speaker, utterance, case, meta in rows
        ]

    def codings_of(self, session: Session, document_id: int) -> list[dict[str, Any]]:
        codings, codes, coders = Coding.__table__.c, Code.__table__.c, Coder.__table__.c
        rows = session.connection().execute(
            select(
                codings.uuid, codings.start, codings.end, codes.uuid, coders.uuid, codings.created
            )
            .join(Code.__table__, codes.id == codings.code_id)
            .outerjoin(Coder.__table__, coders.id == codings.coder_id)
            .join(Document.__table__, Document.__table__.c.id == codings.document_id)
            .where(
                codings.document_id == document_id,
                codings.revision_id == Document.__table__.c.current_revision_id,
            )
            .order_by(codings.start, codings.end, codings.id)
        )
        keys = ("uuid", "start", "end", "code", "coder", "created")
        return [dict(zip(keys, row, strict=True)) for row in rows]


def gather(session: Session) -> ExportData:
    """Users, codes, cases, documents and notes, as plain rows."""
    coders = [
        {"id": i, "uuid": u, "name": n}
        for i, u, n in session.execute(select(Coder.id, Coder.uuid, Coder.name).order_by(Coder.id))
    ]
    codes = [
        {
            "id": c.id,
            "uuid": c.uuid,
            "name": c.name,
            "parent_id": c.parent_id,
            "definition": c.definition,
            **{name: getattr(c, name) for name in CODE_FIELDS},
        }
        for c in session.scalars(select(Code).order_by(Code.position, Code.id))
    ]
    children: dict[int | None, list[dict[str, Any]]] = {}
    for code in codes:
        children.setdefault(code["parent_id"], []).append(code)
    documents = [
        {"id": i, "uuid": u, "name": n, "created": c, "case_id": case}
        for i, u, n, c, case in session.execute(
            select(
                Document.id, Document.uuid, Document.name, Document.created, Document.case_id
            ).order_by(Document.id)
        )
    ]
    data = ExportData(
        name=_project_name(session),
        coders=coders,
        codes=codes,
        children=children,
        variables={},
        cases=_cases(session, documents),
        documents=documents,
    )
    for case in data.cases:
        for key in case["attributes"]:
            data.variables.setdefault(key, _variable_guid(key))
    data.uuids = _uuid_index(session)
    data.coding_count = session.scalar(select(func.count(Coding.id))) or 0
    _notes(session, data)
    return data


def _variable_guid(key: str) -> str:
    from qualframe.interchange.refi_export import derived

    return derived("variable", key)


def _project_name(session: Session) -> str:
    name = session.scalar(select(CodebookVersion.name).order_by(CodebookVersion.id.desc()))
    return name or "qualframe project"


def _cases(session: Session, documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    attributes: dict[int, dict[str, str]] = {}
    for case_id, key, value in session.execute(
        select(CaseAttribute.case_id, CaseAttribute.key, CaseAttribute.value)
    ):
        attributes.setdefault(case_id, {})[key] = value
    members: dict[int, list[str]] = {}
    for document in documents:
        if document["case_id"] is not None:
            members.setdefault(document["case_id"], []).append(document["uuid"])
    return [
        {
            "id": i,
            "uuid": u,
            "name": n,
            "attributes": attributes.get(i, {}),
            "documents": members.get(i, []),
        }
        for i, u, n in session.execute(select(Case.id, Case.uuid, Case.name).order_by(Case.id))
    ]


def _uuid_index(session: Session) -> dict[tuple[str, int], str]:
    """(entity, id) → uuid for everything a memo can be attached to."""
    index: dict[tuple[str, int], str] = {}
    for entity, model in (
        ("case", Case),
        ("document", Document),
        ("code", Code),
        ("coder", Coder),
        ("coding", Coding),
    ):
        for row_id, row_uuid in session.execute(select(model.id, model.uuid)):
            index[(entity, row_id)] = row_uuid
    return index


def _notes(session: Session, data: ExportData) -> None:
    """Memos and the latest summary of each chart cell, as Notes attached to their target."""
    code_uuid_by_key = {c["key"]: c["uuid"] for c in data.codes}
    for memo in session.scalars(select(Memo).order_by(Memo.id)):
        note = {
            "uuid": memo.uuid,
            "name": f"Memo on {memo.target_type}",
            "text": memo.text,
            "coder": data.uuids.get(("coder", memo.coder_id or 0)),
            "created": memo.created,
        }
        data.notes.append(note)
        target = data.uuids.get((memo.target_type, memo.target_id or 0))
        if memo.target_type == "project":
            data.note_refs.setdefault("project", []).append(memo.uuid)
        elif memo.target_type in ("document", "code", "coding") and target:
            data.note_refs.setdefault(target, []).append(memo.uuid)
        elif memo.target_type == "case" and target:
            data.links.append((memo.uuid, target))
        elif memo.target_type == "cell":
            case = data.uuids.get(("case", memo.target_id or 0))
            code = code_uuid_by_key.get(memo.target_ref or "")
            data.links.extend((memo.uuid, t) for t in (case, code) if t)
    latest = (
        select(Summary.case_id, Summary.code_id, func.max(Summary.version).label("version"))
        .group_by(Summary.case_id, Summary.code_id)
        .subquery()
    )
    for summary in session.scalars(
        select(Summary).join(
            latest,
            (Summary.case_id == latest.c.case_id)
            & (Summary.code_id == latest.c.code_id)
            & (Summary.version == latest.c.version),
        )
    ):
        case, code = (
            data.uuids.get(("case", summary.case_id)),
            data.uuids.get(("code", summary.code_id)),
        )
        data.notes.append(
            {
                "uuid": summary.uuid,
                "name": "Chart summary",
                "text": summary.text,
                "coder": data.uuids.get(("coder", summary.coder_id or 0)),
                "created": summary.created,
            }
        )
        data.links.extend((summary.uuid, t) for t in (case, code) if t)


def sidecar(session: Session, data: ExportData) -> dict[str, Any]:
    """`qualframe.json`: qualframe's own fields, keyed by the UUIDs the XML uses."""
    version = session.scalars(select(CodebookVersion).order_by(CodebookVersion.id.desc())).first()
    documents = {}
    for row in session.scalars(select(Document)):
        documents[row.uuid] = {
            "name": row.name,
            "kind": row.kind,
            "source_format": row.source_format,
            "source_name": row.source_name,
            "meta": row.meta,
            "words": row.words,
        }
    return {
        "format": FORMAT,
        "codebook": {
            "name": version.name if version else "",
            "label": version.label if version else "",
            "description": version.description if version else "",
        },
        "codes": {c["uuid"]: {name: c[name] for name in CODE_FIELDS} for c in data.codes},
        "cases": {
            row.uuid: {"kind": row.kind, "parent": data.uuids.get(("case", row.parent_id or 0))}
            for row in session.scalars(select(Case))
        },
        "documents": documents,
        "memos": {
            memo.uuid: {
                "target_type": memo.target_type,
                "target": data.uuids.get(
                    (
                        "case" if memo.target_type == "cell" else memo.target_type,
                        memo.target_id or 0,
                    )
                ),
                "target_ref": memo.target_ref,
            }
            for memo in session.scalars(select(Memo))
        },
        "summaries": [
            {
                "uuid": s.uuid,
                "case": data.uuids.get(("case", s.case_id)),
                "code": data.uuids.get(("code", s.code_id)),
                "version": s.version,
                "text": s.text,
                "coder": data.uuids.get(("coder", s.coder_id or 0)),
            }
            for s in session.scalars(select(Summary).order_by(Summary.id))
        ],
    }
