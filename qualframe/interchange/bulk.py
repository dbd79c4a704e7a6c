"""Codings in bulk: `qualframe code import FILE.csv|.json`, `code export`, and the path the
REFI-QDA import writes its codings through.

Every row is checked (document, code, offsets inside the text, the passage's text when the
file gives it) before anything is written; then all rows go in with one `executemany` inside
the caller's transaction, so a file lands whole or not at all. Codings already in the project
(the same UUID, or the same document, code, span and coder) are skipped, which makes a
re-import a no-op. One event records the batch: a row per coding would double the work and
fill the log with what the file already says.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from qualframe.codebook.store import latest_version_id
from qualframe.errors import UserError
from qualframe.history import events
from qualframe.store.models import Code, Coder, Coding, Document, Revision, new_uuid

FORMULA_PREFIX = ("=", "+", "-", "@", "\t", "\r")
EXPORT_COLUMNS = ("uuid", "document", "case", "code", "start", "end", "text", "coder", "created")


@dataclass(slots=True)
class NewCoding:
    """A coding ready to insert: every reference resolved to an id."""

    document_id: int
    revision_id: int
    code_id: int
    start: int
    end: int
    coder_id: int | None
    created: datetime
    uuid: str


def insert_codings(
    session: Session, rows: list[NewCoding], *, actor: str | None, source: str
) -> tuple[int, int]:
    """Insert the rows not already present; (inserted, skipped as already there)."""
    documents = {row.document_id for row in rows}
    codings = Coding.__table__.c
    known_uuids: set[str] = set()
    known_spans: set[tuple[int, int, int, int, int | None]] = set()
    if documents:
        for uuid, doc, code, start, end, coder in session.execute(
            select(
                codings.uuid,
                codings.document_id,
                codings.code_id,
                codings.start,
                codings.end,
                codings.coder_id,
            ).where(codings.document_id.in_(documents))
        ):
            known_uuids.add(uuid)
            known_spans.add((doc, code, start, end, coder))
    version = latest_version_id(session)
    fresh: list[dict[str, Any]] = []
    for row in rows:
        span = (row.document_id, row.code_id, row.start, row.end, row.coder_id)
        if row.uuid in known_uuids or span in known_spans:
            continue
        known_uuids.add(row.uuid)
        known_spans.add(span)
        fresh.append(
            {
                "uuid": row.uuid,
                "document_id": row.document_id,
                "revision_id": row.revision_id,
                "code_id": row.code_id,
                "start": row.start,
                "end": row.end,
                "coder_id": row.coder_id,
                "codebook_version_id": version,
                "created": row.created,
            }
        )
    if fresh:
        fast_insert(session, table_of(Coding), fresh)
        events.record(
            session,
            actor=actor,
            action="import",
            entity="coding",
            after={"count": len(fresh), "source": source},
        )
    return len(fresh), len(rows) - len(fresh)


def table_of(model: type[Any]) -> Table:
    """A mapped class's table, typed as the Table it is."""
    return cast(Table, model.__table__)


def fast_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """An executemany straight through the driver, each value converted by its column's own
    bind processor (as SQLAlchemy would): Core's per-row parameter handling costs more than
    the insert itself at 100,000 rows. Every row has the keys of the first."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    columns = list(rows[0])
    processors = [
        dialect.type_descriptor(table.c[name].type).bind_processor(dialect) for name in columns
    ]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in columns)
    sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join([mark] * len(columns))})"
    getter = itemgetter(*columns)
    values = [getter(row) for row in rows] if len(columns) > 1 else [(r[columns[0]],) for r in rows]
    for index, convert in enumerate(processors):
        if convert is not None:
            values = _converted(values, index, convert)
    connection.exec_driver_sql(sql, values)


def _converted(
    values: list[tuple[Any, ...]], index: int, convert: Callable[[Any], Any]
) -> list[tuple[Any, ...]]:
    """`values` with column `index` converted; None (most JSON and times) converted once."""
    none = convert(None)
    return [
        (*row[:index], none if row[index] is None else convert(row[index]), *row[index + 1 :])
        for row in values
    ]


def parse_time(value: str | None) -> datetime:
    """An ISO time from a file (a trailing Z allowed); now when absent or unreadable."""
    if value:
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.now(UTC)


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line or item number, row) from a CSV with a header, or a JSON list of objects."""
    if not path.is_file():
        raise UserError("no such file", path=str(path))
    data = path.read_bytes()
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UserError("not UTF-8 text; save it as UTF-8", path=str(path), line=line) from None
    if path.suffix.lower() == ".json":
        return _json_rows(raw, path)
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise UserError(f"not valid CSV: {exc}", path=str(path), line=reader.line_num) from None


