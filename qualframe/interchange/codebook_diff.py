"""Codebooks across studies: `codebook diff A [B]` and `codebook merge FILE`.

A codebook is compared by code id: the YAML's `id`, or for a .qdc the id this project gives
the code of that GUID (else one made from its name), so a code renamed in another tool is seen
as renamed, not as one code retired and another added. Merging brings in another study's
emergent codes only: sensitizing codes are the codebook author's, and a study that changed
them should send a new codebook version instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from qualframe.codebook.spec import CodebookSpec, CodeSpec, ThemeSpec
from qualframe.errors import UserError


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    name: str
    parent: str | None
    definition: str
    origin: str


@dataclass
class Diff:
    added: list[dict[str, Any]] = field(default_factory=list)
    retired: list[dict[str, Any]] = field(default_factory=list)
    renamed: list[dict[str, Any]] = field(default_factory=list)
    moved: list[dict[str, Any]] = field(default_factory=list)
    redefined: list[dict[str, Any]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The differences for a person, one per line."""
        out = [f"+ added    {d['id']} ({d['name']}) under {d['parent']}" for d in self.added]
        out += [f"- retired  {d['id']} ({d['name']})" for d in self.retired]
        out += [f"~ renamed  {d['id']}: {d['from']!r} → {d['to']!r}" for d in self.renamed]
        out += [f"> moved    {d['id']}: {d['from']} → {d['to']}" for d in self.moved]
        out += [f"* redefined {d['id']}" for d in self.redefined]
        return out or ["no differences"]


def read_spec(path: Path, session: Session | None) -> CodebookSpec:
    """A YAML or .qdc codebook file as a spec."""
    suffix = path.suffix.lower()
    if suffix == ".qdc":
        from qualframe.interchange.qdc import qdc_spec, read_qdc

        return qdc_spec(session, read_qdc(path), path.stem)[0]
    if suffix in (".yaml", ".yml"):
        from qualframe.codebook.schema import parse_codebook

        return parse_codebook(path)
    raise UserError("a codebook is a .yaml or .qdc file", path=str(path))


def entries(spec: CodebookSpec) -> dict[str, Entry]:
    """Every theme and code by id, in file order (a parent before its children)."""
    found = {t.id: Entry(t.id, t.name, None, t.description, "theme") for t in spec.themes}
    for theme, parent, code in spec.iter_codes():
        parent_id = parent.id if parent is not None else theme.id
        found[code.id] = Entry(code.id, code.name, parent_id, code.definition, code.origin)
    return found


def diff(old: CodebookSpec, new: CodebookSpec) -> Diff:
    """What changed from `old` to `new`."""
    a, b = entries(old), entries(new)
    result = Diff()
    for key in sorted(b.keys() - a.keys()):
        result.added.append({"id": key, "name": b[key].name, "parent": b[key].parent})
    for key in sorted(a.keys() - b.keys()):
        result.retired.append({"id": key, "name": a[key].name, "parent": a[key].parent})
    for key in sorted(a.keys() & b.keys()):
        before, after = a[key], b[key]
        if before.name != after.name:
            result.renamed.append({"id": key, "from": before.name, "to": after.name})
        if before.parent != after.parent:
            result.moved.append({"id": key, "from": before.parent, "to": after.parent})
        if before.definition.strip() != after.definition.strip():
            result.redefined.append({"id": key, "from": before.definition, "to": after.definition})
    return result


@dataclass
class MergeResult:
    spec: CodebookSpec
    merged: list[str]
    not_merged: list[str]


def merge(ours: CodebookSpec, theirs: CodebookSpec, label: str) -> MergeResult:
    """`ours` with `theirs`' emergent codes added under the same parent; what could not be
    added is said, with why."""
    where: dict[str, ThemeSpec | CodeSpec] = {}
    for theme in ours.themes:
        where[theme.id] = theme
        for _theme, _parent, code in _codes(theme):
            where[code.id] = code
    mine = entries(ours)
    result = MergeResult(ours, [], [])
    for key, entry in entries(theirs).items():
        if entry.origin != "emergent":
            continue
        if key in mine:
            if mine[key].definition.strip() != entry.definition.strip():
                result.not_merged.append(f"{key}: this codebook has it with another definition")
            continue
        parent = where.get(entry.parent or "")
        if parent is None:
            result.not_merged.append(f"{key}: its parent {entry.parent} is not in this codebook")
            continue
        code = _find(theirs, key)
        added = CodeSpec(**{**_fields(code), "children": []})
        (parent.codes if isinstance(parent, ThemeSpec) else parent.children).append(added)
        where[key] = added
        mine[key] = entry
        result.merged.append(key)
    ours.version = label
    return result


def _codes(theme: ThemeSpec) -> list[tuple[ThemeSpec, CodeSpec | None, CodeSpec]]:
    return [(theme, parent, code) for top in theme.codes for parent, code in top.walk()]


def _find(spec: CodebookSpec, key: str) -> CodeSpec:
    return next(code for _t, _p, code in spec.iter_codes() if code.id == key)


def _fields(code: CodeSpec) -> dict[str, Any]:
    return {name: getattr(code, name) for name in code.__slots__ if name != "children"}
