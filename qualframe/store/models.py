"""SQLAlchemy 2.x models of one qualframe project.

The shape follows the data contract in the design notes: every entity a researcher could
exchange or merge carries a UUID; a document's text lives in immutable revisions; codes keep
their identity (`key`, e.g. `free_riding`) across codebook versions and are retired, never
deleted; one `Event` table serves both undo/redo and the audit trail. Offsets are code points
into a revision's text, end exclusive, so `text[start:end]` is the coded passage.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def new_uuid() -> str:
    """A random UUID as text: portable across SQLite and PostgreSQL and REFI-QDA's GUIDs."""
    return str(uuid_module.uuid4())


def utcnow() -> datetime:
    """Timezone-aware now, so times compare the same on every database."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class UUIDMixin:
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)


class ProjectMeta(Base):
    """Small key/value facts about the project itself (its name, its own UUID)."""

    __tablename__ = "project_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Coder(UUIDMixin, Base):
    __tablename__ = "coders"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Case(UUIDMixin, Base):
    """A participant, an organisation or a focus group; nested through `parent_id`."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="participant")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    parent: Mapped[Case | None] = relationship(remote_side="Case.id")
    attributes: Mapped[list[CaseAttribute]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseAttribute.key"
    )


class CaseAttribute(Base):
    """One free-form attribute (role, site, date, ...); a table, not JSON, so charts can group
    and filter by attribute in SQL on every database."""

    __tablename__ = "case_attributes"
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="attributes")


class Document(UUIDMixin, Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32), default="interview")
    source_format: Mapped[str] = mapped_column(String(32))
    source_name: Mapped[str] = mapped_column(String(255))
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    words: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("revisions.id", use_alter=True, name="fk_documents_current_revision")
    )

    case: Mapped[Case | None] = relationship()
    current_revision: Mapped[Revision | None] = relationship(
        foreign_keys=[current_revision_id], post_update=True
    )


class Revision(UUIDMixin, Base):
    """An immutable version of a document's text; a change makes a new one."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(200), default="import")
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Segment(Base):
    """A speaker turn or a sentence of one revision, as character offsets."""

    __tablename__ = "segments"
    __table_args__ = (Index("ix_segments_revision_kind_start", "revision_id", "kind", "start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # turn | sentence
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(String(200))
    utterance_start: Mapped[int | None] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CodebookVersion(UUIDMixin, Base):
    """One `codebook load`: the author's label and the YAML as loaded, for the record."""

    __tablename__ = "codebook_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    source_name: Mapped[str] = mapped_column(String(255))
    snapshot: Mapped[str] = mapped_column(Text)
    loaded_by: Mapped[str | None] = mapped_column(String(200))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Code(UUIDMixin, Base):
    """A theme or a code in the tree; `key` is its stable id (`free_riding`)."""

    __tablename__ = "codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    is_theme: Mapped[bool] = mapped_column(Boolean, default=False)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    definition: Mapped[str] = mapped_column(Text, default="")
    include: Mapped[str] = mapped_column(Text, default="")
    exclude: Mapped[str] = mapped_column(Text, default="")
    examples: Mapped[list[Any]] = mapped_column(default=list)
    source: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16), default="sensitizing")
    patterns: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[str | None] = mapped_column(String(200))
    created: Mapped[str | None] = mapped_column(String(40))
    #: `#RRGGBB` chosen by the researcher; None: a palette colour by codebook order.
    colour: Mapped[str | None] = mapped_column(String(7))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id"))
    introduced_version_id: Mapped[int | None] = mapped_column(ForeignKey("codebook_versions.id"))

    parent: Mapped[Code | None] = relationship(remote_side="Code.id", foreign_keys=[parent_id])


class Coding(UUIDMixin, Base):
    """A passage of a document revision indexed with a code by a coder."""

    __tablename__ = "codings"
    __table_args__ = (
        Index("ix_codings_document", "document_id", "start"),
        Index("ix_codings_code", "code_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id"))
    codebook_version_id: Mapped[int | None] = mapped_column(ForeignKey("codebook_versions.id"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Suggestion(UUIDMixin, Base):
    """A place a codebook pattern fired; each coder accepts or rejects it (`SuggestionReview`)."""

    __tablename__ = "suggestions"
    __table_args__ = (Index("ix_suggestions_document", "document_id", "start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(255))
    match_start: Mapped[int | None] = mapped_column(Integer)
    match_end: Mapped[int | None] = mapped_column(Integer)
    codebook_version_id: Mapped[int | None] = mapped_column(ForeignKey("codebook_versions.id"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SuggestionReview(UUIDMixin, Base):
    """One coder's decision on a suggestion (accepted | rejected); no row means pending.

    Decisions are per coder so that blind coding holds for suggestions too: one coder's accept
    must not take the suggestion out of a colleague's queue. The newest row (highest id) is the
    shared label when blind coding is off; ids are never reused (AUTOINCREMENT on SQLite), so
    undo can put a removed decision back with its own id and the order stays true.
    """

    __tablename__ = "suggestion_reviews"
    __table_args__ = (UniqueConstraint("suggestion_id", "coder_id"), {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestions.id", ondelete="CASCADE"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    status: Mapped[str] = mapped_column(String(16))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Memo(UUIDMixin, Base):
    """Markdown notes on the project, a case, document, code, coding or chart cell.

    `target_type` is project | case | document | code | coding | cell; a cell memo has the
    case's id in `target_id` and the code's key in `target_ref`.
    """

    __tablename__ = "memos"
    __table_args__ = (Index("ix_memos_target", "target_type", "target_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int | None] = mapped_column(Integer)
    target_ref: Mapped[str | None] = mapped_column(String(100))  # compound targets: cells
    text: Mapped[str] = mapped_column(Text)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Summary(UUIDMixin, Base):
    """One version of a chart cell's summary (case x code); earlier versions are kept."""

    __tablename__ = "summaries"
    __table_args__ = (UniqueConstraint("case_id", "code_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id"))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Event(UUIDMixin, Base):
    """One change: who, when, what, before and after. Undo walks these backwards."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    entity_uuid: Mapped[str | None] = mapped_column(String(36))
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


class SearchLine(Base):
    """One line of a document's current text in the full-text index (PostgreSQL's table; on
    SQLite an FTS5 table of the same columns is used instead, see `store/fulltext.py`)."""

    __tablename__ = "search_lines"
    __table_args__ = (Index("ix_search_lines_document", "document_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    line: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    norm: Mapped[str] = mapped_column(Text)
