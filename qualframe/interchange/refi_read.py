"""Streaming a QDA-XML project into `RefiProject`, one element at a time.

Elements are matched by local name (vendors disagree on the namespace) and cleared once read,
so memory grows with what is kept (codes, selections), not with the size of the XML. Problems
the schema cannot see (duplicate GUIDs, codings of codes that do not exist) are refused here.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from qualframe.errors import UserError
from qualframe.interchange.model import (
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSource,
    guid,
)
from qualframe.interchange.qdaxml import local, stream

SOURCE_KINDS = {"TextSource", "PDFSource", "PictureSource", "AudioSource", "VideoSource"}
VALUE_ELEMENTS = {
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
}


class _Reader:
    """The state of one streaming pass: the path of open elements and the objects they made."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.project = RefiProject()
        self.path: list[str] = []
        self.objects: list[Any] = []  # per open element: what it made, or None
        self.made: list[Any] = []  # only what open elements made, innermost last
        self.seen: dict[str, str] = {}
        self.variable_ref = ""

    def owner(self, depth: int = 1) -> Any:
        """The nearest enclosing object made by an element (`depth` levels up)."""
        return self.made[-depth] if len(self.made) >= depth else None

    def unique(self, value: str, what: str) -> str:
        key = guid(value)
        if key in self.seen:
            raise UserError(
                f"duplicate GUID {value} ({self.seen[key]} and {what})", path=self.where
            )
        self.seen[key] = what
        return key

    def start(self, element: Element) -> Any:
        name, parent, attrs = (
            local(element.tag),
            (self.path[-1] if self.path else ""),
            element.attrib,
        )
        if name == "Project" and not parent:
            self.project.name = attrs.get("name", "")
            self.project.origin = attrs.get("origin", "")
        elif name == "User" and parent == "Users":
            key = self.unique(attrs.get("guid", ""), f"User {attrs.get('name', '')!r}")
            self.project.users[key] = attrs.get("name") or key
        elif name == "Code" and parent in ("Codes", "Code"):
            return self._code(attrs, parent)
        elif name in SOURCE_KINDS and parent == "Sources":
            source = RefiSource(
                self.unique(attrs.get("guid", ""), f"{name} {attrs.get('name', '')!r}"),
                attrs.get("name", ""),
                name,
                attrs.get("plainTextPath") or attrs.get("path") or "",
                user=guid(attrs.get("creatingUser")),
                created=attrs.get("creationDateTime", ""),
            )
            self.project.sources.append(source)
            return source
        elif name == "PlainTextSelection" and parent == "TextSource" and len(self.path) == 3:
            return self._selection(attrs)
        elif name.endswith("Selection") and parent in SOURCE_KINDS and len(self.path) == 3:
            self._source_owner(name).other_selections += 1
        elif name == "Coding" and parent in ("PlainTextSelection", "TextSource"):
            return self._coding(attrs)
        elif name == "Case" and parent == "Cases":
            case = RefiCase(self.unique(attrs.get("guid", ""), "Case"), attrs.get("name", ""))
            self.project.cases.append(case)
            return case
        elif name == "Variable" and parent == "Variables":
            self.project.variables[guid(attrs.get("guid"))] = attrs.get("name", "")
        elif name == "Note" and parent == "Notes":
            note = RefiNote(
                self.unique(attrs.get("guid", ""), f"Note {attrs.get('name', '')!r}"),
                attrs.get("name", ""),
                user=guid(attrs.get("creatingUser")),
                created=attrs.get("creationDateTime", ""),
            )
            self.project.notes[note.guid] = note
            return note
        else:
            self._reference(name, parent, attrs)
        return None

    def _code(self, attrs: dict[str, str], parent: str) -> RefiCode:
        parent_code = self.owner() if parent == "Code" else None
        code = RefiCode(
            self.unique(attrs.get("guid", ""), f"Code {attrs.get('name', '')!r}"),
            attrs.get("name", ""),
            attrs.get("isCodable", "true").lower() in ("true", "1"),
            parent_code.guid if parent_code is not None else None,
            color=attrs.get("color", ""),
        )
        if parent_code is not None:
            parent_code.children.append(code.guid)
        self.project.codes[code.guid] = code
        return code

    def _selection(self, attrs: dict[str, str]) -> RefiSelection:
        try:
            start, end = int(attrs["startPosition"]), int(attrs["endPosition"])
        except (KeyError, ValueError):
            raise UserError(
                f"selection {attrs.get('guid', '?')} has no valid startPosition/endPosition",
                path=self.where,
            ) from None
        selection = RefiSelection(
            self.unique(attrs.get("guid", ""), "PlainTextSelection"),
            start,
            end,
            attrs.get("name", ""),
            guid(attrs.get("creatingUser")),
            attrs.get("creationDateTime", ""),
        )
        self._source_owner("PlainTextSelection").selections.append(selection)
        return selection

    def _source_owner(self, what: str) -> Any:
        """The text source enclosing `what`; refused when the file put it elsewhere (the
        schema check names such files, but a reader must not crash before it does)."""
        owner = self.owner()
        if not hasattr(owner, "selections"):
            raise UserError(f"a {what} outside any text source of a Project", path=self.where)
        return owner

    def _coding(self, attrs: dict[str, str]) -> RefiCoding:
        owner = self.owner()
        if not isinstance(owner, RefiSelection) and not hasattr(owner, "selections"):
            # a Coding whose selection or source was not where the schema puts it
            raise UserError("a Coding outside any selection or text source", path=self.where)
        coding = RefiCoding(
            self.unique(attrs.get("guid", ""), "Coding"),
            user=guid(attrs.get("creatingUser")) or owner.user,
            created=attrs.get("creationDateTime", "") or owner.created,
        )
        if isinstance(owner, RefiSelection):
            owner.codings.append(coding)
        else:  # a coding of the whole source: a selection from start to end, sized later
            whole = RefiSelection(coding.guid, 0, -1, user=coding.user, created=coding.created)
            whole.codings.append(coding)
            owner.selections.append(whole)
        return coding

    def _reference(self, name: str, parent: str, attrs: dict[str, str]) -> None:
        target = guid(attrs.get("targetGUID"))
        owner = self.owner()
        if name == "CodeRef" and isinstance(owner, RefiCoding):
            owner.code = target
        elif name == "NoteRef":
            if parent == "Project":
                self.project.project_notes.append(target)
            elif owner is not None and hasattr(owner, "notes"):
                owner.notes.append(target)
        elif name == "SourceRef" and isinstance(owner, RefiCase):
            owner.sources.append(target)
        elif name == "VariableRef":
            self.variable_ref = target
        elif name == "Link":
            self.project.links.append((guid(attrs.get("originGUID")), target))
        elif name in ("Set", "Graph", "Link"):
            self.project.skipped[name] = self.project.skipped.get(name, 0) + 1

    def end(self, element: Element, made: Any) -> None:
        name = local(element.tag)
        owner = self.owner()
        text = element.text or ""
        if name == "Description" and owner is not None and hasattr(owner, "description"):
            owner.description = text
        elif name == "PlainTextContent" and isinstance(owner, RefiSource):
            owner.inline = text
        elif name == "PlainTextContent" and isinstance(owner, RefiNote):
            owner.text = text
        elif name in VALUE_ELEMENTS and isinstance(self.owner(1), RefiCase):
            self.owner(1).values[self.variable_ref] = text
        if made is not None or name in ("Sources", "CodeBook"):
            element.clear()


def read_project(data: bytes, where: str) -> RefiProject:
    """The project in `data`, checked for what the schema cannot check."""
    reader = _Reader(where)
    for event, element in stream(data, where):
        if event == "start":
            made = reader.start(element)
            reader.path.append(local(element.tag))
            reader.objects.append(made)
            if made is not None:
                reader.made.append(made)
        else:
            reader.path.pop()
            made = reader.objects.pop()
            if made is not None:
                reader.made.pop()
            reader.end(element, made)
    _check_references(reader.project, where)
    return reader.project


def _check_references(project: RefiProject, where: str) -> None:
    """Every coding names a code the file defines."""
    for source in project.sources:
        for selection in source.selections:
            for coding in selection.codings:
                if coding.code not in project.codes:
                    raise UserError(
                        f"coding {coding.guid} in source {source.name!r} refers to code "
                        f"{coding.code or '(none)'} that the file does not define",
                        path=where,
                    )
