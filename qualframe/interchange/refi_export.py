"""`qualframe export OUT.qdpx|OUT.qde`: the whole project as REFI-QDA 1.5 (QDA-XML 1.0).

The XML is written as a stream of strings, one document at a time, so a large project never
sits in memory as a tree. In a .qdpx every document is a UTF-8, LF `.txt` under `sources/`;
a bare .qde carries the text inline (`PlainTextContent`). Each coding becomes one
`PlainTextSelection` holding one `Coding` whose GUID is the coding's UUID, so a round trip keeps
identities. What REFI-QDA has no place for (code ids, inclusion/exclusion criteria, origin,
segments, memo targets, summary versions) travels beside it in `qualframe.json`, which other
tools ignore. Element order follows the XSD's sequences exactly.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import uuid as uuid_module
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy.orm import Session

from qualframe.errors import UserError
from qualframe.interchange.extras import ExportData, gather, sidecar
from qualframe.interchange.qdaxml import PROJECT_NS

ORIGIN = "qualframe 0.1.0"
#: Where a .qdpx keeps each document's turns and sentences (qualframe's own, beside sources/).
SEGMENTS = "qualframe/segments/"
#: UUID namespace for GUIDs REFI needs that qualframe has no row for (selections, variables).
NAMESPACE = uuid_module.UUID("6f1c2b0e-3d53-4c55-9a3e-2f4f3c1de0a1")
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Escapes for an attribute value in double quotes; characters XML cannot hold are dropped.
ATTRIBUTE = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord('"'): "&quot;",
    ord("\n"): "&#10;",
    ord("\r"): "&#13;",
    ord("\t"): "&#9;",
    **{c: None for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]},
}


@dataclass
class ExportReport:
    path: str
    documents: int
    codes: int
    codings: int
    cases: int
    notes: int


def derived(kind: str, value: str) -> str:
    """A stable GUID for something REFI names that qualframe does not store separately."""
    return str(uuid_module.uuid5(NAMESPACE, f"{kind}:{value}"))


def text(value: str) -> str:
    return escape(INVALID_XML.sub("", value))


def attr(value: str) -> str:
    return quoteattr(INVALID_XML.sub("", value))


def stamp(value: datetime | None) -> str:
    """xsd:dateTime in UTC ('Z'); SQLite hands back naive datetimes that are UTC."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat() + "Z"


def _attrs(**values: str | None) -> str:
    return "".join(f" {k}={attr(v)}" for k, v in values.items() if v)


def export_project(
    session: Session, out: Path, progress: Callable[[int, int], None] | None = None
) -> ExportReport:
    """Write the project to `out` (.qdpx or .qde) atomically: a complete file or none."""
    suffix = out.suffix.lower()
    if suffix not in (".qdpx", ".qde"):
        raise UserError("export writes .qdpx (zip) or .qde (bare XML)", path=str(out))
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UserError("the folder does not exist", path=str(folder))
    data = gather(session)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        if suffix == ".qde":
            with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
                for piece in _project_xml(session, data, inline=True, progress=progress):
                    handle.write(piece)
        else:
            _write_qdpx(session, data, Path(tmp), progress)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ExportReport(
        str(out),
        len(data.documents),
        len(data.codes),
        data.coding_count,
        len(data.cases),
        len(data.notes),
    )


def _write_qdpx(
    session: Session, data: ExportData, tmp: Path, progress: Callable[[int, int], None] | None
) -> None:
    """Sources are written into the zip while the XML goes to a spooled file beside them."""
    with (
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as xml,
    ):

        def add_source(name: str, body: str) -> None:
            archive.writestr(name, body.encode("utf-8"))

        for piece in _project_xml(session, data, inline=False, progress=progress, sink=add_source):
            xml.write(piece)
        xml.seek(0)
        with archive.open("project.qde", "w") as member:
            while chunk := xml.read(1 << 20):
                member.write(chunk.encode("utf-8"))
        archive.writestr("qualframe.json", json.dumps(sidecar(session, data), ensure_ascii=False))


