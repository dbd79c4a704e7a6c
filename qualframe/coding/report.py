"""Everything coded with one code, across all cases (NVivo's node, MAXQDA's retrieved
segments): the passages grouped by case, each with a little context on either side, its coder
and the memos written on it. The workbench's code view and `qualframe code report` read this.

A passage belongs to the speaker's case in a focus group, else to its document's case (as in
`code list`); cases sort naturally (P2 before P10), passages by document and position.
`where` keeps the cases whose attributes match, as `chart --where` does. Core statements, one
query per table: a code with thousands of codings over a thousand documents reads in well under
the workbench's first-frame budget."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, case, func, select
from sqlalchemy.orm import Session

from qualframe.codebook.store import find_code
from qualframe.coding.codings import speaker_case_lookup
from qualframe.framework.rows import CaseInfo, check_key, load_cases, natural_key
from qualframe.store.models import Code, Coder, Coding, Document, Memo, Revision
from qualframe.team.blind import is_blind

#: Characters of context shown on either side of a passage (cut back to a whole word).
CONTEXT = 160
NO_CASE = "(no case)"


@dataclass(frozen=True, slots=True)
class Passage:
    """One coding's text, where it is, who coded it and what was written about it."""

    coding_id: int
    document: str
    case: str
    start: int
    end: int
    line: int
    text: str
    before: str
    after: str
    coder: str | None
    memos: tuple[str, ...] = ()

    @property
    def before_text_after(self) -> tuple[str, str, str]:
        return self.before, self.text, self.after


@dataclass(frozen=True, slots=True)
class CaseGroup:
    """A case's passages; `attributes` include the organisation, for the heading."""

    case: str
    attributes: Mapping[str, str]
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class CodeReport:
    """The code, its definition and its passages by case (after `where`)."""

    key: str
    name: str
    theme: str | None
    definition: str
    groups: tuple[CaseGroup, ...]
    where: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(group.passages) for group in self.groups)

    @property
    def documents(self) -> int:
        return len({p.document for group in self.groups for p in group.passages})


def code_report(
    session: Session,
    code_ref: str,
    *,
    viewer: str | None = None,
    where: Mapping[str, tuple[str, ...]] | None = None,
    context: int = CONTEXT,
) -> CodeReport:
    """The report on `code_ref` (id or key). `viewer` as in `list_codings`: under blind coding
    a coder sees only their own codings; None is the unrestricted view of an export."""
    code = find_code(session, code_ref)
    cases = load_cases(session)
    where = dict(where or {})
    for key in where:
        check_key(cases, key, "filter by")
    theme = session.scalar(select(Code.name).where(Code.id == code.parent_id))
    rows = _coding_rows(session, code.id, viewer, context)
    memos = _memos(session, [row.id for row in rows])
    speaker_case = speaker_case_lookup(session)
    grouped: dict[str, list[Passage]] = {}
    infos: dict[str, CaseInfo | None] = {}
    for row in rows:
        case_id = speaker_case(row.revision_id, row.start) or row.case_id
        info = cases.get(case_id) if case_id is not None else None
        if where and (info is None or not _matches(info, where)):
            continue
        name = info.name if info is not None else NO_CASE
        infos[name] = info
        window, offset = row.window, row.start - row.window_start
        length = row.end - row.start
        grouped.setdefault(name, []).append(
            Passage(
                row.id,
                row.document,
                name,
                row.start,
                row.end,
                row.line,
                window[offset : offset + length],
                _before(window[:offset], cut=row.window_start > 0),
                _after(window[offset + length :], cut=row.end + context < row.length),
                row.coder,
                tuple(memos.get(row.id, ())),
            )
        )
    groups = tuple(
        CaseGroup(name, _attributes(infos[name]), tuple(grouped[name]))
        for name in sorted(grouped, key=natural_key)
    )
    return CodeReport(code.key, code.name, theme, code.definition or "", groups, where)


