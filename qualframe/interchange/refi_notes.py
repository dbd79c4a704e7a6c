"""REFI-QDA Notes into memos and chart summaries, attached to what they describe.

A note is attached by the NoteRef of a code, source, selection or the project, or by a Link
from the note to a case or code. A file from qualframe says exactly (in `qualframe.json`)
which memo target or chart cell each note belongs to, and which notes are summaries. Notes
already in the project (same UUID) are left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from qualframe.interchange.bulk import parse_time
from qualframe.store.models import Code, Coding, Memo, Summary

if TYPE_CHECKING:
    from qualframe.interchange.refi_import import _Merge


def notes(merge: _Merge) -> None:
    """Create the memos and summaries of the file that the project does not have yet."""
    session, refi = merge.session, merge.plan.refi
    summaries = {s["uuid"]: s for s in merge.extras.get("summaries", []) if isinstance(s, dict)}
    known = set(session.scalars(select(Memo.uuid))) | set(session.scalars(select(Summary.uuid)))
    targets = _foreign_targets(merge)
    own = merge.extras.get("memos", {})
    for guid, note in refi.notes.items():
        if guid in known:
            continue
        if guid in summaries:
            continue
        target_type, target_id, target_ref = (
            _own_target(merge, own[guid])
            if guid in own
            else targets.get(guid, ("project", None, None))
        )
        session.add(
            Memo(
                uuid=guid,
                target_type=target_type,
                target_id=target_id,
                target_ref=target_ref,
                text=note.text,
                coder_id=merge.coder(note.user),
                created=parse_time(note.created),
            )
        )
        merge.report.memos_added += 1
    for guid, summary in summaries.items():
        if guid not in known:
            _summary(merge, summary)


def _foreign_targets(merge: _Merge) -> dict[str, tuple[str, int | None, str | None]]:
    """Note GUID → (target type, id, ref) from NoteRefs and Links."""
    refi = merge.plan.refi
    found: dict[str, tuple[str, int | None, str | None]] = {}
    for code in refi.codes.values():
        for note in code.notes:
            found[note] = ("code", merge.codes.get(code.guid), None)
    for source in refi.sources:
        document = merge.documents.get(source.guid)
        for note in source.notes:
            if document:
                found[note] = ("document", document[0], None)
        for selection in source.selections:
            for note in selection.notes:
                coding = _coding_id(merge, [c.guid for c in selection.codings])
                if coding is not None:
                    found[note] = ("coding", coding, None)
    for origin, target in refi.links:
        if origin in refi.notes and target in merge.cases:
            found.setdefault(origin, ("case", merge.cases[target], None))
        elif origin in refi.notes and target in merge.codes:
            found.setdefault(origin, ("code", merge.codes[target], None))
    return found


def _coding_id(merge: _Merge, uuids: list[str]) -> int | None:
    if not uuids:
        return None
    return merge.session.scalar(select(Coding.id).where(Coding.uuid.in_(uuids)).limit(1))


def _own_target(merge: _Merge, data: dict[str, Any]) -> tuple[str, int | None, str | None]:
    """A qualframe memo's target, by the UUIDs `qualframe.json` names."""
    kind, target = data.get("target_type", "project"), data.get("target") or ""
    if kind in ("case", "cell"):
        case = merge.cases.get(target)
        return (kind, case, data.get("target_ref")) if case else ("project", None, None)
    if kind == "document" and target in merge.documents:
        return kind, merge.documents[target][0], None
    if kind == "code" and target in merge.codes:
        return kind, merge.codes[target], None
    if kind == "coding":
        coding = _coding_id(merge, [target])
        return (kind, coding, None) if coding else ("project", None, None)
    return "project", None, None


def _summary(merge: _Merge, data: dict[str, Any]) -> None:
    """A chart summary version; a clash with a different one at the same version is reported."""
    case, code = merge.cases.get(data.get("case") or ""), merge.codes.get(data.get("code") or "")
    if case is None or code is None:
        return
    session = merge.session
    clash = session.scalar(
        select(Summary.text).where(
            Summary.case_id == case, Summary.code_id == code, Summary.version == data["version"]
        )
    )
    if clash is not None:
        if clash != data.get("text"):
            key = session.scalar(select(Code.key).where(Code.id == code))
            merge.report.conflicts.append(
                f"summary of {key} version {data['version']}: differs from this project's "
                "(kept this project's)"
            )
        return
    session.add(
        Summary(
            uuid=data["uuid"],
            case_id=case,
            code_id=code,
            version=data["version"],
            text=data.get("text", ""),
            coder_id=merge.coder(data.get("coder") or ""),
        )
    )
