"""The workbench's door to the project: opening it, reads, serial writes, and the shapes the
screens draw. No Textual here: every function runs in a worker thread and returns plain data.

Each function calls the same core service as the command-line twin of its action (`add_coding`
for `c`, `undo` for `u`, ...). Writes go through one single-thread executor, so they commit in
the order the keys were pressed, each in one transaction that is retried while another writer
holds the database; reads run on their own connections (SQLite WAL: readers never wait).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from qualframe.corpus.overview import Overview, document_overview
from qualframe.corpus.overview import document_status as overview_status
from qualframe.errors import UserError
from qualframe.project import Project, open_project
from qualframe.tui.layout import Turn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qualframe.codebook.store import ThemeRow
    from qualframe.coding.codings import CodingMark
    from qualframe.coding.memos import MemoRow
    from qualframe.corpus.search import SearchHit

T = TypeVar("T")
Job = Callable[["Session"], T]

LOCKED = (
    "the database is locked by another program (another qualframe or a sync tool); "
    "nothing was saved: try again in a moment"
)


def describe_error(exc: BaseException) -> str:
    """One line a researcher can act on, never a traceback (and no SQL with transcript text)."""
    if isinstance(exc, UserError):
        return str(exc)
    original = getattr(exc, "orig", None)  # a database driver's error wrapped by SQLAlchemy
    if original is not None:
        lines = str(original).strip().splitlines()
        detail = lines[0] if lines else type(original).__name__
        if "locked" in detail.lower() or "busy" in detail.lower():
            return LOCKED
        return f"database error: {detail}"
    if type(exc).__module__.startswith("sqlalchemy"):
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
        from qualframe.corpus.stats import project_stats

        project = open_project(self.project_dir)
        try:
            with project.sessions() as session:
                stats = project_stats(session)
        except BaseException:
            project.close()
            raise
        self.project = project
        return ProjectInfo(
            project.name,
            self.coder,
            _text(stats.get("codebook_version")),
            int(stats.get("documents") or 0),
        )

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


def document_list(
    session: Session, key_attributes: tuple[str, ...] = (), *, viewer: str
) -> Overview:
    """The home screen's list (`corpus.overview`); key attributes from `[tui] attributes`."""
    return document_overview(session, key_attributes, viewer=viewer)


def document_status(name: str, viewer: str) -> Job[tuple[float, int]]:
    """One document's row refreshed after reading it (`corpus.overview.document_status`)."""
    return lambda session: overview_status(session, name, viewer)


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
    #: The palette colour: the code's own (the nearest), else by codebook order.
    color: int


@dataclass(frozen=True)
class Codebook:
    themes: list[ThemeRow]
    codes: list[CodeInfo]
    recent: list[str]

    @cached_property
    def by_key(self) -> dict[str, CodeInfo]:
        return {code.key: code for code in self.codes}

    def code(self, key: str) -> CodeInfo | None:
        return self.by_key.get(key)

    def color_of(self, key: str) -> int:
        """Codes take palette colours in codebook order, so neighbours never share one."""
        code = self.code(key)
        return code.color if code is not None else sum(map(ord, key))


def codebook(session: Session, coder: str) -> Codebook:
    from qualframe.codebook.edit import own_colours
    from qualframe.codebook.store import list_codes, list_themes
    from qualframe.coding.codings import recent_codes
    from qualframe.tui.colors import nearest

    themes = list_themes(session)
    theme_names = {t.id: t.name for t in themes}
    colours = own_colours(session)
    codes = [
        CodeInfo(
            c.id,
            c.name,
            c.theme,
            theme_names.get(c.theme, c.theme),
            c.parent,
            c.origin,
            c.definition or "",
            c.codings,
            index,
            nearest(colours[c.id]) if c.id in colours else index,
        )
        for index, c in enumerate(list_codes(session))
    ]
    return Codebook(themes, codes, recent_codes(session, coder))


def themes(session: Session) -> list[ThemeRow]:
    from qualframe.codebook.store import list_themes

    return list_themes(session)


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
    return CodeDetail(
        code.key,
        code.name,
        code.origin,
        code.definition,
        code.include,
        code.exclude,
        [str(e) for e in code.examples or []],
        code.created_by,
        code.created,
    )


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
    #: Speaker case -> its role, for focus groups (`F1` -> `Improvement advisor`).
    speaker_notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReaderData:
    document: DocumentText
    codings: list[CodingMark]
    memos: int


