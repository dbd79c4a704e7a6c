"""The writing half of a REFI-QDA import: a merge into the current project, in one transaction.

Identities are UUIDs. Coders match by UUID, then name; codes by UUID, then qualframe id (when
the file came from qualframe), then name under the same parent; documents by UUID, then by
identical text; cases by UUID, then name; codings and memos by UUID (codings also by document,
code, span and coder). What matches is reused, so the same file imported twice changes nothing
and a teammate's export adds only their work. Conflicts (a code with another definition, a
document UUID with other text) are reported and ours is kept, never silently overwritten.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.orm import Session

from qualframe.codebook.store import record_code_event
from qualframe.history import events
from qualframe.interchange.bulk import (
    NewCoding,
    fast_insert,
    insert_codings,
    parse_time,
    table_of,
)
from qualframe.interchange.model import NO_DEFINITION, RefiCode, slug
from qualframe.interchange.refi_plan import ImportPlan, PlannedSource, read_segments
from qualframe.store.fulltext import index_document
from qualframe.store.models import (
    Case,
    CaseAttribute,
    Code,
    CodebookVersion,
    Coder,
    Document,
    Revision,
    Segment,
)

IMPORTED_THEME = "imported_codes"


@dataclass
class ImportReport:
    file: str
    origin: str
    codes_in_file: int
    sources_in_file: int
    selections_in_file: int
    codes_added: int = 0
    documents_added: int = 0
    documents_matched: int = 0
    codings_added: int = 0
    codings_present: int = 0
    memos_added: int = 0
    sources_skipped: int = 0
    selections_skipped: int = 0
    units: dict[str, str] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.file}: {self.codes_in_file} code(s), {self.sources_in_file} source(s), "
            f"{self.selections_in_file} selection(s) in the file; added {self.codes_added} "
            f"code(s), {self.documents_added} document(s) ({self.documents_matched} matched), "
            f"{self.codings_added} coding(s) ({self.codings_present} already here), "
            f"{self.memos_added} memo(s); skipped {self.sources_skipped} source(s), "
            f"{self.selections_skipped} selection(s); {len(self.conflicts)} conflict(s)"
        )


class _Merge:
    """One import's lookups from file GUIDs to project ids."""

    def __init__(self, session: Session, plan: ImportPlan, actor: str, report: ImportReport):
        self.session, self.plan, self.actor, self.report = session, plan, actor, report
        self.extras = plan.extras
        self.coders: dict[str, int] = {}
        self.codes: dict[str, int] = {}
        self.cases: dict[str, int] = {}
        self.documents: dict[str, tuple[int, int]] = {}
        self.keys = set(session.scalars(select(Code.key)))
        self.version_id: int | None = None

    # coders -------------------------------------------------------------------------
    def users(self) -> None:
        by_uuid = dict(self.session.execute(select(Coder.uuid, Coder.id)).all())
        by_name = dict(self.session.execute(select(Coder.name, Coder.id)).all())
        for guid, name in self.plan.refi.users.items():
            found = by_uuid.get(guid) or by_name.get(name)
            if found is None:
                coder = Coder(uuid=guid, name=name)
                self.session.add(coder)
                self.session.flush()
                found = by_name[name] = coder.id
            self.coders[guid] = found

    def coder(self, guid: str) -> int | None:
        return self.coders.get(guid)

    # codes ----------------------------------------------------------------------------
    def codebook(self) -> None:
        refi = self.plan.refi
        coded = {c.code for s in refi.sources for sel in s.selections for c in sel.codings}
        own = self.extras.get("codes", {})
        for code in refi.codes.values():
            if code.parent is None:
                theme = (
                    own[code.guid]["is_theme"]
                    if code.guid in own
                    else ((not code.codable or code.children) and code.guid not in coded)
                )
                parent = None if theme else self._imported_theme()
                self._code(code, parent, bool(theme), 0)

    def _imported_theme(self) -> int:
        found = self.session.scalar(select(Code.id).where(Code.key == IMPORTED_THEME))
        if found is None:
            name = f"Imported codes ({self.plan.refi.origin or 'REFI-QDA'})"
            found = self._create({"key": IMPORTED_THEME, "name": name, "is_theme": True})
            self.report.codes_added -= 1  # a home for the file's codes, not one of them
        return found

    def _code(self, code: RefiCode, parent: int | None, theme: bool, position: int) -> None:
        own = self.extras.get("codes", {}).get(code.guid, {})
        found = self._match_code(code, parent, own.get("key"))
        if found is None:
            values = {
                "uuid": code.guid,
                "key": self._key(own.get("key") or code.name),
                "name": code.name,
                "is_theme": theme,
                "parent_id": parent,
                "position": position,
                "definition": code.description or ("" if theme else NO_DEFINITION),
                "origin": "emergent",
                "created_by": self.actor,
                "created": date.today().isoformat(),
            }
            values.update({k: v for k, v in own.items() if k not in ("key", "is_theme")})
            found = self._create(values)
        else:
            definition = self.session.scalar(select(Code.definition).where(Code.id == found))
            if code.description and (definition or "") != code.description:
                self.report.conflicts.append(
                    f"code {code.name!r}: the file's definition differs from this project's "
                    "(kept this project's)"
                )
        self.codes[code.guid] = found
        for index, child in enumerate(code.children):
            self._code(self.plan.refi.codes[child], found, False, index)

    def _match_code(self, code: RefiCode, parent: int | None, key: str | None) -> int | None:
        found = self.session.scalar(select(Code.id).where(Code.uuid == code.guid))
        if found is None and key:
            found = self.session.scalar(select(Code.id).where(Code.key == key))
        if found is None:
            found = self.session.scalar(
                select(Code.id).where(Code.name == code.name, Code.parent_id.is_(parent))
                if parent is None
                else select(Code.id).where(Code.name == code.name, Code.parent_id == parent)
            )
        return found

    def _key(self, name: str) -> str:
        key = slug(name, self.keys)
        self.keys.add(key)
        return key

    def _create(self, values: dict[str, Any]) -> int:
        if self.version_id is None:
            self.version_id = self._version()
        code = Code(introduced_version_id=self.version_id, **values)
        self.session.add(code)
        self.session.flush()
        self.keys.add(code.key)
        self.report.codes_added += 1
        record_code_event(
            self.session,
            code,
            self.actor,
            "create",
            after={"key": code.key, "name": code.name, "source": self.report.file},
        )
        return code.id

    def _version(self) -> int:
        """A codebook version recording that codes arrived from this file."""
        own = self.extras.get("codebook", {})
        version = CodebookVersion(
            name=own.get("name") or self.plan.refi.name or self.plan.path.stem,
            label=own.get("label") or f"imported from {self.plan.path.name}",
            description=own.get("description", ""),
            source_name=self.plan.path.name,
            snapshot="",
            loaded_by=self.actor,
        )
        self.session.add(version)
        self.session.flush()
        return version.id

    # cases ----------------------------------------------------------------------------
    def case_rows(self) -> None:
        refi, own = self.plan.refi, self.extras.get("cases", {})
        by_uuid = dict(self.session.execute(select(Case.uuid, Case.id)).all())
        by_name = dict(self.session.execute(select(Case.name, Case.id)).all())
        have: set[tuple[int, str]] = {
            (case_id, key)
            for case_id, key in self.session.execute(
                select(CaseAttribute.case_id, CaseAttribute.key)
            )
        }
        cases, connection = table_of(Case), self.session.connection()
        attributes: list[dict[str, Any]] = []
        for case in refi.cases:
            name = case.name or case.guid
            found = by_uuid.get(case.guid) or by_name.get(name)
            if found is None:
                kind = own.get(case.guid, {}).get("kind", "participant")
                found = by_name[name] = _new_id(
                    connection.execute(insert(cases).values(uuid=case.guid, name=name, kind=kind))
                )
            self.cases[case.guid] = found
            for variable, value in case.values.items():
                key = refi.variables.get(variable) or variable
                if (found, key) not in have:
                    have.add((found, key))
                    attributes.append({"case_id": found, "key": key, "value": value})
        fast_insert(self.session, table_of(CaseAttribute), attributes)
        for guid, data in own.items():
            parent = self.cases.get(data.get("parent") or "")
            if guid in self.cases and parent is not None:
                connection.execute(
                    update(cases).where(cases.c.id == self.cases[guid]).values(parent_id=parent)
                )

    # documents ------------------------------------------------------------------------
    def document_rows(self) -> None:
        case_of = {source: case.guid for case in self.plan.refi.cases for source in case.sources}
        by_uuid = {
            uuid: (doc_id, rev_id, sha)
            for uuid, doc_id, rev_id, sha in self.session.execute(
                select(Document.uuid, Document.id, Revision.id, Revision.sha256).join(
                    Revision, Revision.id == Document.current_revision_id
                )
            )
        }
        by_sha = {sha: (doc_id, rev_id) for doc_id, rev_id, sha in by_uuid.values()}
        names = set(self.session.scalars(select(Document.name)))
        for planned in self.plan.sources:
            guid = planned.source.guid
            self.report.units[planned.source.name] = planned.unit
            if guid in by_uuid:
                doc_id, rev_id, sha = by_uuid[guid]
                if sha != planned.sha256:
                    self.report.conflicts.append(
                        f"document {planned.source.name!r}: same UUID, different text "
                        f"(its {len(planned.spans)} selection(s) were not imported)"
                    )
                    self.report.selections_skipped += len(planned.spans)
                    continue
                self.documents[guid] = (doc_id, rev_id)
                self.report.documents_matched += 1
            elif planned.sha256 in by_sha:
                self.documents[guid] = by_sha[planned.sha256]
                self.report.documents_matched += 1
            else:
                self.documents[guid] = self._document(planned, case_of.get(guid), names)
                by_sha[planned.sha256] = self.documents[guid]

    def _document(
        self, planned: PlannedSource, case_guid: str | None, names: set[str]
    ) -> tuple[int, int]:
        own = self.extras.get("documents", {}).get(planned.source.guid, {})
        name = own.get("name") or _stem(planned.source.name) or planned.source.guid
        if name in names:
            taken, n = name, 2
            while f"{taken} ({n})" in names:
                n += 1
            name = f"{taken} ({n})"
            self.report.warnings.append(f"document name {taken!r} is taken: imported as {name!r}")
        names.add(name)
        # Core statements: a thousand documents through the ORM's unit of work cost more than
        # writing them
        documents, connection = table_of(Document), self.session.connection()
        case_id = self.cases.get(case_guid or "")
        document_id = _new_id(
            connection.execute(
                insert(documents).values(
                    uuid=planned.source.guid,
                    name=name,
                    case_id=case_id,
                    kind=own.get("kind", "interview"),
                    source_format=own.get("source_format", "refi-qda"),
                    source_name=own.get("source_name") or planned.source.name or name,
                    source_sha256=planned.sha256,
                    meta=own.get("meta") or {"refi_origin": self.plan.refi.origin},
                    words=planned.words,
                )
            )
        )
        revision_id = _new_id(
            connection.execute(
                insert(table_of(Revision)).values(
                    document_id=document_id,
                    number=1,
                    text=planned.text,
                    sha256=planned.sha256,  # of the stored (LF) text, as a revision's is
                    reason="import",
                )
            )
        )
        connection.execute(
            update(documents)
            .where(documents.c.id == document_id)
            .values(current_revision_id=revision_id)
        )
        rows = [
            {
                "revision_id": revision_id,
                "kind": kind,
                "start": start,
                "end": end,
                "speaker": speaker,
                "utterance_start": utterance,
                "case_id": self.cases.get(case or ""),
                "meta": meta,
            }
            for kind, start, end, speaker, utterance, case, meta in read_segments(
                self.plan, planned
            )
        ]
        fast_insert(self.session, table_of(Segment), rows)
        index_document(self.session.connection(), document_id, planned.text)
        self.report.documents_added += 1
        events.record(
            self.session,
            actor=self.actor,
            action="import",
            entity="document",
            entity_id=document_id,
            entity_uuid=planned.source.guid,
            case_id=case_id,
            after={"name": name, "source": self.report.file, "revision": 1},
        )
        return document_id, revision_id

    # codings --------------------------------------------------------------------------
    def coding_rows(self) -> None:
        rows: list[NewCoding] = []
        for planned in self.plan.sources:
            target = self.documents.get(planned.source.guid)
            if target is None:
                continue
            for selection, start, end in planned.spans:
                for coding in selection.codings:
                    rows.append(
                        NewCoding(
                            target[0],
                            target[1],
                            self.codes[coding.code],
                            start,
                            end,
                            self.coder(coding.user or selection.user),
                            parse_time(coding.created or selection.created),
                            coding.guid,
                        )
                    )
        added, present = insert_codings(
            self.session, rows, actor=self.actor, source=self.report.file
        )
        self.report.codings_added, self.report.codings_present = added, present


