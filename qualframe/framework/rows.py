"""Which cases a chart shows, in which groups and order: the rows of every matrix.

Rows are participants: cases that own an interview, speak in a focus group or have a summary,
plus a focus group's own case when a turn of nobody's case (a facilitator's) is coded; the same
rows whichever themes are charted, so switching theme never moves a row. Organisations are never
rows; they group rows (`--rows organisation`), as any case attribute can (`--rows role`).
`--where role=Nurse` keeps the cases whose attribute matches (case-insensitively; several values
of one key are alternatives, several keys must all hold).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.coding.codings import speaker_case_lookup
from qualframe.errors import UserError
from qualframe.framework.model import Row
from qualframe.store.models import Case, CaseAttribute, Coding, Document, Segment, Summary

CASE = "case"
ORGANISATION = "organisation"


@dataclass(frozen=True, slots=True)
class CaseInfo:
    """A case with what rows need: its organisation (parent) and attributes."""

    case_id: int
    name: str
    kind: str
    organisation: str | None
    attributes: dict[str, str]

    def value(self, key: str) -> str | None:
        """The value a grouping or filter key reads: the organisation, or an attribute."""
        return self.organisation if key == ORGANISATION else self.attributes.get(key)


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort P2 before P10 and names case-insensitively."""
    return tuple(
        (1, int(part)) if part.isdigit() else (0, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


def parse_where(items: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """`["role=Staff nurse", "role=Matron"]` → `{"role": ("Staff nurse", "Matron")}`."""
    where: dict[str, tuple[str, ...]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UserError(f"a filter reads KEY=VALUE (e.g. role=Staff nurse); got {item!r}")
        key = key.strip()
        where[key] = (*where.get(key, ()), value.strip())
    return where


def load_cases(session: Session) -> dict[int, CaseInfo]:
    """Every case with its organisation's name and its attributes (two queries)."""
    cases = session.execute(select(Case.id, Case.name, Case.kind, Case.parent_id)).all()
    names = {case_id: name for case_id, name, _, _ in cases}
    attributes: dict[int, dict[str, str]] = {}
    for case_id, key, value in session.execute(
        select(CaseAttribute.case_id, CaseAttribute.key, CaseAttribute.value)
    ):
        attributes.setdefault(case_id, {})[key] = value
    return {
        case_id: CaseInfo(
            case_id,
            name,
            kind,
            names.get(parent_id) if parent_id else None,
            attributes.get(case_id, {}),
        )
        for case_id, name, kind, parent_id in cases
    }


def participant_ids(session: Session) -> set[int]:
    """The cases every chart has as rows, whichever themes it shows: interviewees, focus-group
    speakers, cases with a summary, and a focus group itself when its own (facilitator) turns
    hold codings."""
    owners = (
        select(Document.case_id)
        .join(Case, Case.id == Document.case_id)
        .where(Case.kind == "participant")
    )
    speakers = select(Segment.case_id).where(Segment.kind == "turn", Segment.case_id.is_not(None))
    summarised = select(Summary.case_id)
    rows = session.scalars(owners.union(speakers, summarised))
    return {case_id for case_id in rows if case_id is not None} | _coded_group_cases(session)


def _coded_group_cases(session: Session) -> set[int]:
    """Non-participant cases (focus groups) owning a coding outside any speaker's turn."""
    speaker_case = speaker_case_lookup(session)
    codings = session.execute(
        select(Coding.revision_id, Coding.start, Document.case_id)
        .join(Document, Document.id == Coding.document_id)
        .join(Case, Case.id == Document.case_id)
        .where(Case.kind != "participant")
    )
    return {
        case_id
        for revision_id, start, case_id in codings
        if case_id is not None and speaker_case(revision_id, start) is None
    }


def check_key(cases: dict[int, CaseInfo], key: str, what: str) -> None:
    """Refuse a grouping or filter key no case has, naming the keys that exist."""
    if key in (CASE, ORGANISATION) or any(key in c.attributes for c in cases.values()):
        return
    known = sorted({k for c in cases.values() for k in c.attributes})
    raise UserError(
        f"no case has the attribute {key!r} to {what} "
        f"(use organisation or one of: {', '.join(known) or 'none yet'})"
    )


def _matches(case: CaseInfo, where: dict[str, tuple[str, ...]]) -> bool:
    for key, values in where.items():
        value = case.value(key)
        if value is None or value.casefold() not in {v.casefold() for v in values}:
            return False
    return True


def _group_label(case: CaseInfo, grouping: str) -> str | None:
    if grouping == CASE:
        return None
    value = case.value(grouping)
    return value if value not in (None, "") else f"(no {grouping})"


def select_rows(
    cases: dict[int, CaseInfo],
    candidates: Iterable[int],
    grouping: str = CASE,
    where: dict[str, tuple[str, ...]] | None = None,
) -> list[Row]:
    """The rows to chart, filtered, grouped and sorted (group, then case name, naturally)."""
    where = where or {}
    check_key(cases, grouping, "group rows by")
    for key in where:
        check_key(cases, key, "filter by")
    chosen = [cases[i] for i in set(candidates) if i in cases and cases[i].kind != ORGANISATION]
    kept = [case for case in chosen if _matches(case, where)]
    if chosen and not kept:
        wanted = " and ".join(f"{k}={'|'.join(v)}" for k, v in where.items())
        raise UserError(f"no case has {wanted} (see: qualframe case list)")
    rows = [
        Row(c.case_id, c.name, c.organisation, c.attributes, _group_label(c, grouping))
        for c in kept
    ]
    rows.sort(key=lambda r: (_group_order(r.group), natural_key(r.name)))
    return rows


def _group_order(group: str | None) -> tuple[int, tuple[tuple[int, int | str], ...]]:
    """Named groups first in natural order; `(no role)` and ungrouped last."""
    if group is None or group.startswith("(no "):
        return (1, ())
    return (0, natural_key(group))


def attribute_values(cases: dict[int, CaseInfo], ids: Sequence[int]) -> dict[str, list[str]]:
    """Per grouping/filter key, the values the given cases have (for pickers in the TUI)."""
    values: dict[str, set[str]] = {}
    for case_id in ids:
        case = cases.get(case_id)
        if case is None:
            continue
        if case.organisation:
            values.setdefault(ORGANISATION, set()).add(case.organisation)
        for key, value in case.attributes.items():
            values.setdefault(key, set()).add(value)
    return {key: sorted(found, key=natural_key) for key, found in sorted(values.items())}
