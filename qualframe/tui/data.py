"""The workbench's door to the project: opening it, reads, serial writes, and the shapes the
screens draw. No Textual here: every function runs in a worker thread and returns plain data.

Each function calls the same core service as the command-line twin of its action (`add_coding`
for `c`, `undo` for `u`, ...). Writes go through one single-thread executor, so they commit in
the order the keys were pressed, each in one transaction that is retried while another writer
holds the database; reads run on their own connections (SQLite WAL: readers never wait).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from qualframe.errors import UserError
from qualframe.project import Project, open_project
from qualframe.tui.layout import Turn

T = TypeVar("T")
Job = Callable[[Session], T]

LOCKED = ("the database is locked by another program (another qualframe or a sync tool); "
          "nothing was saved: try again in a moment")


def describe_error(exc: BaseException) -> str:
    """One line a researcher can act on, never a traceback (and no SQL with transcript text)."""
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, DBAPIError):
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        if "locked" in detail.lower() or "busy" in detail.lower():
            return LOCKED
        return f"database error: {detail}"
    if isinstance(exc, SQLAlchemyError):
        return f"database error: {type(exc).__name__}"
    return f"unexpected error: {type(exc).__name__}: {exc}"


@dataclass(frozen=True)
class ProjectInfo:
    """What the header line shows."""

    name: str
    coder: str
    codebook_version: str | None
    documents: int


class Gateway:
    """The opened project, the coder, and the writer thread."""

    def __init__(self, project_dir: Path, coder: str):
        self.project_dir = project_dir
        self.coder = coder
        self.project: Project | None = None
        #: Seconds a write keeps retrying while another writer holds the database.
        self.write_deadline: float | None = None
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qualframe-write")

    def open(self) -> ProjectInfo:
        """Open the project and check its schema (a missing project or a newer schema raises
        UserError; the app shows it)."""
        from qualframe.stats import project_stats

        project = open_project(self.project_dir)
        try:
            with project.sessions() as session:
                stats = project_stats(session)
        except BaseException:
            project.close()
            raise
        self.project = project
        return ProjectInfo(project.name, self.coder, _text(stats.get("codebook_version")),
                           int(stats.get("documents") or 0))

    def read(self, job: Job[T]) -> T:
        with self._sessions()() as session:
            return job(session)

    def submit_write(self, job: Job[T]) -> Future[T]:
        """Queue a write; writes commit one at a time in the order submitted."""
        return self._writer.submit(self._write, job)

    def _write(self, job: Job[T]) -> T:
        from qualframe.store import db

        deadline = db.RETRY_SECONDS if self.write_deadline is None else self.write_deadline
        return db.run_transaction(self._sessions(), job, deadline=deadline)

    def _sessions(self) -> Any:
        if self.project is None:
            raise UserError("the project is not open")
        return self.project.sessions

    def close(self) -> None:
        self._writer.shutdown(wait=True)
        if self.project is not None:
            self.project.close()


def _text(value: object) -> str | None:
    return None if value is None else str(value)


# --- documents --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRow:
    """A line of the document list."""

    name: str
    case: str | None
    organisation: str | None
    attributes: tuple[str, ...]
    words: int
    coded_share: float
    memos: int

    def matches(self, needle: str) -> bool:
        haystack = " ".join([self.name, self.case or "", self.organisation or "",
                             *self.attributes]).casefold()
        return all(part in haystack for part in needle.casefold().split())


@dataclass(frozen=True)
class DocumentList:
    rows: list[DocumentRow]
    attribute_names: tuple[str, ...]


def document_list(session: Session, key_attributes: tuple[str, ...] = ()) -> DocumentList:
    """Documents with case, organisation, key attributes, size, coded share and memo count.

    Key attributes come from `[tui] attributes` in qualframe.toml; by default `role` if cases
    have one, else the attribute most cases share."""
    from qualframe.cases import list_cases
    from qualframe.documents import list_documents
    from qualframe.memos import list_memos

    cases = {c["name"]: c for c in list_cases(session)}
    names = key_attributes or _default_attributes(cases.values())
    memo_counts = Counter(m["target_id"] for m in list_memos(session)
                          if m["target_type"] == "document")
    rows = []
    for doc in list_documents(session):
        case = cases.get(doc["case"] or "", {})
        attributes = case.get("attributes", {})
        rows.append(DocumentRow(doc["name"], doc["case"], case.get("parent"),
                                tuple(attributes.get(n, "") for n in names), doc["words"],
                                doc["coded_share"], memo_counts.get(doc["id"], 0)))
    return DocumentList(rows, names)


def _default_attributes(cases: Any) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    for case in cases:
        counts.update(case["attributes"].keys())
    if "role" in counts:
        return ("role",)
    return tuple(name for name, _ in counts.most_common(1))


# --- the reader -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeInfo:
    """A code as the picker and the codebook panel show it."""

    key: str
    name: str
    theme: str
    theme_name: str
    parent: str | None
    origin: str
    definition: str
    codings: int
    order: int


@dataclass(frozen=True)
class Codebook:
    themes: list[dict[str, Any]]
    codes: list[CodeInfo]
    recent: list[str]

    def code(self, key: str) -> CodeInfo | None:
        return next((c for c in self.codes if c.key == key), None)

    def color_of(self, key: str) -> int:
        """Codes take palette colours in codebook order, so neighbours never share one."""
        code = self.code(key)
        return code.order if code is not None else sum(map(ord, key))


def codebook(session: Session, coder: str) -> Codebook:
    from qualframe.codebook.store import list_codes, list_themes
    from qualframe.codings import recent_codes

    themes = list_themes(session)
    theme_names = {t["id"]: t["name"] for t in themes}
    codes = [CodeInfo(c["id"], c["name"], c["theme"], theme_names.get(c["theme"], c["theme"]),
                      c["parent"], c["origin"], c["definition"] or "", c["codings"], index)
             for index, c in enumerate(list_codes(session))]
    return Codebook(themes, codes, recent_codes(session, coder))


@dataclass(frozen=True)
class CodeDetail:
    """Everything the researcher checks while coding: definition, criteria, examples."""

    key: str
    name: str
    origin: str
    definition: str
    include: str
    exclude: str
    examples: list[str]
    created_by: str | None
    created: str | None


def code_detail(session: Session, key: str) -> CodeDetail:
    from qualframe.codebook.store import find_code

    code = find_code(session, key)
    return CodeDetail(code.key, code.name, code.origin, code.definition, code.include,
                      code.exclude, [str(e) for e in code.examples or []], code.created_by,
                      code.created)


@dataclass(frozen=True)
class DocumentText:
    """A transcript as the reader shows it."""

    name: str
    case: str | None
    attributes: dict[str, str]
    organisation: str | None
    words: int
    text: str
    turns: list[Turn]
    sentences: list[tuple[int, int]]


@dataclass(frozen=True)
class ReaderData:
    document: DocumentText
    codings: list[dict[str, Any]]
    memos: int


def reader_data(session: Session, name: str) -> ReaderData:
    """The text, turns, sentences and codings of one document, in one read."""
    from qualframe.cases import find_case
    from qualframe.codings import document_codings
    from qualframe.documents import find_document, show_document
    from qualframe.memos import document_memos

    shown = show_document(session, name)
    attributes: dict[str, str] = {}
    organisation = None
    if shown["case"]:
        case = find_case(session, shown["case"])
        attributes = {a.key: a.value for a in case.attributes}
        organisation = case.parent.name if case.parent else None
    turns = [Turn(t["start"], t["end"], t["speaker"], t["utterance_start"] or t["start"],
                  t["case"]) for t in shown["turns"]]
    document = DocumentText(shown["name"], shown["case"], attributes, organisation,
                            find_document(session, name).words, shown["text"], turns,
                            [(s["start"], s["end"]) for s in shown["sentences"]])
    return ReaderData(document, document_codings(session, name),
                      len(document_memos(session, name)))


def codings_of(session: Session, name: str) -> list[dict[str, Any]]:
    from qualframe.codings import document_codings

    return document_codings(session, name)


# --- changes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """What a write did, for the notification, and the document's codings after it."""

    message: str
    codings: list[dict[str, Any]] = field(default_factory=list)
    coding_id: int | None = None


