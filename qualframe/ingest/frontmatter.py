"""YAML front matter at the top of a .txt/.md transcript: its case, attributes and speakers.

Researchers keep a transcript's metadata in the file itself so it travels with the text. The
mapping is made JSON-safe here (dates become ISO strings) because it is stored as document
metadata, and every error names the line in the file, not in the YAML snippet.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from qualframe.errors import UserError

_OPENING = re.compile(r"---[ \t]*")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*")
_SPEAKERS_KEY = re.compile(r"speakers[ \t]*:")


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str, int]:
    """Split text into (front matter, body, lines consumed).

    Line n of the body is line n + consumed of the file: the count includes the front matter,
    its two delimiter lines and the blank lines stripped before the body. The body keeps its
    internal whitespace; only trailing whitespace at its very end is dropped.
    """
    lines = text.split("\n")
    front_matter: dict[str, Any] = {}
    consumed = 0
    if _OPENING.fullmatch(lines[0]):
        closing = next((i for i in range(1, len(lines)) if _CLOSING.fullmatch(lines[i])), None)
        if closing is None:
            raise UserError(
                "front matter opened with '---' is never closed (add a line '---' after it)",
                path=path,
                line=1,
            )
        front_matter = _parse(lines[1:closing], path)
        consumed = closing + 1
    while consumed < len(lines) and not lines[consumed].strip():
        consumed += 1
    return front_matter, "\n".join(lines[consumed:]).rstrip(), consumed


def _parse(lines: list[str], path: str) -> dict[str, Any]:
    """Load the YAML between the delimiters; the first YAML line is line 2 of the file."""
    try:
        loaded = yaml.load("\n".join(lines), Loader=_NoAliasLoader)
    except RecursionError:
        raise UserError("front matter is nested too deeply", path=path, line=2) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise UserError(
            f"malformed front matter: {problem}",
            path=path,
            line=mark.line + 2 if mark is not None else 2,
        ) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        found = "a list" if isinstance(loaded, list) else "a single value"
        raise UserError(
            f"front matter must be 'key: value' lines (a mapping), not {found}",
            path=path,
            line=2,
        )
    front_matter = _json_safe(loaded)
    speakers = front_matter.get("speakers")
    if speakers is not None and not isinstance(speakers, dict):
        at = next((i for i, line in enumerate(lines) if _SPEAKERS_KEY.match(line)), 0)
        raise UserError(
            "front matter 'speakers' must map speaker labels to cases, e.g. {P13: case_13}",
            path=path,
            line=at + 2,
        )
    return front_matter


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases: a case's metadata never needs `*name`, and nine
    nested aliases (a "billion laughs") expand to hundreds of millions of values."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


def _json_safe(value: Any) -> Any:
    """The value with dates as ISO strings and keys as strings, so it can be stored as JSON."""
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | set):
        items = sorted(value, key=str) if isinstance(value, set) else value
        return [_json_safe(item) for item in items]
    if isinstance(value, dt.date):  # datetime.datetime is a date too
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # bytes from a !!binary tag: nothing else comes out of safe_load
