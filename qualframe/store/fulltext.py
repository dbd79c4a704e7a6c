"""Full-text search, case- and diacritic-insensitive, without stemming, the same everywhere.

Each line of a document's current text is folded here in Python (NFKD, combining marks dropped,
case folded) and reduced to its words, so SQLite's FTS5 and PostgreSQL's `simple` text search
see identical tokens; the database finds candidate lines and Python locates the exact match in
the original line for offsets and snippet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, delete, text

from qualframe.store.models import SearchLine

WORD = re.compile(r"\w+")
SNIPPET_CONTEXT = 40


def fold(value: str) -> str:
    """Lower-case without diacritics: `Ärztin` and `arztin` fold alike."""
    if value.isascii():  # nothing to decompose: the common case, many times faster
        return value.lower()
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def fold_with_map(value: str) -> tuple[str, list[int]]:
    """The folded string and, for each of its characters, the index in `value` it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(value):
        folded = fold(char)
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


def index_tokens(line: str) -> str:
    return " ".join(WORD.findall(fold(line)))


def iter_lines(body: str) -> Iterator[tuple[int, int, str]]:
    """(1-based line number, start offset, line) for every line that has a word in it."""
    start = 0
    for number, line in enumerate(body.split("\n"), start=1):
        if WORD.search(line):
            yield number, start, line
        start += len(line) + 1


def index_document(conn: Connection, document_id: int, body: str) -> None:
    """Replace the document's lines in the index by those of `body`."""
    conn.execute(delete(SearchLine).where(SearchLine.document_id == document_id))
    rows = [
        (document_id, number, start, index_tokens(line)) for number, start, line in iter_lines(body)
    ]
    if rows:  # straight to the driver: Core's per-row parameter handling costs more than this
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        conn.exec_driver_sql(
            f"INSERT INTO search_lines (document_id, line, start, norm) "
            f"VALUES ({mark}, {mark}, {mark}, {mark})",
            rows,
        )


def compact(conn: Connection) -> None:
    """Merge the SQLite index so deleted rows leave no tokens behind (withdrawal needs this)."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))


@dataclass(frozen=True)
class Query:
    """A parsed query: quoted phrases and loose words, all of which must appear in a line."""

    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, raw: str) -> Query:
        phrases: list[tuple[str, ...]] = []
        for quoted, loose in re.findall(r'"([^"]*)"|(\S+)', raw):
            if quoted:
                words = tuple(WORD.findall(fold(quoted)))
                if words:
                    phrases.append(words)
            else:
                phrases.extend((word,) for word in WORD.findall(fold(loose)))
        return cls(tuple(phrases))

    def fts5(self) -> str:
        return " AND ".join('"' + " ".join(words) + '"' for words in self.phrases)

    def tsquery(self) -> str:
        return " & ".join("(" + " <-> ".join(words) + ")" for words in self.phrases)

    def pattern(self, words: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(r"\b" + r"\W+".join(re.escape(w) for w in words) + r"\b")


def candidate_lines(conn: Connection, query: Query, limit: int) -> list[tuple[int, int, int]]:
    """(document_id, line, start) of lines whose tokens contain every phrase, in text order."""
    if conn.dialect.name == "sqlite":
        sql = text(
            "SELECT l.document_id, l.line, l.start FROM search_fts f "
            "JOIN search_lines l ON l.id = f.rowid WHERE search_fts MATCH :q "
            "ORDER BY l.document_id, l.line LIMIT :limit"
        )
        params = {"q": query.fts5(), "limit": limit}
    else:
        sql = text(
            "SELECT document_id, line, start FROM search_lines "
            "WHERE to_tsvector('simple', norm) @@ to_tsquery('simple', :q) "
            "ORDER BY document_id, line LIMIT :limit"
        ).bindparams(bindparam("q"), bindparam("limit"))
        params = {"q": query.tsquery(), "limit": limit}
    return [tuple(row) for row in conn.execute(sql, params)]


def locate(line: str, query: Query) -> tuple[int, int] | None:
    """Offsets within `line` of the first phrase's first match, if every phrase matches."""
    folded, origin = fold_with_map(line)
    first: tuple[int, int] | None = None
    for words in query.phrases:
        match = query.pattern(words).search(folded)
        if match is None:
            return None
        if first is None:
            first = (origin[match.start()], origin[match.end() - 1] + 1)
    return first


def snippet(line: str, start: int, end: int) -> str:
    """The match with some context either side, on one line."""
    left = max(0, start - SNIPPET_CONTEXT)
    right = min(len(line), end + SNIPPET_CONTEXT)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    return f"{prefix}{line[left:right].strip()}{suffix}"
