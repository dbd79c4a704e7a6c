"""What a REFI-QDA project file holds, as plain data, before it touches the database.

Only what qualframe can use is kept; everything else is counted so the import can say what it
skipped. GUIDs are normalised (braces dropped, lower case) because vendors differ in both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


def slug(name: str, taken: set[str]) -> str:
    """A code id (`[a-z][a-z0-9_]*`) from a name in any script, not in `taken`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_") or "code"
    if not base[0].isalpha():
        base = f"c{base}"
    key, n = base[:90], 2
    while key in taken:
        key, n = f"{base[:90]}_{n}", n + 1
    return key


#: A code's definition when the other tool gave none: qualframe's codebooks require one.
NO_DEFINITION = "(no definition in the imported file)"


def guid(value: str | None) -> str:
    """A GUID as qualframe stores UUIDs: no braces, lower case."""
    return (value or "").strip().strip("{}").lower()


@dataclass(slots=True)
class RefiCoding:
    guid: str
    code: str = ""
    user: str = ""
    created: str = ""


@dataclass(slots=True)
class RefiSelection:
    guid: str
    start: int
    end: int
    name: str = ""
    user: str = ""
    created: str = ""
    codings: list[RefiCoding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiCode:
    guid: str
    name: str
    codable: bool
    parent: str | None
    description: str = ""
    color: str = ""
    children: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiSource:
    guid: str
    name: str
    kind: str  # TextSource | PDFSource | PictureSource | AudioSource | VideoSource
    path: str = ""
    inline: str | None = None
    description: str = ""
    user: str = ""
    created: str = ""
    selections: list[RefiSelection] = field(default_factory=list)
    other_selections: int = 0  # selections of media qualframe cannot hold
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiCase:
    guid: str
    name: str
    description: str = ""
    sources: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # variable guid → value


@dataclass(slots=True)
class RefiNote:
    guid: str
    name: str
    text: str = ""
    user: str = ""
    created: str = ""


@dataclass
class RefiProject:
    name: str = ""
    origin: str = ""
    users: dict[str, str] = field(default_factory=dict)  # guid → name
    codes: dict[str, RefiCode] = field(default_factory=dict)  # in file order
    sources: list[RefiSource] = field(default_factory=list)
    cases: list[RefiCase] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)  # guid → name
    notes: dict[str, RefiNote] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)  # (origin guid, target guid)
    project_notes: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # element name → count ignored

    @property
    def selection_count(self) -> int:
        """Every selection in the file, of any medium."""
        return sum(len(s.selections) + s.other_selections for s in self.sources)
