"""What a chart export carries besides its matrices: the codebook, the cell memos, transcripts.

A supervisor reading a matrix on paper needs what each code means (the codebook's version and
definitions), what the researcher noted on a cell (cell memos), and, when asked for, the
transcripts themselves with the printed line numbers the references cite. Read here once, in
three queries and one per transcript, and handed to the exporters as plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualframe.framework.lines import printed_lines
from qualframe.framework.model import Matrix
from qualframe.store.models import Case, Code, CodebookVersion, Coder, Document, Memo, Revision


@dataclass(frozen=True, slots=True)
class CodebookEntry:
    """A theme or code of the charted themes with its definition (depth 0: a theme)."""

    key: str
    name: str
    depth: int
    definition: str
    origin: str
    retired: bool


@dataclass(frozen=True, slots=True)
class CellMemo:
    """A memo written on a chart cell (case on code)."""

    case: str
    code: str
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class Transcript:
    """A document as `doc export` prints it: numbered printed lines."""

    name: str
    case: str | None
    lines: list[tuple[int, str]]


@dataclass
class Appendix:
    """Codebook, cell memos and transcripts for the end of an export (all may be empty)."""

    codebook: str = ""
    version: str = ""
    codes: list[CodebookEntry] = field(default_factory=list)
    memos: list[CellMemo] = field(default_factory=list)
    transcripts: list[Transcript] = field(default_factory=list)


def load_appendix(
    session: Session, matrices: Sequence[Matrix], *, with_transcripts: bool = False
) -> Appendix:
    """The appendix of a chart of `matrices`: their themes' codes, memos on their cells, and
    (with `with_transcripts`) every transcript a reference in them cites."""
    appendix = Appendix()
    latest = session.execute(
        select(CodebookVersion.name, CodebookVersion.label)
        .order_by(CodebookVersion.id.desc())
        .limit(1)
    ).first()
    if latest:
        appendix.codebook, appendix.version = latest
    themes = [c.key for m in matrices for c in m.columns if c.is_theme] or [
        m.theme for m in matrices if m.theme
    ]
    appendix.codes = _codes(session, themes)
    names = {code.key: code.name for code in appendix.codes}
    appendix.memos = _memos(session, matrices, names)
    if with_transcripts:
        cited = sorted({e.document_id for m in matrices for _, _, e in m.excerpts()})
        appendix.transcripts = transcripts(session, cited)
    return appendix


def _codes(session: Session, themes: list[str]) -> list[CodebookEntry]:
    """The themes named, each followed by its codes depth-first in codebook order."""
    rows = session.execute(
        select(
            Code.id,
            Code.parent_id,
            Code.key,
            Code.name,
            Code.definition,
            Code.origin,
            Code.retired,
            Code.position,
        )
    ).all()
    children: dict[int | None, list[tuple]] = {}
    for row in sorted(rows, key=lambda r: (r.position, r.id)):
        children.setdefault(row.parent_id, []).append(tuple(row))
    by_key = {row.key: tuple(row) for row in rows}
    out: list[CodebookEntry] = []

    def walk(node: tuple, depth: int) -> None:
        code_id, _, key, name, definition, origin, retired, _ = node
        out.append(CodebookEntry(key, name, depth, definition or "", origin, bool(retired)))
        for child in children.get(code_id, []):
            walk(child, depth + 1)

    for theme in themes:
        if theme in by_key:
            walk(by_key[theme], 0)
    return out


def _memos(session: Session, matrices: Sequence[Matrix], columns: dict[str, str]) -> list[CellMemo]:
    """Memos on the cells of the charted rows and codes (`columns`: key → name; in the
    overview every code under a charted theme), by case then code, oldest first."""
    rows = {row.case_id: row.name for m in matrices for row in m.rows}
    found = session.execute(
        select(Memo.target_id, Memo.target_ref, Memo.text, Coder.name)
        .outerjoin(Coder, Coder.id == Memo.coder_id)
        .where(Memo.target_type == "cell")
        .order_by(Memo.created, Memo.id)
    ).all()
    memos = [
        CellMemo(rows[case_id], columns[key], author or "", text)
        for case_id, key, text, author in found
        if case_id in rows and key in columns
    ]
    order = {case_id: n for n, case_id in enumerate(rows)}
    names = {name: order[case_id] for case_id, name in rows.items()}
    return sorted(memos, key=lambda m: names[m.case])


def transcripts(session: Session, document_ids: Sequence[int]) -> list[Transcript]:
    """The current text of each document as numbered printed lines, in name order."""
    found = session.execute(
        select(Document.name, Case.name, Revision.text)
        .join(Revision, Revision.id == Document.current_revision_id)
        .outerjoin(Case, Case.id == Document.case_id)
        .where(Document.id.in_(document_ids))
        .order_by(Document.name)
    ).all()
    return [Transcript(name, case, list(printed_lines(text))) for name, case, text in found]
