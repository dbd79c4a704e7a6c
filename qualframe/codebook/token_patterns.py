"""The checks of a code's `patterns:` that need spaCy: token patterns (converted from YAML to
plain data, then validated by spaCy's own schema and a real Matcher) and lemma sequences whose
alternatives the tokenizer would split. spaCy is imported only when a codebook has them."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from qualframe.codebook.yamlnodes import MERGE_TAG, TAG, Ref, describe, is_null, line_of, resolve

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokenizer import Tokenizer

_SPACY_LOCATION = re.compile(r"^\[pattern -> (\d+)((?: -> [^\]]*)?)\] (.*)$")
_SPACY_KEY = re.compile(r"[A-Z][A-Z0-9_]*|\d+")


class _Invalid(Exception):
    """A value inside a token pattern was reported; stop converting that pattern."""


class PatternChecks:
    """Token pattern and lemma checks for one codebook; problems go to `report(line, text)`.
    spaCy's matcher and tokenizer are made once, on first use."""

    def __init__(self, report: Callable[[int, str], None]) -> None:
        self.report = report
        self._constructor = SafeConstructor()
        self._matcher: Matcher | None = None
        self._tokenizer: Tokenizer | None = None

    def token_patterns(self, ref: Ref, what: str) -> list[list[dict[str, Any]]]:
        node, line = resolve(ref)
        if is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.report(
                line,
                f"{what} must be a list of token patterns, each like "
                f"[{{LEMMA: take}}, {{LOWER: credit}}], not {describe(node)}",
            )
            return []
        patterns = []
        for pattern_ref in node.value:
            pattern_node, pattern_line = resolve(pattern_ref)
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
            token_node, token_line = resolve(token_ref)
            if not isinstance(token_node, MappingNode):
                self.report(
                    token_line,
                    f"{what}: each token must be a mapping like "
                    f"{{LOWER: credit}}, not {describe(token_node)}",
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
                message += _boolean_hint(resolve(node.value[index])[0])
            else:
                at = line_of(node)
            self.report(at, f"{what}: invalid token pattern: {message}")
            return None
        return tokens

    def _plain(self, ref: Ref, open_nodes: frozenset[int], what: str) -> Any:
        """Plain Python data for a token's value, refusing self-containing aliases."""
        node, line = resolve(ref)
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
        assert isinstance(node, MappingNode)  # the third kind of YAML node
        return self._plain_mapping(node, open_nodes, what)

    def _plain_mapping(
        self, node: MappingNode, open_nodes: frozenset[int], what: str
    ) -> dict[str, Any]:
        inner = open_nodes | {id(node)}
        result: dict[str, Any] = {}
        for key_ref, value_ref in node.value:
            key_node, key_line = resolve(key_ref)
            if not isinstance(key_node, ScalarNode) or key_node.tag == MERGE_TAG:
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

    def split_choices(self, sequence: str) -> str | None:
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


def _boolean_hint(node: Node) -> str:
    """A hint when a token holds an unquoted yes/no/on/off, which YAML 1.1 reads as a
    boolean: ``{LOWER: no}`` is the commonest way a hand-written token pattern goes wrong."""
    words: list[str] = []
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, ScalarNode):
            if current.tag == TAG + "bool" and current.value.lower() not in ("true", "false"):
                words.append(current.value)
        elif isinstance(current, SequenceNode):
            pending.extend(resolve(item)[0] for item in current.value)
        elif isinstance(current, MappingNode):
            pending.extend(resolve(value)[0] for _, value in current.value)
    if not words:
        return ""
    quoted = ", ".join(f'"{word}"' for word in sorted(set(words)))
    return f" (YAML reads unquoted {', '.join(sorted(set(words)))} as true/false; write {quoted})"