def add_coding(document: str, code: str, start: int, end: int, coder: str) -> Job[Change]:
    def job(session: Session) -> Change:
        from qualframe.codings import add_coding as add, document_codings

        coding = add(session, document, code, start, end, coder)
        return Change(f"coded with {code}", document_codings(session, document), coding.id)

    return job


def remove_coding(document: str, coding_id: int, coder: str) -> Job[Change]:
    def job(session: Session) -> Change:
        from qualframe.codings import document_codings, remove_coding as remove

        remove(session, coding_id, coder)
        return Change("coding removed (u undoes it)", document_codings(session, document))

    return job


def change_coding(document: str, coding_id: int, coder: str, *, code: str | None = None,
                  start: int | None = None, end: int | None = None) -> Job[Change]:
    def job(session: Session) -> Change:
        from qualframe.codings import change_coding as change, document_codings

        change(session, coding_id, coder, code_ref=code, start=start, end=end)
        message = f"recoded as {code}" if code else "coding extent changed"
        return Change(message, document_codings(session, document), coding_id)

    return job


def create_code(key: str, name: str, theme: str, definition: str, coder: str) -> Job[str]:
    def job(session: Session) -> str:
        from qualframe.codebook.store import create_emergent_code

        return create_emergent_code(session, key, name, theme, definition, coder).key

    return job


