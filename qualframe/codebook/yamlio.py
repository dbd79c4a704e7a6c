"""Deterministic YAML export of a codebook.

A codebook travels between projects and lives under version control, so the same codebook must
always give the same bytes: keys in the schema's fixed order, block style, unicode kept as
written, no timestamps but the emergent codes' own `created`, empty optional fields left out.
Export then load then export is a fixed point, which is what lets a team diff two versions of a
codebook and see only what a person changed.

Long or multi-line text is written as block scalars (folded ``>`` for long sentences, literal
``|`` when the author's line breaks matter) so definitions read like prose in an editor; token
patterns stay one flow list per line, the way spaCy's documentation writes them.
"""

from __future__ import annotations

import copy
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from qualframe.codebook.spec import (
    CODE_KEYS,
    CODEBOOK_KEYS,
    PATTERN_KINDS,
    THEME_KEYS,
    CodebookSpec,
    CodeSpec,
    ThemeSpec,
)

_PROSE_WIDTH = 88
"""Text longer than this is written folded, wrapped after about this column."""

_NO_WRAP = 1_000_000
"""Everything else (plain text, token patterns) stays on one line, however long."""


def spec_to_dict(spec: CodebookSpec) -> dict[str, Any]:
    """Plain data in the YAML's shape and key order, empty optional fields left out.

    The result shares nothing with `spec`, so callers (a JSON listing, the database layer) may
    change it freely; `schema.dict_to_spec` turns it back into an equal spec.
    """
    return _spec_dict(spec, list)


def render_codebook(spec: CodebookSpec) -> str:
    """The codebook as YAML text: deterministic, and a fixed point of parse and render."""
    return yaml.dump(
        _spec_dict(spec, _FlowList),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=_NO_WRAP,
        indent=2,
    )


def write_codebook(spec: CodebookSpec, path: Path) -> None:
    """Write the rendered codebook to `path` atomically: a failed export leaves no half file."""
    text = render_codebook(spec)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _FlowList(list[Any]):
    """A token pattern, written on one line as ``[{LEMMA: take}, {LOWER: credit}]``."""


def _spec_dict(
    spec: CodebookSpec, token_pattern: Callable[[list[Any]], list[Any]]
) -> dict[str, Any]:
    meta = {"name": spec.name, "version": spec.version, "description": spec.description}
    return {
        "codebook": _ordered(meta, CODEBOOK_KEYS),
        "themes": [_theme_dict(theme, token_pattern) for theme in spec.themes],
    }


def _theme_dict(
    theme: ThemeSpec, token_pattern: Callable[[list[Any]], list[Any]]
) -> dict[str, Any]:
    values = {
        "id": theme.id,
        "name": theme.name,
        "description": theme.description,
        "codes": [_code_dict(code, token_pattern) for code in theme.codes],
    }
    return _ordered(values, THEME_KEYS)


def _code_dict(code: CodeSpec, token_pattern: Callable[[list[Any]], list[Any]]) -> dict[str, Any]:
    values = {
        "id": code.id,
        "name": code.name,
        "definition": code.definition,
        "include": code.include,
        "exclude": code.exclude,
        "examples": list(code.examples),
        "source": code.source,
        "origin": code.origin,
        "created_by": code.created_by,
        "created": code.created,
        "colour": code.colour,
        "patterns": _patterns_dict(code.patterns, token_pattern),
        "codes": [_code_dict(child, token_pattern) for child in code.children],
    }
    return _ordered(values, CODE_KEYS)


def _patterns_dict(
    patterns: dict[str, list[Any]], token_pattern: Callable[[list[Any]], list[Any]]
) -> dict[str, Any]:
    """Known kinds in schema order; any other key is kept (after them, sorted) rather than
    silently dropped, so loading the export reports it instead of losing it."""
    order = [kind for kind in PATTERN_KINDS if kind in patterns]
    order += sorted(kind for kind in patterns if kind not in PATTERN_KINDS)
    result: dict[str, Any] = {}
    for kind in order:
        values = copy.deepcopy(patterns[kind])
        if kind == "tokens":
            values = [token_pattern(pattern) for pattern in values]
        if values:
            result[kind] = values
    return result


def _ordered(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """`values` in the schema's key order, without empty fields."""
    return {key: values[key] for key in keys if values[key] not in ("", [], {}, None)}


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists, no anchors, prose as block scalars."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key (PyYAML's default puts them flush with it).
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        # An export is read by people: every value written out, never `&id001` / `*id001`.
        return True

    def write_folded(self, text: str) -> None:
        # The dump runs with a huge width so token patterns and short text never wrap; only
        # prose folds, at a width that reads well in an editor.
        wide = self.best_width
        self.best_width = _PROSE_WIDTH
        try:
            super().write_folded(text)
        finally:
            self.best_width = wide


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Multi-line text literal, long text folded, the rest plain or quoted as PyYAML decides.

    PyYAML itself falls back to quoting when a block style cannot hold the text exactly
    (trailing spaces, control characters), so the choice never changes the value.
    """
    style = None
    if "\n" in value:
        style = "|"
    elif len(value) > _PROSE_WIDTH:
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_flow_list(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_FlowList, _represent_flow_list)
