"""Data of the disagreement view: who can be compared, and the passages where two coders differ.

No Textual here: each function returns a job for `DataClient.read`. The passages are the core's
`list_disagreements`, the same report as `qualframe agreement --coders A B --disagreements`,
with line numbers added so the view can say where a passage is the way charts do (`l.N–M`).
Under blind coding nothing about other coders' codings is read at all, not even how many there
are: the view only says that the project is blind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualframe.analysis.disagreements import Disagreement
from qualframe.tui.data import Codebook, Job, codebook

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class CoderChoice:
    """A coder the picker offers, with how many codings they have on current texts."""

    name: str
    codings: int


@dataclass(frozen=True)
class Choices:
    """What the pickers offer; empty (and `blind`) while blind coding is on."""

    blind: bool
    coders: tuple[CoderChoice, ...] = ()
    #: (code id, code name) of every code with codings, in codebook order
    codes: tuple[tuple[str, str], ...] = ()
    #: the pair shown first: the viewer and the other coder with most codings
    default: tuple[str, str] | None = None


def choices(viewer: str) -> Job[Choices]:
    def job(session: Session) -> Choices:
        from qualframe.team.blind import is_blind
        from qualframe.team.coders import coding_counts

        if is_blind(session):
            return Choices(blind=True)
        coders = tuple(CoderChoice(name, n) for name, n in coding_counts(session))
        codes = tuple(
            (code.key, code.name) for code in codebook(session, viewer).codes if code.codings
        )
        return Choices(False, coders, codes, default_pair(coders, viewer))

    return job


def default_pair(coders: tuple[CoderChoice, ...], viewer: str) -> tuple[str, str] | None:
    """The viewer against the colleague with most codings; a reviewer who codes nothing sees
    the two busiest coders."""
    names = [coder.name for coder in coders if coder.codings]
    if len(names) < 2:
        return None
    if viewer in names:
        return viewer, next(name for name in names if name != viewer)
    return names[0], names[1]


@dataclass(frozen=True)
class Passage:
    """One disagreement and the lines of its document it spans (1-based, inclusive)."""

    item: Disagreement
    first_line: int
    last_line: int

    @property
    def lines(self) -> str:
        """`l.4` or `l.4–6`, as chart references write it."""
        if self.first_line == self.last_line:
            return f"l.{self.first_line}"
        return f"l.{self.first_line}–{self.last_line}"


@dataclass(frozen=True)
class Report:
    """The passages where `coders` differ (on `code`, or on any code)."""

    coders: tuple[str, str]
    code: str | None
    passages: list[Passage]
    #: names and colours of the codes, as the reader shows them
    codebook: Codebook

    @property
    def documents(self) -> int:
        return len({p.item.document for p in self.passages})


def report(coders: tuple[str, str], code: str | None, viewer: str) -> Job[Report]:
    """The disagreements of two coders; the core refuses (one line) while the project is blind,
    names an unknown coder, or finds no document both have coded."""

    def job(session: Session) -> Report:
        from qualframe.analysis.disagreements import list_disagreements

        found = list_disagreements(session, coders, (code,) if code else ())
        texts = _texts(session, {d.document_id for d in found})
        passages = [
            Passage(
                d,
                _line(texts[d.document_id], d.start),
                _line(texts[d.document_id], max(d.start, d.end - 1)),
            )
            for d in found
        ]
        return Report(coders, code, passages, codebook(session, viewer))

    return job


def _texts(session: Session, document_ids: set[int]) -> dict[int, str]:
    from qualframe.corpus.documents import current_text
    from qualframe.store.models import Document

    texts = {}
    for doc_id in document_ids:
        document = session.get(Document, doc_id)
        assert document is not None  # the report was read in this same session
        texts[doc_id] = current_text(session, document)
    return texts


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