def _new_id(result: CursorResult[Any]) -> int:
    """The primary key an INSERT just made."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _stem(name: str) -> str:
    """A document name from a source name: file extensions other tools keep are dropped."""
    return re.sub(r"\.(txt|docx?|rtf|pdf|odt)$", "", name.strip(), flags=re.IGNORECASE)


def import_project(session: Session, plan: ImportPlan, actor: str) -> ImportReport:
    """Merge the planned file into the project (inside the caller's transaction)."""
    from qualframe.interchange.refi_notes import notes

    refi = plan.refi
    report = ImportReport(
        plan.path.name,
        refi.origin,
        len(refi.codes),
        len(refi.sources),
        refi.selection_count,
        sources_skipped=plan.skipped_sources,
        selections_skipped=plan.skipped_selections,
        warnings=list(plan.warnings),
    )
    merge = _Merge(session, plan, actor, report)
    merge.users()
    merge.codebook()
    merge.case_rows()
    merge.document_rows()
    merge.coding_rows()
    notes(merge)
    if report.codes_added or report.documents_added or report.codings_added or report.memos_added:
        events.record(
            session,
            actor=actor,
            action="import",
            entity="project",
            after={k: v for k, v in asdict(report).items() if k not in ("warnings", "units")},
        )
    return report
