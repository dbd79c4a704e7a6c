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

from sqlalchemy import ColumnElement, delete, func, insert, select, update
from sqlalchemy.orm import Session

from qualframe.codebook.store import find_code, latest_version_id
from qualframe.coding.codings import add_coding, ensure_coder
from qualframe.corpus.documents import find_document
from qualframe.errors import UserError
from qualframe.history import events
from qualframe.project import Project
from qualframe.store.db import run_transaction
from qualframe.store.models import (
    Code,
    Coder,
    Coding,
    Document,
    Event,
    Revision,
    Segment,
    Suggestion,
    SuggestionReview,
    new_uuid,
)
from qualframe.team.blind import is_blind

if TYPE_CHECKING:
    from qualframe.nlp.matchers import CodebookMatcher, Hit
    from qualframe.nlp.similarity import ExemplarIndex

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


def active_exemplars(session: Session) -> dict[str, list[tuple[str, str]]]:
    """What the similarity source compares sentences with, as (kind, text) by code id, for
    every code in use: its codebook examples. (Passages the team accepted would be one more
    kind here.)"""
    rows = session.execute(
        select(Code.key, Code.examples).where(Code.is_theme.is_(False), Code.retired.is_(False))
    )
    return {
        key: [("example", str(text)) for text in examples]
        for key, examples in sorted(rows)
        if examples
    }


