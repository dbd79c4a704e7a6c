"""`qualframe doc resegment`: recompute the sentence units of stored documents.

Projects imported before the sentence rules respected brackets and quotes keep their old
units (`Hospital B] are mid-table`) until they are recomputed. Sentences are a layer over the
text, not the text: the revision and its turns are untouched and codings keep their offsets
(they are character spans). The sentences before and after are recorded in the event log, one
`resegment` event per document whose units changed, so the audit trail shows it and `undo`
puts the old units back (redo the new ones) for as long as the document's text is the same
revision. `suggest run` treats a document whose units changed as due again
(`units_changed_since`), and sentence-level agreement reads the current units anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, aliased

from qualframe.corpus.documents import find_document
from qualframe.errors import UserError
from qualframe.history import events
from qualframe.ingest.model import Turn
from qualframe.project import Project
from qualframe.store.db import run_transaction
from qualframe.store.models import Document, Event, Revision, Segment

Span = tuple[int, int]
ACTION = "resegment"


@dataclass
class ResegmentOutcome:
    """One document's result, for the summary table and `--format json`."""

    name: str
    status: str  # changed | unchanged
    before: int
    after: int


def resegment(
    project: Project,
    refs: Sequence[str],
    actor: str | None,
    progress: Callable[[str], None] | None = None,
) -> list[ResegmentOutcome]:
    """Recompute the sentences of the documents named (every document when none is), one
    transaction per document."""
    from qualframe.nlp.sentences import load_pipeline

    with project.sessions() as session:
        if refs:
            ids = [find_document(session, ref).id for ref in refs]
        else:
            ids = list(session.scalars(select(Document.id).order_by(Document.name)))
    nlp = load_pipeline(project.settings.nlp_pipeline)
    outcomes = []
    for document_id in dict.fromkeys(ids):
        outcome = run_transaction(
            project.sessions, partial(_resegment_one, document_id=document_id, nlp=nlp, actor=actor)
        )
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome.name)
    return outcomes


def _resegment_one(
    session: Session, *, document_id: int, nlp: Any, actor: str | None
) -> ResegmentOutcome:
    from qualframe.nlp.sentences import pieces, sentence_spans

    document = session.get(Document, document_id)
    assert document is not None and document.current_revision_id is not None
    revision_id = document.current_revision_id
    text = session.scalar(select(Revision.text).where(Revision.id == revision_id)) or ""
    turns = [
        Turn(start, end, speaker, utterance_start if utterance_start is not None else start)
        for start, end, speaker, utterance_start in session.execute(
            select(Segment.start, Segment.end, Segment.speaker, Segment.utterance_start)
            .where(Segment.revision_id == revision_id, Segment.kind == "turn")
            .order_by(Segment.start)
        )
    ]
    old = stored_sentences(session, revision_id)
    new = sentence_spans(nlp, text, pieces(text, turns))
    if new == old:
        return ResegmentOutcome(document.name, "unchanged", len(old), len(new))
    replace_sentences(session, revision_id, new)
    events.record(
        session,
        actor=actor,
        action=ACTION,
        entity="document",
        entity_id=document.id,
        entity_uuid=document.uuid,
        case_id=document.case_id,
        before=_state(revision_id, old),
        after=_state(revision_id, new),
    )
    return ResegmentOutcome(document.name, "changed", len(old), len(new))


def _state(revision_id: int, sentences: list[Span]) -> dict[str, Any]:
    return {
        "revision_id": revision_id,
        "sentences": len(sentences),
        "spans": [[start, end] for start, end in sentences],
    }


def stored_sentences(session: Session, revision_id: int) -> list[Span]:
    """The revision's sentence units, in order."""
    rows = session.execute(
        select(Segment.start, Segment.end)
        .where(Segment.revision_id == revision_id, Segment.kind == "sentence")
        .order_by(Segment.start)
    )
    return [(start, end) for start, end in rows]


def replace_sentences(session: Session, revision_id: int, sentences: Sequence[Span]) -> None:
    """Swap the revision's sentence units for `sentences` (turns stay)."""
    session.execute(
        delete(Segment).where(Segment.revision_id == revision_id, Segment.kind == "sentence")
    )
    if sentences:
        session.execute(
            insert(Segment),
            [
                {"revision_id": revision_id, "kind": "sentence", "start": start, "end": end}
                for start, end in sentences
            ],
        )


def apply_event(session: Session, event: Event, backwards: bool) -> None:
    """Undo (`backwards`) or redo a `resegment` event: the sentences it replaced, or the ones
    it made, back in place. Refused once the document has a newer text revision, whose units
    were computed for that text."""
    state = (event.before if backwards else event.after) or {}
    document = session.get(Document, event.entity_id)
    if document is None:
        raise UserError("that document no longer exists; nothing to undo")
    revision_id = document.current_revision_id
    if revision_id is None or revision_id != state.get("revision_id"):
        raise UserError(
            f"document {document.name!r} has a newer text revision since its sentences were "
            "recomputed; run qualframe doc resegment again instead"
        )
    replace_sentences(session, revision_id, [(start, end) for start, end in state["spans"]])
    session.flush()


def units_changed_since(session: Session) -> dict[int, int]:
    """Document id → the id of the latest event that changed its sentence units (a
    `resegment`, or the undo or redo of one): a suggestion run older than that is stale."""
    latest: dict[int, int] = {}
    for event_id, document_id in session.execute(
        select(Event.id, Event.entity_id).where(Event.entity == "document", Event.action == ACTION)
    ):
        if document_id is not None:
            latest[document_id] = max(latest.get(document_id, 0), event_id)
    target = aliased(Event)
    for event_id, document_id in session.execute(
        select(Event.id, target.entity_id)
        .join(target, target.id == Event.entity_id)
        .where(
            Event.entity == "event",
            Event.action.in_(("undo", "redo")),
            target.entity == "document",
            target.action == ACTION,
        )
    ):
        if document_id is not None:
            latest[document_id] = max(latest.get(document_id, 0), event_id)
    return latest
