"""`qualframe import`: transcripts from disk into the project, one transaction per document.

Each file is read once and parsed once. The first pass reads, hashes and parses every file (no
writes) so that a bad file or a name clash is reported before anything is written, and hands
each new text to the sentence segmenter as soon as it is parsed; the second writes each
document with bulk inserts as its sentences arrive. With many files spaCy runs in a second
process (`qualframe.nlp.segmenter`), started during the first pass, so that spaCy's start-up,
the reading and the writing overlap the segmentation and both cores work. A file whose bytes
were imported before is a no-op, found by its SHA-256 without parsing it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from qualframe.corpus.cases import ensure_case, plan_cases
from qualframe.corpus.revisions import OffsetMap
from qualframe.errors import UserError
from qualframe.gate.files import refuse_identifiers_on_import
from qualframe.history import events
from qualframe.ingest.decode import read_source
from qualframe.ingest.formats import is_transcript
from qualframe.ingest.model import ParsedDocument
from qualframe.ingest.readers import parse_transcript
from qualframe.nlp.segmenter import Segmenter
from qualframe.nlp.sentences import count_words, pieces
from qualframe.project import Project
from qualframe.store.db import run_transaction
from qualframe.store.fulltext import index_document
from qualframe.store.models import Coding, Document, Revision, Segment, Suggestion

Span = tuple[int, int]


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
    """One file after the checks: its hash and name, and for a new text its parse, its word
    count and (from the segmenter, when called) its sentences."""

    path: Path
    sha256: str
    name: str
    status: str
    parsed: ParsedDocument | None = None
    words: int = 0
    sentences: Callable[[], list[Span]] | None = None


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and transcripts found in folders (recursively, sorted).

    A link inside a folder that leads out of it is refused: importing a folder must not pull
    in a file from elsewhere on the disk by surprise (a file named on the command line is
    imported wherever it lives: the researcher chose it)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if is_transcript(p))
            files.extend(_inside(path, found))
        elif path.exists():
            files.append(path)
        else:
            raise UserError("no such file or folder", path=str(path))
    return files


def _inside(folder: Path, found: list[Path]) -> list[Path]:
    """`found`, each checked to lie inside `folder` once links are followed."""
    root = folder.resolve()
    for path in found:
        target = path.resolve()
        if not target.is_relative_to(root):
            raise UserError(
                f"a link that leads outside the folder (to {target}); import that file by "
                "its own name if you mean it",
                path=str(path),
            )
    return found


#: From this many files on, spaCy runs in a second process while this one reads and writes.
PARALLEL_FROM = 8


class _Planner:
    """The checks before anything is written, in one pass that reads and parses each file
    once: readable, parseable, its name free or replaceable. Each new text goes to the
    segmenter as soon as it is parsed."""

    def __init__(
        self, project: Project, segmenter: Segmenter, name: str | None, replace: bool
    ) -> None:
        self.project, self.segmenter, self.name, self.replace = project, segmenter, name, replace
        with project.sessions() as session:
            self.known = dict(session.execute(select(Document.source_sha256, Document.name)).all())
            self.taken = set(session.scalars(select(Document.name)))
        self.batch_names: dict[str, Path] = {}
        self.planned: list[_Planned] = []

    def add(self, path: Path) -> None:
        data = read_source(path)
        digest = hashlib.sha256(data).hexdigest()
        if digest in self.known:
            known = self.known[digest]
            self.planned.append(_Planned(path, digest, known, "unchanged"))
            return
        parsed = parse_transcript(data, path, speaker_pattern=self.project.settings.speaker_pattern)
        del data
        plan_cases(parsed.front_matter, path.stem, str(path), parsed.kind)
        doc_name = self.name or path.stem
        self._check_name(doc_name, path)
        self.batch_names[doc_name] = path
        self.known[digest] = doc_name
        spans = pieces(parsed.text, parsed.turns)
        self.planned.append(
            _Planned(
                path,
                digest,
                doc_name,
                "replaced" if doc_name in self.taken else "imported",
                parsed,
                count_words(parsed.text, spans),
                self.segmenter.submit(parsed.text, spans),
            )
        )

    def _check_name(self, doc_name: str, path: Path) -> None:
        if doc_name in self.batch_names:
            raise UserError(
                f"two files would both be named {doc_name!r} (also "
                f"{self.batch_names[doc_name]}); import one with --name",
                path=str(path),
            )
        if doc_name in self.taken and not self.replace:
            raise UserError(
                f"a different document named {doc_name!r} already exists; use --name NEW or "
                "--replace (makes a new text revision)",
                path=str(path),
            )


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
    return import_files(
        project, collect_files(paths), name=name, replace=replace, actor=actor, progress=progress
    )


def import_files(
    project: Project,
    files: list[Path],
    *,
    name: str | None = None,
    replace: bool = False,
    actor: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> list[ImportOutcome]:
    """Import the files `collect_files` found: check them all, then write each new text in
    its own transaction while the segmenter works ahead."""
    if name is not None and len(files) != 1:
        raise UserError("--name needs exactly one file")
    # Started first, so that spaCy loads in the worker while this process reads the files.
    segmenter = Segmenter(project.settings.nlp_pipeline, worker=len(files) >= PARALLEL_FROM)
    try:
        planner = _Planner(project, segmenter, name, replace)
        for path in files:
            planner.add(path)
        planned = planner.planned
        refuse_identifiers_on_import(
            project, [item.path for item in planned if item.status != "unchanged"]
        )
        outcomes = []
        for item in planned:
            if item.status == "unchanged":
                outcomes.append(ImportOutcome(str(item.path), item.name, None, "unchanged"))
            else:
                assert item.sentences is not None
                sentences = item.sentences()
                outcomes.append(
                    run_transaction(
                        project.sessions,
                        partial(_write, item=item, sentences=sentences, actor=actor),
                    )
                )
                item.parsed = None  # the text is in the database now: free it
            if progress is not None:
                progress(item.path)
        return outcomes
    finally:
        segmenter.close()


def _write(
    session: Session, *, item: _Planned, sentences: list[Span], actor: str | None
) -> ImportOutcome:
    parsed, words = item.parsed, item.words
    assert parsed is not None
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
    sentences: list[Span],
    speaker_cases: dict[str, int],
) -> None:
    """Turns and sentences, each in one executemany: the ORM's bulk path, and for sentences
    even Core's per-row parameter handling, cost as much again as the database's insert."""
    connection = session.connection()
    turns = [
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
    if turns:
        connection.execute(insert(Segment), turns)
    if sentences:  # thousands of rows: straight to the driver, as tuples
        mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        connection.exec_driver_sql(
            f'INSERT INTO segments (revision_id, kind, start, "end") '
            f"VALUES ({mark}, 'sentence', {mark}, {mark})",
            [(revision_id, start, end) for start, end in sentences],
        )


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