def reader_data(session: Session, name: str, viewer: str | None = None) -> ReaderData:
    """The text, turns, sentences and codings of one document, in one read; under blind coding
    only `viewer`'s own codings."""
    from qualframe.coding.codings import document_codings
    from qualframe.coding.memos import document_memos
    from qualframe.corpus.cases import find_case
    from qualframe.corpus.documents import find_document, show_document

    shown = show_document(session, name)
    attributes: dict[str, str] = {}
    organisation = None
    if shown.case:
        case = find_case(session, shown.case)
        attributes = {a.key: a.value for a in case.attributes}
        organisation = case.parent.name if case.parent else None
    turns = [
        Turn(t.start, t.end, t.speaker, t.utterance_start or t.start, t.case) for t in shown.turns
    ]
    notes = {}
    for speaker in sorted({t.case for t in turns if t.case and t.case != shown.case}):
        role = {a.key: a.value for a in find_case(session, speaker).attributes}.get("role")
        if role:
            notes[speaker] = role
    document = DocumentText(
        shown.name,
        shown.case,
        attributes,
        organisation,
        find_document(session, name).words,
        shown.text,
        turns,
        [(s.start, s.end) for s in shown.sentences],
        notes,
    )
    return ReaderData(
        document, document_codings(session, name, viewer), len(document_memos(session, name))
    )


def reader_job(name: str, viewer: str) -> Job[ReaderData]:
    return lambda session: reader_data(session, name, viewer)


def codings_job(name: str, viewer: str) -> Job[list[CodingMark]]:
    def job(session: Session) -> list[CodingMark]:
        from qualframe.coding.codings import document_codings

        return document_codings(session, name, viewer)

    return job


def codebook_job(coder: str) -> Job[Codebook]:
    return lambda session: codebook(session, coder)


def code_detail_job(key: str) -> Job[CodeDetail]:
    return lambda session: code_detail(session, key)


# --- changes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """What a coding change did: the coding's id and a line for the notification (empty when
    the transcript shows the change by itself). The reader applies the change to the codings it
    holds: reading a long transcript's codings back would double the keypress's cost."""

    coding_id: int
    message: str = ""


def add_coding(document: str, code: str, start: int, end: int, coder: str) -> Job[Change]:
    def job(session: Session) -> Change:
        from qualframe.coding.codings import add_coding as add

        return Change(add(session, document, code, start, end, coder).id)

    return job


def remove_coding(coding_id: int, coder: str) -> Job[Change]:
    def job(session: Session) -> Change:
        from qualframe.coding.codings import remove_coding as remove

        remove(session, coding_id, coder)
        return Change(coding_id, "coding removed (u undoes it)")

    return job


def change_coding(
    coding_id: int,
    coder: str,
    *,
    code: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Job[Change]:
    def job(session: Session) -> Change:
        from qualframe.coding.codings import change_coding as change

        change(session, coding_id, coder, code_ref=code, start=start, end=end)
        return Change(coding_id, f"recoded as {code}" if code else "coding extent changed")

    return job


def create_code(key: str, name: str, theme: str, definition: str, coder: str) -> Job[str]:
    def job(session: Session) -> str:
        from qualframe.codebook.store import create_emergent_code

        return create_emergent_code(session, key, name, theme, definition, coder).key

    return job


def add_memo(target_type: str, ref: str | None, text: str, coder: str) -> Job[int]:
    def job(session: Session) -> int:
        from qualframe.coding.memos import add_memo as add

        return add(session, target_type, ref, text, coder).id

    return job


def undo(coder: str, *, redo: bool = False) -> Job[str]:
    """Undo (or redo) the coder's latest change; the message says what it was and where."""

    def job(session: Session) -> str:
        from qualframe.history.describe import step_message
        from qualframe.history.undo import redo as redo_change
        from qualframe.history.undo import undo as undo_change

        step = redo_change if redo else undo_change
        return step_message(session, step(session, coder), redo=redo)

    return job


def search(query: str) -> Job[list[SearchHit]]:
    def job(session: Session) -> list[SearchHit]:
        from qualframe.corpus.search import search as run

        return run(session, query)

    return job


def memos_of(document: str) -> Job[list[MemoRow]]:
    def job(session: Session) -> list[MemoRow]:
        from qualframe.coding.memos import document_memos

        return document_memos(session, document)

    return job