def _project_xml(
    session: Session,
    data: ExportData,
    *,
    inline: bool,
    progress: Callable[[int, int], None] | None = None,
    sink: Callable[[str, str], None] | None = None,
) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="utf-8"?>\n'
    yield (
        f'<Project xmlns="{PROJECT_NS}"'
        + _attrs(name=data.name, origin=ORIGIN, creationDateTime=stamp(datetime.now(UTC)))
        + ">\n"
    )
    if data.coders:
        yield "<Users>\n"
        for coder in data.coders:
            yield f"<User{_attrs(guid=coder['uuid'], name=coder['name'])}/>\n"
        yield "</Users>\n"
    if data.codes:
        yield "<CodeBook><Codes>\n"
        yield from _codes(data, None)
        yield "</Codes></CodeBook>\n"
    if data.variables:
        yield "<Variables>\n"
        for key, guid_value in data.variables.items():
            yield f'<Variable{_attrs(guid=guid_value, name=key)} typeOfVariable="Text"/>\n'
        yield "</Variables>\n"
    if data.cases:
        yield "<Cases>\n"
        yield from _cases(data)
        yield "</Cases>\n"
    if data.documents:
        yield "<Sources>\n"
        for index, document in enumerate(data.documents, 1):
            yield from _source(session, data, document, inline, sink)
            if progress is not None:
                progress(index, len(data.documents))
        yield "</Sources>\n"
    if data.notes:
        yield "<Notes>\n"
        for note in data.notes:
            yield (
                f"<Note{_attrs(guid=note['uuid'], name=note['name'])}"
                f"{_attrs(creatingUser=note['coder'], creationDateTime=stamp(note['created']))}>"
                f"<PlainTextContent>{text(note['text'])}</PlainTextContent></Note>\n"
            )
        yield "</Notes>\n"
    if data.links:
        yield "<Links>\n"
        for origin, target in data.links:
            yield (
                f"<Link{_attrs(guid=derived('link', origin + target), name='describes')}"
                f' direction="OneWay"{_attrs(originGUID=origin, targetGUID=target)}/>\n'
            )
        yield "</Links>\n"
    for note_guid in data.note_refs.get("project", []):
        yield f"<NoteRef{_attrs(targetGUID=note_guid)}/>\n"
    yield "</Project>\n"


def _codes(data: ExportData, parent: int | None) -> Iterator[str]:
    for code in data.children.get(parent, []):
        codable = "false" if code["is_theme"] else "true"
        yield f"<Code{_attrs(guid=code['uuid'], name=code['name'])} isCodable={attr(codable)}>"
        if code["definition"]:
            yield f"<Description>{text(code['definition'])}</Description>"
        for note in data.note_refs.get(code["uuid"], []):
            yield f"<NoteRef{_attrs(targetGUID=note)}/>"
        yield from _codes(data, code["id"])
        yield "</Code>\n"


def _cases(data: ExportData) -> Iterator[str]:
    for case in data.cases:
        yield f"<Case{_attrs(guid=case['uuid'], name=case['name'])}>"
        for key, value in case["attributes"].items():
            yield (
                f"<VariableValue><VariableRef{_attrs(targetGUID=data.variables[key])}/>"
                f"<TextValue>{text(value)}</TextValue></VariableValue>"
            )
        for document_uuid in case["documents"]:
            yield f"<SourceRef{_attrs(targetGUID=document_uuid)}/>"
        yield "</Case>\n"


def _source(
    session: Session,
    data: ExportData,
    document: dict[str, Any],
    inline: bool,
    sink: Callable[[str, str], None] | None,
) -> Iterator[str]:
    body = data.text_of(session, document["id"])
    file_name = f"{document['uuid']}.txt"
    path = None if inline else f"internal://{file_name}"
    yield (
        f"<TextSource{_attrs(guid=document['uuid'], name=document['name'], plainTextPath=path)}"
        f"{_attrs(creationDateTime=stamp(document['created']))}>\n"
    )
    if inline:
        yield f"<PlainTextContent>{text(body)}</PlainTextContent>\n"
    elif sink is not None:
        sink(f"sources/{file_name}", body)
        segments = data.segments_of(session, document["id"])
        sink(f"{SEGMENTS}{document['uuid']}.json", json.dumps(segments, ensure_ascii=False))
    for coding in data.codings_of(session, document["id"]):
        # GUIDs, offsets and times need no escaping: one f-string per coding keeps 100,000
        # of them to a second or two
        uuid, start, end = coding["uuid"], coding["start"], coding["end"]
        user = f' creatingUser="{coding["coder"]}"' if coding["coder"] else ""
        when = stamp(coding["created"])
        yield (
            f'<PlainTextSelection guid="{selection_guid(uuid)}"'
            f' name="{_label(body, start, end)}" startPosition="{start}" endPosition="{end}"'
            f'{user} creationDateTime="{when}"><Coding guid="{uuid}"{user}'
            f' creationDateTime="{when}"><CodeRef targetGUID="{coding["code"]}"/></Coding>'
        )
        for note in data.note_refs.get(uuid, []):
            yield f"<NoteRef{_attrs(targetGUID=note)}/>"
        yield "</PlainTextSelection>\n"
    for note in data.note_refs.get(document["uuid"], []):
        yield f"<NoteRef{_attrs(targetGUID=note)}/>\n"
    yield "</TextSource>\n"


def _label(body: str, start: int, end: int) -> str:
    """A short name for a selection, as ATLAS.ti and NVivo show them: its first words,
    escaped for an attribute."""
    passage = " ".join(body[start : min(end, start + 80)].split())
    if len(passage) > 60 or end - start > 80:
        passage = passage[:59] + "…"
    return passage.translate(ATTRIBUTE)


def selection_guid(coding_uuid: str) -> str:
    """The selection's GUID, derived from its coding's UUID (a selection holds one coding):
    stable across exports, and cheaper than a uuid5 per coding."""
    return f"{int(coding_uuid[:8], 16) ^ 0x5E1EC7ED:08x}{coding_uuid[8:]}"
