"""Codebook YAML: the format, and validation that names the file and line (the typed specs it
produces live in `qualframe.codebook.spec`).

A codebook is the team's shared statement of what each code means. It is edited by hand, carried
between studies and tools, and loaded into a project as a new version, so it is checked as a whole
before anything is stored: `check_codebook` returns *every* problem, sorted by line, because a
researcher fixing a hand-edited file wants the full list at once rather than one error per run.

The format
----------
::

    codebook:
      name: Collective action in quality improvement collaboratives   # required
      version: "1.0"            # the author's label, a string (never a database timestamp)
      description: >-
        What the codebook is for.
    themes:                     # required, at least one
      - id: collective_action_problems    # snake_case, unique across themes AND codes
        name: Collective action problems  # required
        description: ...
        codes:
          - id: free_riding               # required, snake_case, unique
            name: Free-riding             # required
            definition: ...               # required
            include: ...                  # inclusion criteria (text)
            exclude: ...                  # exclusion criteria (text)
            examples: ["...", "..."]      # list of text
            source: Olson (1971) The Logic of Collective Action   # literature
            origin: sensitizing           # sensitizing (default) | emergent
            created_by: ...               # emergent codes only, and required for them
            created: "2026-05-01"         # emergent codes only, required: ISO date or datetime
            patterns:                     # what the suggestion matchers look for
              words: [freeload]           # single words, matched on lemma or lower case
              phrases: ["gave nothing back"]   # multi-word phrases, matched in lower case
              lemmas: ["take idea"]       # lemma sequences, space separated
              tokens:                     # spaCy Matcher token patterns
                - [{LEMMA: take}, {OP: "?"}, {LOWER: credit}]
            codes: [...]                  # optional child codes of the same shape, any depth

Rules beyond the shape: ids match ``^[a-z][a-z0-9_]*$`` and are unique across the whole tree
(themes and codes share one namespace, because a code keeps its id across versions and the
command line names codes by id); a key may appear once per mapping; unknown keys are refused
(a misspelt ``defintion`` would otherwise silently lose the definition); token patterns must be
accepted by spaCy's own validator. Text fields accept any plain scalar as written, so
``version: 1.10`` stays "1.10" rather than becoming the float 1.1; an empty value counts as absent.

How lines are found
-------------------
The file is composed once into PyYAML's node graph and that graph is walked; every node carries
its start line, so each problem points at the line to edit. Aliases (``*name``) are kept as
markers at the place they are used, so a code repeated by an alias is reported where the alias
stands, and an alias that makes a code its own descendant is reported as a cycle instead of being
followed forever.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.representer import SafeRepresenter

from qualframe.codebook.spec import (
    CODE_KEYS,
    CODEBOOK_KEYS,
    ID_PATTERN,
    ORIGINS,
    PATTERN_KINDS,
    THEME_KEYS,
    TOP_KEYS,
    CodebookSpec,
    CodeSpec,
    ThemeSpec,
)
from qualframe.errors import UserError

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokenizer import Tokenizer

_TAG = "tag:yaml.org,2002:"
_NULL_TAG = _TAG + "null"
_MERGE_TAG = _TAG + "merge"
_TEXT_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "timestamp"))
_SPACY_LOCATION = re.compile(r"^\[pattern -> (\d+)((?: -> [^\]]*)?)\] (.*)$")
_SPACY_KEY = re.compile(r"[A-Z][A-Z0-9_]*|\d+")

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


class CodebookInvalid(UserError):
    """A codebook with problems; `problems` holds all of them, the message shows the first.

    The command line prints one line (``path:line: message (and N more problems)``) and exits 2;
    ``qualframe codebook check`` prints the whole list.
    """

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        more = len(problems) - 1
        message = first.message
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        super().__init__(message, path=first.path, line=first.line or None)
        self.problems = problems


def check_codebook(path: Path) -> list[Problem]:
    """Every problem in the codebook file at `path`, sorted by line; empty when it is valid."""
    return _load(path)[1]


def parse_codebook(path: Path) -> CodebookSpec:
    """The codebook at `path`, or `CodebookInvalid` carrying every problem found."""
    spec, problems = _load(path)
    if spec is None or problems:
        raise CodebookInvalid(problems)
    return spec


def check_codebook_text(text: str, path: str = "<text>") -> list[Problem]:
    """Like `check_codebook` for YAML already in memory; `path` labels the problems."""
    return _check_text(text, path)[1]


def parse_codebook_text(text: str, path: str = "<text>") -> CodebookSpec:
    """Like `parse_codebook` for YAML already in memory (standard input, a stored version)."""
    spec, problems = _check_text(text, path)
    if spec is None or problems:
        raise CodebookInvalid(problems)
    return spec


def dict_to_spec(data: Mapping[str, Any], path: str = "<data>") -> CodebookSpec:
    """A spec from plain data shaped like the YAML (e.g. `spec_to_dict` output or JSON).

    The data goes through the same checks as a file, so nothing invalid enters a project by
    this door; the problems carry no line (0).
    """
    checker = _Checker(path)
    spec = checker.document(SafeRepresenter(sort_keys=False).represent_data(dict(data)))
    if spec is None or checker.problems:
        raise CodebookInvalid(checker.sorted_problems())
    return spec


MAX_CODEBOOK_BYTES = 5 * 1024 * 1024
"""A codebook is a few hundred kilobytes of text at most; larger files are refused unread."""


def _load(path: Path) -> tuple[CodebookSpec | None, list[Problem]]:
    """Read, decode and check one file; the spec is None whenever there are problems."""
    label = str(path)
    try:
        if path.stat().st_size > MAX_CODEBOOK_BYTES:
            limit = MAX_CODEBOOK_BYTES // (1024 * 1024)
            return None, [Problem(label, 1, f"over {limit} MB: not a codebook")]
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(label, 0, f"cannot read the codebook: {error.strerror or error}")]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return None, [Problem(label, line, "binary data (a NUL byte); a codebook is UTF-8 text")]
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        return None, [Problem(label, line, f"not UTF-8 text (byte 0x{byte:02x}); save as UTF-8")]
    return _check_text(text, label)


def _check_text(text: str, path: str) -> tuple[CodebookSpec | None, list[Problem]]:
    """Compose the YAML once and walk its nodes; a syntax error stops at one problem."""
    checker = _Checker(path)
    spec = None
    try:
        root = yaml.compose(text, Loader=_Loader)
        spec = checker.document(root)
    except yaml.MarkedYAMLError as error:
        checker.report(*_syntax_problem(error, text))
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        checker.report(line, f"character U+{error.character:04X} is not allowed in YAML; remove it")
    except RecursionError:
        checker.report(1, "nested too deeply to be a codebook")
    problems = checker.sorted_problems()
    return (None if problems else spec), problems


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """Turn PyYAML's error into a line and a sentence a researcher can act on.

    Tabs get their own message: they are the commonest way a hand-edited file breaks, and
    PyYAML's "found character '\\t' that cannot start any token" does not say what to do.
    """
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else 1
    problem = error.problem or "unreadable YAML"
    if "'\\t'" in problem:
        rows = text.splitlines()
        row = rows[line - 1] if line <= len(rows) else ""
        indent = row[: len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent:
            return line, "tab character used for indentation; use spaces"
        return line, "tab character where YAML does not allow one; use spaces"
    if problem == "but found another document":
        return line, "a second YAML document ('---'); a codebook file holds one document"
    message = f"invalid YAML: {problem}"
    if error.context and error.context_mark is not None:
        message += f" ({error.context}, line {error.context_mark.line + 1})"
    return line, message


class _Alias:
    """Where an alias (``*name``) was used, pointing at the anchored node it repeats.

    PyYAML's composer hands back the anchored node itself, which loses the alias's own line and
    hides that the content is repeated; keeping the use site lets duplicates and cycles be
    reported where the alias stands.
    """

    __slots__ = ("line", "target")

    def __init__(self, target: Node, line: int) -> None:
        self.target = target
        self.line = line


_Ref = Node | _Alias


class _Loader(yaml.SafeLoader):
    """A safe loader whose composer wraps every alias use in an `_Alias` marker."""

    def compose_node(self, parent: Node | None, index: object) -> _Ref:  # type: ignore[override]
        if self.check_event(AliasEvent):
            line = self.peek_event().start_mark.line + 1
            return _Alias(super().compose_node(parent, index), line)
        return super().compose_node(parent, index)


def _resolve(ref: _Ref) -> tuple[Node, int]:
    """The node a reference stands for, and the line where the reference itself stands."""
    if isinstance(ref, _Alias):
        return ref.target, ref.line
    return ref, _line_of(ref)


def _line_of(node: Node) -> int:
    return node.start_mark.line + 1 if node.start_mark is not None else 0


_SCALAR_KINDS = {
    _NULL_TAG: "an empty value",
    _TAG + "str": "plain text",
    _TAG + "int": "a number",
    _TAG + "float": "a number",
    _TAG + "bool": "true/false",
    _TAG + "timestamp": "a date",
}


def _describe(node: Node) -> str:
    """What the user wrote, in their terms, for messages like "must be a list, not ..."."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    return _SCALAR_KINDS.get(node.tag, f"a value tagged {node.tag}")


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL_TAG


