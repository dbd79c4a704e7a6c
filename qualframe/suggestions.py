"""Suggestions: where the codebook's sensitizing constructs may apply, for a person to decide.

A sensitizing construct is a lens, not a rule, so nothing here codes anything: `run_suggestions`
stores where a code's patterns fired (the sentence, the matched words, the rule), and a person
accepts (a coding is created in their name) or rejects each one. Both decisions go into the
event log, and the accepted/rejected counts per code tell a team which patterns to tune.

A run is incremental: a document is matched again only when its text has a new revision or the
codebook's patterns changed since its last run (each run of a document is an event recording
the revision and a fingerprint of the patterns). Reviewed suggestions are never touched by a
run; pending ones the patterns no longer produce are removed.

Interviewer and facilitator turns are not matched: their questions name the constructs the
study is about, and coding the question instead of the answer is a mistake a reviewer would
have to reject every time. `[suggest] skip_speakers` in qualframe.toml changes that list.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from qualframe import events
from qualframe.codebook.store import find_code, latest_version_id
from qualframe.codings import add_coding, ensure_coder
from qualframe.documents import find_document
from qualframe.errors import UserError
from qualframe.project import Project
from qualframe.store.db import run_transaction
from qualframe.store.models import (
    Code,
    Coding,
    Document,
    Event,
    Revision,
    Segment,
    Suggestion,
    new_uuid,
)

if TYPE_CHECKING:
    from qualframe.nlp.matchers import CodebookMatcher, Hit

STATUSES = ("pending", "accepted", "rejected")
SKIP_SPEAKERS = ("Interviewer", "Facilitator", "Moderator", "Researcher", "Int", "I", "Q")
_NUMBERED = re.compile(r"\s*\d{1,3}$")
Span = tuple[int, int]


# --- running -----------------------------------------------------------------------------------


@dataclass
class RunReport:
    """What one `suggest run` did; `unchanged` documents were already up to date."""

    documents: int = 0
    unchanged: int = 0
    words: int = 0
    added: int = 0
    removed: int = 0
    kept: int = 0
    rules: int = 0


@dataclass(frozen=True)
class _Pending:
    """One document to match: its current revision and what is known about its segments."""

    document_id: int
    case_id: int | None
    revision_id: int
    words: int


def active_patterns(session: Session) -> dict[str, dict[str, list[Any]]]:
    """Patterns of every code in use (not a theme, not retired) that has any, by code id."""
    rows = session.execute(
        select(Code.key, Code.patterns).where(Code.is_theme.is_(False), Code.retired.is_(False))
    )
    return {key: patterns for key, patterns in sorted(rows) if patterns}


def fingerprint(patterns: dict[str, dict[str, list[Any]]]) -> str:
    """A short hash of the patterns: a run is due again only when it changes."""
    canonical = json.dumps(patterns, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def skip_speakers(project: Project) -> frozenset[str]:
    """Speaker labels whose turns are not matched (`[suggest] skip_speakers`)."""
    value = project.settings.extra.get("suggest", {}).get("skip_speakers", SKIP_SPEAKERS)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise UserError("[suggest] skip_speakers must be a list of speaker labels",
                        path=str(project.root / "qualframe.toml"))
    return frozenset(label.casefold() for label in value)


def due_documents(session: Session, stamp: str) -> tuple[list[_Pending], int]:
    """Documents whose last run is older than their text or than the patterns; and how many
    are up to date."""
    last_run: dict[int, dict[str, Any]] = {}
    for document_id, after in session.execute(
        select(Event.entity_id, Event.after)
        .where(Event.entity == "document", Event.action == "suggest")
        .order_by(Event.id)
    ):
        last_run[document_id] = after or {}
    due, unchanged = [], 0
    rows = session.execute(
        select(Document.id, Document.case_id, Document.current_revision_id, Document.words)
        .where(Document.current_revision_id.is_not(None))
        .order_by(Document.name)
    )
    for document_id, case_id, revision_id, words in rows:
        previous = last_run.get(document_id, {})
        if previous.get("revision_id") == revision_id and previous.get("patterns") == stamp:
            unchanged += 1
        else:
            due.append(_Pending(document_id, case_id, revision_id, words))
    return due, unchanged


def run_suggestions(
    project: Project, actor: str, progress: Callable[[int], None] | None = None
) -> RunReport:
    """Match the codebook's patterns over every document that is due; one transaction per
    document, so an interrupted run keeps what it finished and resumes from there."""
    from qualframe.nlp.matchers import CodebookMatcher
    from qualframe.nlp.pipeline import lemma_pipeline

    skipped = skip_speakers(project)
    with project.sessions() as session:
        patterns = active_patterns(session)
        stamp = fingerprint(patterns)
        due, unchanged = due_documents(session, stamp)
        code_ids = {key: code_id for key, code_id in session.execute(select(Code.key, Code.id))}
        version_id = latest_version_id(session)
    report = RunReport(unchanged=unchanged)
    if not due:
        return report
    nlp = lemma_pipeline()
    matcher = CodebookMatcher(nlp, patterns)
    report.rules = len(matcher)
    for doc, (item, layout) in nlp.pipe(_inputs(project, due), as_tuples=True, batch_size=16):
        found = _suggestions(matcher, doc, layout, skipped)
        kept, added, removed = run_transaction(
            project.sessions, lambda session, item=item, found=found: _store(
                session, item, found, code_ids, version_id, stamp, actor))
        report.kept += kept
        report.added += added
        report.removed += removed
        report.documents += 1
        report.words += item.words
        if progress is not None:
            progress(item.words)
    return report


@dataclass
class _Layout:
    """A revision's sentences and turns, sorted, for placing hits."""

    sentence_starts: list[int] = field(default_factory=list)
    sentence_ends: list[int] = field(default_factory=list)
    turn_starts: list[int] = field(default_factory=list)
    turns: list[tuple[int, int, str | None]] = field(default_factory=list)