def add_memo(target_type: str, ref: str | None, text: str, coder: str) -> Job[int]:
    def job(session: Session) -> int:
        from qualframe.memos import add_memo as add

        return add(session, target_type, ref, text, coder).id

    return job


def undo(coder: str, *, redo: bool = False) -> Job[str]:
    """Undo (or redo) the coder's latest change; the message says what it was and where."""

    def job(session: Session) -> str:
        from qualframe.undo import redo as redo_change, undo as undo_change

        event = (redo_change if redo else undo_change)(session, coder)
        verb = "redone" if redo else "undone"
        if event is None:
            return f"nothing to {'redo' if redo else 'undo'}"
        return f"{verb}: {describe_event(session, event.entity, event.action, event.before, event.after)}"

    return job


def describe_event(session: Session, entity: str, action: str, before: dict[str, Any] | None,
                   after: dict[str, Any] | None) -> str:
    """`coding added (free_riding, P03)` from an event's before/after state."""
    from qualframe.codebook.store import find_code
    from qualframe.documents import find_document

    state = after or before or {}
    if entity == "code":
        return f"new code {state.get('key') or state.get('name')}"
    what = {"create": "coding added", "delete": "coding removed", "update": "coding changed"}
    try:
        code = find_code(session, str(state["code_id"])).key
        document = find_document(session, str(state["document_id"])).name
    except (KeyError, UserError):
        return what.get(action, action)
    return f"{what.get(action, action)} ({code}, {document})"


@dataclass(frozen=True)
class SearchHit:
    document: str
    case: str | None
    line: int
    start: int
    end: int
    snippet: str


def search(query: str) -> Job[list[SearchHit]]:
    def job(session: Session) -> list[SearchHit]:
        from qualframe.search import search as run

        return [SearchHit(h["document"], h["case"], h["line"], h["start"], h["end"],
                          h["snippet"]) for h in run(session, query)]

    return job


def memos_of(document: str) -> Job[list[dict[str, Any]]]:
    def job(session: Session) -> list[dict[str, Any]]:
        from qualframe.memos import document_memos

        return document_memos(session, document)

    return job