def fingerprint(
    patterns: dict[str, dict[str, list[Any]]],
    exemplars: dict[str, list[tuple[str, str]]] | None = None,
) -> str:
    """A short hash of the patterns, the exemplars and the similarity settings: a run is due
    again only when one of them changes."""
    from qualframe.nlp import similarity

    canonical = json.dumps(
        {
            "patterns": patterns,
            "exemplars": exemplars or {},
            "similarity": [similarity.THRESHOLD, similarity.MIN_SHARED, sorted(similarity.STOP)],
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def skip_speakers(project: Project) -> frozenset[str]:
    """Speaker labels whose turns are not matched (`[suggest] skip_speakers`)."""
    value = project.settings.extra.get("suggest", {}).get("skip_speakers", SKIP_SPEAKERS)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise UserError(
            "[suggest] skip_speakers must be a list of speaker labels",
            path=str(project.root / "qualframe.toml"),
        )
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
    """Match the codebook's patterns, and compare sentences with the codes' exemplars, over
    every document that is due; one transaction per document, so an interrupted run keeps what
    it finished and resumes from there."""
    from qualframe.nlp.matchers import CodebookMatcher
    from qualframe.nlp.pipeline import lemma_pipeline
    from qualframe.nlp.similarity import ExemplarIndex

    skipped = skip_speakers(project)
    with project.sessions() as session:
        patterns = active_patterns(session)
        exemplars = active_exemplars(session)
        stamp = fingerprint(patterns, exemplars)
        due, unchanged = due_documents(session, stamp)
        code_ids = {key: code_id for key, code_id in session.execute(select(Code.key, Code.id))}
        version_id = latest_version_id(session)
    report = RunReport(unchanged=unchanged)
    if not due:
        return report
    nlp = lemma_pipeline()
    matcher = CodebookMatcher(nlp, patterns)
    index = ExemplarIndex(nlp, exemplars)
    report.rules = len(matcher)
    for doc, (item, layout) in nlp.pipe(_inputs(project, due), as_tuples=True, batch_size=16):
        found = _suggestions(matcher, index, doc, layout, skipped)
        kept, added, removed = run_transaction(
            project.sessions,
            lambda session, item=item, found=found: _store(
                session, item, found, code_ids, version_id, stamp, actor
            ),
        )
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


def _inputs(
    project: Project, due: Sequence[_Pending]
) -> Iterator[tuple[str, tuple[_Pending, _Layout]]]:
    """Each due document's current text with its sentences and turns, read one document at a
    time so a large corpus is never held in memory."""
    for item in due:
        layout = _Layout()
        with project.sessions() as session:
            text = session.scalar(select(Revision.text).where(Revision.id == item.revision_id))
            rows = session.execute(
                select(
                    Segment.kind,
                    Segment.start,
                    Segment.end,
                    Segment.speaker,
                    Segment.utterance_start,
                )
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


def _suggestions(
    matcher: CodebookMatcher,
    index: ExemplarIndex,
    doc: Any,
    layout: _Layout,
    skipped: frozenset[str],
) -> dict[tuple[str, Span], _Found]:
    """One suggestion per code and sentence: the first match gives the matched words, every
    distinct rule that fired in that sentence is named. A sentence close to one of the code's
    exemplars gets the code too, unless a pattern already suggested it there: the pattern's
    rule is the more exact reason, so it wins."""
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
    for hit in index.hits(doc, layout.sentence_starts, layout.sentence_ends):
        span = _sentence_of(hit, layout)
        if (hit.code, span) not in found and not _in_skipped_turn(hit, layout, skipped):
            found[(hit.code, span)] = _Found(span, (hit.start, hit.end), (hit.rule,))
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
        select(
            Suggestion.id,
            Suggestion.code_id,
            Suggestion.start,
            Suggestion.end,
            Suggestion.id.in_(select(SuggestionReview.suggestion_id)),
        ).where(Suggestion.document_id == item.document_id)
    ).all()
    stale, kept = [], 0
    for row_id, code_id, start, end, reviewed in existing:
        value = wanted.pop((code_id, (start, end)), None)
        if reviewed:
            continue
        if value is None:
            stale.append(row_id)
        else:
            kept += 1
            session.execute(
                update(Suggestion)
                .where(Suggestion.id == row_id)
                .values(rule=_rule(value), match_start=value.match[0], match_end=value.match[1])
            )
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
            "codebook_version_id": version_id,
        }
        for (code_id, span), value in sorted(wanted.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
    if rows:
        session.execute(insert(Suggestion), rows)
    events.record(
        session,
        actor=actor,
        action="suggest",
        entity="document",
        entity_id=item.document_id,
        case_id=item.case_id,
        after={
            "revision_id": item.revision_id,
            "patterns": stamp,
            "codebook_version_id": version_id,
            "added": len(rows),
            "removed": len(stale),
        },
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
        return {
            "id": self.id,
            "document": self.document,
            "code": self.code,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule": self.rule,
            "status": self.status,
        }


def list_suggestions(
    session: Session,
    *,
    status: str = "pending",
    code: str | None = None,
    document: str | None = None,
    limit: int | None = None,
    viewer: str | None = None,
) -> list[SuggestionItem]:
    """The review queue, in reading order (document, then position): `status` is one of
    STATUSES or `all`; `code` may be a theme (its codes' suggestions); `document` a name or id.
    Statuses are as `viewer` sees them (see `_shown_status`)."""
    if status != "all" and status not in STATUSES:
        raise UserError(f"unknown status {status!r} (use {', '.join(STATUSES)} or all)")
    shown = _shown_status(session, viewer)
    query = (
        select(Suggestion, Document.name, Code.key, Code.name, shown)
        .join(Document, Document.id == Suggestion.document_id)
        .join(Code, Code.id == Suggestion.code_id)
        .order_by(Document.name, Suggestion.start, Code.position, Suggestion.id)
    )
    if status != "all":
        query = query.where(shown == status)
    if code is not None:
        query = query.where(Suggestion.code_id.in_(_code_and_descendants(session, code)))
    if document is not None:
        query = query.where(Suggestion.document_id == find_document(session, document).id)
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    texts = _revision_texts(session, {s.revision_id for s, *_ in rows})
    return [
        _item(s, doc_name, key, name, texts[s.revision_id], shown_status)
        for s, doc_name, key, name, shown_status in rows
    ]


def _shown_status(session: Session, viewer: str | None) -> ColumnElement[str]:
    """A suggestion's status as `viewer` sees it, as a column expression: the newest review's
    (a team shares one queue, so nobody judges twice what a colleague judged), but while blind
    coding is on only `viewer`'s own review counts (a colleague's judgement must neither show
    nor empty their queue). `viewer` None is the unrestricted view, as in `list_codings`."""
    newest = (
        select(SuggestionReview.status)
        .where(SuggestionReview.suggestion_id == Suggestion.id)
        .order_by(SuggestionReview.id.desc())
        .limit(1)
    )
    if viewer is not None and is_blind(session):
        newest = newest.join(Coder, Coder.id == SuggestionReview.coder_id).where(
            Coder.name == viewer
        )
    return func.coalesce(newest.scalar_subquery(), "pending")


def _item(
    s: Suggestion, document: str, code: str, code_name: str, text: str, status: str
) -> SuggestionItem:
    match_start = s.start if s.match_start is None else s.match_start
    match_end = s.end if s.match_end is None else s.match_end
    return SuggestionItem(
        id=s.id,
        document=document,
        document_id=s.document_id,
        code=code,
        code_name=code_name,
        start=s.start,
        end=s.end,
        match_start=match_start,
        match_end=match_end,
        text=text[s.start : s.end],
        matched=text[match_start:match_end],
        rule=s.rule,
        status=status,
    )


def review_counts(session: Session, viewer: str | None = None) -> dict[str, int]:
    """How many suggestions `viewer` sees in each status (all of STATUSES, zeros included)."""
    shown = (
        select(_shown_status(session, viewer).label("status")).select_from(Suggestion).subquery()
    )
    counts = dict(
        session.execute(select(shown.c.status, func.count()).group_by(shown.c.status)).all()
    )
    return {status: counts.get(status, 0) for status in STATUSES}


def _revision_texts(session: Session, revision_ids: set[int]) -> dict[int, str]:
    if not revision_ids:
        return {}
    return dict(
        session.execute(
            select(Revision.id, Revision.text).where(Revision.id.in_(revision_ids))
        ).all()
    )


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


def get_suggestion(
    session: Session, suggestion_id: int, viewer: str | None = None
) -> SuggestionItem:
    """One suggestion as a queue item, its status as `viewer` sees it."""
    s = find_suggestion(session, suggestion_id)
    document = session.get(Document, s.document_id)
    code = session.get(Code, s.code_id)
    assert document is not None and code is not None
    text = _revision_texts(session, {s.revision_id})[s.revision_id]
    return _item(s, document.name, code.key, code.name, text, _status_of(session, s, viewer))


def _status_of(session: Session, s: Suggestion, viewer: str | None) -> str:
    return (
        session.scalar(select(_shown_status(session, viewer)).where(Suggestion.id == s.id))
        or "pending"
    )


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


def suggestion_context(
    session: Session, suggestion_id: int, viewer: str | None = None
) -> SuggestionContext:
    item = get_suggestion(session, suggestion_id, viewer)
    s = find_suggestion(session, suggestion_id)
    code = session.get(Code, s.code_id)
    assert code is not None
    text = _revision_texts(session, {s.revision_id})[s.revision_id]
    turn = session.execute(
        select(Segment.start, Segment.end, Segment.speaker)
        .where(
            Segment.revision_id == s.revision_id,
            Segment.kind == "turn",
            Segment.start <= s.start,
            Segment.end > s.start,
        )
        .order_by(Segment.start.desc())
        .limit(1)
    ).first()
    if turn is not None:
        start, end, speaker = turn.start, max(turn.end, s.end), turn.speaker
    else:
        start, end, speaker = *_neighbouring_sentences(session, s), None
    return SuggestionContext(
        item, start, end, text[start:end], speaker, code.definition, code.include, code.exclude
    )


def _neighbouring_sentences(session: Session, s: Suggestion) -> Span:
    """From the sentence before the suggestion to the sentence after it."""
    before = session.scalar(
        select(Segment.start)
        .where(
            Segment.revision_id == s.revision_id, Segment.kind == "sentence", Segment.end <= s.start
        )
        .order_by(Segment.start.desc())
        .limit(1)
    )
    after = session.scalar(
        select(Segment.end)
        .where(
            Segment.revision_id == s.revision_id, Segment.kind == "sentence", Segment.start >= s.end
        )
        .order_by(Segment.start)
        .limit(1)
    )
    return (s.start if before is None else before, s.end if after is None else after)


def accept_suggestion(
    session: Session,
    suggestion_id: int,
    actor: str,
    *,
    start: int | None = None,
    end: int | None = None,
) -> Coding:
    """Code the suggested passage (or `start`..`end`, adjusted by the reviewer) in the
    reviewer's name, and record their accept. A rejected suggestion can still be accepted (a
    reviewer changing their mind); one accepted as `actor` sees it (see `_shown_status`: under
    blind coding, by themselves) cannot be accepted again."""
    s = find_suggestion(session, suggestion_id)
    if _status_of(session, s, actor) == "accepted":
        raise UserError(f"suggestion {suggestion_id} is already accepted")
    document = session.get(Document, s.document_id)
    code = session.get(Code, s.code_id)
    assert document is not None and code is not None
    start = s.start if start is None else start
    end = s.end if end is None else end
    coding = add_coding(session, document.name, code.key, start, end, actor)
    before, after = _decide(session, s, actor, "accepted")
    events.record(
        session,
        actor=actor,
        action="accept",
        entity="suggestion",
        entity_id=s.id,
        entity_uuid=s.uuid,
        case_id=document.case_id,
        before=before,
        after={**after, "coding_id": coding.id, "start": start, "end": end},
    )
    return coding


def reject_suggestion(session: Session, suggestion_id: int, actor: str) -> Suggestion:
    """Record `actor`'s reject of a suggestion pending as they see it; later runs keep it, so
    it is not suggested again."""
    s = find_suggestion(session, suggestion_id)
    status = _status_of(session, s, actor)
    if status != "pending":
        raise UserError(f"suggestion {suggestion_id} is already {status}")
    document = session.get(Document, s.document_id)
    assert document is not None
    before, after = _decide(session, s, actor, "rejected")
    events.record(
        session,
        actor=actor,
        action="reject",
        entity="suggestion",
        entity_id=s.id,
        entity_uuid=s.uuid,
        case_id=document.case_id,
        before=before,
        after=after,
    )
    return s


def _decide(
    session: Session, s: Suggestion, actor: str, status: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Replace `actor`'s review of `s` by a new one (a new id: the newest decision is the
    shared label); returns the review states before and after, for the event log."""
    coder_id = ensure_coder(session, actor).id
    own = session.scalar(
        select(SuggestionReview).where(
            SuggestionReview.suggestion_id == s.id, SuggestionReview.coder_id == coder_id
        )
    )
    before = _review_state(s, coder_id, own)
    if own is not None:
        session.delete(own)
        session.flush()
    review = SuggestionReview(suggestion_id=s.id, coder_id=coder_id, status=status)
    session.add(review)
    session.flush()
    return before, _review_state(s, coder_id, review)


def _review_state(s: Suggestion, coder_id: int, review: SuggestionReview | None) -> dict[str, Any]:
    """What a review changes, as the event log keeps it: the coder's own review (None when
    they had none: pending), with its id, UUID and time so undo puts back the very row; with
    the document and code, so an undo message can say which suggestion it took back."""
    state: dict[str, Any] = {
        "status": "pending" if review is None else review.status,
        "reviewed_by": coder_id,
        "review": None,
        "document_id": s.document_id,
        "code_id": s.code_id,
    }
    if review is not None:
        state["review"] = {
            "id": review.id,
            "uuid": review.uuid,
            "created": review.created.isoformat(),
        }
    return state