def _json_rows(raw: str, path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UserError(f"not valid JSON: {exc.msg}", path=str(path), line=exc.lineno) from None
    except RecursionError:
        raise UserError("nested too deeply to be a list of codings", path=str(path)) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise UserError("expected a JSON list of codings (objects)", path=str(path))
    return list(enumerate(data, 1))


def resolve_rows(
    session: Session, path: Path, rows: list[tuple[int, dict[str, Any]]], actor: str
) -> list[NewCoding]:
    """Every row checked and turned into ids; the first bad row stops it all."""
    documents = {
        name: (doc_id, rev_id, text)
        for doc_id, name, rev_id, text in session.execute(
            select(Document.id, Document.name, Revision.id, Revision.text).join(
                Revision, Revision.id == Document.current_revision_id
            )
        )
    }
    by_id = {str(value[0]): value for value in documents.values()}
    codes = {
        key: (code_id, theme, retired)
        for code_id, key, theme, retired in session.execute(
            select(Code.id, Code.key, Code.is_theme, Code.retired)
        )
    }
    coders: dict[str, int] = {
        name: id_ for name, id_ in session.execute(select(Coder.name, Coder.id))
    }
    out: list[NewCoding] = []
    for line, row in rows:
        where: dict[str, Any] = {"path": str(path), "line": line}
        doc = documents.get(str(row.get("document", ""))) or by_id.get(str(row.get("document")))
        if doc is None:
            raise UserError(f"no document {row.get('document')!r} in this project", **where)
        code = codes.get(str(row.get("code", "")))
        if code is None:
            raise UserError(f"no code {row.get('code')!r} in the codebook", **where)
        if code[1] or code[2]:
            state = "a theme" if code[1] else "retired"
            raise UserError(f"code {row.get('code')!r} is {state}; it cannot be applied", **where)
        start, end = _offset(row, "start", where), _offset(row, "end", where)
        doc_id, rev_id, text = doc
        if not 0 <= start < end <= len(text):
            raise UserError(
                f"offsets {start}–{end} are outside {row.get('document')!r} "
                f"({len(text)} characters)",
                **where,
            )
        _check_text(row.get("text"), text[start:end], where)
        coder_name = str(row.get("coder") or actor)
        if coder_name not in coders:
            coder = Coder(name=coder_name)
            session.add(coder)
            session.flush()
            coders[coder_name] = coder.id
        out.append(
            NewCoding(
                doc_id,
                rev_id,
                code[0],
                start,
                end,
                coders[coder_name],
                parse_time(row.get("created")),
                str(row.get("uuid") or new_uuid()),
            )
        )
    return out


def _offset(row: dict[str, Any], key: str, where: dict[str, Any]) -> int:
    value = row.get(key)
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise UserError(f"{key} must be a whole number, not {value!r}", **where) from None


def _check_text(given: Any, actual: str, where: dict[str, Any]) -> None:
    """When the file says which passage it codes, the offsets must point at that passage."""
    if given is None or given == "":
        return
    given = str(given)
    if given.startswith("'") and given[1:2] in FORMULA_PREFIX:
        given = given[1:]  # `code list --format csv` neutralised a formula-like cell
    if given != actual:
        raise UserError(
            "the text does not match the document at these offsets (was it edited?)", **where
        )


def import_file(session: Session, path: Path, actor: str) -> tuple[int, int]:
    """`code import FILE`: (inserted, already present)."""
    if path.suffix.lower() not in (".csv", ".json"):
        raise UserError("code import reads .csv or .json", path=str(path))
    rows = resolve_rows(session, path, read_rows(path), actor)
    return insert_codings(session, rows, actor=actor, source=path.name)


def export_rows(rows: Iterable[dict[str, Any]], path: Path) -> int:
    """`code export FILE.csv|.json`: the `code list` columns `code import` reads back."""
    from qualframe.cli.output import _csv_safe
    from qualframe.fileio import write_atomic

    picked = [{key: row.get(key) for key in EXPORT_COLUMNS} for row in rows]
    if path.suffix.lower() == ".json":
        data = json.dumps(picked, ensure_ascii=False, indent=2).encode("utf-8")
    elif path.suffix.lower() == ".csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(EXPORT_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _csv_safe(v) for k, v in row.items()} for row in picked)
        data = buffer.getvalue().encode("utf-8")
    else:
        raise UserError("code export writes .csv or .json", path=str(path))
    write_atomic(path, data)
    return len(picked)
