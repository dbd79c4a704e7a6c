"""`qualframe import`: transcripts from disk into the project, one transaction per document.

Two passes: the first reads, hashes and parses every file (cheap; no spaCy, no writes) so that a
bad file or a name clash is reported before anything is written; the second segments sentences
with spaCy and writes each document with bulk inserts. With many files the spaCy half runs in a
second process a few documents ahead of this one, which writes: both cores work, and memory stays
bounded. A file whose bytes were imported before is a no-op, found by its SHA-256 without parsing
it again.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from qualframe.corpus.cases import ensure_case, plan_cases
from qualframe.corpus.revisions import OffsetMap
from qualframe.errors import UserError
from qualframe.gate.files import refuse_identifiers_on_import
from qualframe.history import events
from qualframe.ingest.decode import read_source
from qualframe.ingest.model import ParsedDocument
from qualframe.ingest.readers import read_transcript
from qualframe.nlp.sentences import count_words, load_pipeline, pieces, sentence_spans
from qualframe.project import Project
from qualframe.store.db import run_transaction
from qualframe.store.fulltext import index_document
from qualframe.store.models import Coding, Document, Revision, Segment, Suggestion

SUFFIXES = (".txt", ".md", ".docx", ".vtt", ".srt")


@dataclass
class ImportOutcome:
    """One file's result, for the summary table and `--format json`."""

    path: str
    name: str
    case: str | None
    status: str  # imported | replaced | unchanged
    words: int = 0
    turns: int = 0
    sentences: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Planned:
    path: Path
    sha256: str
    name: str
    status: str
    duplicate_of: str | None = None


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and transcripts found in folders (recursively, sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in SUFFIXES and p.is_file() and not p.name.startswith(".")
                )
            )
        elif path.exists():
            files.append(path)
        else:
            raise UserError("no such file or folder", path=str(path))
    return files


def _sha256(path: Path) -> str:
    return hashlib.sha256(read_source(path)).hexdigest()


def _parse(path: Path, project: Project) -> ParsedDocument:
    return read_transcript(path, speaker_pattern=project.settings.speaker_pattern)


def plan_import(
    project: Project, files: list[Path], *, name: str | None, replace: bool
) -> list[_Planned]:
    """Check every file before writing: readable, parseable, its name free or replaceable,
    and (when the project asks for it) free of residual identifiers."""
    if name is not None and len(files) != 1:
        raise UserError("--name needs exactly one file")
    with project.sessions() as session:
        known = dict(session.execute(select(Document.source_sha256, Document.name)).all())
        taken = set(session.scalars(select(Document.name)))
    planned: list[_Planned] = []
    batch_names: dict[str, Path] = {}
    for path in files:
        digest = _sha256(path)
        doc_name = name or path.stem
        if digest in known:
            planned.append(_Planned(path, digest, known[digest], "unchanged", known[digest]))
            continue
        parsed = _parse(path, project)
        plan_cases(parsed.front_matter, path.stem, str(path), parsed.kind)
        if doc_name in batch_names:
            raise UserError(
                f"two files would both be named {doc_name!r} (also {batch_names[doc_name]}); "
                "import one with --name",
                path=str(path),
            )
        if doc_name in taken and not replace:
            raise UserError(
                f"a different document named {doc_name!r} already exists; use --name NEW or "
                "--replace (makes a new text revision)",
                path=str(path),
            )
        batch_names[doc_name] = path
        known[digest] = doc_name
        planned.append(
            _Planned(path, digest, doc_name, "replaced" if doc_name in taken else "imported")
        )
    refuse_identifiers_on_import(project, [p.path for p in planned if p.status != "unchanged"])
    return planned


#: From this many new files on, spaCy runs in a second process while this one writes.
PARALLEL_FROM = 8
#: Documents prepared ahead of the writer at most (bounds memory: never the whole corpus).
IN_FLIGHT = 4


@dataclass
class Prepared:
    """A parsed document with its sentences and word count, ready to be written."""

    parsed: ParsedDocument
    sentences: list[tuple[int, int]]
    words: int


def prepare(path: Path, speaker_pattern: str | None, pipeline: str) -> Prepared:
    """Read, parse and segment one file: the CPU-heavy half of an import, free of the database
    so that it can run in a worker process."""
    parsed = read_transcript(path, speaker_pattern=speaker_pattern)
    spans = pieces(parsed.text, parsed.turns)
    sentences = sentence_spans(load_pipeline(pipeline), parsed.text, spans)
    return Prepared(parsed, sentences, count_words(parsed.text, spans))


def _prepared_in_order(project: Project, paths: list[Path]) -> Iterator[Prepared]:
    """Prepared documents in order; in a worker process when there are many, a few ahead."""
    args = (project.settings.speaker_pattern, project.settings.nlp_pipeline)
    if len(paths) < PARALLEL_FROM:
        for path in paths:
            yield prepare(path, *args)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        pending: deque[Future[Prepared]] = deque()
        queue = iter(paths)
        for path in islice(queue, IN_FLIGHT):
            pending.append(pool.submit(prepare, path, *args))
        while pending:
            ready = pending.popleft().result()
            for path in islice(queue, 1):
                pending.append(pool.submit(prepare, path, *args))
            yield ready


