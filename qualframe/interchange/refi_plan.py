"""The read-only half of a REFI-QDA import: everything is read and checked before a write.

A plan holds the parsed project, each text source's stored text (LF) with its selections
converted to code points, and the segments of documents the project does not have yet (from
`qualframe.json` when the file came from qualframe, else found the way `qualframe import`
finds them). Any problem (bad archive, bad XML, a selection past the end of its text, a
missing source) stops here, so the database is never touched by a file that is not right.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.errors import UserError
from qualframe.interchange.archive import ProjectFile, open_project_file
from qualframe.interchange.model import RefiProject, RefiSelection, RefiSource
from qualframe.interchange.offsets import CODE_POINTS, detect, utf16_length
from qualframe.interchange.qdaxml import normalise_namespace, validate
from qualframe.interchange.refi_read import read_project
from qualframe.project import Project
from qualframe.store.models import Document, Revision

EXTRAS_MEMBER = "qualframe.json"
SEGMENTS = "qualframe/segments/"


@dataclass
class PlannedSource:
    """A text source as it will be stored: LF text, selections in code points."""

    source: RefiSource
    text: str
    sha256: str
    unit: str
    spans: list[tuple[RefiSelection, int, int]]
    segments: list[list[Any]] | None = None  # None: the document exists already
    segments_member: str | None = None  # qualframe's own, read when the document is written
    words: int = 0


@dataclass
class ImportPlan:
    path: Path
    file: ProjectFile
    where: str
    refi: RefiProject
    sources: list[PlannedSource]
    extras: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    skipped_sources: int = 0
    skipped_selections: int = 0


def plan_project(
    project: Project, session: Session, path: Path, *, skip_missing: bool = False
) -> ImportPlan:
    """Read and check `path`; nothing is written."""
    if path.suffix.lower() not in (".qdpx", ".qde"):
        raise UserError("a REFI-QDA project is a .qdpx or .qde file", path=str(path))
    file = open_project_file(path)
    try:
        return _plan(project, session, path, file, skip_missing)
    except BaseException:
        file.close()
        raise


def _plan(
    project: Project, session: Session, path: Path, file: ProjectFile, skip_missing: bool
) -> ImportPlan:
    data, note = normalise_namespace(file.xml, "project")
    refi = read_project(data, file.where)
    validate(data, "project", file.where)
    del data
    file.xml = b""  # read and checked: the bytes are not needed again
    plan = ImportPlan(path, file, file.where, refi, [], _extras(file))
    if note:
        plan.warnings.append(note)
    for element, count in sorted(refi.skipped.items()):
        plan.warnings.append(f"ignored {count} {element}(s): qualframe has no place for them")
    known = _known_texts(session)
    for source in refi.sources:
        planned = _plan_source(plan, file, source, skip_missing)
        if planned is None:
            continue
        if source.guid not in known["uuid"] and planned.sha256 not in known["sha"]:
            _segments(project, plan, planned)
        plan.sources.append(planned)
    return plan


def _extras(file: ProjectFile) -> dict[str, Any]:
    """qualframe's own fields when the file came from qualframe; {} otherwise."""
    if EXTRAS_MEMBER not in file.members:
        return {}
    try:
        extras = json.loads(file.read_member(EXTRAS_MEMBER).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{EXTRAS_MEMBER} is damaged ({exc})", path=str(file.path)) from None
    return extras if isinstance(extras, dict) else {}


def _known_texts(session: Session) -> dict[str, set[str]]:
    rows = session.execute(
        select(Document.uuid, Revision.sha256).join(
            Revision, Revision.id == Document.current_revision_id
        )
    ).all()
    return {"uuid": {uuid for uuid, _ in rows}, "sha": {sha for _, sha in rows}}


def _plan_source(
    plan: ImportPlan, file: ProjectFile, source: RefiSource, skip_missing: bool
) -> PlannedSource | None:
    if source.kind != "TextSource":
        count = len(source.selections) + source.other_selections
        plan.skipped_sources += 1
        plan.skipped_selections += count
        plan.warnings.append(
            f"skipped {source.kind} {source.name!r}: qualframe holds text only "
            f"({count} selection(s) not imported)"
        )
        return None
    raw = _source_text(plan, file, source, skip_missing)
    if raw is None:
        return None
    spans_in = [(s.start, s.end if s.end >= 0 else -1, s.name) for s in source.selections]
    conversion, text = detect(raw, [s for s in spans_in if s[1] >= 0])
    limit = utf16_length(raw) if conversion.unit != CODE_POINTS else len(raw)
    spans: list[tuple[RefiSelection, int, int]] = []
    for selection in source.selections:
        if selection.end < 0:  # a coding of the whole source
            spans.append((selection, 0, len(text)))
            continue
        if not 0 <= selection.start <= selection.end <= limit:
            raise UserError(
                f"selection {selection.guid} in source {source.name!r} runs "
                f"{selection.start}–{selection.end}, past the end of its text "
                f"({limit} {conversion.unit})",
                path=plan.where,
            )
        start, end = conversion.point(selection.start), conversion.point(selection.end, end=True)
        if start >= end:
            plan.warnings.append(f"empty selection {selection.guid} in {source.name!r} skipped")
            continue
        spans.append((selection, start, end))
    if conversion.unit != CODE_POINTS:
        plan.warnings.append(
            f"source {source.name!r}: offsets are {conversion.unit} (as NVivo for Windows "
            "writes them), converted to code points"
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return PlannedSource(source, text, digest, conversion.unit, spans)


def _source_text(
    plan: ImportPlan, file: ProjectFile, source: RefiSource, skip_missing: bool
) -> str | None:
    """The source's text as written (CRLF kept: offsets count it), inline or from the archive."""
    if source.inline is not None:
        return source.inline
    member = file.source_member(source.path)
    if member is None:
        message = f"source {source.name!r} ({source.path or 'no path'}) is not in the file"
        if not skip_missing:
            raise UserError(
                message + " (--skip-missing-sources imports the rest)", path=str(file.path)
            )
        plan.skipped_sources += 1
        plan.skipped_selections += len(source.selections)
        plan.warnings.append(f"{message}: skipped with its {len(source.selections)} selection(s)")
        return None
    try:
        return file.read_member(member).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"source {member!r} is not UTF-8 text (byte {exc.start})", path=str(file.path)
        ) from None


def _segments(project: Project, plan: ImportPlan, planned: PlannedSource) -> None:
    """Turns and sentences of a new document: qualframe's own when the file carries them,
    else found as `qualframe import` finds them."""
    own = plan.extras.get("documents", {}).get(planned.source.guid)
    member = f"{SEGMENTS}{planned.source.guid}.json"
    if own and member in plan.file.members:
        planned.segments_member, planned.words = member, int(own.get("words", 0))
        return
    from qualframe.ingest.turns import find_turns
    from qualframe.nlp.sentences import count_words, load_pipeline, pieces, sentence_spans

    text = planned.text
    turns = find_turns(text, speaker_pattern=project.settings.speaker_pattern)
    spans = pieces(text, turns)
    sentences = sentence_spans(load_pipeline(project.settings.nlp_pipeline), text, spans)
    planned.segments = [
        ["turn", t.start, t.end, t.speaker, t.utterance_start, None, t.meta or None] for t in turns
    ]
    planned.segments.extend(["sentence", a, b, None, None, None, None] for a, b in sentences)
    planned.words = count_words(text, spans)


def read_segments(plan: ImportPlan, planned: PlannedSource) -> list[list[Any]]:
    """The segments to store with a new document, checked against its text."""
    if planned.segments_member is None:
        return planned.segments or []
    try:
        segments = json.loads(plan.file.read_member(planned.segments_member))
    except (UnicodeDecodeError, json.JSONDecodeError):
        segments = None
    if not _fits(segments, len(planned.text)):
        raise UserError(
            f"{planned.segments_member} does not fit the text of {planned.source.name!r}",
            path=str(plan.path),
        )
    return segments


def _fits(segments: Any, length: int) -> bool:
    return isinstance(segments, list) and all(
        isinstance(seg, list) and len(seg) == 7 and 0 <= seg[1] <= seg[2] <= length
        for seg in segments
    )
