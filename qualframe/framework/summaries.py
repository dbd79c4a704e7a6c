"""Chart-cell summaries: versioned per (case, code), never overwritten, edits checked for staleness.

Every write adds a version (author, time, text) and an event carrying the case, so the audit trail
shows who wrote what and withdrawal redacts it. An editor passes the version it read as
`if_version`; if someone else wrote the cell since, the write is refused with a message saying
who and when instead of silently replacing their words. The unique (case, code, version) key
makes two simultaneous writers collide in the database too, not only in this check.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from sqlalchemy import Select, and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualframe.codebook.store import find_code
from qualframe.coding.codings import ensure_coder
from qualframe.corpus.cases import find_case
from qualframe.errors import UserError
from qualframe.framework.model import SummaryVersion
from qualframe.history import events
from qualframe.store.models import Case, Code, Coder, Summary

#: A cell summary is a few sentences; this bound keeps cells inside a spreadsheet cell's
#: 32,767 characters together with their references.
MAX_SUMMARY_CHARS = 10_000
CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SummaryConflict(UserError):
    """The cell changed since the editor read it; nothing was written."""


def find_cell(session: Session, case_ref: str, code_ref: str) -> tuple[Case, Code]:
    """The case and code of a chart cell; organisations are groups, not rows, so not cells."""
    case = find_case(session, case_ref)
    if case.kind == "organisation":
        raise UserError(
            f"{case.name!r} is an organisation; summaries belong to its participants "
            "(group rows with: qualframe chart --rows organisation)"
        )
    return case, find_code(session, code_ref)


def _versions() -> Select[tuple[Summary, str | None]]:
    """Summary versions with their author's name."""
    return select(Summary, Coder.name).outerjoin(Coder, Coder.id == Summary.coder_id)


def _as_version(summary: Summary, author: str | None) -> SummaryVersion:
    return SummaryVersion(
        summary.case_id, summary.code_id, summary.version, summary.text, author, summary.created
    )


def current_summary(session: Session, case_id: int, code_id: int) -> SummaryVersion | None:
    """The latest version of one cell, or None when it was never written."""
    row = session.execute(
        _versions()
        .where(Summary.case_id == case_id, Summary.code_id == code_id)
        .order_by(Summary.version.desc())
        .limit(1)
    ).first()
    return _as_version(*row) if row else None


def latest_summaries(
    session: Session, code_ids: Collection[int] | None = None
) -> dict[tuple[int, int], SummaryVersion]:
    """The latest version of every cell (of the given codes), keyed by (case_id, code_id)."""
    latest = select(
        Summary.case_id, Summary.code_id, func.max(Summary.version).label("version")
    ).group_by(Summary.case_id, Summary.code_id)
    if code_ids is not None:
        latest = latest.where(Summary.code_id.in_(code_ids))
    newest = latest.subquery()
    query = (
        select(
            Summary.case_id,
            Summary.code_id,
            Summary.version,
            Summary.text,
            Coder.name,
            Summary.created,
        )
        .join(
            newest,
            and_(
                newest.c.case_id == Summary.case_id,
                newest.c.code_id == Summary.code_id,
                newest.c.version == Summary.version,
            ),
        )
        .outerjoin(Coder, Coder.id == Summary.coder_id)
    )
    return {(row[0], row[1]): SummaryVersion(*row) for row in session.execute(query)}


def clean_text(text: str) -> str:
    """LF line ends, no surrounding blank space, no control characters (pasted text carries
    form feeds and the like, which no document format can show); refuse a NUL or an essay."""
    if "\x00" in text:
        raise UserError("the summary contains a NUL character")
    cleaned = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(cleaned) > MAX_SUMMARY_CHARS:
        raise UserError(
            f"the summary has {len(cleaned):,} characters; a chart cell holds at most "
            f"{MAX_SUMMARY_CHARS:,} (keep the summary short and cite the excerpts)"
        )
    return cleaned


def set_summary(
    session: Session,
    case_ref: str,
    code_ref: str,
    text: str,
    actor: str,
    if_version: int | None = None,
) -> SummaryVersion:
    """Write a new version of the cell's summary (an empty text clears the cell).

    With `if_version` (the version the editor read; 0 for an empty cell) the write is refused
    when the cell has moved on. Writing the text the cell already holds adds no version.
    """
    case, code = find_cell(session, case_ref, code_ref)
    if code.retired:
        raise UserError(f"code {code.key!r} is retired from the codebook; its cells are read-only")
    cleaned = clean_text(text)
    current = current_summary(session, case.id, code.id)
    have = current.version if current else 0
    if if_version is not None and if_version != have:
        raise SummaryConflict(_conflict_message(case, code, current, if_version))
    if current is not None and current.text == cleaned:
        return current
    if current is None and not cleaned:
        raise UserError(f"the cell {case.name}/{code.key} is already empty")
    coder = ensure_coder(session, actor)
    summary = Summary(
        case_id=case.id, code_id=code.id, version=have + 1, text=cleaned, coder_id=coder.id
    )
    session.add(summary)
    try:
        session.flush()
    except IntegrityError as exc:
        raise SummaryConflict(
            f"the summary of {case.name}/{code.key} was changed by someone else "
            "while you wrote; read it again (qualframe summary show "
            f"{case.name} {code.key})"
        ) from exc
    events.record(
        session,
        actor=actor,
        action="update" if current else "create",
        entity="summary",
        entity_id=summary.id,
        entity_uuid=summary.uuid,
        case_id=case.id,
        before={"version": current.version, "text": current.text} if current else None,
        after={"case": case.name, "code": code.key, "version": summary.version, "text": cleaned},
    )
    return _as_version(summary, coder.name)


def _conflict_message(case: Case, code: Code, current: SummaryVersion | None, read: int) -> str:
    cell = f"{case.name}/{code.key}"
    if current is None:
        return f"the summary of {cell} has no version {read} (it was never written; use 0)"
    when = current.created.strftime("%Y-%m-%d %H:%M")
    return (
        f"the summary of {cell} changed since you read version {read}: it is now version "
        f"{current.version} by {current.author or 'unknown'} at {when} UTC; nothing written "
        f"(read it with: qualframe summary show {case.name} {code.key})"
    )


def summary_history(session: Session, case_ref: str, code_ref: str) -> list[SummaryVersion]:
    """Every version of a cell's summary, oldest first."""
    case, code = find_cell(session, case_ref, code_ref)
    rows = session.execute(
        _versions()
        .where(Summary.case_id == case.id, Summary.code_id == code.id)
        .order_by(Summary.version)
    )
    return [_as_version(summary, author) for summary, author in rows]