def import_paths(
    project: Project,
    paths: Iterable[Path],
    *,
    name: str | None = None,
    replace: bool = False,
    actor: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> list[ImportOutcome]:
    """Import files and folders; return one outcome per file, in order."""
    planned = plan_import(project, collect_files(paths), name=name, replace=replace)
    new = [item for item in planned if item.status != "unchanged"]
    prepared = _prepared_in_order(project, [item.path for item in new])
    outcomes: list[ImportOutcome] = []
    for item in planned:
        if item.status == "unchanged":
            outcomes.append(ImportOutcome(str(item.path), item.name, None, "unchanged"))
        else:
            ready = next(prepared)
            outcomes.append(
                run_transaction(
                    project.sessions,
                    lambda session, item=item, ready=ready: _write(session, item, ready, actor),
                )
            )
        if progress is not None:
            progress(item.path)
    return outcomes


def _write(
    session: Session, item: _Planned, prepared: Prepared, actor: str | None
) -> ImportOutcome:
    parsed, sentences, words = prepared.parsed, prepared.sentences, prepared.words
    text = parsed.text
    plan = plan_cases(parsed.front_matter, item.path.stem, str(item.path), parsed.kind)
    case = ensure_case(session, plan.document_case, actor)
    speaker_cases = {
        label: ensure_case(session, spec, actor).id for label, spec in plan.speakers.items()
    }
    meta = {"front_matter": parsed.front_matter, "warnings": parsed.warnings}
    document = session.scalar(select(Document).where(Document.name == item.name))
    fields = dict(
        case_id=case.id,
        kind=parsed.kind,
        source_format=parsed.source_format,
        source_name=item.path.name,
        source_sha256=item.sha256,
        meta=meta,
        words=words,
    )
    if document is None:
        document = Document(name=item.name, **fields)
        session.add(document)
        session.flush()
        revision = _add_revision(session, document, text, 1, "import")
    else:
        previous = session.get(Revision, document.current_revision_id)
        assert previous is not None
        for key, value in fields.items():
            setattr(document, key, value)
        revision = _add_revision(session, document, text, previous.number + 1, "replace")
        _carry_codings(session, document, previous, revision, actor)
    _insert_segments(session, revision.id, parsed, sentences, speaker_cases)
    index_document(session.connection(), document.id, text)
    events.record(
        session,
        actor=actor,
        action="import" if item.status == "imported" else "revise",
        entity="document",
        entity_id=document.id,
        entity_uuid=document.uuid,
        case_id=case.id,
        after={
            "name": document.name,
            "source": item.path.name,
            "sha256": item.sha256,
            "revision": revision.number,
        },
    )
    return ImportOutcome(
        str(item.path),
        item.name,
        case.name,
        item.status,
        words,
        len(parsed.turns),
        len(sentences),
        list(parsed.warnings),
    )


def _add_revision(
    session: Session, document: Document, text: str, number: int, reason: str
) -> Revision:
    revision = Revision(
        document_id=document.id,
        number=number,
        text=text,
        reason=reason,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    session.add(revision)
    session.flush()
    document.current_revision_id = revision.id
    return revision


def _insert_segments(
    session: Session,
    revision_id: int,
    parsed: ParsedDocument,
    sentences: list[tuple[int, int]],
    speaker_cases: dict[str, int],
) -> None:
    rows = [
        {
            "revision_id": revision_id,
            "kind": "turn",
            "start": t.start,
            "end": t.end,
            "speaker": t.speaker,
            "utterance_start": t.utterance_start,
            "case_id": speaker_cases.get(t.speaker or ""),
            "meta": t.meta or None,
        }
        for t in parsed.turns
    ]
    rows.extend(
        {
            "revision_id": revision_id,
            "kind": "sentence",
            "start": start,
            "end": end,
            "speaker": None,
            "utterance_start": None,
            "case_id": None,
            "meta": None,
        }
        for start, end in sentences
    )
    if rows:
        session.execute(insert(Segment), rows)


def _carry_codings(
    session: Session, document: Document, old: Revision, new: Revision, actor: str | None
) -> None:
    """Move codings and suggestions to the new revision, offsets remapped; record losses."""
    mapping = OffsetMap(old.text, new.text)
    for model in (Coding, Suggestion):
        rows = session.execute(
            select(model.id, model.start, model.end, model.uuid).where(
                model.document_id == document.id
            )
        ).all()
        for row_id, start, end, row_uuid in rows:
            span = mapping.span(start, end)
            if span is None:
                session.execute(delete(model).where(model.id == row_id))
                events.record(
                    session,
                    actor=actor,
                    action="delete",
                    entity=model.__tablename__[:-1],
                    entity_id=row_id,
                    entity_uuid=row_uuid,
                    case_id=document.case_id,
                    before={"start": start, "end": end, "revision": old.number},
                    after={"reason": "passage removed by a new text revision"},
                )
            else:
                session.execute(
                    update(model)
                    .where(model.id == row_id)
                    .values(start=span[0], end=span[1], revision_id=new.id)
                )