def _snake_case(value: str) -> str:
    """A suggestion for an id that is not snake_case (not guaranteed valid itself)."""
    return re.sub(r"[^a-z0-9]+", "_", value.strip().lower()).strip("_")


class _Invalid(Exception):
    """A value inside a token pattern was reported; stop converting that pattern."""


class _Checker:
    """One walk over one document's nodes, collecting problems and building the spec.

    The spec is built even when there are problems (so one walk finds them all); callers only
    hand it out when there are none.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._ids: dict[str, int] = {}
        self._walked: set[int] = set()
        self._open: set[int] = set()
        self._constructor = SafeConstructor()
        self._matcher: Matcher | None = None
        self._tokenizer: Tokenizer | None = None

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def sorted_problems(self) -> list[Problem]:
        """Problems by line; a stable sort keeps those on one line in the order found."""
        return sorted(self.problems, key=lambda problem: problem.line)

    # --- structure -----------------------------------------------------------------------

    def document(self, root: Node | None) -> CodebookSpec | None:
        if root is None:
            self.report(1, "the file is empty; a codebook needs 'codebook:' and 'themes:'")
            return None
        line = _line_of(root)
        if not isinstance(root, MappingNode):
            self.report(
                line,
                "the top level must be a mapping with 'codebook:' and 'themes:', "
                f"not {_describe(root)}",
            )
            return None
        fields = self._fields(root, line, "top level", TOP_KEYS)
        name = version = description = ""
        if "codebook" not in fields:
            self.report(line, "missing 'codebook:' (with name, version, description)")
        else:
            meta_node, meta_line = _resolve(fields["codebook"])
            meta = self._fields(meta_node, meta_line, "codebook", CODEBOOK_KEYS)
            name = self._required_text(meta, "name", "codebook", meta_line)
            version = self._optional_text(meta, "version", "codebook")
            description = self._optional_text(meta, "description", "codebook")
        themes: list[ThemeSpec] = []
        if "themes" not in fields:
            self.report(line, "missing 'themes:' (a list of themes, each with its codes)")
        else:
            themes = self._themes(fields["themes"])
        return CodebookSpec(name, version, description, themes, path=self.path)

    def _themes(self, ref: _Ref) -> list[ThemeSpec]:
        node, line = _resolve(ref)
        if not isinstance(node, SequenceNode):
            self.report(line, f"'themes:' must be a list of themes, not {_describe(node)}")
            return []
        if not node.value:
            self.report(line, "'themes:' is empty; a codebook needs at least one theme")
        themes = []
        for item in node.value:
            entered = self._enter(item, "theme")
            if entered is None:
                continue
            theme_node, theme_line = entered
            with self._inside(theme_node):
                theme = self._theme(theme_node, theme_line)
            if theme is not None:
                themes.append(theme)
        return themes

    def _theme(self, node: Node, line: int) -> ThemeSpec | None:
        peeked = _peek_id(node)
        fields = self._fields(
            node, line, f"theme {peeked!r}" if peeked else "theme", THEME_KEYS, shape="theme"
        )
        if not isinstance(node, MappingNode):
            return None
        ident = self._id(fields, line, "theme")
        owner = f"theme {ident!r}" if ident else "theme"
        name = self._required_text(fields, "name", owner, line)
        description = self._optional_text(fields, "description", owner)
        codes = self._codes(fields["codes"], owner) if "codes" in fields else []
        return ThemeSpec(ident, name, description, codes, line)

    def _codes(self, ref: _Ref, owner: str) -> list[CodeSpec]:
        """A `codes:` list, guarded against aliases that repeat or re-enter it."""
        entered = self._enter(ref, "list of codes")
        if entered is None:
            return []
        node, line = entered
        if _is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.report(line, f"{owner}: 'codes' must be a list of codes, not {_describe(node)}")
            return []
        codes = []
        with self._inside(node):
            for item in node.value:
                entered_code = self._enter(item, "code")
                if entered_code is None:
                    continue
                code_node, code_line = entered_code
                with self._inside(code_node):
                    code = self._code(code_node, code_line)
                if code is not None:
                    codes.append(code)
        return codes

    def _code(self, node: Node, line: int) -> CodeSpec | None:
        peeked = _peek_id(node)
        fields = self._fields(
            node, line, f"code {peeked!r}" if peeked else "code", CODE_KEYS, shape="code"
        )
        if not isinstance(node, MappingNode):
            return None
        ident = self._id(fields, line, "code")
        owner = f"code {ident!r}" if ident else "code"
        text = {
            key: self._optional_text(fields, key, owner)
            for key in ("include", "exclude", "source", "created_by", "created")
        }
        code = CodeSpec(
            id=ident,
            name=self._required_text(fields, "name", owner, line),
            definition=self._required_text(fields, "definition", owner, line),
            include=text["include"],
            exclude=text["exclude"],
            examples=self._text_list(fields["examples"], f"{owner}: examples")
            if "examples" in fields
            else [],
            source=text["source"],
            origin=self._origin(fields, owner),
            created_by=text["created_by"],
            created=text["created"],
            patterns=self._patterns(fields["patterns"], owner) if "patterns" in fields else {},
            children=self._codes(fields["codes"], owner) if "codes" in fields else [],
            line=line,
        )
        self._provenance(code, fields, owner, line)
        return code

    def _origin(self, fields: dict[str, _Ref], owner: str) -> str:
        origin = self._optional_text(fields, "origin", owner) or "sensitizing"
        if origin not in ORIGINS:
            self.report(
                _resolve(fields["origin"])[1],
                f"{owner}: origin {origin!r} is not one of {', '.join(ORIGINS)}",
            )
        return origin

    def _provenance(self, code: CodeSpec, fields: dict[str, _Ref], owner: str, line: int) -> None:
        """Emergent codes say who created them and when; sensitizing ones come from the
        literature, so a creator or date on them is a sign the origin is wrong."""
        if code.origin == "emergent":
            for key in ("created_by", "created"):
                if not getattr(code, key).strip():
                    self.report(line, f"{owner}: an emergent code needs '{key}'")
            if code.created.strip() and not _is_iso(code.created):
                self.report(
                    _resolve(fields["created"])[1],
                    f"{owner}: created {code.created!r} is not an ISO date or datetime "
                    "(e.g. 2026-05-01 or 2026-05-01T14:30:00)",
                )
        elif code.origin == "sensitizing":
            for key in ("created_by", "created"):
                if getattr(code, key).strip():
                    self.report(
                        _resolve(fields[key])[1],
                        f"{owner}: '{key}' is for emergent codes; "
                        "remove it or set 'origin: emergent'",
                    )

    # --- walking guards ------------------------------------------------------------------

    def _enter(self, ref: _Ref, what: str) -> tuple[Node, int] | None:
        """The node behind `ref`, unless an alias makes it a cycle or a repeat (reported)."""
        node, line = _resolve(ref)
        if id(node) in self._open:
            self.report(
                line,
                f"cycle: an alias puts the {what} from line {_line_of(node)} inside itself; "
                "a code cannot be its own descendant",
            )
            return None
        if id(node) in self._walked:
            peeked = _peek_id(node)
            first = self._ids.get(peeked, _line_of(node))
            repeated = f"duplicate id {peeked!r} (first on line {first}): " if peeked else ""
            self.report(
                line,
                f"{repeated}an alias repeats the {what} from line {_line_of(node)}; "
                "ids must be unique across themes and codes",
            )
            return None
        if isinstance(node, MappingNode | SequenceNode):
            self._walked.add(id(node))
        return node, line

    @contextmanager
    def _inside(self, node: Node) -> Iterator[None]:
        """Mark `node` as an ancestor of everything walked within, for cycle detection."""
        self._open.add(id(node))
        try:
            yield
        finally:
            self._open.discard(id(node))

    # --- fields --------------------------------------------------------------------------

    def _fields(
        self,
        node: Node,
        line: int,
        owner: str,
        allowed: tuple[str, ...],
        shape: str | None = None,
    ) -> dict[str, _Ref]:
        """The mapping's values by key; reports non-mappings, odd, duplicate and unknown keys.

        Only the first of duplicate keys counts, as the reader of the file would assume.
        """
        if not isinstance(node, MappingNode):
            what = f"each {shape}" if shape else f"'{owner}'"
            self.report(line, f"{what} must be a mapping (key: value lines), not {_describe(node)}")
            return {}
        fields: dict[str, _Ref] = {}
        first_line: dict[str, int] = {}
        for key_ref, value_ref in node.value:
            key_node, key_line = _resolve(key_ref)
            if not isinstance(key_node, ScalarNode):
                kind = _describe(key_node)
                self.report(key_line, f"{owner}: a key must be a plain name, not {kind}")
                continue
            if key_node.tag == _MERGE_TAG:
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

    def _id(self, fields: dict[str, _Ref], line: int, kind: str) -> str:
        """The id, checked for shape and for uniqueness across the whole codebook."""
        if "id" not in fields:
            self.report(line, f"{kind}: missing 'id' (snake_case, e.g. free_riding)")
            return ""
        value = self._text(fields["id"], f"{kind}: 'id'")
        id_line = _resolve(fields["id"])[1]
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

    def _required_text(self, fields: dict[str, _Ref], key: str, owner: str, line: int) -> str:
        if key not in fields:
            self.report(line, f"{owner}: missing '{key}'")
            return ""
        value = self._text(fields[key], f"{owner}: '{key}'")
        if not value.strip():
            self.report(_resolve(fields[key])[1], f"{owner}: '{key}' is empty")
        return value

    def _optional_text(self, fields: dict[str, _Ref], key: str, owner: str) -> str:
        return self._text(fields[key], f"{owner}: '{key}'") if key in fields else ""

    def _text(self, ref: _Ref, what: str) -> str:
        """A text field as written; null counts as empty, other scalars keep their spelling."""
        node, line = _resolve(ref)
        if isinstance(node, ScalarNode):
            if node.tag == _NULL_TAG:
                return ""
            if node.tag in _TEXT_TAGS:
                return node.value
            self.report(line, f"{what} has an unsupported tag {node.tag}; write plain text")
            return ""
        self.report(line, f"{what} must be text, not {_describe(node)}")
        return ""

    def _text_list(self, ref: _Ref, what: str, check: _ItemCheck | None = None) -> list[str]:
        """A list of non-empty text items; `check` adds a per-item rule (e.g. one word)."""
        node, line = _resolve(ref)
        if _is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.report(line, f'{what} must be a list of text, e.g. ["..."], not {_describe(node)}')
            return []
        items = []
        for item_ref in node.value:
            item, item_line = _resolve(item_ref)
            if not isinstance(item, ScalarNode) or item.tag not in _TEXT_TAGS:
                self.report(item_line, f"{what}: each entry must be text, not {_describe(item)}")
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

    def _patterns(self, ref: _Ref, owner: str) -> dict[str, list[Any]]:
        """The matcher patterns; empty kinds are dropped so parse and export agree."""
        node, line = _resolve(ref)
        if _is_null(node):
            return {}
        fields = self._fields(node, line, f"{owner}: patterns", PATTERN_KINDS)
        patterns: dict[str, list[Any]] = {}
        for kind in PATTERN_KINDS:
            if kind not in fields:
                continue
            what = f"{owner}: patterns.{kind}"
            values: list[Any]
            if kind == "tokens":
                values = self._token_patterns(fields[kind], what)
            elif kind == "words":
                values = self._text_list(fields[kind], what, _one_word)
            elif kind == "lemmas":
                values = self._text_list(fields[kind], what, self._split_choices)
            else:
                values = self._text_list(fields[kind], what)
            if values:
                patterns[kind] = values
        return patterns

    def _token_patterns(self, ref: _Ref, what: str) -> list[list[dict[str, Any]]]:
        node, line = _resolve(ref)
        if _is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.report(
                line,
                f"{what} must be a list of token patterns, each like "
                f"[{{LEMMA: take}}, {{LOWER: credit}}], not {_describe(node)}",
            )
            return []
        patterns = []
        for pattern_ref in node.value:
            pattern_node, pattern_line = _resolve(pattern_ref)
            if not isinstance(pattern_node, SequenceNode) or not pattern_node.value:
                self.report(
                    pattern_line,
                    f"{what}: each pattern must be a non-empty list of "
                    "token mappings, like [{LOWER: credit}]",
                )
                continue
            pattern = self._token_pattern(pattern_node, what)
            if pattern is not None:
                patterns.append(pattern)
        return patterns

    def _token_pattern(self, node: SequenceNode, what: str) -> list[dict[str, Any]] | None:
        """One pattern as plain data, or None once a problem in it has been reported."""
        tokens: list[dict[str, Any]] = []
        lines: list[int] = []
        for token_ref in node.value:
            token_node, token_line = _resolve(token_ref)
            if not isinstance(token_node, MappingNode):
                self.report(
                    token_line,
                    f"{what}: each token must be a mapping like "
                    f"{{LOWER: credit}}, not {_describe(token_node)}",
                )
                return None
            try:
                tokens.append(self._plain_mapping(token_node, frozenset(), what))
            except _Invalid:
                return None
            lines.append(token_line)
        for index, message in self._spacy_problems(tokens):
            if index is not None and index < len(lines):
                at = lines[index]
                message += _boolean_hint(_resolve(node.value[index])[0])
            else:
                at = _line_of(node)
            self.report(at, f"{what}: invalid token pattern: {message}")
            return None
        return tokens

    def _plain(self, ref: _Ref, open_nodes: frozenset[int], what: str) -> Any:
        """Plain Python data for a token's value, refusing self-containing aliases."""
        node, line = _resolve(ref)
        if isinstance(node, ScalarNode):
            try:
                return self._constructor.construct_object(node)
            except ConstructorError as error:
                self.report(line, f"{what}: {error.problem}")
                raise _Invalid from error
        if id(node) in open_nodes:
            self.report(line, f"{what}: an alias makes this value contain itself")
            raise _Invalid
        if isinstance(node, SequenceNode):
            inner = open_nodes | {id(node)}
            return [self._plain(item, inner, what) for item in node.value]
        return self._plain_mapping(node, open_nodes, what)

    def _plain_mapping(
        self, node: MappingNode, open_nodes: frozenset[int], what: str
    ) -> dict[str, Any]:
        inner = open_nodes | {id(node)}
        result: dict[str, Any] = {}
        for key_ref, value_ref in node.value:
            key_node, key_line = _resolve(key_ref)
            if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE_TAG:
                self.report(key_line, f"{what}: token keys must be attribute names like LOWER")
                raise _Invalid
            if key_node.value in result:
                self.report(key_line, f"{what}: duplicate key {key_node.value!r} in one token")
                raise _Invalid
            result[key_node.value] = self._plain(value_ref, inner, what)
        return result

    def _spacy_problems(self, pattern: list[dict[str, Any]]) -> list[tuple[int | None, str]]:
        """What spaCy says is wrong with a token pattern, by token index where it says.

        The schema gives precise messages; adding the pattern to a real Matcher then catches
        what the schema cannot (a regular expression that does not compile, for instance).
        spaCy is imported here only, so checking a codebook without token patterns stays fast.
        """
        from spacy.schemas import validate_token_pattern

        # spaCy reports "[pattern -> 2 -> LOWER -> TokenPatternString -> IN -> 0] message";
        # keep the token index and the user's own keys, drop spaCy's internal type names.
        found: dict[int | None, dict[str, list[str]]] = {}
        for raw in validate_token_pattern(pattern):
            match = _SPACY_LOCATION.match(raw)
            if match is None:
                found.setdefault(None, {}).setdefault("", []).append(raw)
                continue
            parts = [part for part in match[2].split(" -> ") if part]
            kept = parts[:1] + [part for part in parts[1:] if _SPACY_KEY.fullmatch(part)]
            messages = found.setdefault(int(match[1]), {}).setdefault(".".join(kept), [])
            if match[3] not in messages:
                messages.append(match[3])
        if found:
            return [
                (
                    index,
                    "; ".join(
                        f"{where}: {' or '.join(messages)}" if where else " or ".join(messages)
                        for where, messages in by_location.items()
                    ),
                )
                for index, by_location in found.items()
            ]
        try:
            self._spacy_matcher().add("check", [pattern])
        except Exception as error:  # whatever spaCy refuses, the user must fix
            return [(None, str(error).strip().splitlines()[0])]
        return []

    def _split_choices(self, sequence: str) -> str | None:
        """Alternatives in a lemma sequence (`take|nick their ideas`) stand for one token each,
        and the matcher keeps a choice the tokenizer splits ("we've", "cannot") as written, so
        it can never match. Only spaCy's own English tokenizer says what it splits: no rule on
        characters gets both "don't" and "gonna" (split) and "o'clock" and "e.g." (kept) right.
        It is made only for a codebook that has alternatives (spaCy's blank English, ~0.2 s)."""
        choices = [
            (part, choice)
            for part in sequence.split()
            if "|" in part
            for choice in part.split("|")
            if choice
        ]
        if not choices:
            return None
        tokenizer = self._english_tokenizer()
        for part, choice in choices:
            tokens = [token.text for token in tokenizer(choice)]
            if len(tokens) > 1:
                return (
                    f"{choice!r} in {part!r} is {len(tokens)} words to the tokenizer "
                    f"({' + '.join(tokens)}), so it can never match; write it as a "
                    "lemma sequence of its own"
                )
        return None

    def _english_tokenizer(self) -> Tokenizer:
        if self._tokenizer is None:
            from spacy.lang.en import English

            self._tokenizer = English().tokenizer
        return self._tokenizer

    def _spacy_matcher(self) -> Matcher:
        if self._matcher is None:
            from spacy.matcher import Matcher
            from spacy.vocab import Vocab

            self._matcher = Matcher(Vocab())
        return self._matcher


