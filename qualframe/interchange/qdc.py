"""REFI-QDA codebooks (.qdc): `codebook export OUT.qdc` and `codebook load FILE.qdc`.

A .qdc holds a code tree with a GUID, name and description per code, nothing more. Themes are
top-level codes that cannot be applied (`isCodable="false"`). Inclusion and exclusion criteria
and examples, which other tools have no field for, are written into the description under
plain headings that people can read in any tool and that `load` reads back. Loading matches
codes by GUID first (a codebook exported from this project keeps its ids), then by id made
from the name; it makes a new codebook version like loading YAML does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.codebook.spec import CodebookSpec, CodeSpec, ThemeSpec
from qualframe.codebook.store import export_codebook, load_codebook
from qualframe.errors import UserError
from qualframe.fileio import write_atomic
from qualframe.interchange.model import NO_DEFINITION, guid, slug
from qualframe.interchange.qdaxml import CODEBOOK_NS, local, normalise_namespace, stream, validate
from qualframe.interchange.refi_export import ORIGIN, attr, text
from qualframe.store.models import Code, CodebookVersion

SECTIONS = (("include", "Include"), ("exclude", "Exclude"), ("examples", "Example"))
HEADING = re.compile(r"\n\n(Include|Exclude|Example|Source|Id|Origin|Created by|Created): ")
FALLBACK_THEME = "imported_codes"


@dataclass
class QdcCode:
    guid: str
    name: str
    codable: bool
    description: str = ""
    children: list[QdcCode] = field(default_factory=list)


def describe(definition: str, key: str, code: CodeSpec | None = None) -> str:
    """A description for other tools: the definition, then criteria, examples, id, origin."""
    parts = [definition.strip()]
    if code is not None:
        parts += [f"Include: {code.include}"] * bool(code.include)
        parts += [f"Exclude: {code.exclude}"] * bool(code.exclude)
        parts += [f"Example: {example}" for example in code.examples]
        parts += [f"Source: {code.source}"] * bool(code.source)
    parts.append(f"Id: {key}")
    if code is not None and code.origin == "emergent":
        parts += ["Origin: emergent", f"Created by: {code.created_by}", f"Created: {code.created}"]
    return "\n\n".join(p.strip() for p in parts if p)


def undescribe(description: str) -> dict[str, Any]:
    """The fields back out of a description `describe` wrote (or any other tool's text, which
    is all definition)."""
    pieces = HEADING.split("\n\n" + description.strip()) if description else [""]
    fields: dict[str, Any] = {"definition": pieces[0].strip(), "examples": []}
    for heading, body in zip(pieces[1::2], pieces[2::2], strict=False):
        if heading == "Example":
            fields["examples"].append(body.strip())
        else:
            fields[heading.lower().replace(" ", "_")] = body.strip()
    return fields


def export_qdc(session: Session, out: Path) -> int:
    """Write the current codebook (emergent codes included) as a REFI-QDA codebook."""
    if out.suffix.lower() != ".qdc":
        raise UserError("a REFI-QDA codebook is written to a .qdc file", path=str(out))
    spec = export_codebook(session)
    uuids = dict(session.execute(select(Code.key, Code.uuid)).all())
    pieces = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<CodeBook xmlns="{CODEBOOK_NS}" origin={attr(ORIGIN)}>\n<Codes>\n',
    ]
    count = 0
    for theme in spec.themes:
        pieces.append(f"<Code guid={attr(uuids[theme.id])} name={attr(theme.name)}")
        pieces.append(' isCodable="false">')
        pieces.append(f"<Description>{text(describe(theme.description, theme.id))}</Description>")
        for code in theme.codes:
            count += _code_xml(code, uuids, pieces)
        pieces.append("</Code>\n")
        count += 1
    pieces.append("</Codes>\n</CodeBook>\n")  # no <Sets/>: the XSD wants one Set or none
    write_atomic(out, "".join(pieces).encode("utf-8"))
    return count


def _code_xml(code: CodeSpec, uuids: dict[str, str], pieces: list[str]) -> int:
    pieces.append(f'<Code guid={attr(uuids[code.id])} name={attr(code.name)} isCodable="true">')
    pieces.append(f"<Description>{text(describe(code.definition, code.id, code))}</Description>")
    count = 1 + sum(_code_xml(child, uuids, pieces) for child in code.children)
    pieces.append("</Code>\n")
    return count


def read_qdc(path: Path) -> list[QdcCode]:
    """The code tree of a .qdc, namespace variants accepted, validated against the XSD."""
    if not path.is_file():
        raise UserError("no such file", path=str(path))
    data, _note = normalise_namespace(path.read_bytes(), "codebook")
    stack: list[QdcCode] = []
    roots: list[QdcCode] = []
    seen: set[str] = set()
    for event, element in stream(data, str(path)):
        name = local(element.tag)
        if name == "Code" and event == "start":
            code = QdcCode(
                guid(element.get("guid")),
                element.get("name", ""),
                element.get("isCodable", "true").lower() in ("true", "1"),
            )
            if code.guid in seen:
                raise UserError(f"duplicate GUID {element.get('guid')}", path=str(path))
            seen.add(code.guid)
            (stack[-1].children if stack else roots).append(code)
            stack.append(code)
        elif name == "Code":
            stack.pop()
        elif name == "Description" and event == "end" and stack:
            stack[-1].description = element.text or ""
    validate(data, "codebook", str(path))
    return roots


def qdc_spec(
    session: Session | None, roots: list[QdcCode], name: str
) -> tuple[CodebookSpec, dict[str, str]]:
    """A codebook spec from a .qdc tree. A code's id is the one this project has for its GUID,
    else the `Id:` its description names, else that of a code of the same name, else one made
    from its name. Also returns code id → GUID, so new codes can take the file's GUIDs."""
    guids: dict[str, str] = {}
    rows = session.execute(select(Code.uuid, Code.key, Code.name)).all() if session else []
    known = {uuid: key for uuid, key, _name in rows}
    by_name = {name: key for _uuid, key, name in reversed(rows)}
    taken: set[str] = set()

    def key_of(code: QdcCode, fields: dict[str, Any]) -> str:
        key = known.get(code.guid) or fields.pop("id", None) or by_name.get(code.name)
        fields.pop("id", None)
        if key is None or key in taken:
            key = slug(code.name, taken | set(known.values()))
        taken.add(key)
        guids[key] = code.guid
        return key

    def spec_of(code: QdcCode) -> CodeSpec:
        fields = undescribe(code.description)
        fields["definition"] = fields["definition"] or NO_DEFINITION
        key = key_of(code, fields)
        return CodeSpec(
            id=key, name=code.name, children=[spec_of(c) for c in code.children], **fields
        )

    themes = []
    for code in roots:
        if code.codable and not code.children:
            continue
        fields = undescribe(code.description)
        key = key_of(code, fields)
        themes.append(
            ThemeSpec(key, code.name, fields["definition"], [spec_of(c) for c in code.children])
        )
    loose = [spec_of(c) for c in roots if c.codable and not c.children]
    if loose:
        themes.append(ThemeSpec(FALLBACK_THEME, "Imported codes", "", loose))
    spec = CodebookSpec(name=name, version=name, themes=themes)
    return spec, guids


def load_qdc(session: Session, path: Path, actor: str) -> CodebookVersion:
    """`codebook load FILE.qdc`: a new codebook version. Codes new to the project take the
    file's GUIDs, so loading the same file again, or a project from the same tool, matches."""
    latest = session.scalar(select(CodebookVersion.name).order_by(CodebookVersion.id.desc()))
    spec, guids = qdc_spec(session, read_qdc(path), path.stem)
    spec.name = latest or path.stem
    snapshot = path.read_bytes().decode("utf-8", errors="replace")
    version = load_codebook(session, spec, snapshot, path.name, actor)
    used = set(session.scalars(select(Code.uuid)))
    for code in session.scalars(select(Code).where(Code.introduced_version_id == version.id)):
        wanted = guids.get(code.key)
        if wanted and wanted not in used:
            code.uuid = wanted
            used.add(wanted)
    return version