def _inputs(project: Project, due: Sequence[_Pending]
            ) -> Iterator[tuple[str, tuple[_Pending, _Layout]]]:
    """Each due document's current text with its sentences and turns, read one document at a
    time so a large corpus is never held in memory."""
    for item in due:
        layout = _Layout()
        with project.sessions() as session:
            text = session.scalar(select(Revision.text).where(Revision.id == item.revision_id))
            rows = session.execute(
                select(Segment.kind, Segment.start, Segment.end, Segment.speaker,
                       Segment.utterance_start)
                .where(Segment.revision_id == item.revision_id)
                .order_by(Segment.start)
            )
            for kind, start, end, speaker, utterance_start in rows:
                if kind == "sentence":
                    layout.sentence_starts.append(start)
                    layout.sentence_ends.append(end)
                elif kind == "turn":
                    layout.turn_starts.append(start)
                    layout.turns.append((utterance_start or start, end, speaker))
        yield text or "", (item, layout)


@dataclass(frozen=True)
class _Found:
    span: Span
    match: Span
    rules: tuple[str, ...]


def _suggestions(matcher: CodebookMatcher, doc: Any, layout: _Layout,
                 skipped: frozenset[str]) -> dict[tuple[str, Span], _Found]:
    """One suggestion per code and sentence: the first match gives the matched words, every
    distinct rule that fired in that sentence is named."""
    found: dict[tuple[str, Span], _Found] = {}
    for hit in matcher(doc):
        if _in_skipped_turn(hit, layout, skipped):
            continue
        span = _sentence_of(hit, layout)
        key = (hit.code, span)
        previous = found.get(key)
        if previous is None:
            found[key] = _Found(span, (hit.start, hit.end), (hit.rule,))
        elif hit.rule not in previous.rules:
            found[key] = _Found(span, previous.match, (*previous.rules, hit.rule))
    return found


def _in_skipped_turn(hit: Hit, layout: _Layout, skipped: frozenset[str]) -> bool:
    """In a turn whose speaker is skipped, or inside a speaker label."""
    index = bisect_right(layout.turn_starts, hit.start) - 1
    if index < 0:
        return False
    utterance_start, end, speaker = layout.turns[index]
    if hit.start >= end:
        return False
    if hit.start < utterance_start:
        return True
    label = _NUMBERED.sub("", speaker or "").casefold()
    return label in skipped


def _sentence_of(hit: Hit, layout: _Layout) -> Span:
    """The sentence holding the hit (stretched if the hit runs past it), else the hit."""
    index = bisect_right(layout.sentence_starts, hit.start) - 1
    if index >= 0 and hit.start < layout.sentence_ends[index]:
        return (layout.sentence_starts[index], max(layout.sentence_ends[index], hit.end))
    return (hit.start, hit.end)