def _one_word(value: str) -> str | None:
    if len(value.split()) != 1:
        return f"{value!r} is more than one word; put it under phrases or lemmas"
    return None


def _boolean_hint(node: Node) -> str:
    """A hint when a token holds an unquoted yes/no/on/off, which YAML 1.1 reads as a
    boolean: ``{LOWER: no}`` is the commonest way a hand-written token pattern goes wrong."""
    words: list[str] = []
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, ScalarNode):
            if current.tag == _TAG + "bool" and current.value.lower() not in ("true", "false"):
                words.append(current.value)
        elif isinstance(current, SequenceNode):
            pending.extend(_resolve(item)[0] for item in current.value)
        elif isinstance(current, MappingNode):
            pending.extend(_resolve(value)[0] for _, value in current.value)
    if not words:
        return ""
    quoted = ", ".join(f'"{word}"' for word in sorted(set(words)))
    return f" (YAML reads unquoted {', '.join(sorted(set(words)))} as true/false; write {quoted})"


def _peek_id(node: Node) -> str:
    """The id a mapping declares, before it is checked, to name the owner in messages."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            key_node, _ = _resolve(key)
            value_node, _ = _resolve(value)
            if (
                isinstance(key_node, ScalarNode)
                and key_node.value == "id"
                and isinstance(value_node, ScalarNode)
                and value_node.tag in _TEXT_TAGS
            ):
                return value_node.value
    return ""


def _is_iso(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True