def _coding_rows(
    session: Session, code_id: int, viewer: str | None, context: int
) -> list[Row[Any]]:
    """The codings with what is shown of their text: the database cuts each passage and its
    context out of the text and counts the lines before it (a thousand transcripts are not
    read whole into Python for a few hundred characters each)."""
    codings, documents = Coding.__table__.c, Document.__table__.c
    coders, revisions = Coder.__table__.c, Revision.__table__.c
    window_start = case((codings.start > context, codings.start - context), else_=0)
    before = func.substr(revisions.text, 1, codings.start)
    query = (
        select(
            codings.id,
            codings.revision_id,
            codings.start,
            codings.end,
            documents.name.label("document"),
            documents.case_id,
            coders.name.label("coder"),
            window_start.label("window_start"),
            func.substr(
                revisions.text, window_start + 1, codings.end + context - window_start
            ).label("window"),
            (func.length(before) - func.length(func.replace(before, "\n", "")) + 1).label("line"),
            func.length(revisions.text).label("length"),
        )
        .join(Document.__table__, documents.id == codings.document_id)
        .join(Revision.__table__, revisions.id == codings.revision_id)
        .outerjoin(Coder.__table__, coders.id == codings.coder_id)
        .where(codings.code_id == code_id, codings.revision_id == documents.current_revision_id)
        .order_by(documents.name, codings.start, codings.id)
    )
    if viewer is not None and is_blind(session):
        query = query.where(coders.name == viewer)
    return list(session.execute(query))


def _memos(session: Session, coding_ids: list[int]) -> dict[int, list[str]]:
    memos = Memo.__table__.c
    found: dict[int, list[str]] = {}
    for chunk in range(0, len(coding_ids), 500):
        query = (
            select(memos.target_id, memos.text)
            .where(memos.target_type == "coding")
            .where(memos.target_id.in_(coding_ids[chunk : chunk + 500]))
            .order_by(memos.id)
        )
        for target, text in session.execute(query):
            found.setdefault(target, []).append(text)
    return found


def _matches(case: CaseInfo, where: Mapping[str, tuple[str, ...]]) -> bool:
    """As `chart --where`: values of one key are alternatives, keys must all hold."""
    for key, values in where.items():
        value = case.value(key)
        if value is None or value.casefold() not in {v.casefold() for v in values}:
            return False
    return True


def _attributes(info: CaseInfo | None) -> dict[str, str]:
    if info is None:
        return {}
    shown = {"organisation": info.organisation} if info.organisation else {}
    return {**shown, **info.attributes}


def _before(piece: str, *, cut: bool) -> str:
    """The context before a passage, from the line's start or (`cut` from a longer text) from
    a whole word, marked `…`."""
    line = piece.rfind("\n")
    if line >= 0:
        return piece[line + 1 :]
    if cut:
        space = piece.find(" ")
        piece = "…" + piece[space + 1 :] if space >= 0 else "…" + piece
    return piece


def _after(piece: str, *, cut: bool) -> str:
    """The context after a passage, to the line's end or (`cut` short) to a whole word."""
    line = piece.find("\n")
    if line >= 0:
        return piece[:line]
    if cut:
        space = piece.rfind(" ")
        piece = (piece[:space] if space >= 0 else piece) + "…"
    return piece


def in_context(passage: Passage) -> tuple[str, str, str]:
    """Before, passage and after on one line each, with a space between them only where the
    transcript has one (a coding may start inside "[laughs]")."""
    before, text, after = (" ".join(part.split()) for part in passage.before_text_after)
    if before and (passage.before[-1:].isspace() or passage.text[:1].isspace()):
        before += " "
    if after and (passage.text[-1:].isspace() or passage.after[:1].isspace()):
        after = " " + after
    return before, text, after


def attribute_values(session: Session) -> dict[str, list[str]]:
    """Every case attribute (and organisation) with its values: the view's filter choices."""
    values: dict[str, set[str]] = {}
    for info in load_cases(session).values():
        if info.organisation:
            values.setdefault("organisation", set()).add(info.organisation)
        for key, value in info.attributes.items():
            if value:
                values.setdefault(key, set()).add(value)
    return {key: sorted(found, key=natural_key) for key, found in sorted(values.items())}