def _store(
    session: Session,
    item: _Pending,
    found: dict[tuple[str, Span], _Found],
    code_ids: dict[str, int],
    version_id: int | None,
    stamp: str,
    actor: str,
) -> tuple[int, int, int]:
    """Replace the document's pending suggestions by `found`, keeping rows that still hold
    (same code and span, so their ids stay) and every reviewed row. Returns (kept, added,
    removed); the caller counts them only once the transaction has committed."""
    wanted = {(code_ids[code], span): value for (code, span), value in found.items()}
    existing = session.execute(
        select(Suggestion.id, Suggestion.code_id, Suggestion.start, Suggestion.end,
               Suggestion.status).where(Suggestion.document_id == item.document_id)
    ).all()
    stale, kept = [], 0
    for row_id, code_id, start, end, status in existing:
        value = wanted.pop((code_id, (start, end)), None)
        if status != "pending":
            continue
        if value is None:
            stale.append(row_id)
        else:
            kept += 1
            session.execute(update(Suggestion).where(Suggestion.id == row_id).values(
                rule=_rule(value), match_start=value.match[0], match_end=value.match[1]))
    if stale:
        session.execute(delete(Suggestion).where(Suggestion.id.in_(stale)))
    rows = [
        {
            "uuid": new_uuid(),
            "document_id": item.document_id,
            "revision_id": item.revision_id,
            "code_id": code_id,
            "start": span[0],
            "end": span[1],
            "rule": _rule(value),
            "match_start": value.match[0],
            "match_end": value.match[1],
            "status": "pending",
            "codebook_version_id": version_id,
        }
        for (code_id, span), value in sorted(wanted.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
    if rows:
        session.execute(insert(Suggestion), rows)
    events.record(
        session, actor=actor, action="suggest", entity="document", entity_id=item.document_id,
        case_id=item.case_id,
        after={"revision_id": item.revision_id, "patterns": stamp,
               "codebook_version_id": version_id, "added": len(rows), "removed": len(stale)},
    )
    return kept, len(rows), len(stale)


def _rule(value: _Found) -> str:
    return "; ".join(value.rules)[:255]


# --- reviewing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestionItem:
    """One suggestion as a reviewer sees it: where, which code, what fired, and the words.

    `text` is the suggested passage (`start`..`end`, usually a sentence); `matched` the words
    the rule fired on (`match_start`..`match_end`). Offsets are into the document's current text.
    """

    id: int
    document: str
    document_id: int
    code: str
    code_name: str
    start: int
    end: int
    match_start: int
    match_end: int
    text: str
    matched: str
    rule: str
    status: str

    def row(self) -> dict[str, Any]:
        """The `suggest list` row, with the data contract's keys."""
        return {"id": self.id, "document": self.document, "code": self.code,
                "start": self.start, "end": self.end, "text": self.text, "rule": self.rule,
                "status": self.status}


def list_suggestions(
    session: Session,
    *,
    status: str = "pending",
    code: str | None = None,
    document: str | None = None,
    limit: int | None = None,
) -> list[SuggestionItem]:
    """The review queue, in reading order (document, then position): `status` is one of
    STATUSES or `all`; `code` may be a theme (its codes' suggestions); `document` a name or id."""
    if status != "all" and status not in STATUSES:
        raise UserError(f"unknown status {status!r} (use {', '.join(STATUSES)} or all)")
    query = (
        select(Suggestion, Document.name, Code.key, Code.name)
        .join(Document, Document.id == Suggestion.document_id)
        .join(Code, Code.id == Suggestion.code_id)
        .order_by(Document.name, Suggestion.start, Code.position, Suggestion.id)
    )
    if status != "all":
        query = query.where(Suggestion.status == status)
    if code is not None:
        query = query.where(Suggestion.code_id.in_(_code_and_descendants(session, code)))
    if document is not None:
        query = query.where(Suggestion.document_id == find_document(session, document).id)
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    texts = _revision_texts(session, {s.revision_id for s, *_ in rows})
    return [_item(s, doc_name, key, name, texts[s.revision_id]) for s, doc_name, key, name in rows]


def _item(s: Suggestion, document: str, code: str, code_name: str, text: str) -> SuggestionItem:
    match_start = s.start if s.match_start is None else s.match_start
    match_end = s.end if s.match_end is None else s.match_end
    return SuggestionItem(
        id=s.id, document=document, document_id=s.document_id, code=code, code_name=code_name,
        start=s.start, end=s.end, match_start=match_start, match_end=match_end,
        text=text[s.start : s.end], matched=text[match_start:match_end], rule=s.rule,
        status=s.status,
    )


def _revision_texts(session: Session, revision_ids: set[int]) -> dict[int, str]:
    if not revision_ids:
        return {}
    return dict(session.execute(
        select(Revision.id, Revision.text).where(Revision.id.in_(revision_ids))).all())


def _code_and_descendants(session: Session, ref: str) -> set[int]:
    root = find_code(session, ref)
    children: dict[int | None, list[int]] = {}
    for code_id, parent_id in session.execute(select(Code.id, Code.parent_id)):
        children.setdefault(parent_id, []).append(code_id)
    found, stack = set(), [root.id]
    while stack:
        code_id = stack.pop()
        found.add(code_id)
        stack.extend(children.get(code_id, []))
    return found


def find_suggestion(session: Session, suggestion_id: int) -> Suggestion:
    suggestion = session.get(Suggestion, suggestion_id)
    if suggestion is None:
        raise UserError(f"no suggestion with id {suggestion_id} (see: qualframe suggest list)")
    return suggestion


def get_suggestion(session: Session, suggestion_id: int) -> SuggestionItem:
    """One suggestion as a queue item."""
    s = find_suggestion(session, suggestion_id)
    document = session.get(Document, s.document_id)
    code = session.get(Code, s.code_id)
    assert document is not None and code is not None
    text = _revision_texts(session, {s.revision_id})[s.revision_id]
    return _item(s, document.name, code.key, code.name, text)


@dataclass(frozen=True)
class SuggestionContext:
    """What the review screen shows beside a suggestion: the turn around it (or, in text
    without turns, the sentences either side) and the code's definition.

    `start`..`end` is the context's span in the document's text, `text` its words; the
    suggestion's own offsets are in `item` (subtract `start` to place them inside `text`).
    """

    item: SuggestionItem
    start: int
    end: int
    text: str
    speaker: str | None
    definition: str
    include: str
    exclude: str


def suggestion_context(session: Session, suggestion_id: int) -> SuggestionContext:
    item = get_suggestion(session, suggestion_id)
    s = find_suggestion(session, suggestion_id)
    code = session.get(Code, s.code_id)
    assert code is not None
    text = _revision_texts(session, {s.revision_id})[s.revision_id]
    turn = session.execute(
        select(Segment.start, Segment.end, Segment.speaker)
        .where(Segment.revision_id == s.revision_id, Segment.kind == "turn",
               Segment.start <= s.start, Segment.end > s.start)
        .order_by(Segment.start.desc()).limit(1)
    ).first()
    if turn is not None:
        start, end, speaker = turn.start, max(turn.end, s.end), turn.speaker
    else:
        start, end, speaker = *_neighbouring_sentences(session, s), None
    return SuggestionContext(item, start, end, text[start:end], speaker, code.definition,
                             code.include, code.exclude)


def _neighbouring_sentences(session: Session, s: Suggestion) -> Span:
    """From the sentence before the suggestion to the sentence after it."""
    before = session.scalar(
        select(Segment.start).where(Segment.revision_id == s.revision_id,
                                    Segment.kind == "sentence", Segment.end <= s.start)
        .order_by(Segment.start.desc()).limit(1))
    after = session.scalar(
        select(Segment.end).where(Segment.revision_id == s.revision_id,
                                  Segment.kind == "sentence", Segment.start >= s.end)
        .order_by(Segment.start).limit(1))
    return (s.start if before is None else before, s.end if after is None else after)


def accept_suggestion(
    session: Session, suggestion_id: int, actor: str, *, start: int | None = None,
    end: int | None = None,
) -> Coding:
    """Code the suggested passage (or `start`..`end`, adjusted by the reviewer) in the
    reviewer's name, and mark the suggestion accepted. A rejected suggestion can still be
    accepted (a reviewer changing their mind); an accepted one cannot be accepted twice."""
    s = find_suggestion(session, suggestion_id)
    if s.status == "accepted":
        raise UserError(f"suggestion {suggestion_id} is already accepted")
    document = session.get(Document, s.document_id)
    code = session.get(Code, s.code_id)
    assert document is not None and code is not None
    start = s.start if start is None else start
    end = s.end if end is None else end
    coding = add_coding(session, document.name, code.key, start, end, actor)
    before = _review_state(s)
    s.status = "accepted"
    s.reviewed_by = ensure_coder(session, actor).id
    events.record(
        session, actor=actor, action="accept", entity="suggestion", entity_id=s.id,
        entity_uuid=s.uuid, case_id=document.case_id, before=before,
        after={**_review_state(s), "coding_id": coding.id, "start": start, "end": end},
    )
    return coding


def reject_suggestion(session: Session, suggestion_id: int, actor: str) -> Suggestion:
    """Mark a pending suggestion rejected; later runs will not suggest it again."""
    s = find_suggestion(session, suggestion_id)
    if s.status != "pending":
        raise UserError(f"suggestion {suggestion_id} is already {s.status}")
    document = session.get(Document, s.document_id)
    assert document is not None
    before = _review_state(s)
    s.status = "rejected"
    s.reviewed_by = ensure_coder(session, actor).id
    events.record(
        session, actor=actor, action="reject", entity="suggestion", entity_id=s.id,
        entity_uuid=s.uuid, case_id=document.case_id, before=before, after=_review_state(s),
    )
    return s


def _review_state(s: Suggestion) -> dict[str, Any]:
    """What a review changes, as the event log keeps it (undo restores `before`); with the
    document and code, so an undo message can say which suggestion it took back."""
    return {"status": s.status, "reviewed_by": s.reviewed_by, "document_id": s.document_id,
            "code_id": s.code_id}
