"""Reading a codebook's fields from YAML nodes, reporting every problem with its line: the
keys of a mapping (duplicates, misspellings, unknown keys), ids (snake_case, unique across the
whole tree) and text values (any plain scalar as written, so `1.10` stays "1.10")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import get_close_matches

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from qualframe.codebook.spec import ID_PATTERN
from qualframe.codebook.yamlnodes import (
    MERGE_TAG,
    NULL_TAG,
    TEXT_TAGS,
    Ref,
    describe,
    is_null,
    resolve,
)

_ItemCheck = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a codebook file, located so the user can go straight to it.

    `line` is 1-based; 0 means the file as a whole (it could not be read, or the codebook was
    built in memory and has no lines), and is left out of the one-line form.
    """

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"


class FieldReader:
    """Problems found so far (`report`) and the field readers the codebook check is built on."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._ids: dict[str, int] = {}

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def sorted_problems(self) -> list[Problem]:
        """Problems by line; a stable sort keeps those on one line in the order found."""
        return sorted(self.problems, key=lambda problem: problem.line)

    def _fields(
        self,
        node: Node,
        line: int,
        owner: str,
        allowed: tuple[str, ...],
        shape: str | None = None,
    ) -> dict[str, Ref]:
        """The mapping's values by key; reports non-mappings, odd, duplicate and unknown keys.

        Only the first of duplicate keys counts, as the reader of the file would assume.
        """
        if not isinstance(node, MappingNode):
            what = f"each {shape}" if shape else f"'{owner}'"
            self.report(line, f"{what} must be a mapping (key: value lines), not {describe(node)}")
            return {}
        fields: dict[str, Ref] = {}
        first_line: dict[str, int] = {}
        for key_ref, value_ref in node.value:
            key_node, key_line = resolve(key_ref)
            if not isinstance(key_node, ScalarNode):
                kind = describe(key_node)
                self.report(key_line, f"{owner}: a key must be a plain name, not {kind}")
                continue
            if key_node.tag == MERGE_TAG:
                self.report(
                    key_line, f"{owner}: merge keys ('<<') are not supported; write the fields out"
                )
                continue
            key = key_node.value
            if key in first_line:
                self.report(
                    key_line, f"{owner}: duplicate key {key!r} (first on line {first_line[key]})"
                )
                continue
            first_line[key] = key_line
            if key not in allowed:
                close = get_close_matches(key, allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.report(
                    key_line, f"{owner}: unknown key {key!r}{hint}; allowed: {', '.join(allowed)}"
                )
                continue
            fields[key] = value_ref
        return fields

    def _id(self, fields: dict[str, Ref], line: int, kind: str) -> str:
        """The id, checked for shape and for uniqueness across the whole codebook."""
        if "id" not in fields:
            self.report(line, f"{kind}: missing 'id' (snake_case, e.g. free_riding)")
            return ""
        value = self._text(fields["id"], f"{kind}: 'id'")
        id_line = resolve(fields["id"])[1]
        if not value.strip():
            self.report(id_line, f"{kind}: 'id' is empty")
            return ""
        if not ID_PATTERN.fullmatch(value):
            self.report(
                id_line,
                f"{kind} id {value!r} is not snake_case (lower-case letters, digits and "
                f"underscores, starting with a letter), e.g. {_snake_case(value)!r}",
            )
        if value in self._ids:
            self.report(
                id_line,
                f"duplicate id {value!r} (first on line {self._ids[value]}); "
                "ids are unique across themes and codes",
            )
        else:
            self._ids[value] = id_line
        return value

    def _required_text(self, fields: dict[str, Ref], key: str, owner: str, line: int) -> str:
        if key not in fields:
            self.report(line, f"{owner}: missing '{key}'")
            return ""
        value = self._text(fields[key], f"{owner}: '{key}'")
        if not value.strip():
            self.report(resolve(fields[key])[1], f"{owner}: '{key}' is empty")
        return value

    def _optional_text(self, fields: dict[str, Ref], key: str, owner: str) -> str:
        return self._text(fields[key], f"{owner}: '{key}'") if key in fields else ""

    def _text(self, ref: Ref, what: str) -> str:
        """A text field as written; null counts as empty, other scalars keep their spelling."""
        node, line = resolve(ref)
        if isinstance(node, ScalarNode):
            if node.tag == NULL_TAG:
                return ""
            if node.tag in TEXT_TAGS:
                return node.value
            self.report(line, f"{what} has an unsupported tag {node.tag}; write plain text")
            return ""
        self.report(line, f"{what} must be text, not {describe(node)}")
        return ""

    def _text_list(self, ref: Ref, what: str, check: _ItemCheck | None = None) -> list[str]:
        """A list of non-empty text items; `check` adds a per-item rule (e.g. one word)."""
        node, line = resolve(ref)
        if is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.report(line, f'{what} must be a list of text, e.g. ["..."], not {describe(node)}')
            return []
        items = []
        for item_ref in node.value:
            item, item_line = resolve(item_ref)
            if not isinstance(item, ScalarNode) or item.tag not in TEXT_TAGS:
                self.report(item_line, f"{what}: each entry must be text, not {describe(item)}")
                continue
            if not item.value.strip():
                self.report(item_line, f"{what}: empty entry")
                continue
            complaint = check(item.value) if check else None
            if complaint:
                self.report(item_line, f"{what}: {complaint}")
                continue
            items.append(item.value)
        return items

    # --- patterns ------------------------------------------------------------------------


def _snake_case(value: str) -> str:
    """A suggestion for an id that is not snake_case (not guaranteed valid itself)."""
    return re.sub(r"[^a-z0-9]+", "_", value.strip().lower()).strip("_")
