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
The file is composed once into PyYAML's node graph (`yamlnodes`) and that graph is walked;
every node carries its start line, so each problem points at the line to edit. Aliases
(``*name``) are kept as markers at the place they are used, so a code repeated by an alias is
reported where the alias stands, and an alias that makes a code its own descendant is reported
as a cycle instead of being followed forever. Fields are read by `yamlfields`, token patterns
checked by `token_patterns`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.representer import SafeRepresenter

from qualframe.codebook.spec import (
    CODE_KEYS,
    CODEBOOK_KEYS,
    COLOUR_PATTERN,
    ORIGINS,
    PATTERN_KINDS,
    THEME_KEYS,
    TOP_KEYS,
    CodebookSpec,
    CodeSpec,
    ThemeSpec,
)
from qualframe.codebook.token_patterns import PatternChecks
from qualframe.codebook.yamlfields import FieldReader, Problem
from qualframe.codebook.yamlnodes import (
    TEXT_TAGS,
    Loader,
    Ref,
    describe,
    is_null,
    line_of,
    resolve,
)
from qualframe.errors import UserError


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
        root = yaml.compose(text, Loader=Loader)
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


class _Checker(FieldReader):
    """One walk over one document's nodes, collecting problems and building the spec.

    The spec is built even when there are problems (so one walk finds them all); callers only
    hand it out when there are none.
    """

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self._walked: set[int] = set()
        self._open: set[int] = set()
        self.pattern_checks = PatternChecks(self.report)

    # --- structure -----------------------------------------------------------------------

    def document(self, root: Node | None) -> CodebookSpec | None:
        if root is None:
            self.report(1, "the file is empty; a codebook needs 'codebook:' and 'themes:'")
            return None
        line = line_of(root)
        if not isinstance(root, MappingNode):
            self.report(
                line,
                "the top level must be a mapping with 'codebook:' and 'themes:', "
                f"not {describe(root)}",
            )
            return None
        fields = self._fields(root, line, "top level", TOP_KEYS)
        name = version = description = ""
        if "codebook" not in fields:
            self.report(line, "missing 'codebook:' (with name, version, description)")
        else:
            meta_node, meta_line = resolve(fields["codebook"])
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

    def _themes(self, ref: Ref) -> list[ThemeSpec]:
        node, line = resolve(ref)
        if not isinstance(node, SequenceNode):
            self.report(line, f"'themes:' must be a list of themes, not {describe(node)}")
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

    def _codes(self, ref: Ref, owner: str) -> list[CodeSpec]:
        """A `codes:` list, guarded against aliases that repeat or re-enter it."""
        entered = self._enter(ref, "list of codes")
        if entered is None:
            return []
        node, line = entered
        if is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.report(line, f"{owner}: 'codes' must be a list of codes, not {describe(node)}")
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
            for key in ("include", "exclude", "source", "created_by", "created", "colour")
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
            colour=self._colour(fields, text["colour"], owner),
            patterns=self._patterns(fields["patterns"], owner) if "patterns" in fields else {},
            children=self._codes(fields["codes"], owner) if "codes" in fields else [],
            line=line,
        )
        self._provenance(code, fields, owner, line)
        return code

    def _colour(self, fields: dict[str, Ref], colour: str, owner: str) -> str:
        if colour and not COLOUR_PATTERN.fullmatch(colour):
            line = resolve(fields["colour"])[1]
            self.report(line, f"{owner}: colour {colour!r} must be #RRGGBB (e.g. #7ab8f5)")
            return ""
        return colour.lower()

    def _origin(self, fields: dict[str, Ref], owner: str) -> str:
        origin = self._optional_text(fields, "origin", owner) or "sensitizing"
        if origin not in ORIGINS:
            self.report(
                resolve(fields["origin"])[1],
                f"{owner}: origin {origin!r} is not one of {', '.join(ORIGINS)}",
            )
        return origin

    def _provenance(self, code: CodeSpec, fields: dict[str, Ref], owner: str, line: int) -> None:
        """Emergent codes say who created them and when; sensitizing ones come from the
        literature, so a creator or date on them is a sign the origin is wrong."""
        if code.origin == "emergent":
            for key in ("created_by", "created"):
                if not getattr(code, key).strip():
                    self.report(line, f"{owner}: an emergent code needs '{key}'")
            if code.created.strip() and not _is_iso(code.created):
                self.report(
                    resolve(fields["created"])[1],
                    f"{owner}: created {code.created!r} is not an ISO date or datetime "
                    "(e.g. 2026-05-01 or 2026-05-01T14:30:00)",
                )
        elif code.origin == "sensitizing":
            for key in ("created_by", "created"):
                if getattr(code, key).strip():
                    self.report(
                        resolve(fields[key])[1],
                        f"{owner}: '{key}' is for emergent codes; "
                        "remove it or set 'origin: emergent'",
                    )

    # --- walking guards ------------------------------------------------------------------

    def _enter(self, ref: Ref, what: str) -> tuple[Node, int] | None:
        """The node behind `ref`, unless an alias makes it a cycle or a repeat (reported)."""
        node, line = resolve(ref)
        if id(node) in self._open:
            self.report(
                line,
                f"cycle: an alias puts the {what} from line {line_of(node)} inside itself; "
                "a code cannot be its own descendant",
            )
            return None
        if id(node) in self._walked:
            peeked = _peek_id(node)
            first = self._ids.get(peeked, line_of(node))
            repeated = f"duplicate id {peeked!r} (first on line {first}): " if peeked else ""
            self.report(
                line,
                f"{repeated}an alias repeats the {what} from line {line_of(node)}; "
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

    def _patterns(self, ref: Ref, owner: str) -> dict[str, list[Any]]:
        """The matcher patterns; empty kinds are dropped so parse and export agree."""
        node, line = resolve(ref)
        if is_null(node):
            return {}
        fields = self._fields(node, line, f"{owner}: patterns", PATTERN_KINDS)
        patterns: dict[str, list[Any]] = {}
        for kind in PATTERN_KINDS:
            if kind not in fields:
                continue
            what = f"{owner}: patterns.{kind}"
            values: list[Any]
            if kind == "tokens":
                values = self.pattern_checks.token_patterns(fields[kind], what)
            elif kind == "words":
                values = self._text_list(fields[kind], what, _one_word)
            elif kind == "lemmas":
                values = self._text_list(fields[kind], what, self.pattern_checks.split_choices)
            else:
                values = self._text_list(fields[kind], what)
            if values:
                patterns[kind] = values
        return patterns


def _one_word(value: str) -> str | None:
    if len(value.split()) != 1:
        return f"{value!r} is more than one word; put it under phrases or lemmas"
    return None


def _peek_id(node: Node) -> str:
    """The id a mapping declares, before it is checked, to name the owner in messages."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            key_node, _ = resolve(key)
            value_node, _ = resolve(value)
            if (
                isinstance(key_node, ScalarNode)
                and key_node.value == "id"
                and isinstance(value_node, ScalarNode)
                and value_node.tag in TEXT_TAGS
            ):
                return value_node.value
    return ""


def _is_iso(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True
