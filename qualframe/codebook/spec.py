"""The codebook as data: typed specs of codebook, themes and codes, and the names of their keys.

Kept apart from the YAML parser (`qualframe.codebook.schema`) so that code which only stores or
compares codebooks (every coding command goes through `qualframe.codebook.store`) does not pay for
importing PyYAML and the validator at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

ORIGINS = ("sensitizing", "emergent")
"""A code is either a sensitizing construct brought to the data or one that emerged from it."""

# The allowed keys of each mapping, in the order the exporter writes them.
TOP_KEYS = ("codebook", "themes")
CODEBOOK_KEYS = ("name", "version", "description")
THEME_KEYS = ("id", "name", "description", "codes")
CODE_KEYS = (
    "id",
    "name",
    "definition",
    "include",
    "exclude",
    "examples",
    "source",
    "origin",
    "created_by",
    "created",
    "colour",
    "patterns",
    "codes",
)
PATTERN_KINDS = ("words", "phrases", "lemmas", "tokens")

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")

#: A code's colour as the codebook stores it.
COLOUR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(slots=True)
class CodeSpec:
    """A code as the YAML states it; optional text fields are "" when absent.

    `line` is where the code starts in its file (0 when built in memory); it is excluded from
    equality so a spec read back from an export compares equal to the one exported.
    """

    id: str
    name: str
    definition: str
    include: str = ""
    exclude: str = ""
    examples: list[str] = field(default_factory=list)
    source: str = ""
    origin: str = "sensitizing"
    created_by: str = ""
    created: str = ""
    colour: str = ""
    patterns: dict[str, list[Any]] = field(default_factory=dict)
    children: list[CodeSpec] = field(default_factory=list)
    line: int = field(default=0, compare=False)

    def walk(self) -> Iterator[tuple[CodeSpec | None, CodeSpec]]:
        """This code and its descendants, depth first, each with its parent code."""
        stack: list[tuple[CodeSpec | None, CodeSpec]] = [(None, self)]
        while stack:
            parent, code = stack.pop()
            yield parent, code
            stack.extend((code, child) for child in reversed(code.children))


@dataclass(slots=True)
class ThemeSpec:
    """A theme: a named group of codes, one column group of the Framework matrix."""

    id: str
    name: str
    description: str = ""
    codes: list[CodeSpec] = field(default_factory=list)
    line: int = field(default=0, compare=False)


@dataclass(slots=True)
class CodebookSpec:
    """A whole codebook; `path` records where it was read from ("" when built in memory)."""

    name: str
    version: str = ""
    description: str = ""
    themes: list[ThemeSpec] = field(default_factory=list)
    path: str = field(default="", compare=False)

    def iter_codes(self) -> Iterator[tuple[ThemeSpec, CodeSpec | None, CodeSpec]]:
        """Every code in file order as (theme, parent code or None, code): what a loader needs
        to rebuild the tree in a database without recursing itself."""
        for theme in self.themes:
            for top in theme.codes:
                for parent, code in top.walk():
                    yield theme, parent, code
