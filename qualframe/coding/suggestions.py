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
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from qualframe.codebook.store import latest_version_id
from qualframe.errors import UserError
from qualframe.history import events
from qualframe.project import Project
from qualframe.store.db import run_transaction
from qualframe.store.models import (
    Code,
    Document,
    Event,
    Revision,
    Segment,
    Suggestion,
    SuggestionReview,
    new_uuid,
)

if TYPE_CHECKING:
    from qualframe.nlp.matchers import CodebookMatcher, Hit
    from qualframe.nlp.similarity import ExemplarIndex

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
    """Documents whose last run is older than their text, their sentence units or the
    patterns; and how many are up to date."""
    from qualframe.corpus.resegment import units_changed_since

    last_run: dict[int, dict[str, Any]] = {}
    for event_id, document_id, after in session.execute(
        select(Event.id, Event.entity_id, Event.after)
        .where(Event.entity == "document", Event.action == "suggest")
        .order_by(Event.id)
    ):
        last_run[document_id] = {**(after or {}), "event_id": event_id}
    units_changed = units_changed_since(session)
    due, unchanged = [], 0
    rows = session.execute(
        select(Document.id, Document.case_id, Document.current_revision_id, Document.words)
        .where(Document.current_revision_id.is_not(None))
        .order_by(Document.name)
    )
    for document_id, case_id, revision_id, words in rows:
        previous = last_run.get(document_id, {})
        if (
            previous.get("revision_id") == revision_id
            and previous.get("patterns") == stamp
            and units_changed.get(document_id, 0) < previous["event_id"]
        ):
            unchanged += 1
        elif revision_id is not None:  # always: the query keeps documents with a text
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
            partial(
                _store,
                item=item,
                found=found,
                code_ids=code_ids,
                version_id=version_id,
                stamp=stamp,
                actor=actor,
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
